package io.sluice.booking;

import static io.restassured.RestAssured.given;
import static io.sluice.booking.Api.createSite;
import static io.sluice.booking.Api.operator;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.booking.waitingroom.Admission;
import io.sluice.booking.waitingroom.Ticket;
import io.sluice.booking.waitingroom.service.TicketSigner;
import io.sluice.events.CancelLink;
import io.sluice.infra.SluiceInfraTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.sessions.JqwikSession;
import org.junit.jupiter.api.Test;

/**
 * Ten thousand generated bad requests against every operation of the OpenAPI document, public and
 * operator alike: malformed, truncated and mistyped JSON, huge bodies and headers, impossible dates
 * and zones, injection and unicode edge cases in bodies, paths, queries and headers, and tampered,
 * expired, foreign-release and forged tickets, admissions, tokens and cancel links. None may end in
 * a 5xx, every refusal is a problem document that says what was wrong, and the database is the same
 * afterwards. The generators are jqwik's, driven by one seed ({@code -Dsluice.fuzz.seed}), so a
 * failure names the request that caused it and reproduces.
 */
@QuarkusTest
@QuarkusTestResource(SluiceInfraTestResource.class)
@QuarkusTestResource(TokenTestResource.class)
class BadInputIT {

    private static final long SEED = Long.getLong("sluice.fuzz.seed", 20261122L);
    private static final int REQUESTS = Integer.getInteger("sluice.fuzz.requests", 10_000);
    private static final int IN_FLIGHT = 16;
    private static final String TEST_TICKET_SECRET = "test-ticket-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Tables that only requests write: compared row by row. */
    private static final List<String> REQUEST_OWNED = List.of("site", "site_capacity", "slot", "booking_request",
            "person_release", "booking", "invitation", "release_transition", "waitlist_entry", "site_staff_contact",
            "district_subscription", "waiting_room_invitation");

    @TestHTTPResource("/")
    URL base;

    @Inject
    Pool db;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /**
     * Oversized requests get their own connections: the server closes a connection after refusing
     * one, and a pooled connection reused by the next request would fail that request instead.
     */
    private final HttpClient oversizedHttp = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void generatedBadRequestsNeverFailChangeNothingAndAreAnsweredWithAProblem() throws Exception {
        Fixture fixture = fixture();
        List<Operation> operations = operations();
        assertThat(operations).as("operations in the OpenAPI document").hasSizeGreaterThan(20);
        Map<String, String> before = snapshot(fixture);

        Random random = new Random(SEED);
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        // jqwik's generators outside a property need a session on this thread.
        JqwikSession.start(String.valueOf(SEED));
        try {
            Generators generators = new Generators(fixture);
            for (int i = 0; i < REQUESTS; i++) {
                if (i % 1000 == 0) {
                    System.out.printf("bad requests sent: %d, answers so far: %s%n", i, new TreeMap<>(statuses));
                }
                Operation operation = operations.get(i % operations.size());
                BadRequest bad = generators.request(operation, random);
                inFlight.acquire();
                pending.add((bad.oversized() ? oversizedHttp : http).sendAsync(bad.toHttp(base), BadInputIT::bodyUnlessStream)
                        .handle((response, error) -> {
                            inFlight.release();
                            judge(bad, response, error, failures, statuses);
                            return null;
                        }));
            }
        } finally {
            JqwikSession.finish();
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();

        assertThat(failures).as("bad requests that failed, or were refused without a useful problem (seed %d; statuses %s)",
                SEED, new TreeMap<>(statuses)).isEmpty();
        assertThat(snapshot(fixture)).as("the database after %d bad requests", REQUESTS).isEqualTo(before);
        assertThat(statuses.keySet()).as("refusals of several kinds").contains(400, 401, 403, 404);
    }

    /** A live event stream (the staff dashboard) never ends: its headers are the answer, then it is hung up. */
    private static HttpResponse.BodySubscriber<String> bodyUnlessStream(HttpResponse.ResponseInfo response) {
        boolean stream = response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream");
        return stream ? new HangUp() : HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8);
    }

    private static final class HangUp implements HttpResponse.BodySubscriber<String> {

        @Override
        public CompletionStage<String> getBody() {
            return CompletableFuture.completedStage("(event stream)");
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.cancel();
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
        }

        @Override
        public void onError(Throwable throwable) {
        }

        @Override
        public void onComplete() {
        }
    }

