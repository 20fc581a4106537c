package io.sluice.booking;

import static io.restassured.RestAssured.given;
import static io.sluice.booking.Api.as;
import static io.sluice.booking.Api.citizen;
import static io.sluice.booking.Api.createSite;
import static io.sluice.booking.Api.staff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sluice.events.BookingDecided;
import io.sluice.events.Outcome;
import io.sluice.events.RejectionReason;
import io.sluice.events.ServiceStats;
import io.sluice.events.Topics;
import io.sluice.events.serde.JsonEventSerializer;
import io.sluice.infra.SluiceInfraTestResource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The staff dashboard's figures and the attendance record against the real PostgreSQL and Kafka. booking-api
 * runs without the allocator and the notifier here, so the test publishes what they would (system-tests'
 * DashboardIT runs the real storm).
 */
@QuarkusTest
@QuarkusTestResource(SluiceInfraTestResource.class)
@QuarkusTestResource(TokenTestResource.class)
class DashboardApiIT {

    @Test
    void decisionsAndTheOtherServicesFiguresShowUpWithinASecondOrTwo() {
        int release = Citizen.releaseWithWaitingRoom(createSite(), "09:00", "09:30");
        Citizen.joining(release);
        UUID request = UUID.randomUUID();

        // Sent again on every round: the consumers start at the end of their topics once assigned, and a
        // decision the allocator publishes twice must still count once.
        // The dashboard reads the release list every 3 s: until it has the new release, its figures are absent.
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                .ignoreException(NullPointerException.class).untilAsserted(() -> {
            publish(Topics.BOOKING_DECISIONS, request.toString(), new BookingDecided(request, release, "1@2026-01-01",
                    Outcome.REJECTED, RejectionReason.SOLD_OUT, null, null, null, Instant.now()));
            publish(Topics.SERVICE_STATS, "allocator-it", new ServiceStats(ServiceStats.SLOT_ALLOCATOR, "allocator-it",
                    Instant.now(), new ServiceStats.Allocator(Map.of(0, 7L, 1, 5L), 1, 10.0, 20.0, 30.0), null));
            JsonPath view = staff().get("/api/staff/dashboard").then().statusCode(200).extract().jsonPath();
            assertThat(view.getLong("allocator.lag")).isEqualTo(12);
            assertThat(view.getDouble("allocator.latencyP99Ms")).isEqualTo(30.0);
            String figures = "releases.find { it.id == " + release + " }.figures.";
            assertThat(view.getInt("releases.find { it.id == " + release + " }.joined")).isEqualTo(1);
            assertThat(view.getInt(figures + "rejected.SOLD_OUT")).isEqualTo(1);
            assertThat(Instant.parse(view.getString("at"))).isAfter(Instant.now().minusSeconds(2));
        });
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("sluice_waiting_room_queue{release=\"" + release + "\"}")
                .contains("sluice_waiting_room_admitted_total{release=\"" + release + "\"}")
                .contains("sluice_booking_decisions_total{outcome=\"rejected\",reason=\"sold_out\"}");
    }

    @Test
    void theAttendanceRecordListsEveryTicketWithoutPersonalData() {
        int release = Citizen.releaseWithWaitingRoom(createSite(), "09:00", "09:30");
        Citizen first = Citizen.joining(release);
        Citizen.joining(release);
        first.awaitAdmission();

        List<Map<String, Object>> entries = staff().get("/api/staff/releases/" + release + "/attendance")
                .then().statusCode(200).extract().jsonPath().getList("");
        assertThat(entries).extracting(e -> e.get("ticket")).containsExactly("P1", "P2");
        assertThat(entries.get(0)).containsEntry("outcome", "ADMITTED").containsEntry("position", 1);
        assertThat(entries.get(0).get("joinedAt")).isNotNull();
        assertThat(entries.get(0).get("admittedAt")).isNotNull();

        String csv = as("operator").get("/api/staff/releases/" + release + "/attendance.csv")
                .then().statusCode(200).contentType(startsWith("text/csv")).extract().asString();
        assertThat(csv.lines()).hasSize(3).first().isEqualTo(
                "ticket,position,joined_at,admitted_at,requested_at,decided_at,outcome,reason,booking_code");
    }

    @Test
    void onlyStaffAndOperatorsGetIn() {
        citizen().get("/api/staff/dashboard").then().statusCode(401).contentType(startsWith("application/problem+json"));
        citizen().get("/api/staff/releases/1/attendance").then().statusCode(401);
        as("citizen").get("/api/staff/dashboard/stream").then().statusCode(403).body("status", equalTo(403));
        staff().get("/api/staff/releases/999999/attendance").then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
    }

    private static <T> void publish(String topic, String key, T event) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SluiceInfraTestResource.infrastructure().kafka().bootstrapServers()),
                new StringSerializer(), new JsonEventSerializer<T>())) {
            producer.send(new ProducerRecord<>(topic, key, event));
            producer.flush();
        }
    }
}
