package io.sluice.booking.waitingroom.bench;

import io.sluice.booking.waitingroom.Ticket;
import io.sluice.booking.waitingroom.service.TicketSigner;
import io.sluice.infra.JwtIssuer;
import io.sluice.infra.LocalInfrastructure;
import io.sluice.infra.ServiceProcess;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * The status path under load, on the real packaged booking-api against the real PostgreSQL and Kafka:
 * <ol>
 * <li>closed loop, as fast as it goes: status checks against a trivial endpoint of the same server
 * (a static file and the liveness check), same run;</li>
 * <li>open loop at a fixed rate (5,000/s by default), latency measured from each request's scheduled
 * time, so a stall is not hidden by the generator waiting for it;</li>
 * <li>heap after a full GC with 1,000 tickets in the queue, and again with 1,000,000 (statuses of
 * 200,000 different tickets spread over them).</li>
 * </ol>
 * Run after {@code ./mvnw -pl booking-api package -DskipTests} (see docs/benchmarks.md):
 * {@code java -cp booking-api/target/test-classes:booking-api/target/classes:$(cat cp.txt) io.sluice.booking.waitingroom.bench.StatusBenchmark [--rate=5000] [--seconds=30] [--connections=64]}
 */
public final class StatusBenchmark {

    private static final String SECRET = "status-benchmark-ticket-secret";
    private static final java.net.http.HttpClient JDK = java.net.http.HttpClient.newHttpClient();

    private final int rate;
    private final int seconds;
    private final int connections;
    private ServiceProcess api;
    private Vertx vertx;
    private HttpClient client;

    private StatusBenchmark(Map<String, String> args) {
        this.rate = Integer.parseInt(args.getOrDefault("rate", "5000"));
        this.seconds = Integer.parseInt(args.getOrDefault("seconds", "30"));
        this.connections = Integer.parseInt(args.getOrDefault("connections", "64"));
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (String arg : argv) {
            String[] pair = arg.replaceFirst("^--", "").split("=", 2);
            args.put(pair[0], pair.length > 1 ? pair[1] : "true");
        }
        new StatusBenchmark(args).run();
        System.exit(0);
    }

