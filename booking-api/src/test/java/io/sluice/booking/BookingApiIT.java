package io.sluice.booking;

import static io.restassured.RestAssured.given;
import static io.sluice.booking.Api.DAY;
import static io.sluice.booking.Api.block;
import static io.sluice.booking.Api.citizen;
import static io.sluice.booking.Api.createOpenRelease;
import static io.sluice.booking.Api.createSite;
import static io.sluice.booking.Api.openRelease;
import static io.sluice.booking.Api.operator;
import static io.sluice.booking.Api.site;
import static io.sluice.booking.Api.uniqueCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.sluice.booking.booking.service.InvitationService;
import io.sluice.events.BookingRequested;
import io.sluice.events.RequestKind;
import io.sluice.events.Topics;
import io.sluice.events.serde.BookingRequestedDeserializer;
import io.sluice.infra.SluiceInfraTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
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
@QuarkusTestResource(TokenTestResource.class)
class BookingApiIT {

    @Inject
    Pool db;

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

        citizen().get("/api/releases/999999").then().statusCode(404).contentType(startsWith("application/problem+json"));
    }

    @Test
    void aReleaseGeneratesItsSlotsInTheSitesTimeZoneAndRefusesOverlaps() {
        String code = uniqueCode();
        operator().body(site(code)).post("/api/operator/sites").then().statusCode(201);

        // 08:00-09:00 every 10 minutes on 2 lanes: 6 starts x 2 lanes.
        int releaseId = operator().body(openRelease(code, "08:00", "09:00"))
                .post("/api/operator/releases")
                .then().statusCode(201)
                .body("slotCount", equalTo(12))
                .body("state", equalTo("OPEN"))
                .extract().path("id");

        given().get("/api/releases/" + releaseId + "/free-slots").then().statusCode(200)
                .body("size()", equalTo(12))
                .body("[0].startsAt", equalTo(DAY.atTime(8, 0).atZone(ZoneId.of("Europe/Berlin")).toInstant().toString()));

        operator().body(openRelease(code, "08:30", "10:00"))
                .post("/api/operator/releases")
                .then().statusCode(409)
                .body("detail", containsString("overlaps"));
    }

    @Test
    void anAcceptedRequestIsPublishedKeyedByItsPoolAndAPersonCannotAskTwice() {
        String code = uniqueCode();
        int siteId = operator().body(site(code)).post("/api/operator/sites").then().statusCode(201).extract().path("id");
        int releaseId = createOpenRelease(code, "10:00", "11:00");
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
            assertThat(published.value().personKey()).matches("[0-9a-f]{64}").doesNotContain(email);

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

    @Test
    void aRequestCarriesItsAlternativePoolsInOrderAndThePhoneNumberIsKeptForTheSms() {
        String first = createSite();
        String second = createSite();
        int firstId = siteIdOf(first);
        int secondId = siteIdOf(second);
        int releaseId = operator().body(Map.of("name", "Two sites", "district", "Leipzig", "openNow", true,
                        "slots", List.of(block(first, "10:00", "10:30"), block(second, "10:00", "10:30"))))
                .post("/api/operator/releases").then().statusCode(201).extract().path("id");
        String email = "grace." + UUID.randomUUID() + "@example.org";

        try (KafkaConsumer<String, BookingRequested> consumer = requestConsumer()) {
            String location = given().contentType(ContentType.JSON)
                    .body(Map.of("siteCode", first, "day", DAY.toString(),
                            "alternatives", List.of(Map.of("siteCode", second, "day", DAY.toString())),
                            "name", "Grace Hopper", "email", email, "phone", "+4915112345678"))
                    .post("/api/releases/" + releaseId + "/booking-requests")
                    .then().statusCode(202)
                    .extract().header("Location");
            UUID requestId = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));

            BookingRequested published = awaitRequest(consumer, requestId).value();
            assertThat(published.poolKey()).isEqualTo(firstId + "@" + DAY);
            assertThat(published.alternativePools()).containsExactly(secondId + "@" + DAY);
            Row stored = db.preparedQuery("select phone, alternative_pools from booking_request where id = $1")
                    .executeAndAwait(Tuple.of(requestId)).iterator().next();
            assertThat(stored.getString("phone")).isEqualTo("+4915112345678");
            assertThat(stored.getArrayOfStrings("alternative_pools")).containsExactly(secondId + "@" + DAY);
        }

        Map<String, Object> person = Map.of("name", "Someone", "email", "someone." + UUID.randomUUID() + "@example.org");
        given().contentType(ContentType.JSON)
                .body(with(person, Map.of("siteCode", first, "day", DAY.toString(), "phone", "0151 123")))
                .post("/api/releases/" + releaseId + "/booking-requests")
                .then().statusCode(400)
                .body("violations[0].field", equalTo("phone"));
        given().contentType(ContentType.JSON)
                .body(with(person, Map.of("siteCode", first, "day", DAY.toString(),
                        "alternatives", List.of(Map.of("siteCode", "NOWHERE", "day", DAY.toString())))))
                .post("/api/releases/" + releaseId + "/booking-requests")
                .then().statusCode(422)
                .body("violations[0].field", equalTo("alternatives[0].siteCode"));
        given().contentType(ContentType.JSON)
                .body(with(person, Map.of("siteCode", first, "day", DAY.toString(),
                        "alternatives", List.of(Map.of("siteCode", first, "day", DAY.toString())))))
                .post("/api/releases/" + releaseId + "/booking-requests")
                .then().statusCode(422)
                .body("violations[0].field", equalTo("alternatives[0].siteCode"));
        given().contentType(ContentType.JSON)
                .body(with(person, Map.of("slotId", 1, "alternatives", List.of(Map.of("siteCode", second, "day", DAY.toString())))))
                .post("/api/releases/" + releaseId + "/booking-requests")
                .then().statusCode(422)
                .body("violations[0].field", equalTo("slotId"));
        assertThat(db.preparedQuery("select count(*) from person_release where release_id = $1")
                .executeAndAwait(Tuple.of(releaseId)).iterator().next().getLong(0))
                .as("refused requests leave nothing behind").isEqualTo(1);
    }

    private static Map<String, Object> with(Map<String, Object> person, Map<String, Object> request) {
        Map<String, Object> body = new HashMap<>(person);
        body.putAll(request);
        return body;
    }

    private static int siteIdOf(String code) {
        return citizen().get("/api/sites").then().statusCode(200).extract().path("find { it.code == '" + code + "' }.id");
    }

    @Test
    void eligibilityIsCheckedBeforeAnythingIsStoredAndAnInvitationBooksOnce() {
        String code = createSite();
        int releaseId = operator().body(Map.of("name", "Over 60, invited", "district", "Leipzig", "openNow", true,
                        "eligibility", Map.of("minAge", 60, "invitationOnly", true),
                        "slots", List.of(Api.block(code, "08:00", "09:00"))))
                .post("/api/operator/releases").then().statusCode(201)
                .body("eligibility.minAge", equalTo(60)).extract().path("id");
        operator().body(Map.of("codeHashes", List.of(InvitationService.hash("INVITE-1"), InvitationService.hash("invite-2"))))
                .post("/api/operator/releases/" + releaseId + "/invitations").then().statusCode(200).body("added", equalTo(2));
        LocalDate seventyYearsAgo = LocalDate.now().minusYears(70);
        String url = "/api/releases/" + releaseId + "/booking-requests";

        citizen().body(person(code, "young@example.org", Map.of("birthDate", LocalDate.now().minusYears(30).toString(), "invitationCode", "INVITE-1")))
                .post(url).then().statusCode(403).body("title", equalTo("Not eligible")).body("detail", containsString("60"));
        citizen().body(person(code, "nobirth@example.org", Map.of("invitationCode", "INVITE-1")))
                .post(url).then().statusCode(422).body("violations[0].field", equalTo("birthDate"));
        citizen().body(person(code, "uninvited@example.org", Map.of("birthDate", seventyYearsAgo.toString())))
                .post(url).then().statusCode(422).body("violations[0].field", equalTo("invitationCode"));
        citizen().body(person(code, "guesser@example.org", Map.of("birthDate", seventyYearsAgo.toString(), "invitationCode", "GUESS")))
                .post(url).then().statusCode(403).body("detail", containsString("invitation code"));
        citizen().body(person(code, "invited@example.org", Map.of("birthDate", seventyYearsAgo.toString(), "invitationCode", " invite-1 ")))
                .post(url).then().statusCode(202);
        citizen().body(person(code, "second@example.org", Map.of("birthDate", seventyYearsAgo.toString(), "invitationCode", "INVITE-1")))
                .post(url).then().statusCode(403).body("detail", containsString("already used"));
        // The refused person's attempt left nothing behind: with a fresh code they can still book.
        citizen().body(person(code, "young@example.org", Map.of("birthDate", seventyYearsAgo.toString(), "invitationCode", "INVITE-2")))
                .post(url).then().statusCode(202);
    }

    @Test
    void aPausedOrDraftReleaseTakesNoRequests() {
        String code = createSite();
        int releaseId = createOpenRelease(code, "12:00", "13:00");
        operator().post("/api/operator/releases/" + releaseId + "/pause").then().statusCode(200).body("state", equalTo("PAUSED"));

        citizen().body(person(code, "paused@example.org", Map.of()))
                .post("/api/releases/" + releaseId + "/booking-requests")
                .then().statusCode(409).body("detail", containsString("PAUSED"));

        int draftId = operator().body(Map.of("name", "Draft", "district", "Leipzig", "opensAt", Instant.now().plusSeconds(3600).toString(),
                        "slots", List.of(Api.block(code, "14:00", "15:00"))))
                .post("/api/operator/releases").then().statusCode(201).body("state", equalTo("DRAFT")).extract().path("id");
        citizen().body(person(code, "draft@example.org", Map.of()))
                .post("/api/releases/" + draftId + "/booking-requests").then().statusCode(404);
    }

    /** A request for the earliest slot at the site on DAY, with the extra fields given. */
    private static Map<String, Object> person(String siteCode, String email, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(extra);
        body.put("siteCode", siteCode);
        body.put("day", DAY.toString());
        body.put("name", "Test Person");
        body.put("email", email);
        return body;
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
