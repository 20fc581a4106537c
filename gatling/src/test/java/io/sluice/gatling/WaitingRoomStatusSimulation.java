package io.sluice.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.during;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a waiting-room status check costs next to a trivial endpoint of the same server: {@code users}
 * (default 64) citizens, each holding a ticket of a release whose admission is held (so every answer
 * is the common {@code WAITING} one), check their status back to back for {@code seconds} (20); then
 * as many clients ask the liveness probe {@code /q/health/live} for as long. Each status check comes
 * from another address (it stands for another citizen), so the per-address limits stay at their
 * production values and their cost is paid.
 *
 * <p>Also {@code p95Ms}/{@code p99Ms} (200/500) and {@code figures}.
 */
public class WaitingRoomStatusSimulation extends Simulation {

    private final int users = Load.number("users", 64);
    private final Duration duration = Load.seconds("seconds", 20);
    private final ReleasePlan plan = ReleasePlan.of("Status", 100, 1);
    private final SharedRelease release = new SharedRelease();
    private final Figures figures = new Figures();

    private final HttpProtocolBuilder protocol = Load.protocol();

    private final ScenarioBuilder operator = scenario("operator").exec(
            Operator.createSites(plan),
            Operator.createOpenRelease(plan, 1_000_000),
            Operator.tuneWaitingRoom(0, 0),
            release.publish());

    private final ScenarioBuilder citizen = scenario("citizen").exec(
            release.await(),
            Citizen.arrive("status", "x"),
            Citizen.join(),
            during(duration).on(exec(http("citizen: status").get("/api/releases/#{releaseId}/waiting-room/status")
                    .header(Citizen.ADDRESS, session -> anotherAddress())
                    .header("Sluice-Ticket", "#{ticket}")
                    .check(status().is(200)))
                    .exec(session -> tally(session, "status"))));

    private final ScenarioBuilder probe = scenario("probe").exec(
            during(duration).on(exec(http("probe: liveness").get("/q/health/live").check(status().is(200)))
                    .exec(session -> tally(session, "liveness"))));

    {
        setUp(operator.injectOpen(atOnceUsers(1))
                .andThen(citizen.injectOpen(atOnceUsers(users))
                        .andThen(probe.injectOpen(atOnceUsers(users)))))
                .protocols(protocol)
                .assertions(Load.assertions(200, 500));
    }

    @Override
    public void after() {
        figures.put("releaseId", release.id());
        figures.put("users", users);
        figures.put("seconds", duration.toSeconds());
        figures.write();
    }

    /** Counts answered requests per phase, for the ratio of the two rates in the benchmark's summary. */
    private Session tally(Session session, String phase) {
        if (!session.isFailed()) {
            figures.tally(phase);
        }
        return session;
    }

    private static String anotherAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }
}
