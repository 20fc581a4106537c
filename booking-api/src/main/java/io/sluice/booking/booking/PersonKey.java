package io.sluice.booking.booking;

import io.sluice.booking.BookingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derives the pseudonymous key that identifies a person within a release. It is keyed (HMAC), so
 * nobody holding the topics or the table can reverse it to an e-mail address by guessing.
 */
@ApplicationScoped
public class PersonKey {

    private final SecretKeySpec key;

    public PersonKey(BookingConfig config) {
        this.key = new SecretKeySpec(config.personKeySecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public String of(String email) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal(email.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
