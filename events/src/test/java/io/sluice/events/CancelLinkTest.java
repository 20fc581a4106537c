package io.sluice.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CancelLinkTest {

    private static final String SECRET = "a-test-secret-of-some-length";

    @Test
    void aSignedTokenVerifiesForItsCodeOnly() {
        String token = CancelLink.sign("K7QX-42", SECRET);

        assertThat(CancelLink.verify("K7QX-42", token, SECRET)).isTrue();
        assertThat(CancelLink.verify("K7QX-43", token, SECRET)).isFalse();
        assertThat(CancelLink.verify("K7QX-42", token, SECRET + "x")).isFalse();
    }

    @Test
    void tamperedOrMalformedTokensAreRefused() {
        String token = CancelLink.sign("K7QX-42", SECRET);
        char last = token.charAt(token.length() - 1);
        String tampered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');

        assertThat(CancelLink.verify("K7QX-42", tampered, SECRET)).isFalse();
        assertThat(CancelLink.verify("K7QX-42", "not base64 !", SECRET)).isFalse();
        assertThat(CancelLink.verify("K7QX-42", "", SECRET)).isFalse();
        assertThat(CancelLink.verify("K7QX-42", null, SECRET)).isFalse();
    }

    @Test
    void theUrlCarriesCodeAndTokenAndIsUrlSafe() {
        String url = CancelLink.url("https://termine.example.org/", "K7QX-42", SECRET);

        assertThat(url).startsWith("https://termine.example.org/cancel/K7QX-42?token=")
                .endsWith(CancelLink.sign("K7QX-42", SECRET));
        assertThat(url.substring(url.indexOf("token=") + 6)).matches("[A-Za-z0-9_-]{43}");
    }

    @Test
    void aShortSecretIsRefused() {
        assertThatThrownBy(() -> CancelLink.sign("K7QX-42", "short")).isInstanceOf(IllegalArgumentException.class);
    }
}
