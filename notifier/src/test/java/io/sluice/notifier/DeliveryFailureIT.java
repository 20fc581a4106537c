package io.sluice.notifier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.path.json.JsonPath;
import io.sluice.events.BookingDecided;
import io.sluice.events.Topics;
import io.sluice.infra.MailServer;
import io.sluice.infra.SluiceInfraTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What happens when the relay is down or an event is bad: retries, dead letters staff can see, and a
 * replay that sends what was missing and nothing twice. The relay's retry window is a few seconds in
 * tests (see %test in application.properties), minutes in production.
 */
@QuarkusTest
@QuarkusTestResource(NotifierTestResource.class)
class DeliveryFailureIT {

    private static final Instant STARTS_AT = Instant.parse("2031-02-03T09:00:00Z");

    @Inject
    Pool db;

    @ConfigProperty(name = NotifierTestResource.HARNESS_URL)
    String harnessUrl;

    @AfterEach
    void relayBackUp() {
        new Harness(harnessUrl).smtpUp();
    }

    @Test
    void mailsWaitForARelayThatIsBrieflyDownAndThenArriveOnceEach() throws Exception {
        Harness harness = new Harness(harnessUrl);
        TestData data = new TestData(db);
        List<TestData.Booked> booked = List.of(data.confirmed("de", null, STARTS_AT), data.confirmed("en", null, STARTS_AT),
                data.confirmed("de", null, STARTS_AT));
        int refusedBefore = harness.smtpRefusals();

        harness.smtpDown();
        booked.forEach(b -> Kafka.publish(Topics.BOOKING_DECISIONS, b.decision().requestId().toString(),
                List.of(b.decision())));
        // The notifier keeps trying while the relay refuses ...
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> harness.smtpRefusals() >= refusedBefore + 3);
        harness.smtpUp();

