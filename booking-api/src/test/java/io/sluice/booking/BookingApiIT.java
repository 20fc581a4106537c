package io.sluice.booking;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.sluice.events.BookingRequested;
import io.sluice.events.RequestKind;
import io.sluice.events.Topics;
import io.sluice.events.serde.BookingRequestedDeserializer;
import io.sluice.infra.SluiceInfraTestResource;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** booking-api against the real PostgreSQL and Kafka broker that the project starts itself. */
@QuarkusTest
@QuarkusTestResource(SluiceInfraTestResource.class)
class BookingApiIT {

    private static final LocalDate DAY = LocalDate.now(ZoneId.of("Europe/Berlin")).plusDays(3);

    @Test
    void operatorEndpointsRefuseAnonymousAndWrongRole() {
        given().contentType(ContentType.JSON).body(site("ANON-1"))
                .post("/api/operator/sites")
                .then().statusCode(401);
        given().auth().preemptive().basic("staff", "test-staff").contentType(ContentType.JSON).body(site("STAFF-1"))
                .post("/api/operator/sites")
                .then().statusCode(403);
        given().get("/api/sites").then().statusCode(200).body("code", org.hamcrest.Matchers.not(hasItem("ANON-1")));
    }

    @Test
    void badInputIsAProblemNamingTheField() {
        operator().body(Map.of("code", "X", "name", "", "address", "a", "district", "d", "timeZone", "Europe/Berlin"))
                .post("/api/operator/sites")
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(400))
                .body("violations.field", hasItem("code"))
                .body("violations.field", hasItem("name"));

        operator().body(site("TZ-1", "Mars/Olympus"))
                .post("/api/operator/sites")
                .then().statusCode(422)
                .body("violations[0].field", equalTo("timeZone"));

        operator().body("{\"code\": \"BROKEN\", ")
                .post("/api/operator/sites")
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("detail", containsString("not valid JSON"));

        operator().body(Map.of("name", "r", "district", "d", "slots", List.of(Map.of("siteCode", "NOPE", "day", "someday",
                        "from", "08:00", "to", "09:00", "slotMinutes", 10, "lanes", 1))))
                .post("/api/operator/releases")
                .then().statusCode(400)
                .body("violations[0].field", equalTo("slots[0].day"));

        given().get("/api/releases/999999").then().statusCode(404).contentType(startsWith("application/problem+json"));
    }

    @Test
    void aReleaseGeneratesItsSlotsAndRefusesOverlaps() {
        String code = uniqueCode();
        operator().body(site(code)).post("/api/operator/sites").then().statusCode(201);

        // 08:00-09:00 every 10 minutes on 2 lanes: 6 starts x 2 lanes.
        int releaseId = operator().body(release(code, "08:00", "09:00"))
                .post("/api/operator/releases")
                .then().statusCode(201)
                .body("slotCount", equalTo(12))
                .body("state", equalTo("OPEN"))
                .extract().path("id");

        given().get("/api/releases/" + releaseId + "/free-slots").then().statusCode(200)
                .body("size()", equalTo(12))
                .body("[0].startsAt", equalTo(DAY.atTime(8, 0).atZone(ZoneId.of("Europe/Berlin")).toInstant().toString()));

        operator().body(release(code, "08:30", "10:00"))
                .post("/api/operator/releases")
                .then().statusCode(409)
                .body("detail", containsString("overlaps"));
    }

    @Test
    void anAcceptedRequestIsPublishedKeyedByItsPoolAndAPersonCannotAskTwice() {
        String code = uniqueCode();
        int siteId = operator().body(site(code)).post("/api/operator/sites").then().statusCode(201).extract().path("id");
        int releaseId = operator().body(release(code, "10:00", "11:00")).post("/api/operator/releases")
                .then().statusCode(201).extract().path("id");
        String email = "ada." + UUID.randomUUID() + "@example.org";

        try (KafkaConsumer<String, BookingRequested> consumer = requestConsumer()) {
            String location = given().contentType(ContentType.JSON)
                    .body(Map.of("siteCode", code, "day", DAY.toString(), "name", "Ada Lovelace", "email", email, "language", "en"))
                    .post("/api/releases/" + releaseId + "/booking-requests")
                    .then().statusCode(202)
                    .body("status", equalTo("PENDING"))
                    .extract().header("Location");
            String requestId = location.substring(location.lastIndexOf('/') + 1);

            ConsumerRecord<String, BookingRequested> published = awaitRequest(consumer, UUID.fromString(requestId));
            assertThat(published.key()).isEqualTo(siteId + "@" + DAY);
            assertThat(published.value().kind()).isEqualTo(RequestKind.EARLIEST_IN_POOL);
            assertThat(published.value().personKey()).doesNotContain("ada").hasSize(64);

            given().get(location).then().statusCode(200).body("status", equalTo("PENDING"));
        }

        given().contentType(ContentType.JSON)
                .body(Map.of("siteCode", code, "day", DAY.toString(), "name", "Ada L.", "email", email.toUpperCase()))
                .post("/api/releases/" + releaseId + "/booking-requests")
                .then().statusCode(409)
                .body("detail", containsString("already has a booking request"));

        given().contentType(ContentType.JSON)
                .body(Map.of("slotId", 1_000_000_000, "name", "Bob", "email", "bob@example.org"))
                .post("/api/releases/" + releaseId + "/booking-requests")
                .then().statusCode(422)
                .body("violations[0].field", equalTo("slotId"));

        given().get("/api/booking-requests/" + UUID.randomUUID()).then().statusCode(404);
        given().get("/api/booking-requests/not-a-uuid").then().statusCode(404);
    }

    private static RequestSpecification operator() {
        return given().auth().preemptive().basic("operator", "test-operator").contentType(ContentType.JSON);
    }

    private static Map<String, Object> site(String code) {
        return site(code, "Europe/Berlin");
    }

    private static Map<String, Object> site(String code, String zone) {
        return Map.of("code", code, "name", "Impfzentrum " + code, "address", "Messeplatz 1, 04356 Leipzig",
                "district", "Leipzig", "timeZone", zone);
    }

    private static Map<String, Object> release(String siteCode, String from, String to) {
        return Map.of("name", "Booster " + siteCode, "district", "Leipzig",
                "slots", List.of(Map.of("siteCode", siteCode, "day", DAY.toString(), "from", from, "to", to,
                        "slotMinutes", 10, "lanes", 2)));
    }

    private static String uniqueCode() {
        return "S-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static KafkaConsumer<String, BookingRequested> requestConsumer() {
        var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SluiceInfraTestResource.infrastructure().kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "booking-api-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new BookingRequestedDeserializer());
        consumer.subscribe(List.of(Topics.BOOKING_REQUESTS));
        return consumer;
    }

    private static ConsumerRecord<String, BookingRequested> awaitRequest(KafkaConsumer<String, BookingRequested> consumer, UUID id) {
        List<ConsumerRecord<String, BookingRequested>> seen = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(500)).forEach(seen::add);
            return seen.stream().anyMatch(r -> r.value() != null && r.value().requestId().equals(id));
        });
        return seen.stream().filter(r -> r.value() != null && r.value().requestId().equals(id)).findFirst().orElseThrow();
    }
}
