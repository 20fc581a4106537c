package io.sluice.events;

import java.time.Instant;
import java.util.Map;

/**
 * What one instance of the allocator or the notifier knows about its own throughput, published every
 * second for the staff dashboard, keyed by {@code instance}. Only the service's own section is set. It
 * carries what booking-api cannot see on the other topics: the allocator's lag (its offsets live in
 * PostgreSQL, not in Kafka) and the notifier's backlog, so fifty dashboards cost nothing downstream.
 */
public record ServiceStats(
        String service,
        String instance,
        Instant at,
        Allocator allocator,
        Notifier notifier) {

    public static final String SLOT_ALLOCATOR = "slot-allocator";
    public static final String NOTIFIER = "notifier";

    /**
     * @param partitionLag booking requests not yet decided per owned partition of {@link Topics#BOOKING_REQUESTS}
     *                     (end offset minus the stored cursor)
     * @param latencyP50Ms time from acceptance by booking-api to the committed decision over the last minute;
     *                     null before the first decision
     */
    public record Allocator(
            Map<Integer, Long> partitionLag,
            long decisions,
            Double latencyP50Ms,
            Double latencyP95Ms,
            Double latencyP99Ms) {
    }

    /**
     * @param backlog     events read from Kafka's topics but not yet consumed (the consumers' record lag)
     * @param sent        messages sent since the instance started
     * @param failed      messages that failed after their retries since the instance started
     * @param deadLetters events dead-lettered since the instance started
     */
    public record Notifier(long backlog, long sent, long failed, long deadLetters) {
    }
}
