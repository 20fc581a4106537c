package io.sluice.booking;

import static io.restassured.RestAssured.given;
import static io.sluice.booking.Api.DAY;
import static io.sluice.booking.Api.block;
import static io.sluice.booking.Api.citizen;
import static io.sluice.booking.Api.createOpenRelease;
import static io.sluice.booking.Api.createSite;
import static io.sluice.booking.Api.operator;
import static io.sluice.booking.Api.staff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.http.Method;
import io.sluice.events.ReleaseAnnounced;
import io.sluice.events.Topics;
import io.sluice.events.serde.ReleaseAnnouncedDeserializer;
import io.sluice.infra.JwtIssuer;
import io.sluice.infra.SluiceInfraTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The capacity calendar against the real PostgreSQL and Kafka broker. */
@QuarkusTest
@QuarkusTestResource(SluiceInfraTestResource.class)
@QuarkusTestResource(TokenTestResource.class)
class CalendarIT {

    @Inject
    Pool db;

    @Test
    void aReleaseGoesFromDraftThroughAnnouncedOpenPausedToClosedAndEveryStepIsAudited() {
        String site = createSite();
        Instant opensAt = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        int id = operator().body(Map.of("name", "Booster", "district", "Leipzig", "opensAt", opensAt.toString(),
                        "expectedDemand", 4000, "slots", List.of(block(site, "08:00", "09:00"))))
                .post("/api/operator/releases").then().statusCode(201)
                .body("state", equalTo("DRAFT")).body("slotCount", equalTo(12))
                .extract().path("id");
        citizen().get("/api/calendar/releases").then().statusCode(200).body("id", not(hasItem(id)));

        try (KafkaConsumer<String, ReleaseAnnounced> announcements = announcementConsumer()) {
            operator().post("/api/operator/releases/" + id + "/announce").then().statusCode(200).body("state", equalTo("ANNOUNCED"));

            ReleaseAnnounced announced = awaitAnnouncement(announcements, id);
            assertThat(announced.opensAt()).isEqualTo(opensAt);
            assertThat(announced.slotCount()).isEqualTo(12);
            assertThat(announced.sites()).singleElement().satisfies(s -> {
                assertThat(s.code()).isEqualTo(site);
                assertThat(s.slotCount()).isEqualTo(12);
            });
        }
        citizen().get("/api/calendar/releases?district=Leipzig").then().statusCode(200)
                .body("find { it.id == " + id + " }.state", equalTo("ANNOUNCED"))
                .body("find { it.id == " + id + " }.slotCount", equalTo(12))
                .body("find { it.id == " + id + " }.sites[0].code", equalTo(site));

        operator().post("/api/operator/releases/" + id + "/open").then().statusCode(200).body("state", equalTo("OPEN"));
        operator().post("/api/operator/releases/" + id + "/pause").then().statusCode(200).body("state", equalTo("PAUSED"));
        operator().post("/api/operator/releases/" + id + "/resume").then().statusCode(200).body("state", equalTo("OPEN"));
        operator().post("/api/operator/releases/" + id + "/close").then().statusCode(200).body("state", equalTo("CLOSED"));
        operator().post("/api/operator/releases/" + id + "/open").then().statusCode(409)
                .body("detail", containsString("CLOSED"));

        List<Map<String, Object>> audit = staff().get("/api/staff/releases/" + id + "/audit").then().statusCode(200)
                .extract().jsonPath().getList("");
        assertThat(audit).extracting(e -> e.get("toState"))
                .containsExactly("DRAFT", "ANNOUNCED", "OPEN", "PAUSED", "OPEN", "CLOSED");
        assertThat(audit).extracting(e -> e.get("actor")).containsOnly("test-operator");
        assertThat(audit).allSatisfy(e -> assertThat(e.get("at")).isNotNull());
        citizen().get("/api/calendar/releases").then().body("id", not(hasItem(id)));
    }

