package io.sluice.booking.dashboard.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a staff dashboard shows, computed four times a second on each instance from memory and sent to every
 * viewer alike. Rates are per second; counts of decisions are those this instance saw since it started.
 *
 * @param history one sample per second of the last minutes, oldest first, for the charts
 */
public record DashboardView(
        Instant at,
        Totals overall,
        List<ReleaseFigures> releases,
        AllocatorFigures allocator,
        NotifierFigures notifier,
        Errors errors,
        NextRelease nextRelease,
        List<Sample> history) {

    /**
     * @param prequeue          people who joined before opening, not yet drawn
     * @param queue             people waiting behind the serving position (0 once sold out or closed: they were told)
     * @param admittedNotDecided admissions neither used nor expired plus requests not yet decided
     * @param undecided         booking requests accepted and not yet decided
     * @param secondsToSellOut  slots left at the confirmation rate of the last ten seconds; null while nothing is confirmed
     */
    public record Totals(long prequeue, long queue, double admittedPerSecond, long admittedNotDecided, long undecided,
            long confirmed, Map<String, Long> rejected, double confirmedPerSecond, double rejectedPerSecond,
            Long slotsLeft, Long secondsToSellOut) {
    }

    public record ReleaseFigures(long id, String name, String state, Instant opensAt, boolean soldOut, String heldBy,
            long joined, long serving, Integer slotCount, List<SiteFigures> sites, Totals figures) {
    }

    public record SiteFigures(String siteCode, String siteName, String day, int freeSlots, int slotCount) {
    }

    /** @param latencyP50Ms the worst instance's percentile over the last half minute; null without decisions */
    public record AllocatorFigures(int instances, Map<Integer, Long> partitionLag, long lag, Double latencyP50Ms,
            Double latencyP95Ms, Double latencyP99Ms) {
    }

    public record NotifierFigures(int instances, long backlog, long sent, long failed, long deadLetters) {
    }

    /** This instance's HTTP answers: 5xx per second and their share of all answers, over the last ten seconds. */
    public record Errors(double perSecond, double ratio) {
    }

    public record NextRelease(long id, String name, Instant opensAt, long secondsUntil) {
    }

    public record Sample(long second, long queue, long admitted, long confirmed, long rejected, long lag,
            Double latencyP95Ms, long errors) {
    }
}