    private void run() throws Exception {
        Path work = Path.of("booking-api", "target", "status-bench").toAbsolutePath();
        JwtIssuer tokens = JwtIssuer.generate();
        try (LocalInfrastructure infra = LocalInfrastructure.start(work)) {
            Map<String, String> env = new HashMap<>(infra.environment());
            env.put("SLUICE_BOOKING_PERSON_KEY_SECRET", "status-benchmark-person-key");
            env.put("SLUICE_WAITING_ROOM_TICKET_SECRET", SECRET);
            env.put("SLUICE_CANCEL_LINK_SECRET", "status-benchmark-cancel-link");
            env.put("SLUICE_WAITING_ROOM_POW_DIFFICULTY", "0");
            // One load generator stands for many citizens: the buckets must not be what is measured.
            env.put("SLUICE_WAITING_ROOM_STATUS_BURST", "100000000");
            env.put("SLUICE_WAITING_ROOM_STATUS_PER_SECOND", "100000000");
            env.put("SLUICE_WAITING_ROOM_JOIN_BURST", "100000000");
            env.put("MP_JWT_VERIFY_PUBLICKEY", tokens.publicKeyPem());
            env.put("MP_JWT_VERIFY_ISSUER", JwtIssuer.ISSUER);
            env.put("SLUICE_JSON_LOGS", "false");
            int port = freePort();
            api = new ServiceProcess("booking-api", Path.of("booking-api"), port, env, work).start();
            api.awaitReady(Duration.ofSeconds(90));
            String bearer = "Bearer " + tokens.token("bench-operator", List.of("operator"), Duration.ofHours(1));
            vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
            client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
                    .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(connections));

            long release = createRelease(bearer);
            List<String> tickets = joinThroughTheApi(release, 1000);
            TicketSigner signer = new TicketSigner(SECRET.getBytes(StandardCharsets.UTF_8));
            String statusPath = "/api/releases/" + release + "/waiting-room/status";
            IntFunction<RequestOptions> status = i -> new RequestOptions().setMethod(HttpMethod.GET).setURI(statusPath)
                    .addHeader("Sluice-Ticket", tickets.get(i % tickets.size()));
            IntFunction<RequestOptions> staticFile = i -> new RequestOptions().setMethod(HttpMethod.GET).setURI("/sluice.css");
            IntFunction<RequestOptions> liveness = i -> new RequestOptions().setMethod(HttpMethod.GET).setURI("/q/health/live");

            System.out.println("warming up ...");
            closedLoop(status, 10);
            closedLoop(staticFile, 5);
            closedLoop(liveness, 5);
            double statusRate = closedLoop(status, 15);
            double staticRate = closedLoop(staticFile, 15);
            double liveRate = closedLoop(liveness, 15);
            System.out.printf("closed loop, %d connections: status %.0f/s, static file %.0f/s (status %.0f %%), liveness %.0f/s (status %.0f %%)%n",
                    connections, statusRate, staticRate, 100 * statusRate / staticRate, liveRate, 100 * statusRate / liveRate);

            if (onPath("wrk")) {
                String base = "http://127.0.0.1:" + port;
                wrk(base + statusPath, tickets.get(0));
                wrk(base + "/sluice.css", null);
                wrk(base + "/q/health/live", null);
            }

            Histogram latency = openLoop(status, rate, seconds);
            System.out.printf("open loop, %d/s for %d s: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms, %d requests%n",
                    rate, seconds, ms(latency.getValueAtPercentile(50)), ms(latency.getValueAtPercentile(90)),
                    ms(latency.getValueAtPercentile(99)), ms(latency.getValueAtPercentile(99.9)), ms(latency.getMaxValue()),
                    latency.getTotalCount());

            long small = heapAfterGc();
            makeQueueLong(infra, release, 1_000_000);
            Instant issued = Instant.now();
            IntFunction<RequestOptions> spread = i -> new RequestOptions().setMethod(HttpMethod.GET).setURI(statusPath)
                    .addHeader("Sluice-Ticket", signer.sign(Ticket.position(release, 1 + (i * 5L) % 1_000_000, issued, Ticket.NO_BINDING)));
            closedLoopCount(spread, 200_000);
            long large = heapAfterGc();
            System.out.printf("heap after full GC: %.1f MB with 1,000 tickets, %.1f MB with 1,000,000 tickets (after statuses of 200,000 different ones)%n",
                    small / 1e6, large / 1e6);
        } finally {
            if (client != null) {
                client.close();
            }
            if (vertx != null) {
                vertx.close();
            }
            if (api != null) {
                api.stop();
            }
        }
    }

    private long createRelease(String bearer) throws IOException, InterruptedException {
        String site = "BENCH-" + Long.toString(System.nanoTime() % 100000);
        post("/api/operator/sites", bearer, "{\"code\":\"" + site + "\",\"name\":\"Bench\",\"address\":\"Messe 1\",\"district\":\"Leipzig\","
                + "\"timeZone\":\"Europe/Berlin\"}");
        String release = post("/api/operator/releases", bearer, "{\"name\":\"Bench\",\"district\":\"Leipzig\",\"openNow\":true,"
                + "\"expectedDemand\":66000,\"slots\":[{\"siteCode\":\"" + site + "\",\"day\":\"" + LocalDate.now().plusDays(3)
                + "\",\"from\":\"08:00\",\"to\":\"18:00\",\"slotMinutes\":5,\"lanes\":40}]}");
        long id = Long.parseLong(field(release, "id"));
        // Nobody is admitted: the common case, a long queue waiting, is what is measured.
        put("/api/operator/releases/" + id + "/waiting-room", bearer, "{\"maxAdmissionRate\":0}");
        return id;
    }

    private List<String> joinThroughTheApi(long release, int count) throws IOException, InterruptedException {
        List<String> tickets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String challenge = field(get("/api/releases/" + release + "/waiting-room/challenge"), "challenge");
            String joined = post("/api/releases/" + release + "/waiting-room/tickets", null,
                    "{\"challenge\":\"" + challenge + "\",\"solution\":\"0\"}");
            tickets.add(field(joined, "ticket"));
        }
        return tickets;
    }

    /** The same comparison with wrk, the load generator everyone knows, for a second opinion. */
    private void wrk(String url, String ticket) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("wrk", "-t2", "-c" + connections, "-d15s", "--latency"));
        if (ticket != null) {
            command.addAll(List.of("-H", "Sluice-Ticket: " + ticket));
        }
        command.add(url);
        Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        wrk.waitFor();
        System.out.println("wrk " + url.replaceFirst("http://[^/]+", "") + ":");
        output.lines().filter(line -> line.contains("Requests/sec") || line.matches("\\s+(50|99)%.*") || line.contains("Non-2xx"))
                .forEach(line -> System.out.println("  " + line.strip()));
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (java.nio.file.Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** Every connection sends its next request when the previous answer arrived; answers requests per second. */
    private double closedLoop(IntFunction<RequestOptions> request, int durationSeconds) throws InterruptedException {
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(durationSeconds);
        CountDownLatch finished = new CountDownLatch(connections);
        AtomicLong counter = new AtomicLong();
        for (int c = 0; c < connections; c++) {
            vertx.runOnContext(v -> loop(request, counter, done, failed, end, finished));
        }
        finished.await();
        if (failed.get() > 0) {
            System.out.println("  " + failed.get() + " requests failed");
        }
        return done.get() / (double) durationSeconds;
    }

    private void loop(IntFunction<RequestOptions> request, AtomicLong counter, AtomicLong done, AtomicLong failed, long end,
            CountDownLatch finished) {
        if (System.nanoTime() >= end) {
            finished.countDown();
            return;
        }
        send(request.apply((int) counter.getAndIncrement()), ok -> {
            (ok ? done : failed).incrementAndGet();
            loop(request, counter, done, failed, end, finished);
        });
    }

    private void closedLoopCount(IntFunction<RequestOptions> request, int total) throws InterruptedException {
        CountDownLatch finished = new CountDownLatch(total);
        AtomicLong next = new AtomicLong();
        for (int c = 0; c < connections; c++) {
            vertx.runOnContext(v -> countLoop(request, next, total, finished));
        }
        finished.await();
    }

    private void countLoop(IntFunction<RequestOptions> request, AtomicLong next, int total, CountDownLatch finished) {
        long i = next.getAndIncrement();
        if (i >= total) {
            return;
        }
        send(request.apply((int) i), ok -> {
            finished.countDown();
            countLoop(request, next, total, finished);
        });
    }

    /** Requests at a fixed rate regardless of answers; latency counts from when each request was due. */
    private Histogram openLoop(IntFunction<RequestOptions> request, int perSecond, int durationSeconds) throws InterruptedException {
        Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        long total = (long) perSecond * durationSeconds;
        CountDownLatch finished = new CountDownLatch((int) total);
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        AtomicLong sent = new AtomicLong();
        vertx.setPeriodic(1, timer -> {
            long due = Math.min(total, (System.nanoTime() - start) * perSecond / 1_000_000_000L);
            while (sent.get() < due) {
                long index = sent.getAndIncrement();
                long scheduled = start + index * 1_000_000_000L / perSecond;
                send(request.apply((int) index), ok -> {
                    synchronized (histogram) {
                        histogram.recordValue(Math.min(System.nanoTime() - scheduled, histogram.getHighestTrackableValue()));
                    }
                    if (!ok) {
                        failed.incrementAndGet();
                    }
                    finished.countDown();
                });
            }
            if (sent.get() >= total) {
                vertx.cancelTimer(timer);
            }
        });
        finished.await();
        if (failed.get() > 0) {
            System.out.println("  " + failed.get() + " requests failed");
        }
        return histogram;
    }

    private void send(RequestOptions options, java.util.function.Consumer<Boolean> done) {
        client.request(options)
                .compose(request -> request.send())
                .compose(response -> response.body().map(body -> response.statusCode() == 200))
                .onComplete(result -> done.accept(result.succeeded() && result.result()));
    }

    /** Heap in use right after a full GC of the service, from its Prometheus metrics. */
    private long heapAfterGc() throws IOException, InterruptedException {
        long pid = api.pid().orElseThrow();
        Process gc = new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").redirectErrorStream(true).start();
        gc.getInputStream().readAllBytes();
        gc.waitFor();
        Matcher used = Pattern.compile("^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} ([0-9.E+]+)", Pattern.MULTILINE)
                .matcher(get("/q/metrics"));
        long total = 0;
        while (used.find()) {
            total += (long) Double.parseDouble(used.group(1));
        }
        return total;
    }

    /** A million joined tickets as the counter row records them: no row per ticket is what is being shown. */
    private static void makeQueueLong(LocalInfrastructure infra, long release, long joined) throws SQLException {
        try (Connection db = DriverManager.getConnection(infra.database().jdbcUrl(), infra.database().username(),
                infra.database().password())) {
            db.createStatement().executeUpdate("update waiting_room set fifo_joined = " + joined + " - lottery_drawn where release_id = " + release);
        }
    }

    private String get(String path) throws IOException, InterruptedException {
        return JDK.send(HttpRequest.newBuilder(api.uri(path)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private String post(String path, String bearer, String json) throws IOException, InterruptedException {
        return send("POST", path, bearer, json);
    }

    private String put(String path, String bearer, String json) throws IOException, InterruptedException {
        return send("PUT", path, bearer, json);
    }

    private String send(String method, String path, String bearer, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.uri(path)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json));
        if (bearer != null) {
            request.header("Authorization", bearer);
        }
        HttpResponse<String> response = JDK.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":\"?([^\",}]+)").matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return matcher.group(1);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
