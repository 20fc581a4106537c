package io.sluice.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.sluice.infra.ServiceProcess;
import io.sluice.infra.SluiceStack;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A storm of citizens booking over HTTP while everything behind booking-api fails in turn: the allocator and
 * the notifier are killed (SIGKILL), PostgreSQL goes down and comes back, the Kafka broker restarts, the
 * allocator is killed again. Afterwards no slot and no person is booked twice, every accepted request has
 * exactly one decision, every booking exactly one confirmation, and nothing is left waiting in an outbox or a
 * consumer's backlog.
 * While PostgreSQL is down booking-api answers 503 with Retry-After, and it recovers without a restart.
 *
 * <p>The CI size runs for about two minutes on a quiet machine; a larger storm on demand:
 * {@code -Dsluice.faults.people=20000 -Dsluice.faults.stormSeconds=300}, the storm's length being the time its
 * five waves of citizens take to arrive (one calm, one during each fault). Recovery times go to
 * {@code target/faults/figures.txt} (docs/benchmarks.md quotes them).
 */
class FaultToleranceIT {

    private static final int PEOPLE = Integer.getInteger("sluice.faults.people", 600);
    private static final Duration STORM = Duration.ofSeconds(Long.getLong("sluice.faults.stormSeconds", 60));
    private static final int PARTITIONS = 4;
    private static final int SITES = 4;
    /** A calm one, then one per fault. */
    private static final int WAVES = 5;
    /** Nine in ten get a slot: confirmations (and their mail) keep flowing through every fault. */
    private static final int SLOTS = PEOPLE * 9 / 10;
    private static final Duration RECOVERY = Duration.ofSeconds(120);
    private static final Pattern RETRY_AFTER = Pattern.compile("\\d+");

    private static final Map<String, String> FIGURES = new LinkedHashMap<>();
    /** When each dependency was back, by what was done to it; recovery is measured from here. */
    private static final Map<String, Instant> BACK = new LinkedHashMap<>();

    private static SluiceStack stack;
    private static Path workDir;

    @BeforeAll
    static void startSluice() {
        Path root = Path.of(System.getProperty("sluice.projectRoot", "..")).toAbsolutePath().normalize();
        workDir = root.resolve("system-tests/target/faults");
        FIGURES.put("load average before the start (1, 5, 15 min)", Machine.loadAverage());
        stack = new SluiceStack(root, workDir)
                .withKafkaPartitions(PARTITIONS)
                // A killed consumer's partitions move once its group session expires: the broker's minimum of 6 s
                // instead of Kafka's 45 s default (the Helm chart sets the same).
                .withEnvironment(Map.of("KAFKA_SESSION_TIMEOUT_MS", "6000", "KAFKA_HEARTBEAT_INTERVAL_MS", "1000"))
                .start();
    }

    @AfterAll
    static void stopSluice() throws IOException {
        if (stack != null) {
            stack.close();
        }
        if (workDir != null && !FIGURES.isEmpty()) {
            StringBuilder report = new StringBuilder("# FaultToleranceIT on this machine (")
                    .append(Runtime.getRuntime().availableProcessors()).append(" cores, ").append(PEOPLE)
                    .append(" people over ").append(STORM.toSeconds()).append(" s)\n");
            FIGURES.forEach((what, value) -> report.append(what).append(" = ").append(value).append('\n'));
            Files.createDirectories(workDir);
            Files.writeString(workDir.resolve("figures.txt"), report);
            System.out.print(report);
        }
    }

