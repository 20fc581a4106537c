package io.sluice.gatling;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.asLongAsDuring;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import io.sluice.infra.load.JoinPuzzle;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The citizen persona, one chain per action, as the waiting-room page acts (booking-api README,
 * "Waiting room"): join with a solved puzzle, poll when the server says, book with the admission, poll
 * for the decision. Each citizen has an address of their own in {@code X-Forwarded-For}, as they would
 * behind the ingress, so the per-address rate limits apply per citizen at their production values.
 */
final class Citizen {

    static final String ADDRESS = "X-Forwarded-For";
    private static final Set<String> STILL_WAITING = Set.of("PREQUEUE", "WAITING", "PAUSED");
    /** How often the waiting-room page asks for the decision. */
    static final Duration DECISION_POLL = Duration.ofMillis(500);

    private Citizen() {
    }

    /** A new person: an address and an e-mail address of their own ({@code kind} keeps simulations apart). */
    static ChainBuilder arrive(String kind, String run) {
        return exec(session -> session
                .set("address", randomAddress())
                .set("email", kind + "-" + run + "-" + session.userId() + "@load.example.org"));
    }

    static ChainBuilder join() {
        return exec(http("citizen: challenge").get("/api/releases/#{releaseId}/waiting-room/challenge")
                .header(ADDRESS, "#{address}")
                .check(status().is(200), jsonPath("$.challenge").saveAs("challenge"),
                        jsonPath("$.difficulty").ofInt().saveAs("difficulty")))
                // A person whose page failed to load leaves: counted as a failed request and as someone without an answer.
                .exitHereIfFailed()
                .exec(session -> session.set("solution", JoinPuzzle.solve(session.getString("challenge"), session.getInt("difficulty"))))
                .exec(http("citizen: join").post("/api/releases/#{releaseId}/waiting-room/tickets")
                        .header(ADDRESS, "#{address}")
                        .body(StringBody("{\"challenge\": \"#{challenge}\", \"solution\": \"#{solution}\"}")).asJson()
                        .check(status().is(201), bodyString().saveAs("answer")))
                .exitHereIfFailed()
                .exec(Citizen::readStatus);
    }

    /** Polls the ticket's status at the pace the server asks for, until admitted or told it is over. */
    static ChainBuilder waitForTurn(Duration patience) {
        return asLongAsDuring(Citizen::stillWaiting, patience).on(
                pause(session -> Duration.ofSeconds(session.getLong("pollAfter")))
                        .exec(checkStatus()));
    }

    /** One status check, keeping the replacement ticket the answer may carry (as the page does). */
    static ChainBuilder checkStatus() {
        return exec(http("citizen: status").get("/api/releases/#{releaseId}/waiting-room/status")
                .header(ADDRESS, "#{address}")
                .header("Sluice-Ticket", "#{ticket}")
                .check(status().is(200), bodyString().saveAs("answer")))
                .exec(Citizen::readStatus);
    }

    /**
     * Looks at the free slots per site and picks one: the hot site for those who want it while it has
     * slots, otherwise the site with the most left.
     */
    static ChainBuilder chooseSite(ReleasePlan plan, double hotShare) {
        return exec(http("citizen: availability").get("/api/releases/#{releaseId}/availability")
                .header(ADDRESS, "#{address}")
                .check(status().is(200), bodyString().saveAs("pools")))
                .exec(session -> session.set("siteCode", choose(plan, hotShare, Answer.parse(session.getString("pools")))));
    }

    /** Books the earliest slot at the chosen site with the admission the waiting room handed out. */
    static ChainBuilder bookAdmitted(ReleasePlan plan) {
        return book(plan, bookingRequest().header("Sluice-Admission", "#{admission}"));
    }

    /** Books the earliest slot at the chosen site of a release that takes requests without a waiting room. */
    static ChainBuilder bookDirectly(ReleasePlan plan) {
        return book(plan, bookingRequest());
    }

    private static HttpRequestActionBuilder bookingRequest() {
        return http("citizen: book").post("/api/releases/#{releaseId}/booking-requests").header(ADDRESS, "#{address}");
    }

    private static ChainBuilder book(ReleasePlan plan, HttpRequestActionBuilder request) {
        return exec(request
                .body(StringBody("{\"siteCode\": \"#{siteCode}\", \"day\": \"" + plan.day()
                        + "\", \"name\": \"Load Citizen\", \"email\": \"#{email}\", \"language\": \"en\"}")).asJson()
                .check(status().is(202), header("Location").saveAs("decisionUrl")))
                .exitHereIfFailed()
                .exec(session -> session.set("decision", "PENDING"));
    }

    /** Polls the booking request every {@code interval} until it is decided. */
    static ChainBuilder awaitDecision(Duration interval, Duration patience) {
        return asLongAsDuring(session -> "PENDING".equals(session.getString("decision")), patience).on(
                pause(interval)
                        .exec(http("citizen: decision").get("#{decisionUrl}")
                                .header(ADDRESS, "#{address}")
                                .check(status().is(200), jsonPath("$.status").saveAs("decision"))));
    }

    static boolean stillWaiting(Session session) {
        return STILL_WAITING.contains(session.getString("phase"));
    }

    static boolean admitted(Session session) {
        return "ADMITTED".equals(session.getString("phase"));
    }

    private static Session readStatus(Session session) {
        JsonNode status = Answer.parse(session.getString("answer"));
        Session next = session.set("phase", Answer.text(status, "phase"))
                .set("pollAfter", Math.max(1, status.path("pollAfterSeconds").asLong(1)));
        String ticket = Answer.text(status, "ticket");
        if (ticket != null) {
            next = next.set("ticket", ticket);
        }
        String admission = Answer.text(status, "admission");
        return admission == null ? next : next.set("admission", admission);
    }

    private static String choose(ReleasePlan plan, double hotShare, JsonNode pools) {
        boolean wantsHot = ThreadLocalRandom.current().nextDouble() < hotShare;
        String fullest = plan.hotSite();
        int most = -1;
        for (JsonNode pool : pools) {
            String site = Answer.text(pool, "siteCode");
            int free = pool.path("freeSlots").asInt();
            if (wantsHot && plan.hotSite().equals(site) && free > 0) {
                return site;
            }
            if (plan.siteCodes().contains(site) && free > most) {
                fullest = site;
                most = free;
            }
        }
        return fullest;
    }

    private static String randomAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }
}
