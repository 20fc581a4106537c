package io.sluice.gatling.bench;

import io.sluice.gatling.BookingThroughputSimulation;
import io.sluice.gatling.ReleaseStormSimulation;
import io.sluice.gatling.WaitingRoomStatusSimulation;
import io.sluice.infra.SluiceStack;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The storm benchmark ({@code bin/sluice bench-storm}): the SKIP LOCKED baseline
 * ({@code ../shared/bench/pg-claim-baseline.sh}), then the whole stack started production-like (packaged
 * services, realistic heaps, INFO logging, waiting room on) and the three simulations against it, each
 * followed by a check of PostgreSQL and the SMTP server; one summary with the ratios at the end.
 *
 * <p>Options: {@code --people=N} (66000), {@code --slots=S} (4000), {@code --sites=K} (4),
 * {@code --spread=SECONDS} (60), {@code --throughput-users=U} (200), {@code --throughput-seconds=T} (30),
 * {@code --throughput-slots=S} (100000), {@code --status-seconds=T} (20), {@code --baseline-seconds=T} (20; 0 skips it),
 * {@code --root=DIR}.
 */
public final class StormBenchmark {

    /** Heaps as a small production deployment would give them; the local run's 256 MB is for laptops. */
    static final List<String> SERVICE_JVM = List.of("-Xms256m", "-Xmx512m");
    /** Gatling's stats writer reads String internals, which Java 17 opens only on request (its Maven plugin does the same). */
    static final List<String> GATLING_JVM = List.of("-Xms512m", "-Xmx2g", "--add-opens=java.base/java.lang=ALL-UNNAMED");

    private StormBenchmark() {
    }

    /** What a run is asked to do. */
    record Options(Path root, Path stackDir, int people, int slots, int sites, int spreadSeconds, int throughputUsers, int throughputSeconds,
            int throughputSlots, int statusSeconds, int baselineSeconds, Map<String, String> latencyLimits) {

        static Options parse(String[] args) {
            Map<String, String> given = new HashMap<>();
            for (String arg : args) {
                if (arg.startsWith("--") && arg.contains("=")) {
                    given.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
                } else {
                    throw new IllegalArgumentException("unknown argument " + arg + " (options look like --people=66000)");
                }
            }
            Path root = Path.of(given.getOrDefault("root", ".")).toAbsolutePath().normalize();
            return new Options(root, root.resolve(".sluice-storm"),
                    number(given, "people", 66_000), number(given, "slots", 4_000), number(given, "sites", 4),
                    number(given, "spread", 60), number(given, "throughput-users", 200), number(given, "throughput-seconds", 30),
                    number(given, "throughput-slots", 100_000), number(given, "status-seconds", 20),
                    number(given, "baseline-seconds", 20), Map.of());
        }

        private static int number(Map<String, String> given, String name, int defaultValue) {
            return Integer.parseInt(given.getOrDefault(name, Integer.toString(defaultValue)));
        }
    }

    public static void main(String[] args) throws Exception {
        StormReport report = run(Options.parse(args), System.out);
        System.exit(report.targetsOfCorrectnessHeld() ? 0 : 1);
    }

