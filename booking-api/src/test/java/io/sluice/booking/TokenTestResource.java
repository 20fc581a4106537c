package io.sluice.booking;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.sluice.infra.JwtIssuer;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Makes booking-api verify tokens of a key pair generated for this test JVM. The pair is kept in a
 * system property because the test class and this resource live in different class loaders.
 */
public class TokenTestResource implements QuarkusTestResourceLifecycleManager {

    private static final String KEYS_PROPERTY = "sluice.test.jwt.keys";

    public static synchronized JwtIssuer tokens() {
        String exported = System.getProperty(KEYS_PROPERTY);
        if (exported == null) {
            JwtIssuer issuer = JwtIssuer.generate();
            System.setProperty(KEYS_PROPERTY, issuer.export());
            return issuer;
        }
        return JwtIssuer.restore(exported);
    }

    public static String bearer(String role) {
        return "Bearer " + tokens().token("test-" + role, List.of(role), Duration.ofMinutes(30));
    }

    @Override
    public Map<String, String> start() {
        JwtIssuer issuer = tokens();
        return Map.of("mp.jwt.verify.publickey", issuer.publicKeyPem(), "mp.jwt.verify.issuer", JwtIssuer.ISSUER);
    }

    @Override
    public void stop() {
        // Nothing to stop: the key pair lives as long as the JVM.
    }
}