    @Test
    void aStormSurvivesKilledServicesAndRestartedInfrastructure() throws Exception {
        Release release = openRelease();
        long releaseId = release.id();
        int wave = PEOPLE / WAVES;
        Duration waveLength = STORM.dividedBy(WAVES);
        try (CitizenStorm storm = new CitizenStorm(stack.bookingApi().baseUri(), releaseId, release.pools())) {
            long stormStarted = System.nanoTime();
            storm.wave(wave, waveLength);
            awaitAccepted(storm, wave / 2);
            // Each fault strikes while a wave of citizens arrives: restarts take 10-40 s on two shared cores, so a
            // storm paced by the clock alone would be over before the last fault.
            FIGURES.put("allocator and notifier killed at (s into the storm)", storm.now());
            stack.slotAllocator().kill();
            stack.notifier().kill();
            storm.wave(wave, waveLength);
            long restarted = System.nanoTime();
            stack.slotAllocator().start();
            stack.notifier().start();
            awaitBack("allocator killed", stack.slotAllocator(), restarted);
            awaitBack("notifier killed", stack.notifier(), restarted);

            FIGURES.put("PostgreSQL stopped at (s into the storm)", storm.now());
            stack.infrastructure().database().stop();
            storm.wave(wave, waveLength);
            assertBookingApiSaysUnavailable(releaseId);
            awaitAllAsked(storm);
            stack.infrastructure().database().startAgain();
            BACK.put("PostgreSQL restarted", Instant.now());
            assertBookingApiRecovers(releaseId);

            FIGURES.put("Kafka broker stopped at (s into the storm)", storm.now());
            stack.infrastructure().kafka().stop();
            storm.wave(wave, waveLength);
            awaitAllAsked(storm);
            stack.infrastructure().kafka().startAgain();
            BACK.put("Kafka broker restarted", Instant.now());

            FIGURES.put("allocator killed again at (s into the storm)", storm.now());
            stack.slotAllocator().kill();
            storm.wave(PEOPLE - (WAVES - 1) * wave, waveLength);
            restarted = System.nanoTime();
            stack.slotAllocator().start();
            awaitBack("allocator killed again", stack.slotAllocator(), restarted);

            Awaitility.await("every citizen answered").atMost(RECOVERY).pollInterval(Duration.ofMillis(500))
                    .until(storm::everyoneAnswered);
            FIGURES.put("storm answered after (s)", Machine.secondsSince(stormStarted));
            FIGURES.put("slowest answer to a booking request (s)",
                    String.format("%.1f", storm.slowestAnswer().toMillis() / 1000.0));
            assertThat(storm.failures()).as("answers other than 202, or 503 with Retry-After").isEmpty();
            assertThat(storm.unavailableAnswers()).as("503s to the wave that arrived while PostgreSQL was down")
                    .isPositive();
            FIGURES.put("503 answers to booking requests (people told to retry)",
                    storm.unavailableAnswers() + " (" + storm.peopleToldToRetry() + ")");

            Awaitility.await("every request decided").atMost(RECOVERY).pollInterval(Duration.ofMillis(500))
                    .until(() -> count("select count(*) from booking_request r left join request_decision d on d.request_id = r.id where release_id = ? and outcome is null",
                            releaseId) == 0);
            FIGURES.put("storm fully decided after (s)", Machine.secondsSince(stormStarted));
            assertEveryPollAnswersTheDecision(storm);
            assertNoSlotOrPersonTwiceAndEveryoneDecidedOnce(releaseId);
            assertNothingStuck();
            assertExactlyOneConfirmationPerBooking(releaseId);
            FIGURES.put("storm fully confirmed after (s)", Machine.secondsSince(stormStarted));
        }
        recordRecoveryTimes(releaseId);
        FIGURES.put("load average after the run (1, 5, 15 min)", Machine.loadAverage());
    }

    private record Release(long id, List<CitizenStorm.Pool> pools) {
    }

    /** A release opened live over four sites, one pool each, on one day a week ahead. */
    private static Release openRelease() {
        String prefix = "FT" + UUID.randomUUID().toString().substring(0, 4);
        String day = LocalDate.now(ZoneId.of("Europe/Berlin")).plusDays(7).toString();
        int perSite = (SLOTS + SITES - 1) / SITES;
        // One-minute slots from 06:00, in as many lanes as keep the day within eight hours.
        int lanes = (perSite + 479) / 480;
        int minutes = (perSite + lanes - 1) / lanes;
        String to = LocalTime.of(6, 0).plusMinutes(minutes).toString();
        List<Map<String, Object>> blocks = new ArrayList<>();
        List<CitizenStorm.Pool> pools = new ArrayList<>();
        for (int site = 0; site < SITES; site++) {
            String code = prefix + "-" + site;
            operator().body(Map.of("code", code, "name", "Impfzentrum " + site, "address", "Messeplatz " + site
                            + ", 04356 Leipzig", "district", "Leipzig", "timeZone", "Europe/Berlin"))
                    .post("/api/operator/sites").then().statusCode(201);
            blocks.add(Map.of("siteCode", code, "day", day, "from", "06:00", "to", to, "slotMinutes", 1,
                    "lanes", lanes));
            pools.add(new CitizenStorm.Pool(code, day));
        }
        Response created = operator().body(Map.of("name", "Booster Leipzig (faults)", "district", "Leipzig",
                        "openNow", true, "slots", blocks))
                .post("/api/operator/releases").then().statusCode(201).extract().response();
        FIGURES.put("slots", created.path("slotCount").toString());
        return new Release(((Number) created.path("id")).longValue(), pools);
    }

