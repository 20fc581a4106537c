package io.sluice.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With everything external, nothing is started and the configuration points at the external servers. */
class ExternalInfrastructureTest {

    private static final Map<String, String> EXTERNAL = Map.of(
            Database.EXTERNAL_HOST, "db.internal",
            Database.EXTERNAL_PORT, "6432",
            Database.EXTERNAL_USER, "booking",
            Database.EXTERNAL_PASSWORD, "s3cret",
            KafkaBroker.EXTERNAL_BOOTSTRAP, "kafka-0:9092,kafka-1:9092",
            MailServer.EXTERNAL_HOST, "smtp.internal",
            MailServer.EXTERNAL_PORT, "2525");

    @TempDir
    Path workDir;

    @AfterEach
    void clearProperties() {
        EXTERNAL.keySet().forEach(System::clearProperty);
    }

    @Test
    void externalServersAreUsedAndNothingIsStarted() {
        EXTERNAL.forEach(System::setProperty);

        try (LocalInfrastructure infra = LocalInfrastructure.start(workDir)) {
            assertThat(infra.quarkusConfig()).containsExactlyEntriesOf(orderedMap(
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql://db.internal:6432/sluice",
                    "quarkus.datasource.reactive.url", "postgresql://db.internal:6432/sluice",
                    "quarkus.datasource.username", "booking",
                    "quarkus.datasource.password", "s3cret",
                    "kafka.bootstrap.servers", "kafka-0:9092,kafka-1:9092",
                    "quarkus.mailer.host", "smtp.internal",
                    "quarkus.mailer.port", "2525",
                    "quarkus.mailer.mock", "false"));
            assertThat(infra.environment()).containsOnlyKeys(List.of("QUARKUS_DATASOURCE_JDBC_URL",
                    "QUARKUS_DATASOURCE_REACTIVE_URL", "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD",
                    "KAFKA_BOOTSTRAP_SERVERS", "QUARKUS_MAILER_HOST", "QUARKUS_MAILER_PORT", "QUARKUS_MAILER_MOCK"));
            assertThat(infra.kafka().pid()).isEmpty();
            assertThat(infra.database().pid()).isEmpty();
            assertThat(workDir).isEmptyDirectory();
            assertThatThrownBy(() -> infra.kafka().kill()).hasMessageContaining("external");
            assertThatThrownBy(() -> infra.mail().receivedMessages()).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
