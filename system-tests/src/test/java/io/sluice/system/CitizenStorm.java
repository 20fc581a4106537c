package io.sluice.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A crowd of citizens asking booking-api for the earliest slot of a release over HTTP, each once, in waves at a
 * steady rate, so that a wave can be timed with a fault. A 503 is retried after its Retry-After, as the citizen
 * page does; any other answer but 202 is a failure of the system under test and is kept (status and problem body:
 * no personal data) for the assertions.
 */
final class CitizenStorm implements AutoCloseable {

    /** A site and a day of the release: one slot pool, one Kafka key. */
    record Pool(String siteCode, String day) {
    }

    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    private final URI api;
    private final long releaseId;
    private final List<Pool> pools;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor();
    private final long started = System.nanoTime();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();

    private final Map<Integer, String> accepted = new ConcurrentHashMap<>();
    /** Refused with 503 at least once, then retried. */
    private final Set<Integer> toldToRetry = ConcurrentHashMap.newKeySet();
    /** Refused with 409 on a retry: the attempt answered 503 had committed after all (the outage hit the answer). */
    private final Set<Integer> acceptedUnseen = ConcurrentHashMap.newKeySet();
    private final AtomicInteger unavailableAnswers = new AtomicInteger();
    private final AtomicLong slowestAnswer = new AtomicLong();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

    CitizenStorm(URI api, long releaseId, List<Pool> pools) {
        this.api = api;
        this.releaseId = releaseId;
        this.pools = List.copyOf(pools);
    }

    /** The next {@code people} citizens, their first attempts spread evenly over {@code length}; returns at once. */
    void wave(int people, Duration length) {
        int first = sent.getAndAdd(people);
        waiting.addAndGet(people);
        long spacing = length.toNanos() / people;
        for (int i = 0; i < people; i++) {
            int person = first + i;
            schedule.schedule(() -> {
                waiting.decrementAndGet();
                ask(person);
            }, i * spacing, TimeUnit.NANOSECONDS);
        }
    }

    /** True once every citizen of the waves so far has made a first attempt. */
    boolean allAsked() {
        return waiting.get() == 0;
    }

    /** The address the person books with; unique per run, so a mailbox holds one person's mail. */
    String email(int person) {
        return "citizen" + person + "." + run + "@example.org";
    }

    /** Requests answered 202 so far, by person: where to poll the decision. */
    Map<Integer, String> accepted() {
        return Map.copyOf(accepted);
    }

    /** People whose request is in the database: answered 202, or committed while the answer was lost. */
    int acceptedCount() {
        return accepted.size() + acceptedUnseen.size();
    }

    int unavailableAnswers() {
        return unavailableAnswers.get();
    }

    int peopleToldToRetry() {
        return toldToRetry.size();
    }

    Duration slowestAnswer() {
        return Duration.ofNanos(slowestAnswer.get());
    }

    /** Seconds since the storm started, to place an event in it. */
    String now() {
        return String.format("%.1f", (System.nanoTime() - started) / 1e9);
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    boolean everyoneAnswered() {
        return allAsked() && acceptedCount() + failures.size() >= sent.get();
    }

    private void ask(int person) {
        Pool pool = pools.get(person % pools.size());
        String body = "{\"siteCode\":\"" + pool.siteCode() + "\",\"day\":\"" + pool.day() + "\",\"name\":\"Citizen "
                + person + "\",\"email\":\"" + email(person) + "\",\"language\":\"" + (person % 2 == 0 ? "de" : "en")
                + "\"}";
        HttpRequest request = HttpRequest.newBuilder(api.resolve("/api/releases/" + releaseId + "/booking-requests"))
                .timeout(ANSWER_TIMEOUT).header("Content-Type", "application/json")
                .header(ClientAddresses.HEADER, ClientAddresses.of(email(person)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long sent = System.nanoTime();
        String sentAt = String.format("%.1f", (sent - started) / 1e9);
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            if (error != null) {
                failures.add("no answer to a request sent " + sentAt + " s into the storm: " + error);
            } else {
                answered(person, response, System.nanoTime() - sent);
            }
        });
    }

    private void answered(int person, HttpResponse<String> response, long tookNanos) {
        slowestAnswer.accumulateAndGet(tookNanos, Math::max);
        switch (response.statusCode()) {
            case 202 -> accepted.put(person, response.headers().firstValue("Location").orElseThrow());
            case 503 -> {
                unavailableAnswers.incrementAndGet();
                Optional<String> retryAfter = response.headers().firstValue("Retry-After");
                if (retryAfter.isEmpty() || !isProblem(response)) {
                    failures.add("503 without Retry-After or problem body: " + response.headers().map() + " "
                            + response.body());
                    return;
                }
                toldToRetry.add(person);
                schedule.schedule(() -> ask(person), Long.parseLong(retryAfter.get()), TimeUnit.SECONDS);
            }
            case 409 -> {
                if (toldToRetry.contains(person)) {
                    acceptedUnseen.add(person);
                } else {
                    failures.add("409 " + response.body());
                }
            }
            default -> failures.add(response.statusCode() + " " + response.body());
        }
    }

    static boolean isProblem(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json");
    }

    @Override
    public void close() {
        schedule.shutdownNow();
    }
}
