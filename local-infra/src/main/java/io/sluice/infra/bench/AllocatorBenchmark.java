package io.sluice.infra.bench;

import io.sluice.events.AvailabilitySnapshot;
import io.sluice.events.BookingRequested;
import io.sluice.events.Topics;
import io.sluice.events.serde.AvailabilitySnapshotDeserializer;
import io.sluice.infra.Database;
import io.sluice.infra.LocalInfrastructure;
import io.sluice.infra.ServiceProcess;
import io.sluice.infra.load.BookingLoad;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The allocator alone, measured: requests preloaded into Kafka, then the allocator started and
 * timed until every request is decided and committed; then a paced run at half that rate for the
 * decision latency and the age of the availability pictures on arrival; then the cost of passing a request on to
 * the next pool of its list, at the same rate. Compared in the same run with the best single-database claim
 * ({@code ../shared/bench/pg-claim-baseline.sh}). Run with {@code bin/sluice bench-allocator}.
 *
 * <p>Options: {@code --requests=N} (default 200000), {@code --sites=K} (20), {@code --slots=S}
 * (50000 in all), {@code --partitions=P} (8), {@code --paced-seconds=T} (20), {@code --root=DIR},
 * {@code --baseline=false} to leave out the SKIP LOCKED run while trying a change (no ratio then),
 * {@code --warmup-requests=W} (30000, 0 for none), {@code --forward-seconds=F} (5, 0 for none),
 * {@code --paced-percent=R} (50: the paced and forwarding runs send at R % of the measured rate).
 *
 * <p>The warm-up decides W requests of a release of its own before the measured requests are preloaded,
 * then stops the allocator. It is there for the broker: a broker started a minute before spent half of its
 * CPU in the C2 compiler during the measured run, on the cores the allocator and PostgreSQL need, which a
 * broker in service has done long before. The measured allocator is a fresh process, as before.
 */
public final class AllocatorBenchmark {

    private AllocatorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Path root = Path.of(options.getOrDefault("root", ".")).toAbsolutePath().normalize();
        int requests = Integer.parseInt(options.getOrDefault("requests", "200000"));
        int sites = Integer.parseInt(options.getOrDefault("sites", "20"));
        int slots = Integer.parseInt(options.getOrDefault("slots", "50000"));
        int partitions = Integer.parseInt(options.getOrDefault("partitions", "8"));
        int pacedSeconds = Integer.parseInt(options.getOrDefault("paced-seconds", "20"));
        int warmupRequests = Integer.parseInt(options.getOrDefault("warmup-requests", "30000"));
        int forwardSeconds = Integer.parseInt(options.getOrDefault("forward-seconds", "5"));
        int pacedPercent = Integer.parseInt(options.getOrDefault("paced-percent", "50"));
        int pacedWarmupSeconds = Integer.parseInt(options.getOrDefault("paced-warmup-seconds", "10"));
        Path work = root.resolve(".sluice-bench");