    static StormReport run(Options options, PrintStream out) throws Exception {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path results = options.root().resolve("gatling/target/gatling/storm-" + stamp);
        Files.createDirectories(results);
        StormReport report = new StormReport(options, results, loadAverage());

        if (options.baselineSeconds() > 0) {
            out.println("SKIP LOCKED baseline (" + options.baselineSeconds() + " s)...");
            report.baselineClaimsPerSecond = skipLockedBaseline(options, out);
        }

        out.println("starting the stack (production-like)...");
        try (SluiceStack stack = new SluiceStack(options.root(), options.stackDir())
                .withPorts(SluiceStack.Ports.free())
                .withKafkaPartitions(Math.max(4, options.sites()))
                .withServiceJvmOptions(SERVICE_JVM)
                .start()) {
            Verification verification = new Verification(stack.infrastructure().database(), stack.infrastructure().mail());
            CpuMeter cpu = new CpuMeter(stack);
            Map<String, String> common = new HashMap<>(options.latencyLimits());
            common.put("baseUrl", stack.bookingApi().baseUri().toString().replaceAll("/$", ""));
            common.put("operatorToken", stack.tokens().token("bench-operator", List.of("operator"), Duration.ofHours(2)));
            common.put("staffToken", stack.tokens().token("bench-staff", List.of("staff"), Duration.ofHours(2)));
            List<String> confirmedEmails = new ArrayList<>();

            Map<String, String> storm = new HashMap<>(common);
            storm.put("people", Integer.toString(options.people()));
            storm.put("slots", Integer.toString(options.slots()));
            storm.put("sites", Integer.toString(options.sites()));
            storm.put("spread", Integer.toString(options.spreadSeconds()));
            out.printf("storm: %,d people for %,d slots over %d sites within %d s...%n", options.people(), options.slots(),
                    options.sites(), options.spreadSeconds());
            report.storm = phase(ReleaseStormSimulation.class, storm, results, cpu);
            report.stormOutcome = verification.release(report.storm.run().figure("releaseId"));
            confirmedEmails.addAll(report.stormOutcome.confirmedEmails());
            report.stormMailsSeconds = awaitMails(verification, confirmedEmails.size());

            Map<String, String> throughput = new HashMap<>(common);
            throughput.put("users", Integer.toString(options.throughputUsers()));
            throughput.put("seconds", Integer.toString(options.throughputSeconds()));
            throughput.put("slots", Integer.toString(options.throughputSlots()));
            out.printf("throughput: %d citizens booking back to back for %d s...%n", options.throughputUsers(),
                    options.throughputSeconds());
            report.throughput = phase(BookingThroughputSimulation.class, throughput, results, cpu);
            report.throughputOutcome = verification.release(report.throughput.run().figure("releaseId"));
            confirmedEmails.addAll(report.throughputOutcome.confirmedEmails());
            awaitMails(verification, confirmedEmails.size());

            Map<String, String> status = new HashMap<>(common);
            status.put("seconds", Integer.toString(options.statusSeconds()));
            out.printf("status checks and liveness, %d s each...%n", options.statusSeconds());
            report.status = phase(WaitingRoomStatusSimulation.class, status, results, cpu);

            report.mails = verification.mails(confirmedEmails);
        }
        report.loadAverageAfter = loadAverage();
        report.print(out);
        return report;
    }

    /** One simulation with the CPU every process used meanwhile. */
    record Phase(GatlingRun.Result run, Map<String, Long> cpu, Duration wall) {
    }

    private static Phase phase(Class<?> simulation, Map<String, String> properties, Path results, CpuMeter cpu)
            throws IOException, InterruptedException {
        Map<String, Long> before = cpu.sample();
        Instant started = Instant.now();
        GatlingRun.Result run = GatlingRun.run(simulation, properties, results, GATLING_JVM);
        Duration wall = Duration.between(started, Instant.now());
        Map<String, Long> used = CpuMeter.between(before, cpu.sample());
        used.put("gatling", run.figure("cpuMillis"));
        return new Phase(run, used, wall);
    }

    /** Seconds until every confirmed booking so far has its mail (at most five minutes), so phases do not overlap. */
    private static long awaitMails(Verification verification, int expected) throws InterruptedException {
        Instant started = Instant.now();
        verification.awaitMails(expected, Duration.ofMinutes(5));
        return Duration.between(started, Instant.now()).toSeconds();
    }

    private static double skipLockedBaseline(Options options, PrintStream out) throws IOException, InterruptedException {
        Path script = options.root().resolveSibling("shared").resolve("bench").resolve("pg-claim-baseline.sh");
        if (!Files.exists(script)) {
            out.println("no " + script + ": baseline skipped");
            return 0;
        }
        Process process = new ProcessBuilder("bash", script.toString(), "--seconds", Integer.toString(options.baselineSeconds()))
                .redirectErrorStream(true).start();
        double claims = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                out.println("baseline: " + line);
                if (line.startsWith("skip_locked_claims_per_s=")) {
                    claims = Double.parseDouble(line.substring(line.indexOf('=') + 1).trim());
                }
            }
        }
        process.waitFor();
        return claims;
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