        // ... and every mail arrives once the relay is back, none of them twice.
        MailServer mail = SluiceInfraTestResource.infrastructure().mail();
        for (TestData.Booked b : booked) {
            mail.awaitMessagesFor(b.email(), 1, Duration.ofSeconds(30));
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> data.notificationState("CONFIRMATION:" + b.code()).equals("SENT"));
        }
        for (TestData.Booked b : booked) {
            assertThat(mail.receivedMessagesFor(b.email())).hasSize(1);
        }
    }

    @Test
    @TestSecurity(user = "staff-anna", roles = "staff")
    void aRelayDownLongerThanTheRetriesDeadLettersTheDecisionAndStaffReplayIt() {
        Harness harness = new Harness(harnessUrl);
        TestData data = new TestData(db);
        TestData.Booked booked = data.confirmed("de", null, STARTS_AT);
        String requestId = booked.decision().requestId().toString();

        harness.smtpDown();
        Kafka.publish(Topics.BOOKING_DECISIONS, requestId, List.of(booked.decision()));

        // Staff see the dead letter ...
        long id = Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> openDeadLetterFor(requestId), found -> found > 0);
        given().get("/api/notifier/dead-letters/" + id).then().statusCode(200)
                .body("sourceTopic", equalTo(Topics.BOOKING_DECISIONS))
                .body("state", equalTo("OPEN"))
                .body("key", equalTo(requestId));
        assertThat(data.notificationState("CONFIRMATION:" + booked.code())).isEqualTo("FAILED");
        // ... and so does Kafka tooling, on the dead-letter topic, with the reason in a header.
        ConsumerRecord<String, byte[]> letter = Kafka.awaitRecord(Topics.BOOKING_DECISIONS + "-dead-letter",
                record -> requestId.equals(record.key()), Duration.ofSeconds(30));
        assertThat(new String(letter.value(), StandardCharsets.UTF_8)).contains(booked.code());
        assertThat(letter.headers().lastHeader("dead-letter-reason")).isNotNull();
        assertThat(SluiceInfraTestResource.infrastructure().mail().receivedMessagesFor(booked.email())).isEmpty();

        // The relay is back: staff replay, the mail goes out once.
        harness.smtpUp();
        given().post("/api/notifier/dead-letters/" + id + "/replay").then().statusCode(200)
                .body("state", equalTo("REPLAYED"))
                .body("replayedBy", equalTo("staff-anna"));
        SluiceInfraTestResource.infrastructure().mail().awaitMessagesFor(booked.email(), 1, Duration.ofSeconds(30));
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> data.notificationState("CONFIRMATION:" + booked.code()).equals("SENT"));
        given().post("/api/notifier/dead-letters/" + id + "/replay").then().statusCode(404)
                .contentType("application/problem+json");

        // Replaying the same event once more (as "replay all" after a second failure might) sends nothing new.
        Kafka.publish(Topics.BOOKING_DECISIONS, requestId, List.of(booked.decision()));
        TestData.Booked marker = data.confirmed("de", null, STARTS_AT);
        Kafka.publish(Topics.BOOKING_DECISIONS, marker.decision().requestId().toString(), List.of(marker.decision()));
        SluiceInfraTestResource.infrastructure().mail().awaitMessagesFor(marker.email(), 1, Duration.ofSeconds(30));
        assertThat(SluiceInfraTestResource.infrastructure().mail().receivedMessagesFor(booked.email())).hasSize(1);
    }

    @Test
    @TestSecurity(user = "staff-ben", roles = "staff")
    void aPoisonedEventIsDeadLetteredAtOnceAndTheDecisionsAfterItStillGoOut() {
        String poisonKey = UUID.randomUUID().toString();
        Kafka.publishRaw(Topics.BOOKING_DECISIONS, poisonKey, "{not json".getBytes(StandardCharsets.UTF_8));
        TestData.Booked booked = new TestData(db).confirmed("en", null, STARTS_AT);
        Kafka.publish(Topics.BOOKING_DECISIONS, booked.decision().requestId().toString(), List.of(booked.decision()));

        SluiceInfraTestResource.infrastructure().mail().awaitMessagesFor(booked.email(), 1, Duration.ofSeconds(30));
        long id = Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> openDeadLetterFor(poisonKey), found -> found > 0);
        given().get("/api/notifier/dead-letters/" + id).then().statusCode(200)
                .body("payload", equalTo("{not json"))
                .body("reason", equalTo("unreadable event: SerializationException"));
    }

    @Test
    @TestSecurity(user = "staff-carl", roles = "staff")
    void aConfirmationForABookingThatDoesNotExistIsDeadLettered() {
        TestData.Booked booked = new TestData(db).confirmed("de", null, STARTS_AT);
        BookingDecided unknown = new BookingDecided(UUID.randomUUID(), booked.decision().releaseId(),
                booked.decision().poolKey(), booked.decision().outcome(), null, "NOPE-1", booked.slotId(), STARTS_AT,
                Instant.now());
        Kafka.publish(Topics.BOOKING_DECISIONS, unknown.requestId().toString(), List.of(unknown));

        long id = Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> openDeadLetterFor(unknown.requestId().toString()), found -> found > 0);
        given().get("/api/notifier/dead-letters/" + id).then().statusCode(200)
                .body("reason", equalTo("no booking for the confirmed request"));
    }

    @Test
    void deadLettersAreForStaffOnly() {
        given().get("/api/notifier/dead-letters").then().statusCode(401);
        given().post("/api/notifier/dead-letters/replay").then().statusCode(401);
    }

    @Test
    @TestSecurity(user = "citizen", roles = "citizen")
    void citizensCannotSeeOrReplayDeadLetters() {
        given().get("/api/notifier/dead-letters").then().statusCode(403);
        given().post("/api/notifier/dead-letters/1/replay").then().statusCode(403);
    }

    /** The id of the open dead letter with this Kafka key, or 0; read through the staff API. */
    private static long openDeadLetterFor(String key) {
        JsonPath letters = given().get("/api/notifier/dead-letters?state=OPEN&limit=1000").then().statusCode(200)
                .extract().jsonPath();
        List<Map<String, Object>> all = letters.getList("$");
        return all.stream().filter(letter -> key.equals(letter.get("key")))
                .mapToLong(letter -> ((Number) letter.get("id")).longValue()).findFirst().orElse(0);
    }
}
