package io.sluice.events;

/**
 * Kafka topics between the services. Each service names its channels after these topics, so the
 * channel configuration never repeats a topic name.
 */
public final class Topics {

    /** Booking requests accepted by booking-api, keyed by {@link SlotPoolKey}: one writer per pool. */
    public static final String BOOKING_REQUESTS = "booking-requests";

    /** Final decisions of the allocator, keyed by request id. */
    public static final String BOOKING_DECISIONS = "booking-decisions";

    private Topics() {
    }
}