    @Test
    void anAnnouncedReleaseOpensByItselfAtItsTime() {
        String site = createSite();
        int id = operator().body(Map.of("name", "Soon", "district", "Leipzig",
                        "opensAt", Instant.now().plusSeconds(3).toString(), "slots", List.of(block(site, "10:00", "10:30"))))
                .post("/api/operator/releases").then().statusCode(201).extract().path("id");
        operator().post("/api/operator/releases/" + id + "/announce").then().statusCode(200);

        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> "OPEN".equals(citizen().get("/api/releases/" + id).then().extract().path("state")));
        staff().get("/api/staff/releases/" + id + "/audit").then()
                .body("find { it.toState == 'OPEN' }.actor", equalTo("schedule"));
    }

    @Test
    void slotsCanBeAddedToAnOpenRelease() {
        String site = createSite();
        int id = createOpenRelease(site, "08:00", "08:30");

        operator().body(Map.of("slots", List.of(block(site, "08:30", "09:00"))))
                .post("/api/operator/releases/" + id + "/slots").then().statusCode(200)
                .body("slotCount", equalTo(12)).body("freeSlots", equalTo(12)).body("state", equalTo("OPEN"));
    }

    @Test
    void impossibleReleasesAreRefusedNamingTheField() {
        String site = createSite();
        String url = "/api/operator/releases";
        operator().body(Map.of("name", "Past", "district", "L", "opensAt", Instant.now().minusSeconds(600).toString(),
                "slots", List.of(block(site, "08:00", "09:00")))).post(url)
                .then().statusCode(422).body("violations[0].field", equalTo("opensAt"));
        operator().body(Map.of("name", "No time", "district", "L", "slots", List.of(block(site, "08:00", "09:00")))).post(url)
                .then().statusCode(422).body("violations[0].field", equalTo("opensAt"));
        operator().body(Map.of("name", "Zero lanes", "district", "L", "openNow", true, "slots", List.of(Map.of(
                        "siteCode", site, "day", DAY.toString(), "from", "08:00", "to", "09:00", "slotMinutes", 10, "lanes", 0))))
                .post(url).then().statusCode(400).body("violations[0].field", containsString("lanes"));
        operator().body(Map.of("name", "Backwards", "district", "L", "openNow", true,
                        "slots", List.of(block(site, "09:00", "08:00")))).post(url)
                .then().statusCode(422).body("violations[0].field", equalTo("slots[0]"));
        operator().body(Map.of("name", "Half a block", "district", "L", "openNow", true, "slots", List.of(Map.of(
                        "siteCode", site, "day", DAY.toString(), "from", "08:00", "slotMinutes", 10, "lanes", 1))))
                .post(url).then().statusCode(422).body("violations[0].field", equalTo("slots[0].to"));
        operator().body(Map.of("name", "Closes first", "district", "L", "opensAt", Instant.now().plusSeconds(600).toString(),
                        "closesAt", Instant.now().plusSeconds(60).toString(), "slots", List.of(block(site, "08:00", "09:00"))))
                .post(url).then().statusCode(422).body("violations[0].field", equalTo("closesAt"));
        operator().body(Map.of("name", "Ages", "district", "L", "openNow", true, "eligibility", Map.of("minAge", 70, "maxAge", 60),
                        "slots", List.of(block(site, "08:00", "09:00")))).post(url)
                .then().statusCode(422).body("violations[0].field", equalTo("eligibility.minAge"));
        operator().body(Map.of("name", "Nowhere", "district", "L", "openNow", true,
                        "slots", List.of(block("NO-SUCH-SITE", "08:00", "09:00")))).post(url)
                .then().statusCode(422).body("violations[0].field", equalTo("slots[0].siteCode"));

        createOpenRelease(site, "10:00", "11:00");
        operator().body(Api.openRelease(site, "10:30", "11:30")).post(url)
                .then().statusCode(409).body("detail", containsString("overlaps"));
        citizen().get("/api/calendar/releases").then().statusCode(200);
    }

    @Test
    void slotsFollowCapacityWithExceptionsAndAChangeNeverDeletesWhatIsBookedOrReleased() {
        String site = createSite();
        LocalDate monday = LocalDate.now(Api.BERLIN).plusWeeks(2).with(DayOfWeek.MONDAY);
        List<Map<String, Object>> weekdays = new ArrayList<>();
        for (int day = 1; day <= 5; day++) {
            weekdays.add(Map.of("weekday", day, "opens", "08:00", "closes", "10:00", "slotMinutes", 30, "lanes", 2));
        }
        List<Map<String, Object>> rules = new ArrayList<>(weekdays);
        rules.add(Map.of("date", monday.plusDays(2).toString(), "opens", "09:00", "closes", "10:00", "slotMinutes", 60, "lanes", 1));
        String capacity = "/api/operator/sites/" + site + "/capacity";
        operator().body(Map.of("rules", rules)).put(capacity).then().statusCode(200).body("size()", equalTo(6));

        // Mon, Tue, Thu, Fri: 08:00-10:00 in 30 minutes on 2 lanes = 8; Wednesday's exception: 1; weekend: 0.
        Map<String, Object> week = Map.of("from", monday.toString(), "to", monday.plusDays(6).toString());
        operator().body(week).post("/api/operator/sites/" + site + "/slots").then().statusCode(200)
                .body("created", equalTo(33)).body("removed", equalTo(0)).body("kept.size()", equalTo(0));
        operator().body(week).post("/api/operator/sites/" + site + "/slots").then().statusCode(200)
                .body("created", equalTo(0)).body("unchanged", equalTo(33));
        assertThat(slotStarts(site, monday.plusDays(2))).containsExactly("09:00");

        // A release takes Monday's three earliest capacity slots; one of them gets booked.
        int releaseId = operator().body(Map.of("name", "From capacity", "district", "Leipzig", "openNow", true,
                        "slots", List.of(Map.of("siteCode", site, "day", monday.toString(), "count", 3))))
                .post("/api/operator/releases").then().statusCode(201).body("slotCount", equalTo(3)).extract().path("id");
        db.preparedQuery("update slot set state = 'BOOKED' where id = (select min(id) from slot where release_id = $1)")
                .execute(Tuple.of(releaseId)).await().indefinitely();

        // Shorter days, one lane, no exception: what is free goes, what is booked or released stays.
        List<Map<String, Object>> shorter = new ArrayList<>();
        for (int day = 1; day <= 5; day++) {
            shorter.add(Map.of("weekday", day, "opens", "09:00", "closes", "10:00", "slotMinutes", 30, "lanes", 1));
        }
        operator().body(Map.of("rules", shorter)).put(capacity).then().statusCode(200);
        List<Map<String, Object>> kept = operator().body(week).post("/api/operator/sites/" + site + "/slots").then()
                .statusCode(200)
                .body("created", equalTo(2)).body("unchanged", equalTo(8)).body("removed", equalTo(22))
                .extract().jsonPath().getList("kept");
        assertThat(kept).extracting(k -> k.get("reason"))
                .containsExactlyInAnyOrder("booked", "held by release " + releaseId, "held by release " + releaseId);
        citizen().get("/api/releases/" + releaseId).then().body("slotCount", equalTo(3));
        assertThat(slotStarts(site, monday.plusDays(2))).containsExactly("09:00", "09:30");

        operator().body(Map.of("rules", List.of(Map.of("weekday", 1, "opens", "08:00", "closes", "09:00", "slotMinutes", 30, "lanes", 0))))
                .put(capacity).then().statusCode(400).body("violations[0].field", equalTo("rules[0].lanes"));
        operator().body(Map.of("rules", List.of(Map.of("opens", "08:00", "closes", "09:00", "slotMinutes", 30, "lanes", 1))))
                .put(capacity).then().statusCode(422).body("violations[0].field", equalTo("rules[0].weekday"));
        operator().body(Map.of("rules", List.of(Map.of("weekday", 1, "opens", "10:00", "closes", "09:00", "slotMinutes", 30, "lanes", 1))))
                .put(capacity).then().statusCode(422).body("violations[0].field", equalTo("rules[0].closes"));
        operator().get(capacity).then().statusCode(200).body("size()", equalTo(5));
    }

    private List<String> slotStarts(String siteCode, LocalDate day) {
        List<String> starts = new ArrayList<>();
        db.preparedQuery("""
                        select to_char(s.starts_at at time zone 'Europe/Berlin', 'HH24:MI') as local_start
                        from slot s join site on site.id = s.site_id
                        where site.code = $1 and s.pool_key = site.id || '@' || $2 order by s.starts_at, s.lane""")
                .execute(Tuple.of(siteCode, day.toString())).await().indefinitely()
                .forEach(row -> starts.add(row.getString("local_start")));
        return starts;
    }

    /** Every operator and staff endpoint, with a method and a body that would otherwise be accepted. */
    private record Endpoint(Method method, String path, String role) {
    }

    @Test
    void everyOperatorAndStaffEndpointRefusesAnonymousWrongRoleExpiredAndForeignTokens() {
        String site = createSite();
        int id = createOpenRelease(site, "16:00", "16:30");
        List<Endpoint> endpoints = List.of(
                new Endpoint(Method.POST, "/api/operator/sites", "operator"),
                new Endpoint(Method.GET, "/api/operator/releases", "operator"),
                new Endpoint(Method.POST, "/api/operator/releases", "operator"),
                new Endpoint(Method.POST, "/api/operator/releases/" + id + "/announce", "operator"),
                new Endpoint(Method.POST, "/api/operator/releases/" + id + "/open", "operator"),
                new Endpoint(Method.POST, "/api/operator/releases/" + id + "/pause", "operator"),
                new Endpoint(Method.POST, "/api/operator/releases/" + id + "/resume", "operator"),
                new Endpoint(Method.POST, "/api/operator/releases/" + id + "/close", "operator"),
                new Endpoint(Method.POST, "/api/operator/releases/" + id + "/slots", "operator"),
                new Endpoint(Method.POST, "/api/operator/releases/" + id + "/invitations", "operator"),
                new Endpoint(Method.GET, "/api/staff/releases/" + id + "/audit", "staff"));
        String expired = TokenTestResource.tokens().token("late", List.of("operator"),
                Instant.now().minus(2, ChronoUnit.HOURS), Duration.ofMinutes(30));
        String foreign = "Bearer " + JwtIssuer.generate().token("forger", List.of("operator", "staff"), Duration.ofMinutes(5));

        for (Endpoint endpoint : endpoints) {
            given().contentType(ContentType.JSON).body("{}").request(endpoint.method(), endpoint.path())
                    .then().statusCode(401).contentType(startsWith("application/problem+json"));
            given().header("Authorization", "Bearer " + expired).contentType(ContentType.JSON).body("{}")
                    .request(endpoint.method(), endpoint.path()).then().statusCode(401).body("status", equalTo(401));
            given().header("Authorization", foreign).contentType(ContentType.JSON).body("{}")
                    .request(endpoint.method(), endpoint.path()).then().statusCode(401);
            String wrongRole = endpoint.role().equals("operator") ? "staff" : "citizen";
            Api.as(wrongRole).body("{}").request(endpoint.method(), endpoint.path()).then().statusCode(403)
                    .contentType(startsWith("application/problem+json"));
        }
        // The release survived all of that untouched.
        citizen().get("/api/releases/" + id).then().body("state", equalTo("OPEN"));
    }

    private static KafkaConsumer<String, ReleaseAnnounced> announcementConsumer() {
        var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SluiceInfraTestResource.infrastructure().kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "calendar-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ReleaseAnnouncedDeserializer());
        consumer.subscribe(List.of(Topics.RELEASE_ANNOUNCEMENTS));
        return consumer;
    }

    private static ReleaseAnnounced awaitAnnouncement(KafkaConsumer<String, ReleaseAnnounced> consumer, long releaseId) {
        List<ReleaseAnnounced> seen = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(500)).forEach(r -> seen.add(r.value()));
            return seen.stream().anyMatch(a -> a != null && a.releaseId() == releaseId);
        });
        return seen.stream().filter(a -> a != null && a.releaseId() == releaseId).findFirst().orElseThrow();
    }
}
