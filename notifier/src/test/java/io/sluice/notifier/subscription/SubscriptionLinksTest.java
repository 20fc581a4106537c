package io.sluice.notifier.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.notifier.subscription.SubscriptionLinks.Purpose;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SubscriptionLinksTest {

    private final SubscriptionLinks links = new SubscriptionLinks("a-subscription-test-secret", "https://termine.example.org/");
    private final UUID subscription = UUID.randomUUID();

    @Test
    void aLinkNamesItsSubscriptionAndVerifies() {
        String url = links.url(Purpose.UNSUBSCRIBE, subscription);

        assertThat(url).startsWith("https://termine.example.org/api/subscriptions/unsubscribe?token=" + subscription + ".");
        String token = url.substring(url.indexOf("token=") + 6);
        assertThat(links.verify(Purpose.UNSUBSCRIBE, token)).contains(subscription);
    }

    @Test
    void anUnsubscribeTokenDoesNotConfirm() {
        assertThat(links.verify(Purpose.CONFIRM, links.token(Purpose.UNSUBSCRIBE, subscription))).isEmpty();
    }

    @Test
    void aTokenCannotBeMovedToAnotherSubscriptionOrForged() {
        String token = links.token(Purpose.CONFIRM, subscription);
        String moved = UUID.randomUUID() + token.substring(token.indexOf('.'));

        assertThat(links.verify(Purpose.CONFIRM, moved)).isEmpty();
        assertThat(new SubscriptionLinks("another-secret-of-some-length", "https://x").verify(Purpose.CONFIRM, token)).isEmpty();
        assertThat(links.verify(Purpose.CONFIRM, "garbage")).isEmpty();
        assertThat(links.verify(Purpose.CONFIRM, "not-a-uuid.AAAA")).isEmpty();
        assertThat(links.verify(Purpose.CONFIRM, null)).isEmpty();
    }
}
