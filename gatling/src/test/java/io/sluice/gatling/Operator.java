package io.sluice.gatling;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import java.time.Instant;

/**
 * The operator persona: a district administration setting up a release through the operator API, as
 * the operator page does. Every request carries the operator's bearer token.
 */
final class Operator {

    private Operator() {
    }

    static ChainBuilder createSites(ReleasePlan plan) {
        return exec(session -> session.set("siteCodes", plan.siteCodes()))
                .foreach("#{siteCodes}", "siteCode").on(exec(http("operator: create site").post("/api/operator/sites")
                        .header("Authorization", bearer())
                        .body(StringBody(session -> plan.siteJson(session.getString("siteCode")))).asJson()
                        .check(status().is(201))));
    }

    /** A release that opens by itself at {@code opensAt}, with a pre-queue before it: the 08:00 storm. */
    static ChainBuilder createScheduledRelease(ReleasePlan plan, Instant opensAt, int prequeueMinutes,
            int expectedDemand) {
        return createRelease(plan, """
                {"name": "%s", "district": "Load", "opensAt": "%s", "prequeueMinutes": %d, "expectedDemand": %d,
                 "slots": %s}""".formatted(plan.name(), opensAt, prequeueMinutes, expectedDemand, plan.slotBlocksJson()));
    }

    /**
     * A release opened live; with an expected demand it admits through the waiting room, without one it
     * takes booking requests directly.
     */
    static ChainBuilder createOpenRelease(ReleasePlan plan, Integer expectedDemand) {
        String demand = expectedDemand == null ? "" : "\"expectedDemand\": " + expectedDemand + ",";
        return createRelease(plan, """
                {"name": "%s", "district": "Load", "openNow": true, %s "slots": %s}"""
                .formatted(plan.name(), demand, plan.slotBlocksJson()));
    }

    private static ChainBuilder createRelease(ReleasePlan plan, String body) {
        return exec(http("operator: create release").post("/api/operator/releases")
                .header("Authorization", bearer())
                .body(StringBody(body)).asJson()
                .check(status().is(201), jsonPath("$.id").ofLong().saveAs("releaseId")));
    }

    /** Live waiting-room settings: puzzle difficulty and the admission ceiling. */
    static ChainBuilder tuneWaitingRoom(int powDifficulty, int maxAdmissionRate) {
        return exec(http("operator: tune waiting room").put("/api/operator/releases/#{releaseId}/waiting-room")
                .header("Authorization", bearer())
                .body(StringBody("""
                        {"powDifficulty": %d, "maxAdmissionRate": %d}""".formatted(powDifficulty, maxAdmissionRate))).asJson()
                .check(status().is(200)));
    }

    static ChainBuilder announce() {
        return exec(http("operator: announce").post("/api/operator/releases/#{releaseId}/announce")
                .header("Authorization", bearer())
                .check(status().in(200, 204)));
    }

    private static String bearer() {
        return "Bearer " + Load.operatorToken();
    }
}
