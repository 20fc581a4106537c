package io.sluice.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.sluice.infra.SluiceStack;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The walking skeleton end to end: the three packaged services as processes, real PostgreSQL, Kafka
 * (four partitions) and SMTP. An operator opens a release, citizens book over HTTP, the allocator
 * decides, booking-api answers the poll, and the notifier's mail arrives.
 */
class EndToEndIT {

    private static final LocalDate DAY = LocalDate.now(ZoneId.of("Europe/Berlin")).plusDays(7);

    private static SluiceStack stack;

    @BeforeAll
    static void startSluice() {
        Path root = Path.of(System.getProperty("sluice.projectRoot", "..")).toAbsolutePath().normalize();
        stack = new SluiceStack(root, root.resolve("system-tests/target/stack"))
                .withKafkaPartitions(4)
                .start();
    }

    @AfterAll
    static void stopSluice() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void citizensBookOverHttpAndTheConfirmedOnesGetTheirMail() throws Exception {
        String site = "E2E-" + UUID.randomUUID().toString().substring(0, 6);
        operator().body(Map.of("code", site, "name", "Impfzentrum Messe", "address", "Messeplatz 1, 04356 Leipzig",
                        "district", "Leipzig", "timeZone", "Europe/Berlin"))
                .post("/api/operator/sites").then().statusCode(201);
        // 09:00-09:30, 10-minute slots, one lane: three slots.
        int releaseId = operator().body(Map.of("name", "Booster Leipzig", "district", "Leipzig", "openNow", true,
                        "slots", List.of(Map.of("siteCode", site, "day", DAY.toString(), "from", "09:00", "to", "09:30",
                                "slotMinutes", 10, "lanes", 1))))
                .post("/api/operator/releases").then().statusCode(201)
                .body("slotCount", equalTo(3))
                .extract().path("id");
        long wantedSlot = ((Number) api().get("/api/releases/" + releaseId + "/free-slots").then().statusCode(200)
                .extract().path("[1].id")).longValue();

        String ada = "ada." + UUID.randomUUID() + "@example.org";
        String adaRequest = request(releaseId, Map.of("slotId", wantedSlot, "name", "Ada Lovelace", "email", ada, "language", "en",
                "birthDate", "1815-12-10"));
        Map<String, Object> adaResult = awaitDecision(adaRequest);
        assertThat(adaResult).containsEntry("status", "CONFIRMED").containsEntry("slotId", (int) wantedSlot);
        String adaCode = (String) adaResult.get("bookingCode");

        String rival = request(releaseId, Map.of("slotId", wantedSlot, "name", "Rival", "email", "rival." + UUID.randomUUID() + "@example.org"));
        assertThat(awaitDecision(rival)).containsEntry("status", "REJECTED").containsEntry("reason", "SLOT_TAKEN");

        // Five people ask for the earliest slot of the day; two slots are left.
        List<String> others = java.util.stream.IntStream.range(0, 5)
                .mapToObj(i -> request(releaseId, Map.of("siteCode", site, "day", DAY.toString(), "name", "Person " + i,
                        "email", "person" + i + "." + UUID.randomUUID() + "@example.org", "language", "de")))
                .toList();
        List<Map<String, Object>> results = others.stream().map(EndToEndIT::awaitDecision).toList();
        assertThat(results).filteredOn(r -> "CONFIRMED".equals(r.get("status"))).hasSize(2);
        assertThat(results).filteredOn(r -> "SOLD_OUT".equals(r.get("reason"))).hasSize(3);

        List<MimeMessage> mails = stack.infrastructure().mail().awaitMessagesFor(ada, 1, Duration.ofSeconds(60));
        assertThat(mails.get(0).getSubject()).contains(adaCode);
        assertThat(textOf(mails.get(0))).contains("Ada Lovelace").contains("Impfzentrum Messe").contains(adaCode);
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> stack.infrastructure().mail().receivedMessages().size() >= 3);

        try (Connection db = database()) {
            assertThat(single(db, "select count(*) from booking where release_id = " + releaseId)).isEqualTo(3);
            assertThat(single(db, "select count(distinct slot_id) from booking where release_id = " + releaseId)).isEqualTo(3);
            assertThat(single(db, "select count(*) from booking_request r left join request_decision d on d.request_id = r.id where release_id = " + releaseId
                    + " and outcome is null")).isZero();
            assertThat(single(db, "select count(*) from notification n join booking b on b.request_id = n.request_id"
                    + " where b.release_id = " + releaseId + " and n.state = 'SENT'")).isEqualTo(3);
        }
        assertThat(stack.infrastructure().mail().receivedMessages()).hasSize(3);
        assertThat(logsOfTheWholeStack()).doesNotContain("Ada Lovelace", ada, "Person 0", "@example.org", "1815-12-10");
    }

    /** The text of every text part of a mail (plain, HTML, calendar), however deeply nested. */
    private static String textOf(Part part) throws MessagingException, IOException {
        if (part.isMimeType("text/*")) {
            return part.getContent().toString();
        }
        StringBuilder text = new StringBuilder();
        if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                text.append(textOf(multipart.getBodyPart(i))).append('\n');
            }
        }
        return text.toString();
    }

    /** What every service, the broker and the database wrote to their logs during the run. */
    private static String logsOfTheWholeStack() throws IOException {
        StringBuilder logs = new StringBuilder();
        try (Stream<Path> files = Files.walk(stack.workDir())) {
            for (Path log : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                logs.append(Files.readString(log, StandardCharsets.ISO_8859_1));
            }
        }
        assertThat(logs).as("the services' logs were found").contains("booking-api", "slot-allocator", "notifier");
        return logs.toString();
    }

    private static String request(int releaseId, Map<String, Object> body) {
        return api().contentType(ContentType.JSON).body(body)
                .post("/api/releases/" + releaseId + "/booking-requests")
                .then().statusCode(202)
                .extract().header("Location");
    }

    private static Map<String, Object> awaitDecision(String location) {
        return Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> statusOf(location), status -> !"PENDING".equals(status.get("status")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> statusOf(String location) {
        return api().get(location).then().statusCode(200).extract().as(Map.class);
    }

    private static RequestSpecification api() {
        return given().baseUri(stack.bookingApi().baseUri().toString());
    }

    private static RequestSpecification operator() {
        String token = stack.tokens().token("e2e-operator", List.of("operator"), Duration.ofMinutes(30));
        return api().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    private static Connection database() throws SQLException {
        var database = stack.infrastructure().database();
        return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
    }

    private static long single(Connection db, String sql) throws SQLException {
        try (ResultSet rows = db.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
