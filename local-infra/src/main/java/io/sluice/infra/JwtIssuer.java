package io.sluice.infra;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Mints the bearer tokens operators and staff use on this machine: a fresh RSA key pair per run,
 * its public half handed to booking-api ({@code MP_JWT_VERIFY_PUBLICKEY}), so no signing key is
 * ever stored in the repository. Production verifies tokens of a real identity provider instead.
 */
public final class JwtIssuer {

    public static final String ISSUER = "sluice-local";

    private final KeyPair keys;

    private JwtIssuer(KeyPair keys) {
        this.keys = keys;
    }

    public static JwtIssuer generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return new JwtIssuer(generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is part of every JDK", e);
        }
    }

    /**
     * The key pair as one string, for handing the same issuer to code in another class loader
     * (Quarkus loads test classes apart from test resources); see {@link #restore(String)}.
     */
    public String export() {
        Base64.Encoder base64 = Base64.getEncoder();
        return base64.encodeToString(keys.getPublic().getEncoded()) + "."
                + base64.encodeToString(keys.getPrivate().getEncoded());
    }

    public static JwtIssuer restore(String exported) {
        String[] parts = exported.split("\\.");
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            return new JwtIssuer(new KeyPair(
                    rsa.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(parts[0]))),
                    rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(parts[1])))));
        } catch (GeneralSecurityException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("not an exported JwtIssuer", e);
        }
    }

    /** The public key as PEM, the form {@code mp.jwt.verify.publickey} accepts. */
    public String publicKeyPem() {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keys.getPublic().getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----";
    }

    /** Environment for booking-api so it accepts this issuer's tokens. */
    public Map<String, String> verifierEnvironment() {
        return Map.of("MP_JWT_VERIFY_PUBLICKEY", publicKeyPem(), "MP_JWT_VERIFY_ISSUER", ISSUER);
    }

    /** An RS256 token for {@code user} with the given roles (the {@code groups} claim), valid for {@code lifetime}. */
    public String token(String user, List<String> roles, Duration lifetime) {
        return token(user, roles, Instant.now(), lifetime);
    }

    public String token(String user, List<String> roles, Instant issuedAt, Duration lifetime) {
        String header = json("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");
        String groups = roles.stream().map(role -> "\"" + escape(role) + "\"").collect(Collectors.joining(","));
        String claims = json("{\"iss\":\"" + ISSUER + "\",\"sub\":\"" + escape(user) + "\",\"upn\":\"" + escape(user)
                + "\",\"groups\":[" + groups + "],\"iat\":" + issuedAt.getEpochSecond()
                + ",\"exp\":" + issuedAt.plus(lifetime).getEpochSecond() + ",\"jti\":\"" + UUID.randomUUID() + "\"}");
        String signingInput = header + "." + claims;
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(keys.getPrivate());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    private static String json(String value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
