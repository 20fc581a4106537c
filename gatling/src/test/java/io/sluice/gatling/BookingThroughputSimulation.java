package io.sluice.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;

/**
 * The end-to-end booking rate (HTTP → Kafka → allocator → PostgreSQL → decision back): a closed model
 * of {@code users} (default 200) citizens who are already past the waiting room, each booking once and
 * polling for the decision, replaced by the next as soon as they have it, for {@code seconds} (30).
 * The release ({@code slots}, default 100,000 over {@code sites}, 4) takes requests without admission,
 * so admission control does not cap the rate being measured, and holds more slots than can be booked
 * in the time, so every decision is a booking.
 *
 * <p>Also {@code decisionPollMillis} (50), {@code p95Ms}/{@code p99Ms} (2000/5000) and {@code figures}.
 */
public class BookingThroughputSimulation extends Simulation {

    private static final Duration PATIENCE = Duration.ofMinutes(2);

    private final int users = Load.number("users", 200);
    private final Duration duration = Load.seconds("seconds", 30);
    // A page polling every 500 ms would cap each citizen at under two bookings a second and measure the
    // poll interval, not Sluice: here the decision is asked for as soon as it can be there.
    private final Duration decisionPoll = Duration.ofMillis(Load.number("decisionPollMillis", 50));
    private final ReleasePlan plan = ReleasePlan.of("Throughput", Load.number("slots", 100_000), Load.number("sites", 4));
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final SharedRelease release = new SharedRelease();
    private final Figures figures = new Figures();

    private final HttpProtocolBuilder protocol = Load.protocol()
            .shareConnections();

    private final ScenarioBuilder operator = scenario("operator").exec(
            Operator.createSites(plan),
            Operator.createOpenRelease(plan, null),
            release.publish());

    private final ScenarioBuilder citizen = scenario("citizen").exec(
            release.await(),
            Citizen.arrive("throughput", run),
            exec(session -> session.set("siteCode", plan.siteCodes().get((int) (session.userId() % plan.siteCodes().size())))),
            Citizen.bookDirectly(plan),
            Citizen.awaitDecision(decisionPoll, PATIENCE),
            exec(session -> {
                figures.answered("CONFIRMED".equals(session.getString("decision")) ? Figures.Outcome.BOOKED : Figures.Outcome.REJECTED);
                return session;
            }));

    {
        setUp(operator.injectOpen(atOnceUsers(1))
                .andThen(citizen.injectClosed(constantConcurrentUsers(users).during(duration))))
                .protocols(protocol)
                .assertions(Load.assertions(2000, 5000));
    }

    @Override
    public void after() {
        figures.put("releaseId", release.id());
        figures.put("users", users);
        figures.put("seconds", duration.toSeconds());
        figures.write();
    }
}
