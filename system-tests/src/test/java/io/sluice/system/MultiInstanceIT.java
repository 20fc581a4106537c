package io.sluice.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.sluice.infra.FreePorts;
import io.sluice.infra.JwtIssuer;
import io.sluice.infra.LocalInfrastructure;
import io.sluice.infra.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scale-out on one machine: two booking-api and two slot-allocator processes (and a notifier) against one
 * Kafka broker and one PostgreSQL, as the Helm chart runs them on a cluster. A storm of requests arrives
 * through both booking-apis; one allocator is killed (SIGKILL) in the middle of it. Its partitions move to
 * the survivor, every request still gets exactly one decision, no slot and no person is booked twice.
 *
 * <p>The run also writes what it measured (start-up, memory, acceptance and decision rates, fail-over time)
 * to {@code target/multi-instance/figures.txt}; docs/scaling.md quotes them.
 */
class MultiInstanceIT {

    private static final String REQUESTS_TOPIC = "booking-requests";
    private static final String ALLOCATOR_GROUP = "slot-allocator";
    private static final int PARTITIONS = 4;
    private static final int SITES = 4;
    /** 09:00-11:30 in 10-minute slots on one lane. */
    private static final int SLOTS_PER_SITE = 15;
    private static final int PEOPLE = 200;
    /** People who also try a second site through the other booking-api, at the same moment. */
    private static final int DOUBLE_BOOKERS = 20;
    private static final Pattern ASSIGNED = Pattern.compile("assigned partitions \\[([^\\]]*)\\]");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    /**
     * Five JVMs start at once on a small machine; without the optimising compiler they are ready in about half the
     * time. The test is about correctness, not speed: its figures are not throughput benchmarks.
     */
    private static final List<String> SERVICE_JVM_OPTIONS = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1");

    private static final JwtIssuer TOKENS = JwtIssuer.generate();
    private static final Map<String, String> FIGURES = new LinkedHashMap<>();

    private static Path workDir;
    private static LocalInfrastructure infrastructure;
    private static ServiceProcess apiA;
    private static ServiceProcess apiB;
    private static ServiceProcess allocatorA;
    private static ServiceProcess allocatorB;
    private static ServiceProcess notifier;
    private static final List<ServiceProcess> SERVICES = new ArrayList<>();

    @BeforeAll
    static void startTwoOfEach() {
        Path root = Path.of(System.getProperty("sluice.projectRoot", "..")).toAbsolutePath().normalize();
        workDir = root.resolve("system-tests/target/multi-instance");
        FIGURES.put("load average before the start (1, 5, 15 min)", Machine.loadAverage());
        infrastructure = LocalInfrastructure.start(workDir, PARTITIONS);
        infrastructure.kafka().createTopic(REQUESTS_TOPIC, PARTITIONS);

        Map<String, String> env = new HashMap<>(infrastructure.environment());
        env.putAll(TOKENS.verifierEnvironment());
        env.put("SLUICE_BOOKING_PERSON_KEY_SECRET", UUID.randomUUID().toString());
        env.put("SLUICE_CANCEL_LINK_SECRET", UUID.randomUUID().toString());
        env.put("SLUICE_WAITING_ROOM_TICKET_SECRET", UUID.randomUUID().toString());
        // A killed allocator's partitions move once its group session expires: the broker's minimum of 6 s
        // instead of Kafka's 45 s default (the chart documents the same setting for production).
        Map<String, String> allocatorEnv = new HashMap<>(env);
        allocatorEnv.put("KAFKA_SESSION_TIMEOUT_MS", "6000");
        allocatorEnv.put("KAFKA_HEARTBEAT_INTERVAL_MS", "1000");

        Path logs = workDir.resolve("logs");
        apiA = service("booking-api-a", root.resolve("booking-api"), env, logs);
        apiB = service("booking-api-b", root.resolve("booking-api"), env, logs);
        allocatorA = service("slot-allocator-a", root.resolve("slot-allocator"), allocatorEnv, logs);
        allocatorB = service("slot-allocator-b", root.resolve("slot-allocator"), allocatorEnv, logs);
        notifier = service("notifier", root.resolve("notifier"), env, logs);
        long started = System.nanoTime();
        SERVICES.forEach(ServiceProcess::start);
        SERVICES.forEach(service -> service.awaitReady(READY_TIMEOUT));
        FIGURES.put("five services ready after (s, all started at once on this machine)", Machine.secondsSince(started));
        SERVICES.forEach(service -> FIGURES.put("RSS idle (MiB) " + service.name(), residentMiB(service)));
    }

