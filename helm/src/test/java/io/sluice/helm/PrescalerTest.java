package io.sluice.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pre-scaler as the chart ships it: the script from the rendered ConfigMap, run with the rendered CronJob's
 * environment (from {@code ci/production-values.yaml}: HPA minimum 3, maximum 30, 20,000 people per replica,
 * 45 minutes lead, 4 allocators raised to 12 in a window) against a fake calendar and a fake Kubernetes API.
 * Needs python3, as the CronJob's image has it.
 */
class PrescalerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-05T06:30:00Z");
    private static final String HPA_PATH = "/apis/autoscaling/v2/namespaces/booking/horizontalpodautoscalers/"
            + Manifests.nameOf("booking-api");
    private static final String SCALE_PATH = "/apis/apps/v1/namespaces/booking/deployments/"
            + Manifests.nameOf("slot-allocator") + "/scale";

    private static String script;
    private static Map<String, String> cronJobEnvironment;

    @TempDir
    Path dir;

    private HttpServer server;
    private volatile int calendarStatus = 200;
    private volatile List<Map<String, Object>> calendar = List.of();
    private final List<String> calendarQueries = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> live = new ConcurrentHashMap<>();
    private final List<Patch> patches = new CopyOnWriteArrayList<>();

    record Patch(String path, Map<?, ?> body, String contentType, String authorization) {
    }

    @BeforeAll
    static void renderTheCronJob() {
        Manifests manifests = Chart.render("ci/production-values.yaml");
        script = manifests.get(io.fabric8.kubernetes.api.model.ConfigMap.class, Chart.FULLNAME + "-prescaler").getData()
                .get("prescale.py");
        Container container = manifests.prescaler().orElseThrow().getSpec().getJobTemplate().getSpec().getTemplate()
                .getSpec().getContainers().get(0);
        assertThat(container.getCommand()).containsExactly("python3", "/scripts/prescale.py");
        cronJobEnvironment = new HashMap<>();
        for (EnvVar variable : container.getEnv()) {
            if (variable.getValue() != null) {
                cronJobEnvironment.put(variable.getName(), variable.getValue());
            }
        }
        // In the pod the namespace comes from the downward API.
        cronJobEnvironment.put("NAMESPACE", Chart.NAMESPACE);
    }

    @BeforeEach
    void startFakes() throws IOException {
        live.put(HPA_PATH, 3);
        live.put(SCALE_PATH, 4);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/calendar/releases", exchange -> {
            calendarQueries.add(exchange.getRequestURI().getQuery());
            respond(exchange, calendarStatus, calendarStatus == 200 ? calendar : Map.of("title", "Unavailable"));
        });
        server.createContext("/apis/", this::kubernetes);
        server.start();
    }

    @AfterEach
    void stopFakes() {
        server.stop(0);
    }

    @Test
    void anAnnouncedReleaseRaisesTheMinimumAheadOfOpeningByItsExpectedDemand() throws Exception {
        calendar = List.of(release(1, "ANNOUNCED", NOW.plus(Duration.ofMinutes(20)), 90_000, 4_000));

        Run run = prescale();

        assertThat(run.exitCode()).as(run.output()).isZero();
        // 90,000 expected people / 20,000 per replica = 4.5: 5 replicas at least, from 45 minutes before opening.
        assertThat(live).containsEntry(HPA_PATH, 5).containsEntry(SCALE_PATH, 12);
        assertThat(patches).extracting(Patch::body).containsExactlyInAnyOrder(
                Map.of("spec", Map.of("minReplicas", 5)), Map.of("spec", Map.of("replicas", 12)));
        assertThat(patches).allSatisfy(patch -> {
            assertThat(patch.contentType()).isEqualTo("application/merge-patch+json");
            assertThat(patch.authorization()).isEqualTo("Bearer service-account-token");
        });
        assertThat(calendarQueries).containsExactlyInAnyOrder("state=ANNOUNCED", "state=OPEN", "state=PAUSED");
        assertThat(run.output()).contains("minReplicas 3 -> 5");
    }

    @Test
    void afterTheWindowTheBaseIsRestoredAndFarReleasesDoNotCountYet() throws Exception {
        live.put(HPA_PATH, 9);
        live.put(SCALE_PATH, 12);
        calendar = List.of(
                // Closed an hour ago: the 30 minutes' hold are over.
                release(1, "OPEN", NOW.minus(Duration.ofHours(3)), 500_000, 10_000, NOW.minus(Duration.ofHours(1))),
                // Opens in three days.
                release(2, "ANNOUNCED", NOW.plus(Duration.ofDays(3)), 500_000, 10_000));

        Run run = prescale();

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(live).containsEntry(HPA_PATH, 3).containsEntry(SCALE_PATH, 4);
    }

    @Test
    void demandBeyondTheMaximumStopsAtTheMaximumAndReleasesWithoutAnEstimateCountTheirSlots() throws Exception {
        calendar = List.of(
                release(1, "OPEN", NOW.minus(Duration.ofMinutes(10)), 900_000, 50_000),
                // No expected demand: 10,000 slots at 15 people per slot.
                release(2, "ANNOUNCED", NOW.plus(Duration.ofMinutes(30)), null, 10_000));

        Run run = prescale();

        assertThat(run.exitCode()).as(run.output()).isZero();
        // (900,000 + 150,000) / 20,000 = 53, above the HPA maximum of 30.
        assertThat(live).containsEntry(HPA_PATH, 30);
        assertThat(run.output()).contains("expected people 1050000");
    }

    @Test
    void releasesInStatesThatDoNotDrawACrowdAreIgnored() throws Exception {
        // A calendar that does not filter by state lists closed and sold-out releases too.
        calendar = List.of(release(1, "SOLD_OUT", NOW.minus(Duration.ofMinutes(5)), 300_000, 1_000),
                release(2, "CLOSED", NOW.minus(Duration.ofMinutes(5)), 300_000, 1_000));

        Run run = prescale();

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(patches).isEmpty();
        assertThat(live).containsEntry(HPA_PATH, 3);
    }

    @Test
    void anUnreadableCalendarChangesNothingAndFailsTheJob() throws Exception {
        live.put(HPA_PATH, 9);
        calendarStatus = 503;

        Run run = prescale();

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output()).contains("calendar not readable, nothing changed");
        // Never scale down for lack of data: a window may be running.
        assertThat(patches).isEmpty();
        assertThat(live).containsEntry(HPA_PATH, 9);
    }

    private record Run(int exitCode, String output) {
    }

    private Run prescale() throws Exception {
        Path scriptFile = dir.resolve("prescale.py");
        Files.writeString(scriptFile, script);
        Path token = dir.resolve("token");
        Files.writeString(token, "service-account-token\n");
        String base = "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
        ProcessBuilder builder = new ProcessBuilder("python3", scriptFile.toString()).redirectErrorStream(true);
        builder.environment().putAll(cronJobEnvironment);
        builder.environment().putAll(Map.of("CALENDAR_URL", base, "KUBERNETES_API", base,
                "KUBERNETES_TOKEN_FILE", token.toString(), "PRESCALE_NOW", NOW.toString()));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError("python3 is needed to test the pre-scaler script (the CronJob's image has it)", e);
        }
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the script ended").isTrue();
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private void kubernetes(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!live.containsKey(path)) {
            respond(exchange, 404, Map.of("kind", "Status", "code", 404));
            return;
        }
        String field = path.equals(HPA_PATH) ? "minReplicas" : "replicas";
        if ("PATCH".equals(exchange.getRequestMethod())) {
            Map<?, ?> body = JSON.readValue(exchange.getRequestBody(), Map.class);
            patches.add(new Patch(path, body, exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization")));
            live.put(path, (Integer) ((Map<?, ?>) body.get("spec")).get(field));
        }
        respond(exchange, 200, Map.of("spec", Map.of(field, live.get(path))));
    }

    private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** A calendar entry as booking-api's GET /api/calendar/releases lists it. */
    private static Map<String, Object> release(long id, String state, Instant opensAt, Integer expectedDemand,
            long slotCount) {
        return release(id, state, opensAt, expectedDemand, slotCount, null);
    }

    private static Map<String, Object> release(long id, String state, Instant opensAt, Integer expectedDemand,
            long slotCount, Instant closesAt) {
        Map<String, Object> release = new HashMap<>();
        release.put("id", id);
        release.put("name", "Release " + id);
        release.put("district", "Leipzig");
        release.put("state", state);
        release.put("opensAt", opensAt.toString());
        release.put("closesAt", closesAt == null ? null : closesAt.toString());
        release.put("expectedDemand", expectedDemand);
        release.put("slotCount", slotCount);
        release.put("sites", new ArrayList<>());
        return release;
    }
}
