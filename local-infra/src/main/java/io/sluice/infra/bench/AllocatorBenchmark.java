package io.sluice.infra.bench;

import io.sluice.events.BookingRequested;
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
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The allocator alone, measured: requests preloaded into Kafka, then the allocator started and
 * timed until every request is decided and committed; then a paced run at half that rate for the
 * decision latency. Compared in the same run with the best single-database claim
 * ({@code ../shared/bench/pg-claim-baseline.sh}). Run with {@code bin/sluice bench-allocator}.
 *
 * <p>Options: {@code --requests=N} (default 200000), {@code --sites=K} (20), {@code --slots=S}
 * (50000 in all), {@code --partitions=P} (8), {@code --paced-seconds=T} (20), {@code --root=DIR},
 * {@code --baseline=false} to leave out the SKIP LOCKED run while trying a change (no ratio then),
 * {@code --warmup-requests=W} (30000, 0 for none).
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

            List<Long> latencies = paced(load, database.jdbcUrl(), database.username(), database.password(),
                    sites, (int) (rate / 2), pacedSeconds);
            allocator.stop();

            Collections.sort(latencies);
            double baseline = Boolean.parseBoolean(options.getOrDefault("baseline", "true")) ? skipLockedBaseline(root) : 0;
            System.out.println();
            System.out.printf("allocator_decisions_per_s=%.0f%n", rate);
            System.out.printf("paced_rate_per_s=%d latency_ms_p50=%d p95=%d p99=%d max=%d (n=%d)%n", (int) (rate / 2),
                    percentile(latencies, 50), percentile(latencies, 95), percentile(latencies, 99),
                    latencies.get(latencies.size() - 1), latencies.size());
            if (baseline > 0) {
                System.out.printf("skip_locked_claims_per_s=%.0f ratio=%.1f%n", baseline, rate / baseline);
            }
        }
    }

    /**
     * Sends requests at a fixed rate to a fresh release and returns each one's decision latency:
     * from the moment it was handed to Kafka until the allocator's decision time in the database.
     */
    private static List<Long> paced(BookingLoad load, String jdbcUrl, String user, String password, int sites, int perSecond,
            int seconds) throws Exception {
        BookingLoad.Release release = load.openRelease(sites, Math.max(1, perSecond * seconds / sites));
        List<BookingRequested> crowd = load.acceptRequests(release, perSecond * seconds);
        Map<UUID, Instant> sent = new HashMap<>();
        int perTick = Math.max(1, perSecond / 100);
        Instant start = Instant.now();
        for (int i = 0; i < crowd.size(); i += perTick) {
            List<BookingRequested> tick = crowd.subList(i, Math.min(crowd.size(), i + perTick));
            Instant due = start.plusMillis(i * 1000L / perSecond);
            long wait = Duration.between(Instant.now(), due).toMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            Instant now = Instant.now();
            tick.forEach(r -> sent.put(r.requestId(), now));
            load.publish(tick);
        }
        load.awaitDecided(release, crowd.size(), Duration.ofMinutes(5));
        List<Long> latencies = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(jdbcUrl, user, password);
             PreparedStatement query = db.prepareStatement("select r.id, d.decided_at from booking_request r join request_decision d on d.request_id = r.id where r.release_id = ?")) {
            query.setLong(1, release.id());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Instant decided = rows.getTimestamp(2).toInstant();
                    latencies.add(Duration.between(sent.get(UUID.fromString(rows.getString(1))), decided).toMillis());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return latencies;
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
