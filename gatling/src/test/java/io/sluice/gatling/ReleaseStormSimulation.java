package io.sluice.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.doIfOrElse;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The 08:00 storm: {@code people} (default 66,000) arrive within {@code spread} seconds (default 60)
 * centred on the opening of a release of {@code slots} slots (4,000) over {@code sites} sites (4). Those
 * who come early join the pre-queue and are shuffled at opening; everyone follows the server's poll
 * hints; the admitted ones look at the free slots and book, {@code hotShare} of them (0.5) preferring
 * the first site while it has slots. Operator creates and announces the release; staff watch it.
 *
 * <p>Also: {@code powDifficulty} (8: the join puzzle is the phones' CPU, not one load generator's),
 * {@code maxAdmissionRate} (2000/s, the operator's ceiling), {@code setupSeconds} (10, before the first
 * arrival), {@code p95Ms}/{@code p99Ms} (1000/3000), {@code figures} (file for the benchmark).
 */
public class ReleaseStormSimulation extends Simulation {

    private static final Duration PATIENCE = Duration.ofMinutes(10);

    private final int people = Load.number("people", 66_000);
    private final Duration spread = Load.seconds("spread", 60);
    private final Duration setup = Load.seconds("setupSeconds", 10);
    private final ReleasePlan plan = ReleasePlan.of("Storm", Load.number("slots", 4_000), Load.number("sites", 4));
    private final Instant opensAt = Instant.now().plus(setup).plus(spread.dividedBy(2)).truncatedTo(ChronoUnit.SECONDS);
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final SharedRelease release = new SharedRelease();
    private final Figures figures = new Figures();

    private final HttpProtocolBuilder protocol = Load.protocol()
            .shareConnections();

    private final ScenarioBuilder operator = scenario("operator").exec(
            Operator.createSites(plan),
            Operator.createScheduledRelease(plan, opensAt, (int) spread.toMinutes() + 1, people),
            Operator.announce(),
            Operator.tuneWaitingRoom(Load.number("powDifficulty", 8), Load.number("maxAdmissionRate", 2000)),
            release.publish());

    private final ScenarioBuilder citizen = scenario("citizen").exec(
            release.await(),
            Citizen.arrive("storm", run),
            Citizen.join(),
            Citizen.waitForTurn(PATIENCE),
            doIfOrElse(Citizen::admitted).then(
                    exec(Citizen.chooseSite(plan, Load.fraction("hotShare", 0.5)),
                            Citizen.bookAdmitted(plan),
                            Citizen.awaitDecision(Citizen.DECISION_POLL, PATIENCE),
                            exec(session -> {
                                figures.answered("CONFIRMED".equals(session.getString("decision"))
                                        ? Figures.Outcome.BOOKED : Figures.Outcome.REJECTED);
                                return session;
                            })))
                    .orElse(exec(session -> {
                        boolean over = "SOLD_OUT".equals(session.getString("phase")) || "CLOSED".equals(session.getString("phase"));
                        figures.answered(over ? Figures.Outcome.SOLD_OUT : Figures.Outcome.NO_ANSWER);
                        return over ? session : session.markAsFailed();
                    })));

    private final ScenarioBuilder staff = scenario("staff").exec(
            release.await(),
            // While people arrive and half a minute beyond: people who leave on an error give no answer to wait for.
            Staff.watchRelease(spread.plusSeconds(30)));

    {
        setUp(operator.injectOpen(atOnceUsers(1)),
                citizen.injectOpen(nothingFor(setup), rampUsers(people).during(spread)),
                staff.injectOpen(nothingFor(setup), atOnceUsers(1)))
                .protocols(protocol)
                .assertions(Load.assertions(1000, 3000));
    }

    @Override
    public void after() {
        figures.put("releaseId", release.id());
        figures.put("people", people);
        figures.put("opensAt", opensAt);
        figures.write();
    }
}