    @AfterAll
    static void stopEverything() throws IOException, SQLException {
        if (poller != null) {
            poller.close();
        }
        List<Thread> stopping = new ArrayList<>();
        for (ServiceProcess service : SERVICES) {
            Thread thread = new Thread(service::stop, "stop-" + service.name());
            thread.start();
            stopping.add(thread);
        }
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (infrastructure != null) {
            infrastructure.close();
        }
        if (workDir != null && !FIGURES.isEmpty()) {
            StringBuilder report = new StringBuilder("# MultiInstanceIT on this machine (").append(Runtime.getRuntime()
                    .availableProcessors()).append(" cores; services with ").append(SERVICE_JVM_OPTIONS).append(")\n");
            FIGURES.forEach((what, value) -> report.append(what).append(" = ").append(value).append('\n'));
            Files.createDirectories(workDir);
            Files.writeString(workDir.resolve("figures.txt"), report);
            System.out.print(report);
        }
    }

    @Test
    void anAllocatorKilledMidStormHandsItsPartitionsOverAndNothingIsDecidedTwiceOrLost() throws Exception {
        long testStarted = System.nanoTime();
        // Both allocators share the four partitions before the storm starts.
        Awaitility.await("both allocators own partitions").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> latestAssignment(allocatorA).size() + latestAssignment(allocatorB).size() == PARTITIONS
                        && !latestAssignment(allocatorA).isEmpty() && !latestAssignment(allocatorB).isEmpty());
        Set<Integer> ownedByKilled = latestAssignment(allocatorA);

        Release release = openReleaseWithOnePoolPerPartition();
        int releaseId = release.id();
        List<Person> people = new ArrayList<>();
        for (int i = 0; i < PEOPLE; i++) {
            // At every site, half the people name a slot and half ask for the earliest free one.
            people.add(new Person("Person " + i, "person" + i + "." + UUID.randomUUID() + "@example.org", i % SITES,
                    (i / SITES) % 2 == 0));
        }
        Map<Integer, List<Long>> slotsBySite = freeSlotsBySite(releaseId);
        FIGURES.put("partitions shared and release opened after (s)", Machine.secondsSince(testStarted));

        ExecutorService citizens = Executors.newFixedThreadPool(16);
        try {
            long stormStarted = System.nanoTime();
            // First half of the storm, with the double bookers among them.
            List<Future<Answer>> firstHalf = new ArrayList<>();
            List<Future<Answer>> secondTries = new ArrayList<>();
            for (int i = 0; i < PEOPLE / 2; i++) {
                Person person = people.get(i);
                ServiceProcess api = i % 2 == 0 ? apiA : apiB;
                firstHalf.add(citizens.submit(() -> request(api, release, person, slotsBySite)));
                if (i < DOUBLE_BOOKERS) {
                    ServiceProcess other = api == apiA ? apiB : apiA;
                    Person elsewhere = person.atSite((person.site() + 1) % SITES);
                    secondTries.add(citizens.submit(() -> request(other, release, elsewhere, slotsBySite)));
                }
            }
            // Kill one allocator while the first half is being decided: some of its records are still open.
            Awaitility.await("first decisions").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> decided(releaseId) >= 30);
            long survivorLogAtKill = Files.size(allocatorB.logFile());
            long killed = System.nanoTime();
            allocatorA.kill();
            FIGURES.put("requests decided when the allocator was killed", Long.toString(decided(releaseId)));