        try (LocalInfrastructure infra = LocalInfrastructure.start(work, partitions)) {
            var database = infra.database();
            Map<String, String> env = new HashMap<>(infra.environment());
            List<String> jvmOptions = new ArrayList<>(List.of("-Xmx512m"));
            jvmOptions.addAll(ServiceProcess.ALLOCATOR_JIT_OPTIONS);
            ServiceProcess allocator = new ServiceProcess("slot-allocator", root.resolve("slot-allocator"), 18081, env,
                    jvmOptions, work.resolve("logs"));
            // A first start migrates the schema; the measured start finds its requests waiting.
            allocator.start().awaitReady(Duration.ofSeconds(120));
            allocator.stop();

            BookingLoad load = new BookingLoad(database.jdbcUrl(), database.username(), database.password(),
                    infra.kafka().bootstrapServers());
            if (warmupRequests > 0) {
                BookingLoad.Release warmup = load.openRelease(sites, Math.max(1, warmupRequests / 2 / sites));
                load.publish(load.acceptRequests(warmup, warmupRequests));
                allocator.start().awaitReady(Duration.ofSeconds(120));
                if (!load.awaitDecided(warmup, warmupRequests, Duration.ofMinutes(5))) {
                    throw new IllegalStateException("the warm-up requests were not decided within 5 minutes");
                }
                allocator.stop();
                System.out.printf("warm-up: %d requests decided, allocator stopped%n", warmupRequests);
            }
            BookingLoad.Release release = load.openRelease(sites, slots / sites);
            List<BookingRequested> crowd = load.acceptRequests(release, requests);
            load.publish(crowd);
            System.out.printf("preloaded %d requests for %d slots in %d pools over %d partitions%n",
                    requests, release.slots(), sites, partitions);

            Instant started = Instant.now();
            allocator.start();
            if (!load.awaitDecided(release, requests, Duration.ofMinutes(10))) {
                throw new IllegalStateException("not all requests were decided within 10 minutes");
            }
            Duration wall = Duration.between(started, Instant.now());
            BookingLoad.Outcome outcome = load.outcome(release);
            double rate = requests / (outcome.decisionSpan().toMillis() / 1000.0);
            System.out.printf("decided %d (confirmed %d, rejected %d, undecided %d, slots booked twice %d) "
                            + "in %d ms of deciding, %d ms from process start%n",
                    requests, outcome.confirmed(), outcome.rejected(), outcome.undecided(),
                    outcome.bookings() - outcome.distinctSlots(), outcome.decisionSpan().toMillis(), wall.toMillis());

            int pacedRate = (int) (rate * pacedPercent / 100);
            if (pacedWarmupSeconds > 0) {
                // A steady stream takes other paths through the broker than a preloaded topic (small produce
                // requests, fetches answered at once): its JIT compiled them during the measured run, C2 a
                // quarter of a core. A broker in service has compiled them long before.
                BookingLoad.Release warmup = load.openRelease(sites, Math.max(1, pacedRate * pacedWarmupSeconds / sites));
                List<BookingRequested> warmupCrowd = load.acceptRequests(warmup, pacedRate * pacedWarmupSeconds);
                System.out.printf("paced warm-up, not measured:%n");
                paced(load, database, warmup, warmupCrowd.size(), warmupCrowd, pacedRate);
            }
            BookingLoad.Release pacedRelease = load.openRelease(sites, Math.max(1, pacedRate * pacedSeconds / sites));
            List<BookingRequested> pacedCrowd = load.acceptRequests(pacedRelease, pacedRate * pacedSeconds);
            List<Long> latencies;
            List<Long> availabilityAges;
            try (AvailabilityWatch watch = new AvailabilityWatch(infra.kafka().bootstrapServers(), pacedRelease.id())) {
                latencies = sorted(paced(load, database, pacedRelease, pacedCrowd.size(), pacedCrowd, pacedRate).values());
                // Every slot of the paced release is booked by now; the last pictures come with the next flush.
                if (!watch.awaitSoldOut(pacedRelease.poolKeys(), Duration.ofSeconds(10))) {
                    System.out.println("availability: not every pool was shown sold out within 10 s");
                }
                availabilityAges = sorted(watch.ages());
            }
            Forwarding forwarding = forwardSeconds > 0
                    ? forwarding(load, database, pacedRate, forwardSeconds)
                    : null;
            allocator.stop();

            double baseline = Boolean.parseBoolean(options.getOrDefault("baseline", "true")) ? skipLockedBaseline(root) : 0;
            System.out.println();
            System.out.printf("allocator_decisions_per_s=%.0f%n", rate);
            System.out.printf("paced_rate_per_s=%d latency_ms_%s%n", pacedRate, summary(latencies));
            System.out.printf("availability_age_ms_%s%n", summary(availabilityAges));
            if (forwarding != null) {
                System.out.printf("forwarding at %d/s: direct latency_ms_%s%n", pacedRate, summary(forwarding.direct()));
                System.out.printf("forwarding at %d/s: passed on once latency_ms_%s%n", pacedRate,
                        summary(forwarding.passedOn()));
            }
            if (baseline > 0) {
                System.out.printf("skip_locked_claims_per_s=%.0f ratio=%.1f%n", baseline, rate / baseline);
            }
        }
    }

    /**
     * Sends the requests at a fixed rate and returns each one's decision latency: from the moment it was handed
     * to the producer until the allocator's decision time in the database.
     */
    private static Map<UUID, Long> paced(BookingLoad load, Database database, BookingLoad.Release release,
            long decidedInRelease, List<BookingRequested> crowd, int perSecond) throws Exception {
        Map<UUID, Instant> sent = new HashMap<>();
        int perTick = Math.max(1, perSecond / 100);
        Instant start = Instant.now();
        long behind = 0;
        try (BookingLoad.Publisher publisher = load.publisher()) {
            for (int i = 0; i < crowd.size(); i += perTick) {
                List<BookingRequested> tick = crowd.subList(i, Math.min(crowd.size(), i + perTick));
                Instant due = start.plusMillis(i * 1000L / perSecond);
                long wait = Duration.between(Instant.now(), due).toMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                } else {
                    behind = Math.max(behind, -wait);
                }
                Instant now = Instant.now();
                tick.forEach(r -> sent.put(r.requestId(), now));
                publisher.send(tick);
            }
        }
        System.out.printf("paced: %d requests at %d/s, sent in %d ms, at most %d ms behind schedule%n", crowd.size(),
                perSecond, Duration.between(start, Instant.now()).toMillis(), behind);
        if (!load.awaitDecided(release, decidedInRelease, Duration.ofMinutes(5))) {
            throw new IllegalStateException("the paced requests were not decided within 5 minutes");
        }
        Map<UUID, Long> latencies = new HashMap<>();
        try (Connection db = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
             PreparedStatement query = db.prepareStatement("select d.request_id, d.decided_at from request_decision d "
                     + "where d.request_id = any(?)")) {
            query.setArray(1, db.createArrayOf("uuid", sent.keySet().toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    UUID id = UUID.fromString(rows.getString(1));
                    latencies.put(id, Duration.between(sent.get(id), rows.getTimestamp(2).toInstant()).toMillis());
                }
            }
        }
        if (latencies.size() != crowd.size()) {
            throw new IllegalStateException(crowd.size() - latencies.size() + " paced requests were not decided");
        }
        printBatches(database, sent.keySet());
        return latencies;
    }

    /**
     * How the allocator cut the paced requests into batches: one decision time per batch, so the decision times
     * give the batches' sizes and how often one was decided.
     */
    private static void printBatches(Database database, Collection<UUID> requests) throws SQLException {
        try (Connection db = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
             PreparedStatement query = db.prepareStatement("""
                     with batch as (select decided_at, count(*) as size from request_decision
                                    where request_id = any(?) group by decided_at),
                          gap as (select size, extract(epoch from decided_at - lag(decided_at) over (order by decided_at))
                                           * 1000 as ms from batch)
                     select count(*), percentile_disc(0.5) within group (order by size), max(size),
                            percentile_disc(0.5) within group (order by ms), percentile_disc(0.99) within group (order by ms)
                     from gap""")) {
            query.setArray(1, db.createArrayOf("uuid", requests.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                System.out.printf("batches: %d, requests per batch p50 %d max %d, between batches p50 %.0f ms p99 %.0f ms%n",
                        rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getDouble(4), rows.getDouble(5));
            }
        }
    }

    /** Decision latencies of requests decided in their first pool and of requests passed on to a second one. */
    private record Forwarding(List<Long> direct, List<Long> passedOn) {
    }

    /**
     * What passing a request on to the next pool of its list costs: a release of three pools, the first sold
     * out beforehand; then, at the paced rate, half the requests name the third pool alone and half name the
     * sold-out first pool with the second as alternative, interleaved, so both halves meet the same load.
     */
    private static Forwarding forwarding(BookingLoad load, Database database, int perSecond, int seconds)
            throws Exception {
        int half = Math.max(1, perSecond * seconds / 2);
        BookingLoad.Release release = load.openRelease(3, half);
        String soldOut = release.poolKeys().get(0);
        String next = release.poolKeys().get(1);
        String direct = release.poolKeys().get(2);
        load.publish(load.acceptRequests(release, half, List.of(soldOut)));
        if (!load.awaitDecided(release, half, Duration.ofMinutes(5))) {
            throw new IllegalStateException("the requests filling the first pool were not decided within 5 minutes");
        }
        List<BookingRequested> toDirect = load.acceptRequests(release, half, List.of(direct));
        List<BookingRequested> toPassOn = load.acceptRequests(release, half, List.of(soldOut, next));
        List<BookingRequested> crowd = new ArrayList<>(2 * half);
        for (int i = 0; i < half; i++) {
            crowd.add(toDirect.get(i));
            crowd.add(toPassOn.get(i));
        }
        Map<UUID, Long> latencies = paced(load, database, release, 3L * half, crowd, perSecond);
        BookingLoad.Outcome outcome = load.outcome(release);
        if (outcome.confirmed() != 3L * half || outcome.bookings() != outcome.distinctSlots()) {
            throw new IllegalStateException("forwarding run: " + outcome);
        }
        return new Forwarding(
                sorted(toDirect.stream().map(r -> latencies.get(r.requestId())).toList()),
                sorted(toPassOn.stream().map(r -> latencies.get(r.requestId())).toList()));
    }

    /**
     * Reads the availability topic while the paced requests are decided and keeps, for each picture of the
     * release, how old it was on arrival: from the decision time of the batch it shows until this consumer
     * had it, which is as late as booking-api's cache has it.
     */
    private static final class AvailabilityWatch implements AutoCloseable {

        private final List<Long> ages = Collections.synchronizedList(new ArrayList<>());
        private final Map<String, Integer> freeByPool = new ConcurrentHashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread reader;

        AvailabilityWatch(String bootstrapServers, long releaseId) {
            KafkaConsumer<String, AvailabilitySnapshot> consumer = new KafkaConsumer<>(Map.<String, Object>of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"),
                    new StringDeserializer(), new AvailabilitySnapshotDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.AVAILABILITY).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            reader = new Thread(() -> {
                try (consumer) {
                    while (running.get()) {
                        for (ConsumerRecord<String, AvailabilitySnapshot> record : consumer.poll(Duration.ofMillis(100))) {
                            Instant arrived = Instant.now();
                            AvailabilitySnapshot snapshot = record.value();
                            if (snapshot != null && snapshot.releaseId() == releaseId) {
                                ages.add(Duration.between(snapshot.at(), arrived).toMillis());
                                synchronized (freeByPool) {
                                    freeByPool.put(snapshot.poolKey(), snapshot.freeSlots());
                                    freeByPool.notifyAll();
                                }
                            }
                        }
                    }
                }
            }, "availability-watch");
            reader.start();
        }

        /** Waits until the latest picture of every pool shows no free slot; false on time-out. */
        boolean awaitSoldOut(List<String> pools, Duration timeout) throws InterruptedException {
            Instant deadline = Instant.now().plus(timeout);
            synchronized (freeByPool) {
                // Woken by each new picture, not by a clock.
                while (!pools.stream().allMatch(pool -> Integer.valueOf(0).equals(freeByPool.get(pool)))) {
                    long left = Duration.between(Instant.now(), deadline).toMillis();
                    if (left <= 0) {
                        return false;
                    }
                    freeByPool.wait(left);
                }
                return true;
            }
        }

        List<Long> ages() {
            synchronized (ages) {
                return List.copyOf(ages);
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            reader.join();
        }
    }

    private static List<Long> sorted(Collection<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted;
    }

    private static String summary(List<Long> sorted) {
        if (sorted.isEmpty()) {
            return "none";
        }
        return String.format("p50=%d p95=%d p99=%d max=%d (n=%d)", percentile(sorted, 50), percentile(sorted, 95),
                percentile(sorted, 99), sorted.get(sorted.size() - 1), sorted.size());
    }

    private static double skipLockedBaseline(Path root) throws IOException, InterruptedException {
        Path script = root.resolveSibling("shared").resolve("bench").resolve("pg-claim-baseline.sh");
        if (!Files.exists(script)) {
            System.out.println("no " + script + ": baseline skipped");
            return 0;
        }
        Process process = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).start();
        double claims = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                System.out.println("baseline: " + line);
                if (line.startsWith("skip_locked_claims_per_s=")) {
                    claims = Double.parseDouble(line.substring(line.indexOf('=') + 1).trim());
                }
            }
        }
        process.waitFor();
        return claims;
    }

    private static long percentile(List<Long> sorted, int percent) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (arg.startsWith("--") && arg.contains("=")) {
                options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            }
        }
        return options;
    }
}
