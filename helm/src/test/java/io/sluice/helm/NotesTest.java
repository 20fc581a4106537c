package io.sluice.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the operator reads right after {@code helm install}. */
class NotesTest {

    @Test
    void withoutATokenKeyTheNotesWarnThatNobodyCanSignIn() {
        String notes = Chart.notes(List.of(), Map.of());

        assertThat(notes).contains("WARNING: neither auth.publicKeyLocation nor auth.publicKey is set")
                .contains("port-forward service/termine-sluice-booking-api 8080:8080")
                .contains("booking-requests with exactly 12 partitions");
    }

    @Test
    void productionNotesShowTheAddressTheTopicsAndThePrescaler() {
        String notes = Chart.notes(List.of("ci/production-values.yaml"), Map.of());

        assertThat(notes).doesNotContain("WARNING")
                .contains("https://termine.example.org/")
                .contains("Created as Strimzi KafkaTopics on cluster \"sluice\"")
                .contains("raises the minimum of HPA termine-sluice-booking-api from 3 (up to 30) from 45 minutes");
    }
}