    private static void awaitAccepted(CitizenStorm storm, int people) {
        Awaitility.await(people + " requests accepted").atMost(STORM.plus(RECOVERY)).pollInterval(Duration.ofMillis(100))
                .until(() -> storm.acceptedCount() >= people);
    }

    /**
     * A killed service is started again at once, as the platform would; recovery is measured from its readiness.
     */
    private static void awaitBack(String fault, ServiceProcess service, long started) {
        service.awaitReady(SluiceStack.READY_TIMEOUT);
        BACK.put(fault, Instant.now());
        FIGURES.put(fault + ": started again and ready after (s)", Machine.secondsSince(started));
    }

    private static void awaitAllAsked(CitizenStorm storm) {
        Awaitility.await("the wave sent").atMost(STORM).pollInterval(Duration.ofMillis(100)).until(storm::allAsked);
    }

    /** While PostgreSQL is down: 503 with Retry-After and a problem body (never 500), and not ready. */
    private static void assertBookingApiSaysUnavailable(long releaseId) {
        // A request id nobody made: its status cannot come from booking-api's cache of decisions.
        for (String path : List.of("/api/releases/" + releaseId, "/api/booking-requests/" + UUID.randomUUID(),
                "/api/releases/" + releaseId + "/free-slots")) {
            Response answer = Awaitility.await("503 from " + path).atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> api().get(path), response -> response.statusCode() != 200);
            assertThat(answer.statusCode()).as("%s while PostgreSQL is down", path).isEqualTo(503);
            assertThat(answer.header("Retry-After")).as("Retry-After").matches(RETRY_AFTER);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.<Integer>path("status")).isEqualTo(503);
        }
        Awaitility.await("booking-api not ready while PostgreSQL is down").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> api().get("/q/health/ready").statusCode() == 503);
        // The notifier's staff endpoints read PostgreSQL too and share booking-api's problem mappers.
        Response notifier = operator().baseUri(stack.notifier().baseUri().toString())
                .get("/api/notifier/sites/none/staff-contacts");
        assertThat(notifier.statusCode()).as("notifier's staff contacts while PostgreSQL is down").isEqualTo(503);
        assertThat(notifier.header("Retry-After")).as("Retry-After").matches(RETRY_AFTER);
        assertThat(notifier.contentType()).startsWith("application/problem+json");
    }

    /** Once PostgreSQL is back, booking-api answers and is ready again by itself, without a restart. */
    private static void assertBookingApiRecovers(long releaseId) {
        long back = System.nanoTime();
        Awaitility.await("booking-api answers again").atMost(RECOVERY).pollInterval(Duration.ofMillis(100))
                .until(() -> api().get("/api/releases/" + releaseId).statusCode() == 200);
        FIGURES.put("PostgreSQL restarted: booking-api answers the release again after (s)", Machine.secondsSince(back));
        Awaitility.await("booking-api ready again").atMost(RECOVERY).pollInterval(Duration.ofMillis(100))
                .until(() -> api().get("/q/health/ready").statusCode() == 200);
        FIGURES.put("PostgreSQL restarted: booking-api ready again after (s)", Machine.secondsSince(back));
    }

    /** What each citizen's poll says matches the decision: booking-api's cache caught up with every outage. */
    private static void assertEveryPollAnswersTheDecision(CitizenStorm storm) {
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<String>> polls = new ArrayList<>();
        for (String location : storm.accepted().values()) {
            polls.add(http.sendAsync(HttpRequest.newBuilder(stack.bookingApi().uri(location))
                            .header(ClientAddresses.HEADER, ClientAddresses.of(location))
                            .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString())
                    .thenApply(response -> response.statusCode() + " " + response.body()));
        }
        List<String> answers = polls.stream().map(CompletableFuture::join).toList();
        assertThat(answers).as("polls of accepted requests").allMatch(answer -> answer.startsWith("200 "))
                .noneMatch(answer -> answer.contains("\"PENDING\""));
    }

    private static void assertNoSlotOrPersonTwiceAndEveryoneDecidedOnce(long releaseId) throws SQLException {
        long requests = count("select count(*) from booking_request where release_id = ?", releaseId);
        long bookings = count("select count(*) from booking where release_id = ?", releaseId);
        long slots = count("select count(*) from slot where release_id = ?", releaseId);
        FIGURES.put("requests, bookings", requests + ", " + bookings);
        assertThat(requests).as("one request per person, each accepted exactly once").isEqualTo(PEOPLE);
        assertThat(count("select count(*) from person_release where release_id = ?", releaseId)).isEqualTo(PEOPLE);
        assertThat(bookings).as("every slot sold: more people than slots").isEqualTo(slots);
        assertThat(count("select count(distinct slot_id) from booking where release_id = ?", releaseId))
                .as("no slot booked twice").isEqualTo(bookings);
        assertThat(count("select count(distinct person_key) from booking where release_id = ?", releaseId))
                .as("no person booked twice").isEqualTo(bookings);
        assertThat(count("select count(*) from booking_request r left join request_decision d on d.request_id = r.id where release_id = ? and outcome = 'CONFIRMED'",
                releaseId)).isEqualTo(bookings);
        assertThat(count("""
                select count(*) from booking_request r left join request_decision d on d.request_id = r.id join booking b on b.request_id = r.id
                where r.release_id = ? and (d.outcome <> 'CONFIRMED' or d.booked_slot_id <> b.slot_id)""", releaseId))
                .as("decisions that disagree with the booking").isZero();
        assertThat(count("""
                select count(*) from booking_request r left join request_decision d on d.request_id = r.id
                where release_id = ? and outcome = 'REJECTED' and reason <> 'SOLD_OUT'""", releaseId))
                .as("rejections other than sold out").isZero();
        // The allocator records each batch's decisions in one decision_batch row: a request decided twice (a batch
        // replayed after a crash without noticing it was committed) would appear in two.
        assertThat(count("""
                select count(*) from (
                    select d.id from decision_batch b cross join unnest(b.request_ids) as d(id)
                    join booking_request r on r.id = d.id
                    where r.release_id = ? group by d.id having count(*) > 1) twice""", releaseId))
                .as("requests decided more than once").isZero();
        assertThat(count("""
                select count(distinct d.id) from decision_batch b cross join unnest(b.request_ids) as d(id)
                join booking_request r on r.id = d.id where r.release_id = ?""", releaseId))
                .as("requests with a recorded decision").isEqualTo(PEOPLE);
    }

    /** Every outbox published, the notifier's backlog read to the end. */
    private static void assertNothingStuck() {
        Awaitility.await("outboxes empty").atMost(RECOVERY).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(count("select count(*) from booking_request where published_at is null"))
                    .as("requests booking-api has not published").isZero();
            assertThat(count("select count(*) from decision_batch where published_at is null"))
                    .as("unpublished decision batches").isZero();
            assertThat(count("select count(*) from allocator_outbox where published_at is null"))
                    .as("unpublished allocator events").isZero();
            assertThat(count("select count(*) from outbox_event where published_at is null"))
                    .as("unpublished calendar events").isZero();
        });
        Awaitility.await("the notifier's backlog read").atMost(RECOVERY).pollInterval(Duration.ofMillis(500))
                .until(() -> notifierLag() == 0);
    }

    /**
     * One confirmation per booking, to the booked person only. A notifier killed between the relay's accept and
     * recording SENT sends a mail again with the same Message-ID (the documented window), which mail clients show
     * once: what counts is one distinct Message-ID per booking.
     */
    private static void assertExactlyOneConfirmationPerBooking(long releaseId) throws Exception {
        long bookings = count("select count(*) from booking where release_id = ?", releaseId);
        Awaitility.await("a confirmation for every booking").atMost(RECOVERY).pollInterval(Duration.ofMillis(500))
                .until(() -> count("""
                        select count(*) from notification n join booking_request r on r.id = n.request_id
                        where r.release_id = ? and n.message_key like 'CONFIRMATION:%' and n.state = 'SENT'""",
                        releaseId) == bookings);
        assertThat(count("select count(*) from notification where state <> 'SENT'")).as("messages left claimed")
                .isZero();

        Set<String> confirmedAddresses = new HashSet<>();
        try (Connection db = database(); PreparedStatement query = db.prepareStatement(
                "select email from booking_request r left join request_decision d on d.request_id = r.id where release_id = ? and outcome = 'CONFIRMED'")) {
            query.setLong(1, releaseId);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    confirmedAddresses.add(rows.getString(1));
                }
            }
        }
        Map<String, Set<String>> messageIdsByRecipient = new HashMap<>();
        int mails = 0;
        for (MimeMessage mail : stack.infrastructure().mail().receivedMessages()) {
            mails++;
            for (Address recipient : mail.getRecipients(Message.RecipientType.TO)) {
                messageIdsByRecipient.computeIfAbsent(((InternetAddress) recipient).getAddress(), r -> new HashSet<>())
                        .add(mail.getMessageID());
            }
        }
        FIGURES.put("confirmation mails received (sent again in the kill window)",
                mails + " (" + (mails - bookings) + ")");
        assertThat(messageIdsByRecipient.keySet()).as("recipients").isEqualTo(confirmedAddresses);
        assertThat(messageIdsByRecipient.values()).as("distinct confirmations per booked person")
                .allMatch(ids -> ids.size() == 1);
        assertThat(confirmedAddresses).hasSize((int) bookings);
    }

    /** How far the notifier's consumer group is behind the end of booking-decisions, summed over partitions. */
    private static long notifierLag() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.infrastructure().kafka().bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("notifier")
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int partition = 0; partition < PARTITIONS; partition++) {
                latest.put(new TopicPartition("booking-decisions", partition), OffsetSpec.latest());
            }
            long lag = 0;
            for (var end : admin.listOffsets(latest).all().get().entrySet()) {
                OffsetAndMetadata done = committed.get(end.getKey());
                lag += end.getValue().offset() - (done == null ? 0 : done.offset());
            }
            return lag;
        }
    }

    /**
     * For each fault, from the moment the failed part was back: the first request booking-api accepted, the first
     * decision, the first confirmation sent. Read afterwards from the timestamps the services wrote.
     */
    private static void recordRecoveryTimes(long releaseId) throws SQLException {
        for (Map.Entry<String, Instant> fault : BACK.entrySet()) {
            Instant back = fault.getValue();
            FIGURES.put(fault.getKey() + ": first accepted request / decision / confirmation sent after (s)",
                    secondsAfter(back, "select min(accepted_at) from booking_request where release_id = ? and accepted_at > ?",
                            releaseId)
                    + " / " + secondsAfter(back,
                            "select min(decided_at) from booking_request r left join request_decision d on d.request_id = r.id where release_id = ? and decided_at > ?",
                            releaseId)
                    + " / " + secondsAfter(back, """
                            select min(n.sent_at) from notification n join booking_request r on r.id = n.request_id
                            where r.release_id = ? and n.sent_at > ?""", releaseId));
        }
    }

    private static String secondsAfter(Instant back, String sql, long releaseId) throws SQLException {
        try (Connection db = database(); PreparedStatement query = db.prepareStatement(sql)) {
            query.setLong(1, releaseId);
            query.setObject(2, OffsetDateTime.ofInstant(back, ZoneOffset.UTC));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                OffsetDateTime first = rows.getObject(1, OffsetDateTime.class);
                return first == null ? "none" : String.format("%.1f",
                        Duration.between(back, first.toInstant()).toMillis() / 1000.0);
            }
        }
    }

    private static long count(String sql, Object... parameters) throws SQLException {
        try (Connection db = database(); PreparedStatement query = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static Connection database() throws SQLException {
        var database = stack.infrastructure().database();
        return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
    }

    private static RequestSpecification api() {
        return given().baseUri(stack.bookingApi().baseUri().toString());
    }

    private static RequestSpecification operator() {
        String token = stack.tokens().token("faults-operator", List.of("operator"), Duration.ofMinutes(30));
        return api().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }
}
