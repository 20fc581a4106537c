package io.sluice.events;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signed link in a confirmation that lets its holder cancel (or rebook) one booking without an
 * account: {@code {publicBaseUrl}/cancel/{bookingCode}?token=...}. The notifier signs, booking-api
 * verifies; both read the key from {@code sluice.cancel-link-secret} ({@code SLUICE_CANCEL_LINK_SECRET}).
 *
 * <p>The token is an HMAC-SHA256 over a purpose label and the booking code, so a token made for another
 * purpose with the same key never passes as a cancel token. It does not expire: the booking's own state
 * (cancelled, in the past) decides whether cancelling is still possible.
 */
public final class CancelLink {

    private static final String PURPOSE = "sluice-cancel-v1\n";
    private static final String ALGORITHM = "HmacSHA256";

    private CancelLink() {
    }

    /** The token for {@code bookingCode}: unpadded base64url, 43 characters. */
    public static String sign(String bookingCode, String secret) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(bookingCode, secret));
    }

    /** True only when {@code token} was made by {@link #sign} for this code with this secret. */
    public static boolean verify(String bookingCode, String token, String secret) {
        if (bookingCode == null || token == null || token.isEmpty()) {
            return false;
        }
        byte[] presented;
        try {
            presented = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return false;
        }
        // Constant-time comparison: the time taken must not reveal how much of a guess was right.
        return MessageDigest.isEqual(mac(bookingCode, secret), presented);
    }

    /** The link a citizen clicks; {@code publicBaseUrl} is booking-api's public address, without a trailing slash. */
    public static String url(String publicBaseUrl, String bookingCode, String secret) {
        String base = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
        return base + "/cancel/" + URLEncoder.encode(bookingCode, StandardCharsets.UTF_8) + "?token="
                + sign(bookingCode, secret);
    }

    private static byte[] mac(String bookingCode, String secret) {
        if (bookingCode == null || bookingCode.isEmpty()) {
            throw new IllegalArgumentException("bookingCode is required");
        }
        if (secret == null || secret.length() < 16) {
            // A short key makes every link guessable; refuse rather than sign weakly.
            throw new IllegalArgumentException("the cancel link secret must have at least 16 characters");
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return mac.doFinal((PURPOSE + bookingCode).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
