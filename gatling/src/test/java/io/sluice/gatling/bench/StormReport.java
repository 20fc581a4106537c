package io.sluice.gatling.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** The figures of one storm benchmark run, filled in phase by phase, and the one summary it prints. */
final class StormReport {

    final StormBenchmark.Options options;
    final Path results;
    final double loadAverageBefore;
    double loadAverageAfter;
    double baselineClaimsPerSecond;
    StormBenchmark.Phase storm;
    Verification.ReleaseOutcome stormOutcome;
    long stormMailsSeconds;
    StormBenchmark.Phase throughput;
    Verification.ReleaseOutcome throughputOutcome;
    StormBenchmark.Phase status;
    Verification.MailCheck mails;

    StormReport(StormBenchmark.Options options, Path results, double loadAverageBefore) {
        this.options = options;
        this.results = results;
        this.loadAverageBefore = loadAverageBefore;
    }

    /** From the opening until the last slot was confirmed. */
    Duration sellOut() {
        return between(stormOutcome.openedAt(), stormOutcome.lastConfirmed());
    }

    /** From the last confirmed slot until the last person had a final answer (booked or sold out). */
    Duration lastAnswerAfterSellOut() {
        String lastAnswer = storm.run().figures().getProperty("lastAnswerAt");
        return lastAnswer == null ? null : between(stormOutcome.lastConfirmed(), Instant.parse(lastAnswer));
    }

    long peopleWithoutAnswer() {
        return storm.run().figure("people.no_answer") + (options.people() - answered());
    }

    private long answered() {
        return storm.run().figure("people.booked") + storm.run().figure("people.rejected") + storm.run().figure("people.sold_out")
                + storm.run().figure("people.no_answer");
    }

    /** Confirmed bookings per second end to end: from the first accepted request to the last decision. */
    double endToEndPerSecond() {
        Duration span = between(throughputOutcome.firstAccepted(), throughputOutcome.lastDecided());
        return span == null || span.isZero() ? 0 : throughputOutcome.confirmed() / (span.toMillis() / 1000.0);
    }

    double statusPerSecond() {
        return rate("status");
    }

    double livenessPerSecond() {
        return rate("liveness");
    }

    private double rate(String phase) {
        long millis = status.run().figure(phase + ".millis");
        return millis == 0 ? 0 : status.run().figure(phase + ".count") * 1000.0 / millis;
    }

    /** The invariants: what must hold on any machine, however slow (the CI run checks exactly these). */
    boolean targetsOfCorrectnessHeld() {
        return stormOutcome.slotsBookedTwice() == 0 && stormOutcome.personsBookedTwice() == 0
                && throughputOutcome.slotsBookedTwice() == 0 && throughputOutcome.personsBookedTwice() == 0
                && stormOutcome.confirmedAsExpected() && stormOutcome.undecided() == 0 && throughputOutcome.undecided() == 0
                && peopleWithoutAnswer() == 0 && mails.oneMailPerBooking()
                && storm.run().failed() == 0 && throughput.run().failed() == 0 && status.run().failed() == 0;
    }

    void print(PrintStream out) {
        out.println();
        out.println("==== Sluice storm benchmark ====");
        out.printf("machine: %d cores, load average %.1f before, %.1f after%n", Runtime.getRuntime().availableProcessors(),
                loadAverageBefore, loadAverageAfter);
        out.printf("storm: %,d people, %,d slots over %d sites (one hot), arrivals within %d s%n", options.people(),
                options.slots(), options.sites(), options.spreadSeconds());
        out.printf("  bookers %,d, confirmed %,d (expected min(slots, bookers) = %,d: %s), rejected %,d, undecided %d%n",
                stormOutcome.requests(), stormOutcome.confirmed(), Math.min(stormOutcome.slots(), stormOutcome.requests()),
                verdict(stormOutcome.confirmedAsExpected()), stormOutcome.rejected(), stormOutcome.undecided());
        out.printf("  slots booked twice %d, persons booked twice %d%n", stormOutcome.slotsBookedTwice(),
                stormOutcome.personsBookedTwice());
        out.printf("  people: booked %,d, rejected %,d, sold out %,d, without final answer %d%n",
                storm.run().figure("people.booked"), storm.run().figure("people.rejected"),
                storm.run().figure("people.sold_out"), peopleWithoutAnswer());
        out.printf("  last slot confirmed %s after opening (target <= 30 s)%n", seconds(sellOut()));
        out.printf("  last person answered %s after the last slot was gone (target <= 10 s)%n", seconds(lastAnswerAfterSellOut()));
        out.printf("  mails for the storm's bookings all in %d s after the simulation%n", stormMailsSeconds);
        requests(out, storm);
        out.printf("throughput: %d citizens booking back to back for %d s%n", options.throughputUsers(), options.throughputSeconds());
        out.printf("  confirmed %,d, rejected %,d, undecided %d: %.0f confirmed bookings/s end to end%n",
                throughputOutcome.confirmed(), throughputOutcome.rejected(), throughputOutcome.undecided(), endToEndPerSecond());
        out.printf("  SKIP LOCKED baseline %.0f claims/s -> ratio %.2f (target >= 2)%n", baselineClaimsPerSecond,
                baselineClaimsPerSecond == 0 ? 0 : endToEndPerSecond() / baselineClaimsPerSecond);
        requests(out, throughput);
        out.printf("status: %.0f status checks/s, liveness %.0f/s -> ratio %.2f%n", statusPerSecond(), livenessPerSecond(),
                livenessPerSecond() == 0 ? 0 : statusPerSecond() / livenessPerSecond());
        requests(out, status);
        out.printf("mails: %,d received; bookings without mail %d, with several %d, mails for no booking %d: %s%n",
                mails.received(), mails.withoutMail(), mails.withSeveral(), mails.unexpected(), verdict(mails.oneMailPerBooking()));
        out.printf("invariants: %s%n", verdict(targetsOfCorrectnessHeld()));
        out.println("Gatling reports: " + results);
    }

    private static void requests(PrintStream out, StormBenchmark.Phase phase) {
        GatlingRun.Result run = phase.run();
        out.printf("  requests %,d, failed %d, p95 %d ms, p99 %d ms, Gatling assertions %s%n", run.requests(), run.failed(),
                run.p95Millis(), run.p99Millis(), run.assertionsHeld() ? "held" : "FAILED");
        out.printf("  CPU: %s%n", CpuMeter.describe(phase.cpu(), phase.wall()));
    }

    private static Duration between(Instant from, Instant to) {
        return from == null || to == null ? null : Duration.between(from, to);
    }

    private static String seconds(Duration duration) {
        return duration == null ? "n/a" : String.format("%.1f s", duration.toMillis() / 1000.0);
    }

    private static String verdict(boolean held) {
        return held ? "ok" : "VIOLATED";
    }
}
