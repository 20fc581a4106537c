package io.sluice.infra;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.Map;

/**
 * Gives {@code @QuarkusTest}s the real PostgreSQL, Kafka and SMTP server:
 * {@code @QuarkusTestResource(SluiceInfraTestResource.class)} (or {@code @WithTestResource}).
 *
 * <p>The infrastructure starts once per test JVM, on first use, and stops when the JVM exits: starting
 * it per test class or per test profile would cost seconds each time. Work directory: {@code target/sluice-infra} (or
 * {@code -Dsluice.infra.dir}); partitions of auto-created topics: {@code -Dsluice.infra.kafkaPartitions}.
 */
public class SluiceInfraTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String DIR_PROPERTY = "sluice.infra.dir";
    public static final String PARTITIONS_PROPERTY = "sluice.infra.kafkaPartitions";

    /**
     * The JVM's shared infrastructure, started if needed; tests use it to read mail or to kill the broker.
     * Also works across Quarkus test profiles, whose class loaders each get a view of the same servers.
     */
    public static LocalInfrastructure infrastructure() {
        Path workDir = Path.of(System.getProperty(DIR_PROPERTY, "target/sluice-infra")).toAbsolutePath();
        return SharedInfrastructure.get(workDir, Integer.getInteger(PARTITIONS_PROPERTY, 1));
    }

    @Override
    public Map<String, String> start() {
        return infrastructure().quarkusConfig();
    }

    @Override
    public void stop() {
        // Other test classes in this JVM use the same infrastructure; the shutdown hook stops it.
    }
}
