package io.sluice.gatling.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The storm benchmark at CI size (2,000 people for 200 slots over 2 sites, a short throughput and status
 * run): the simulations run against the whole stack, and the outcome must hold the invariants. Latency
 * limits are loose here, since CI machines are shared; the figures are the bench command's business.
 */
class StormBenchmarkIT {

    @Test
    void aSmallStormEndsWithEverySlotBookedOnceEveryPersonAnsweredAndOneMailPerBooking() throws Exception {
        Path root = Path.of(System.getProperty("sluice.projectRoot", "..")).toAbsolutePath().normalize();
        // 2,000 people, 200 slots, 2 sites, 10 s spread; 20 bookers for 5 s; 3 s of status checks; no baseline.
        StormBenchmark.Options options = new StormBenchmark.Options(root, root.resolve("gatling/target/storm-stack"),
                2_000, 200, 2, 10, 20, 5, 10_000, 3, 0, Map.of("p95Ms", "60000", "p99Ms", "60000"));
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        StormReport report = StormBenchmark.run(options, new PrintStream(output, true, StandardCharsets.UTF_8));
        System.out.println(output.toString(StandardCharsets.UTF_8));

        Verification.ReleaseOutcome storm = report.stormOutcome;
        assertThat(storm.slots()).isEqualTo(200);
        assertThat(storm.confirmed()).as("confirmed = min(slots, people who sent a request)")
                .isEqualTo(Math.min(storm.slots(), storm.requests())).isEqualTo(200);
        assertThat(storm.slotsBookedTwice()).isZero();
        assertThat(storm.personsBookedTwice()).isZero();
        assertThat(storm.undecided()).as("requests without a decision").isZero();
        assertThat(report.peopleWithoutAnswer()).as("people without a final answer").isZero();
        assertThat(report.storm.run().failed()).as("failed requests in the storm").isZero();
        assertThat(report.storm.run().assertionsHeld()).as("Gatling's assertions of the storm").isTrue();

        assertThat(report.throughputOutcome.confirmed()).as("bookings in the throughput run").isPositive();
        assertThat(report.throughputOutcome.undecided()).isZero();
        assertThat(report.throughput.run().assertionsHeld()).as("Gatling's assertions of the throughput run").isTrue();
        assertThat(report.statusPerSecond()).isPositive();
        assertThat(report.status.run().assertionsHeld()).as("Gatling's assertions of the status run").isTrue();

        assertThat(report.mails.oneMailPerBooking()).as("one mail per confirmed booking: %s", report.mails).isTrue();
        assertThat(report.mails.received()).isEqualTo((int) (storm.confirmed() + report.throughputOutcome.confirmed()));
        assertThat(report.results.resolve(report.storm.run().report().getFileName()).resolve("index.html")).exists();
    }
}
