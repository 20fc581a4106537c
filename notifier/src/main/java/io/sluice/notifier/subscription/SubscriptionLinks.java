package io.sluice.notifier.subscription;

import io.sluice.notifier.NotifierConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signed links of district subscriptions: {@code /api/subscriptions/confirm?token=...} in the double
 * opt-in mail and {@code /api/subscriptions/unsubscribe?token=...} in every announcement. A token is the
 * subscription's id and an HMAC over it and the link's purpose, so an unsubscribe token cannot confirm
 * and nobody can make a token for someone else's subscription. No state is kept per link.
 */
@ApplicationScoped
public class SubscriptionLinks {

    public enum Purpose {
        CONFIRM,
        UNSUBSCRIBE
    }

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final String baseUrl;

    @Inject
    public SubscriptionLinks(NotifierConfig config) {
        this(config.subscriptionLinkSecret(), config.publicBaseUrl().toString());
    }

    SubscriptionLinks(String secret, String publicBaseUrl) {
        if (secret.length() < 16) {
            throw new IllegalArgumentException("the subscription link secret must have at least 16 characters");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.baseUrl = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
    }

    public String url(Purpose purpose, UUID subscription) {
        return baseUrl + "/api/subscriptions/" + purpose.name().toLowerCase(Locale.ROOT) + "?token="
                + token(purpose, subscription);
    }

    public String token(Purpose purpose, UUID subscription) {
        return subscription + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(purpose, subscription));
    }

    /** The subscription a token was made for, or empty when it is malformed, tampered with or for another purpose. */
    public Optional<UUID> verify(Purpose purpose, String token) {
        if (token == null) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        try {
            UUID subscription = UUID.fromString(token.substring(0, dot));
            byte[] presented = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            return MessageDigest.isEqual(mac(purpose, subscription), presented) ? Optional.of(subscription) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(Purpose purpose, UUID subscription) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(("sluice-subscription-" + purpose.name() + "\n" + subscription).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
