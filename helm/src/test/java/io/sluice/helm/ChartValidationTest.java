package io.sluice.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Values that cannot work are refused when the chart is rendered, with a message that names what to change,
 * rather than deployed and discovered in a release window.
 */
class ChartValidationTest {

    @Test
    void moreAllocatorsThanRequestPartitionsIsRefused() {
        assertThatThrownBy(() -> Chart.render(Map.of("slotAllocator.replicaCount", 13)))
                .hasMessageContaining("slotAllocator.replicaCount (13) exceeds kafka.topics.bookingRequests.partitions (12)");
        assertThatThrownBy(() -> Chart.render(List.of("ci/production-values.yaml"),
                Map.of("prescaling.slotAllocatorReplicas", 25)))
                .hasMessageContaining("prescaling.slotAllocatorReplicas (25) exceeds kafka.topics.bookingRequests.partitions (24)");
    }

    @Test
    void asManyAllocatorsAsPartitionsIsFine() {
        Deployment allocator = Chart.render(Map.of("slotAllocator.replicaCount", 12)).deployment("slot-allocator");

        assertThat(allocator.getSpec().getReplicas()).isEqualTo(12);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            slotAllocator.replicaCount           | -1          | '/slotAllocator/replicaCount': minimum
            bookingApi.autoscaling.maxReplicas   | 0           | '/bookingApi/autoscaling/maxReplicas': minimum
            kafka.topics.bookingRequests.partitions | 0        | '/kafka/topics/bookingRequests/partitions': minimum
            postgresql.port                      | 70000       | '/postgresql/port': maximum
            bookingApi.service.type              | ExternalName | '/bookingApi/service/type'
            bookingApi.replicas                  | 3           | additional properties 'replicas' not allowed
            kafka.bootstrap                      | kafka:9092  | additional properties 'bootstrap' not allowed
            prescaling.states[0]                 | DRAFT       | '/prescaling/states/0'
            publicBaseUrl                        | termine.example.org | '/publicBaseUrl'
            bookingApi.image.digest              | latest      | '/bookingApi/image/digest'
            """)
    void theSchemaRefusesImpossibleAndMistypedValues(String key, String value, String complaint) {
        assertThatThrownBy(() -> Chart.render(Map.of(key, value)))
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(complaint);
    }

    @Test
    void anUnknownTopLevelKeyIsRefusedSoATypoIsNotSilentlyIgnored() {
        assertThatThrownBy(() -> Chart.render(Map.of("postgres.host", "db")))
                .hasMessageContaining("additional properties 'postgres' not allowed");
    }

    @Test
    void withoutAnExistingSecretEveryKeyMustBeGivenNoneIsGenerated() {
        assertThatThrownBy(() -> Chart.render(List.of("ci/chart-secret-values.yaml"),
                Map.of("secrets.personKeySecret", "")))
                .hasMessageContaining("secrets.personKeySecret is required when secrets.existingSecret is empty");
        assertThatThrownBy(() -> Chart.render(List.of("ci/chart-secret-values.yaml"), Map.of("postgresql.password", "")))
                .hasMessageContaining("No database password");
    }

    @Test
    void aPasswordNextToAnExistingSecretIsRefusedInsteadOfIgnored() {
        assertThatThrownBy(() -> Chart.render(Map.of("postgresql.password", "hunter2")))
                .hasMessageContaining("put the password into that secret instead");
    }

    @Test
    void theChartMadeSecretHoldsExactlyTheGivenValues() {
        Secret secret = Chart.render("ci/chart-secret-values.yaml").get(Secret.class, Chart.FULLNAME);

        assertThat(secret.getData()).containsOnlyKeys("person-key-secret", "cancel-link-secret",
                "waiting-room-ticket-secret", "database-password");
        assertThat(new String(Base64.getDecoder().decode(secret.getData().get("person-key-secret"))))
                .isEqualTo("placeholder-person-key-secret");
    }

    @Test
    void withExistingSecretsTheChartCreatesNoSecretAndReadsTheNamedOnes() {
        Manifests manifests = Chart.render();

        assertThat(manifests.all(Secret.class)).isEmpty();
        assertThat(ChartRenderTest.env(manifests.container("booking-api"), "SLUICE_BOOKING_PERSON_KEY_SECRET")
                .getValueFrom().getSecretKeyRef()).satisfies(ref -> {
                    assertThat(ref.getName()).isEqualTo("sluice-secrets");
                    assertThat(ref.getKey()).isEqualTo("person-key-secret");
                });
        assertThat(ChartRenderTest.env(manifests.container("slot-allocator"), "QUARKUS_DATASOURCE_PASSWORD")
                .getValueFrom().getSecretKeyRef()).satisfies(ref -> {
                    assertThat(ref.getName()).isEqualTo("sluice-db-app");
                    assertThat(ref.getKey()).isEqualTo("password");
                });
    }

    @Test
    void prescalingNeedsTheAutoscalerItRaises() {
        assertThatThrownBy(() -> Chart.render(Map.of("prescaling.enabled", true, "bookingApi.autoscaling.enabled", false)))
                .hasMessageContaining("prescaling.enabled needs bookingApi.autoscaling.enabled");
    }

    @Test
    void twoJwtKeySourcesAreRefused() {
        assertThatThrownBy(() -> Chart.render(Map.of("auth.publicKey", "x", "auth.publicKeyLocation", "https://idp/certs")))
                .hasMessageContaining("Set auth.publicKey or auth.publicKeyLocation, not both");
    }
}
