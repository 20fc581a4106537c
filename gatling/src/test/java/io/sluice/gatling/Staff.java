package io.sluice.gatling;

import static io.gatling.javaapi.core.CoreDsl.during;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import java.time.Duration;

/** The staff persona: provider staff watching a release while it sells out (audit log, slots left per site). */
final class Staff {

    private static final Duration REFRESH = Duration.ofSeconds(2);

    private Staff() {
    }

    /** Refreshes the release's picture every two seconds for {@code duration}. */
    static ChainBuilder watchRelease(Duration duration) {
        return during(duration).on(
                exec(http("staff: audit").get("/api/staff/releases/#{releaseId}/audit")
                        .header("Authorization", "Bearer " + Load.staffToken())
                        .check(status().is(200)))
                        .exec(http("staff: availability").get("/api/releases/#{releaseId}/availability")
                                .check(status().is(200)))
                        .pause(REFRESH));
    }
}