    private static void judge(BadRequest bad, HttpResponse<String> response, Throwable error, List<String> failures,
            Map<Integer, AtomicInteger> statuses) {
        if (error != null) {
            // A connection the server closed on an oversized request is its answer; anything else is not.
            if (!bad.oversized()) {
                failures.add(bad + " -> " + error);
            }
            return;
        }
        int status = response.statusCode();
        statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
        if (status >= 500) {
            failures.add(bad + " -> " + status + " " + abbreviate(response.body()));
        } else if (status >= 400 && !(status == 431 && bad.oversizedHeader())) {
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (!type.startsWith("application/problem+json") || !namesTheIssue(response.body())) {
                failures.add(bad + " -> " + status + " " + type + " " + abbreviate(response.body()));
            }
        }
    }

    /** A problem with a detail or field violations: something a caller can act on. */
    private static boolean namesTheIssue(String body) {
        try {
            var problem = JSON.readTree(body);
            return problem.path("status").isInt()
                    && (!problem.path("detail").asText("").isBlank() || problem.path("violations").size() > 0);
        } catch (Exception e) {
            return false;
        }
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    // ---------------------------------------------------------------------------------------------
    // What is attacked: the document's operations, and a release with a waiting room to aim at.

    /** An operation of the OpenAPI document with the example body it documents, if any. */
    record Operation(String method, String path, boolean privileged, Map<String, Object> example, List<String> queryParams,
            List<String> headerParams) {
    }

    @SuppressWarnings("unchecked")
    private static List<Operation> operations() {
        Map<String, Map<String, Map<String, Object>>> paths = given().get("/q/openapi?format=json")
                .then().statusCode(200).extract().jsonPath().getMap("paths");
        List<Operation> result = new ArrayList<>();
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            if (!(operation instanceof Map)) {
                return;
            }
            List<String> tags = (List<String>) operation.getOrDefault("tags", List.of());
            List<String> query = new ArrayList<>();
            List<String> headers = new ArrayList<>();
            for (Map<String, Object> parameter : (List<Map<String, Object>>) operation.getOrDefault("parameters", List.of())) {
                if ("query".equals(parameter.get("in"))) {
                    query.add((String) parameter.get("name"));
                } else if ("header".equals(parameter.get("in"))) {
                    headers.add((String) parameter.get("name"));
                }
            }
            result.add(new Operation(method.toUpperCase(), path, tags.contains("operator") || tags.contains("staff"),
                    example(operation), query, headers));
        }));
        result.sort((a, b) -> (a.method() + a.path()).compareTo(b.method() + b.path()));
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> example(Map<String, Object> operation) {
        Map<String, Object> body = (Map<String, Object>) operation.get("requestBody");
        if (body == null) {
            return null;
        }
        Map<String, Object> json = ((Map<String, Map<String, Object>>) body.get("content")).get("application/json");
        Map<String, Map<String, Object>> examples = json == null ? null : (Map<String, Map<String, Object>>) json.get("examples");
        if (examples == null || examples.isEmpty()) {
            return Map.of();
        }
        Object value = examples.values().iterator().next().get("value");
        try {
            return value instanceof String text ? JSON.readValue(text, Map.class) : (Map<String, Object>) value;
        } catch (Exception e) {
            return Map.of();
        }
    }

    /** A release whose waiting room holds everyone back (nothing moves while the requests run), and its ticket. */
    record Fixture(long releaseId, long otherReleaseId, String ticket, String otherTicket, String bookingCode) {
    }

    private Fixture fixture() {
        long release = Citizen.releaseWithWaitingRoom(createSite(), "08:00", "09:00");
        long other = Citizen.releaseWithWaitingRoom(createSite(), "08:00", "09:00");
        for (long id : List.of(release, other)) {
            operator().body(Map.of("maxAdmissionRate", 0)).put("/api/operator/releases/" + id + "/waiting-room")
                    .then().statusCode(200);
        }
        String ticket = Citizen.joining(release).ticket;
        String otherTicket = Citizen.joining(other).ticket;
        return new Fixture(release, other, ticket, otherTicket, "FUZZ-" + Long.toHexString(SEED).toUpperCase());
    }

    // ---------------------------------------------------------------------------------------------
    // The generators.

    /** One generated request; its description is what a failure report shows. */
    record BadRequest(String method, String path, String body, Map<String, String> headers, String description,
            boolean oversizedHeader) {

        /** Beyond a size limit: the server may answer and close before the client has sent it all. */
        boolean oversized() {
            return oversizedHeader || (body != null && body.length() > 1024 * 1024);
        }

        HttpRequest toHttp(URL base) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + path))
                    .timeout(Duration.ofSeconds(10))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            headers.forEach(request::header);
            return request.build();
        }

        @Override
        public String toString() {
            return method + " " + (path.length() > 160 ? path.substring(0, 160) + "..." : path) + " [" + description + "]";
        }
    }

    private static final class Generators {

        private final Fixture fixture;
        private final TicketSigner testSigner = new TicketSigner(TEST_TICKET_SECRET.getBytes(StandardCharsets.UTF_8));
        private final TicketSigner foreignSigner = new TicketSigner("not-the-ticket-secret".getBytes(StandardCharsets.UTF_8));
        private final RandomGenerator<String> nasty;
        private final RandomGenerator<String> pathSegment;
        private final RandomGenerator<String> badDate;
        private final RandomGenerator<Integer> truncation;

        Generators(Fixture fixture) {
            this.fixture = fixture;
            Arbitrary<String> injection = Arbitraries.of("' or '1'='1", "'; drop table slot; --", "\" or \"\"=\"",
                    "<script>alert(1)</script>", "${jndi:ldap://127.0.0.1/x}", "{{7*7}}", "../../../../etc/passwd",
                    "%00", "\\u0000", "$where", "1; select pg_sleep(10)", "admin'--", "%s%s%s%n");
            Arbitrary<String> unicode = Arbitraries.of("\u202Egnp.exe", "\u200B\u200B", "\uFEFF", "\uD800", "\uDFFF",
                    "👩‍👩‍👧‍👦", "Ǆǅǆ", "İstanbul", "ﷺ", "\u0000", "\u0007\u001B[31m", "e\u0301\u0301\u0301", "Ω≈ç√∫");
            Arbitrary<String> noise = Arbitraries.strings().all().ofMinLength(0).ofMaxLength(40);
            this.nasty = Arbitraries.oneOf(injection, unicode, noise).generator(100);
            this.pathSegment = Arbitraries.oneOf(
                    Arbitraries.longs().between(1_000_000_000_000L, Long.MAX_VALUE).map(String::valueOf),
                    Arbitraries.of("-1", "0", "99999999999999999999999", "1e9", "0x10", "NaN", "null", "%2e%2e", "%2F",
                            "%00", "%E2%80%AE", "%25"),
                    Arbitraries.oneOf(injection, unicode, noise).map(text -> URLEncoder.encode(text, StandardCharsets.UTF_8)))
                    .generator(100);
            this.badDate = Arbitraries.of("2026-02-30", "2026-13-01", "0000-00-00", "2026-2-3", "+999999999-12-31",
                    "31.12.2026", "2026-12-31T25:00", "tomorrow", "", "2026-W53-8").generator(100);
            this.truncation = Arbitraries.integers().between(1, 1000).generator(100);
        }

        BadRequest request(Operation operation, Random random) {
            List<String> what = new ArrayList<>();
            String path = path(operation, random, what);
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("X-Forwarded-For", "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254)));
            boolean oversizedHeader = credentials(operation, random, headers, what);
            String body = null;
            if (operation.example() != null) {
                headers.put("Content-Type", random.nextInt(20) == 0 ? "text/plain" : "application/json");
                body = body(operation.example(), random, what);
            }
            if (!operation.queryParams().isEmpty()) {
                StringBuilder query = new StringBuilder();
                for (String name : operation.queryParams()) {
                    query.append(query.isEmpty() ? "?" : "&").append(name).append('=').append(queryValue(name, random));
                }
                path += query;
                what.add("query " + operation.queryParams());
            }
            return new BadRequest(operation.method(), path, body, headers, String.join(", ", what), oversizedHeader);
        }

        /**
         * Path parameters name nothing that exists, except the fixture's release for citizen
         * operations (their bodies and credentials are broken instead). Operator operations never
         * get a real id: with a valid token, a bodiless "open" on a real release would be a valid request.
         */
        private String path(Operation operation, Random random, List<String> what) {
            StringBuilder path = new StringBuilder();
            for (String part : operation.path().split("/")) {
                if (part.isEmpty()) {
                    continue;
                }
                path.append('/');
                if (!part.startsWith("{")) {
                    path.append(part);
                } else if (!operation.privileged() && part.toLowerCase().contains("release") && random.nextInt(3) == 0) {
                    path.append(random.nextBoolean() ? fixture.releaseId() : fixture.otherReleaseId());
                    what.add(part + "=fixture");
                } else {
                    String segment = pathSegment.next(random).value();
                    path.append(segment.isEmpty() ? "%20" : segment.replace("+", "%20"));
                    what.add(part + "=" + segment);
                }
            }
            return path.toString();
        }

        /** Adds credentials that must not be accepted; answers whether a header is beyond the size limit. */
        private boolean credentials(Operation operation, Random random, Map<String, String> headers, List<String> what) {
            if (operation.privileged()) {
                switch (random.nextInt(6)) {
                    case 0 -> what.add("no token");
                    case 1 -> {
                        headers.put("Authorization", "Bearer " + TokenTestResource.tokens().token("fuzz", List.of("operator"),
                                Instant.now().minus(Duration.ofHours(2)), Duration.ofHours(1)));
                        what.add("expired operator token");
                    }
                    case 2 -> {
                        headers.put("Authorization", "Bearer " + tampered(TokenTestResource.bearer("operator").substring(7), random));
                        what.add("tampered operator token");
                    }
                    case 3 -> {
                        headers.put("Authorization", "Bearer eyJhbGciOiJub25lIn0.eyJncm91cHMiOlsib3BlcmF0b3IiXX0.");
                        what.add("unsigned token");
                    }
                    default -> {
                        // A valid operator: the request gets past the door and must fail on its content.
                        headers.put("Authorization", TokenTestResource.bearer("operator"));
                        what.add("operator");
                    }
                }
            }
            if (random.nextInt(40) == 0) {
                headers.put("X-Sluice-Padding", "x".repeat(20_000));
                what.add("20 kB header");
                return true;
            }
            if (operation.headerParams().contains("Sluice-Ticket")) {
                headers.put("Sluice-Ticket", ticket(random, what));
            }
            if (operation.headerParams().contains("Sluice-Admission")) {
                headers.put("Sluice-Admission", admission(random, what));
            }
            return false;
        }

        private String ticket(Random random, List<String> what) {
            return switch (random.nextInt(6)) {
                case 0 -> {
                    what.add("ticket of the other release");
                    yield fixture.otherTicket();
                }
                case 1 -> {
                    what.add("tampered ticket");
                    yield tampered(fixture.ticket(), random);
                }
                case 2 -> {
                    what.add("ticket signed with a foreign key");
                    yield foreignSigner.sign(Ticket.position(fixture.releaseId(), 1, Instant.now(), Ticket.NO_BINDING));
                }
                case 3 -> {
                    what.add("ticket from the future");
                    yield testSigner.sign(Ticket.position(fixture.releaseId(), 1, Instant.now().plus(Duration.ofDays(3650)),
                            Ticket.NO_BINDING));
                }
                case 4 -> {
                    what.add("ticket with a nasty value");
                    yield headerSafe(nasty.next(random).value());
                }
                default -> {
                    what.add("truncated ticket");
                    yield fixture.ticket().substring(0, random.nextInt(fixture.ticket().length()));
                }
            };
        }

        private String admission(Random random, List<String> what) {
            return switch (random.nextInt(4)) {
                case 0 -> {
                    what.add("expired admission");
                    yield testSigner.sign(new Admission(fixture.releaseId(), 1, Instant.now().minusSeconds(60), Ticket.NO_BINDING));
                }
                case 1 -> {
                    what.add("admission of the other release");
                    yield testSigner.sign(new Admission(fixture.otherReleaseId(), 1, Instant.now().plusSeconds(600), Ticket.NO_BINDING));
                }
                case 2 -> {
                    what.add("forged admission");
                    yield foreignSigner.sign(new Admission(fixture.releaseId(), 1, Instant.now().plusSeconds(600), Ticket.NO_BINDING));
                }
                default -> {
                    what.add("admission with a nasty value");
                    yield headerSafe(nasty.next(random).value());
                }
            };
        }

        private String queryValue(String name, Random random) {
            if (name.equals("token")) {
                // A link for another booking, a link signed with another key, or noise.
                return switch (random.nextInt(3)) {
                    case 0 -> CancelLink.sign(fixture.bookingCode(), "not-the-cancel-link-secret");
                    case 1 -> CancelLink.sign("OTHER-CODE", Bookings.CANCEL_LINK_SECRET);
                    default -> URLEncoder.encode(nasty.next(random).value(), StandardCharsets.UTF_8);
                };
            }
            return URLEncoder.encode(random.nextBoolean() ? nasty.next(random).value() : badDate.next(random).value(),
                    StandardCharsets.UTF_8);
        }

        /**
         * The documented example with one change that makes it invalid for certain, and up to two
         * nasty values in other fields, so injection strings travel as far as validation lets them.
         */
        private String body(Map<String, Object> example, Random random, List<String> what) {
            Map<String, Object> body = new LinkedHashMap<>(example);
            List<String> fields = new ArrayList<>(body.keySet());
            for (int i = random.nextInt(3); i > 0 && !fields.isEmpty(); i--) {
                String field = fields.get(random.nextInt(fields.size()));
                body.put(field, nasty.next(random).value());
                what.add(field + " nasty");
            }
            String json = write(body);
            switch (random.nextInt(7)) {
                case 0 -> {
                    what.add("truncated JSON");
                    return json.substring(0, Math.max(1, Math.min(json.length() - 1, truncation.next(random).value() % json.length())));
                }
                case 1 -> {
                    String field = fields.isEmpty() ? "unexpected" : fields.get(random.nextInt(fields.size()));
                    body.put(field, Map.of("$ne", List.of(1, 2)));
                    what.add(field + " of the wrong type");
                    return write(body);
                }
                case 2 -> {
                    String field = fields.stream().filter(f -> f.toLowerCase().contains("day") || f.toLowerCase().contains("date")
                            || f.toLowerCase().contains("at")).findFirst().orElse(null);
                    if (field == null) {
                        what.add("a JSON array instead of an object");
                        return "[" + json + "]";
                    }
                    String date = badDate.next(random).value();
                    body.put(field, date);
                    what.add(field + "=" + date);
                    return write(replaceFirstDateEverywhere(body, date));
                }
                case 3 -> {
                    what.add("not JSON");
                    return random.nextBoolean() ? "<xml>" + nasty.next(random).value() + "</xml>" : nasty.next(random).value() + "{";
                }
                case 4 -> {
                    what.add("nested 5,000 deep");
                    return "[".repeat(5000) + "]".repeat(5000);
                }
                case 5 -> {
                    what.add("2 MB body");
                    return "{\"name\": \"" + "A".repeat(2 * 1024 * 1024) + "\"}";
                }
                default -> {
                    what.add("a number where the object should be");
                    return String.valueOf(random.nextLong());
                }
            }
        }

        /** Nested bodies (slot blocks in a release) carry their dates deeper: break those too. */
        @SuppressWarnings("unchecked")
        private static Map<String, Object> replaceFirstDateEverywhere(Map<String, Object> body, String date) {
            Map<String, Object> copy = new LinkedHashMap<>(body);
            copy.replaceAll((key, value) -> {
                if (value instanceof List<?> list) {
                    List<Object> items = new ArrayList<>();
                    for (Object item : list) {
                        items.add(item instanceof Map<?, ?> map ? replaceFirstDateEverywhere((Map<String, Object>) map, date) : item);
                    }
                    return items;
                }
                return (key.toLowerCase().contains("day") || key.toLowerCase().contains("date")) ? date : value;
            });
            return copy;
        }

        private static String tampered(String value, Random random) {
            char[] chars = value.toCharArray();
            int at = random.nextInt(chars.length);
            chars[at] = chars[at] == 'A' ? 'B' : 'A';
            return new String(chars);
        }

        /** HTTP headers carry visible ASCII; anything else the client itself refuses to send. */
        private static String headerSafe(String value) {
            String ascii = value.chars().filter(c -> c >= 0x21 && c < 0x7f)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
            return ascii.isEmpty() ? "-" : ascii;
        }

        private static String write(Object body) {
            try {
                return JSON.writeValueAsString(body);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The database before and after.

    /**
     * Row counts of every table, every row of the tables only requests write, and the fixture's
     * release and waiting room. Timers of other tests' releases may move their own rows meanwhile,
     * so those are compared by count only.
     */
    private Map<String, String> snapshot(Fixture fixture) {
        Map<String, String> snapshot = new TreeMap<>();
        for (Row table : db.query("select tablename from pg_tables where schemaname = 'public' and tablename not like 'flyway%'")
                .executeAndAwait()) {
            String name = table.getString("tablename");
            snapshot.put(name + " rows", db.query("select count(*) from " + name).executeAndAwait().iterator().next()
                    .getValue(0).toString());
        }
        for (String name : REQUEST_OWNED) {
            snapshot.put(name, digest("select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from " + name + " t"));
        }
        snapshot.put("fixture release", digest("select md5(string_agg(t::text, '|' order by t::text)) from release t where id in ("
                + fixture.releaseId() + ", " + fixture.otherReleaseId() + ")"));
        // Without the figures the admitting instance refreshes on its own.
        snapshot.put("fixture waiting room", digest("""
                select md5(string_agg(concat_ws(',', release_id, sealed_at, lottery_drawn, fifo_joined, serving, sold_out_at,
                                                 pow_difficulty, max_admission_rate, admission_ttl_seconds), '|' order by release_id))
                from waiting_room where release_id in (%d, %d)""".formatted(fixture.releaseId(), fixture.otherReleaseId())));
        return snapshot;
    }

    private String digest(String sql) {
        Object value = db.query(sql).executeAndAwait().iterator().next().getValue(0);
        return String.valueOf(value);
    }
}