            List<Future<Answer>> secondHalf = new ArrayList<>();
            for (int i = PEOPLE / 2; i < PEOPLE; i++) {
                Person person = people.get(i);
                ServiceProcess api = i % 2 == 0 ? apiA : apiB;
                secondHalf.add(citizens.submit(() -> request(api, release, person, slotsBySite)));
            }
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> answer : firstHalf) {
                answers.add(answer.get());
            }
            for (Future<Answer> answer : secondHalf) {
                answers.add(answer.get());
            }
            List<Answer> tries = new ArrayList<>();
            for (Future<Answer> answer : secondTries) {
                tries.add(answer.get());
            }
            long firstHalfAnswered = answers.subList(0, PEOPLE / 2).stream().mapToLong(Answer::answeredAt).max()
                    .orElseThrow();
            FIGURES.put("requests answered per second, first half (both booking-apis, 16 client threads)",
                    String.format("%.0f", (PEOPLE / 2 + DOUBLE_BOOKERS) / ((firstHalfAnswered - stormStarted) / 1e9)));
            // The person-per-release row is the single point across both booking-apis: exactly one of a double
            // booker's two simultaneous requests is accepted, the other refused with 409.
            for (int i = 0; i < DOUBLE_BOOKERS; i++) {
                assertThat(List.of(answers.get(i).status(), tries.get(i).status())).as("person %d's two requests", i)
                        .containsExactlyInAnyOrder(202, 409);
            }
            assertThat(answers.subList(DOUBLE_BOOKERS, PEOPLE)).as("everyone else's request")
                    .allMatch(answer -> answer.status() == 202);

            // The survivor takes over the killed allocator's partitions and decides what was left there.
            Awaitility.await("the killed allocator's partitions move to the survivor").atMost(Duration.ofSeconds(45))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> assignmentsSince(allocatorB, survivorLogAtKill).containsAll(ownedByKilled));
            FIGURES.put("partitions moved to the survivor after the kill (s, session timeout 6 s)", Machine.secondsSince(killed));
            Awaitility.await("every request decided").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> undecided(releaseId) == 0);
            FIGURES.put("storm fully decided after (s, including the fail-over)", Machine.secondsSince(stormStarted));

            // Every citizen gets the answer from either booking-api, also the one that did not accept the request.
            List<Answer> accepted = new ArrayList<>();
            answers.stream().filter(a -> a.status() == 202).forEach(accepted::add);
            tries.stream().filter(a -> a.status() == 202).forEach(accepted::add);
            assertThat(accepted).hasSize(PEOPLE);
            Set<Answer> pending = new HashSet<>(accepted);
            Awaitility.await("every decision at the booking-api that did not accept the request")
                    .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        pending.removeIf(answer -> !"PENDING".equals(statusAt(answer.otherApi(), answer.location())));
                        return pending.isEmpty();
                    });
        } finally {
            citizens.shutdownNow();
        }

        try (Connection db = database()) {
            long requests = single(db, "select count(*) from booking_request where release_id = " + releaseId);
            assertThat(requests).as("one request per person").isEqualTo(PEOPLE);
            assertThat(single(db, "select count(*) from booking_request r left join request_decision d on d.request_id = r.id where release_id = " + releaseId
                    + " and outcome is null")).as("undecided requests").isZero();
            assertThat(single(db, "select count(*) from booking where release_id = " + releaseId))
                    .as("every slot sold: more people asked for each site than it has slots")
                    .isEqualTo(SITES * SLOTS_PER_SITE);
            assertThat(single(db, "select count(distinct slot_id) from booking where release_id = " + releaseId))
                    .as("no slot booked twice").isEqualTo(SITES * SLOTS_PER_SITE);
            assertThat(single(db, "select count(distinct person_key) from booking where release_id = " + releaseId))
                    .as("no person booked twice").isEqualTo(SITES * SLOTS_PER_SITE);
            assertThat(single(db, "select count(*) from booking_request r left join request_decision d on d.request_id = r.id join booking b on b.request_id = r.id"
                    + " where r.release_id = " + releaseId + " and (d.outcome <> 'CONFIRMED' or d.booked_slot_id <> b.slot_id)"))
                    .as("requests whose decision disagrees with the booking").isZero();
            assertThat(storedOffsets(db)).as("offsets stored with the decisions reach the end of every partition")
                    .isEqualTo(endOffsets());
            recordDecisionFigures(db, releaseId);
        }
        SERVICES.stream().filter(ServiceProcess::isAlive)
                .forEach(service -> FIGURES.put("RSS after the storm (MiB) " + service.name(), residentMiB(service)));
        FIGURES.put("load average after the storm (1, 5, 15 min)", Machine.loadAverage());
    }

    private record Person(String name, String email, int site, boolean wantsNamedSlot) {

        Person atSite(int otherSite) {
            return new Person(name, email, otherSite, false);
        }
    }

    private record Answer(int status, String location, ServiceProcess acceptedBy, long answeredAt) {

        ServiceProcess otherApi() {
            return acceptedBy == apiA ? apiB : apiA;
        }
    }

    /** A site's slots on one day: one Kafka key. */
    private record Pool(String siteCode, LocalDate day) {
    }

    private record Release(int id, List<Pool> pools) {
    }

    /**
     * Four sites, each with 15 slots on a day chosen so that the site's slot pool (the Kafka key) falls on its
     * own partition: each allocator then holds work, whichever partitions it owns.
     */
    private static Release openReleaseWithOnePoolPerPartition() {
        String prefix = "MI" + UUID.randomUUID().toString().substring(0, 4);
        LocalDate firstDay = LocalDate.now(ZoneId.of("Europe/Berlin")).plusDays(7);
        List<Map<String, Object>> blocks = new ArrayList<>();
        List<Pool> pools = new ArrayList<>();
        for (int site = 0; site < SITES; site++) {
            String code = prefix + "-" + site;
            long siteId = ((Number) operator().body(Map.of("code", code, "name", "Impfzentrum " + site,
                            "address", "Messeplatz " + site + ", 04356 Leipzig", "district", "Leipzig",
                            "timeZone", "Europe/Berlin"))
                    .post("/api/operator/sites").then().statusCode(201).extract().path("id")).longValue();
            LocalDate day = firstDay;
            while (partitionOf(siteId + "@" + day) != site) {
                day = day.plusDays(1);
            }
            pools.add(new Pool(code, day));
            blocks.add(Map.of("siteCode", code, "day", day.toString(), "from", "09:00", "to", "11:30",
                    "slotMinutes", 10, "lanes", 1));
        }
        int id = operator().body(Map.of("name", "Booster Leipzig (scale-out)", "district", "Leipzig", "openNow", true,
                        "slots", blocks))
                .post("/api/operator/releases").then().statusCode(201).extract().path("id");
        return new Release(id, pools);
    }

    /** The producer's rule for a keyed record: murmur2 of the key modulo the partition count. */
    private static int partitionOf(String poolKey) {
        return BuiltInPartitioner.partitionForKey(poolKey.getBytes(StandardCharsets.UTF_8), PARTITIONS);
    }

    /** Site index (by the code's suffix) to its slots, earliest first. */
    private static Map<Integer, List<Long>> freeSlotsBySite(int releaseId) {
        List<Map<String, Object>> free = given().baseUri(apiA.baseUri().toString())
                .get("/api/releases/" + releaseId + "/free-slots").then().statusCode(200).extract().path("");
        assertThat(free).hasSize(SITES * SLOTS_PER_SITE);
        Map<Integer, List<Long>> bySite = new HashMap<>();
        for (Map<String, Object> slot : free) {
            String code = (String) slot.get("siteCode");
            int site = Integer.parseInt(code.substring(code.lastIndexOf('-') + 1));
            bySite.computeIfAbsent(site, s -> new ArrayList<>()).add(((Number) slot.get("id")).longValue());
        }
        return bySite;
    }

    private static final HttpClient CITIZEN = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"(\\w+)\"");

    /** The status a citizen polling this booking-api sees for the request at {@code location}. */
    private static String statusAt(ServiceProcess api, String location) {
        try {
            HttpResponse<String> response = CITIZEN.send(HttpRequest.newBuilder(api.uri(location))
                    .header(ClientAddresses.HEADER, ClientAddresses.of(location))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("poll of %s at %s", location, api).isEqualTo(200);
            Matcher status = STATUS.matcher(response.body());
            assertThat(status.find()).as("status in %s", response.body()).isTrue();
            return status.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Half the people name a slot among the first five of their site (they collide), the others ask for the
     * earliest free slot at their site, which is where every slot ends up sold.
     */
    private static Answer request(ServiceProcess api, Release release, Person person,
            Map<Integer, List<Long>> slotsBySite) throws IOException, InterruptedException {
        String target;
        if (person.wantsNamedSlot()) {
            target = "\"slotId\":" + slotsBySite.get(person.site()).get(Math.floorMod(person.email().hashCode(), 5));
        } else {
            Pool pool = release.pools().get(person.site());
            target = "\"siteCode\":\"" + pool.siteCode() + "\",\"day\":\"" + pool.day() + "\"";
        }
        String body = "{" + target + ",\"name\":\"" + person.name() + "\",\"email\":\"" + person.email()
                + "\",\"language\":\"de\"}";
        HttpResponse<String> response = CITIZEN.send(HttpRequest.newBuilder(
                                api.uri("/api/releases/" + release.id() + "/booking-requests"))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                        .header(ClientAddresses.HEADER, ClientAddresses.of(person.email()))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().firstValue("Location").orElse(null), api,
                System.nanoTime());
    }

    /** The partitions named in the allocator's most recent "assigned partitions" log line. */
    private static Set<Integer> latestAssignment(ServiceProcess allocator) throws IOException {
        Set<Integer> latest = new TreeSet<>();
        Matcher assigned = ASSIGNED.matcher(Files.readString(allocator.logFile(), StandardCharsets.ISO_8859_1));
        while (assigned.find()) {
            latest = partitions(assigned.group(1));
        }
        return latest;
    }

    /** Every partition the allocator was assigned after {@code offset} bytes of its log. */
    private static Set<Integer> assignmentsSince(ServiceProcess allocator, long offset) throws IOException {
        String log = Files.readString(allocator.logFile(), StandardCharsets.ISO_8859_1);
        Set<Integer> all = new TreeSet<>();
        Matcher assigned = ASSIGNED.matcher(log.substring((int) Math.min(offset, log.length())));
        while (assigned.find()) {
            all.addAll(partitions(assigned.group(1)));
        }
        return all;
    }

    private static Set<Integer> partitions(String list) {
        Set<Integer> partitions = new TreeSet<>();
        for (String partition : list.split(",")) {
            String name = partition.trim();
            if (!name.isEmpty()) {
                partitions.add(Integer.parseInt(name.substring(name.lastIndexOf('-') + 1)));
            }
        }
        return partitions;
    }

    private static Map<Integer, Long> storedOffsets(Connection db) throws SQLException {
        Map<Integer, Long> offsets = new HashMap<>();
        try (ResultSet rows = db.createStatement().executeQuery("select partition, next_offset from consumer_offset"
                + " where consumer_group = '" + ALLOCATOR_GROUP + "' and topic = '" + REQUESTS_TOPIC + "'")) {
            while (rows.next()) {
                offsets.put(rows.getInt(1), rows.getLong(2));
            }
        }
        return offsets;
    }

    private static Map<Integer, Long> endOffsets() throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            latest.put(new TopicPartition(REQUESTS_TOPIC, partition), OffsetSpec.latest());
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                infrastructure.kafka().bootstrapServers()))) {
            Map<Integer, Long> offsets = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((partition, info) -> offsets.put(partition.partition(),
                    info.offset()));
            return offsets;
        }
    }

    private static void recordDecisionFigures(Connection db, int releaseId) throws SQLException {
        try (ResultSet rows = db.createStatement().executeQuery("""
                select count(*),
                       extract(epoch from max(decided_at) - min(accepted_at)),
                       extract(epoch from max(accepted_at) - min(accepted_at)),
                       percentile_cont(0.5) within group (order by extract(epoch from decided_at - accepted_at)),
                       percentile_cont(0.95) within group (order by extract(epoch from decided_at - accepted_at)),
                       max(extract(epoch from decided_at - accepted_at))
                from booking_request r left join request_decision d on d.request_id = r.id where release_id = %d""".formatted(releaseId))) {
            rows.next();
            FIGURES.put("requests decided", Long.toString(rows.getLong(1)));
            FIGURES.put("first acceptance to last decision (s)", String.format("%.2f", rows.getDouble(2)));
            FIGURES.put("first to last acceptance (s)", String.format("%.2f", rows.getDouble(3)));
            FIGURES.put("accepted-to-decided p50 / p95 / max (s)", String.format("%.3f / %.3f / %.3f",
                    rows.getDouble(4), rows.getDouble(5), rows.getDouble(6)));
        }
    }

    /** One connection for the frequent polls: a new PostgreSQL backend per poll would cost CPU the services need. */
    private static Connection poller;

    private static synchronized long decided(int releaseId) throws SQLException {
        return single(poller(), "select count(*) from booking_request r left join request_decision d on d.request_id = r.id where release_id = " + releaseId
                + " and outcome is not null");
    }

    private static synchronized long undecided(int releaseId) throws SQLException {
        return single(poller(), "select count(*) from booking_request r left join request_decision d on d.request_id = r.id where release_id = " + releaseId
                + " and outcome is null");
    }

    private static Connection poller() throws SQLException {
        if (poller == null) {
            poller = database();
        }
        return poller;
    }

    private static ServiceProcess service(String name, Path module, Map<String, String> env, Path logs) {
        ServiceProcess service = new ServiceProcess(name, module, FreePorts.next(), env, SERVICE_JVM_OPTIONS, logs);
        SERVICES.add(service);
        return service;
    }

    /** Resident memory of the service's JVM, from /proc (Linux). */
    private static String residentMiB(ServiceProcess service) {
        long pid = service.pid().orElse(-1);
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.toString(Long.parseLong(line.replaceAll("\\D", "")) / 1024);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return "n/a";
        }
        return "n/a";
    }

    private static RequestSpecification operator() {
        String token = TOKENS.token("scale-out-operator", List.of("operator"), Duration.ofMinutes(30));
        return given().baseUri(apiA.baseUri().toString()).header("Authorization", "Bearer " + token)
                .contentType(ContentType.JSON);
    }

    private static Connection database() throws SQLException {
        var database = infrastructure.database();
        return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
    }

    private static long single(Connection db, String sql) throws SQLException {
        try (ResultSet rows = db.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
