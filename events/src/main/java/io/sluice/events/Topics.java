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

    /** Releases announced or opened on the calendar, keyed by release id. */
    public static final String RELEASE_ANNOUNCEMENTS = "release-announcements";

    /** Cancelled bookings, keyed by request id. */
    public static final String BOOKING_CANCELLATIONS = "booking-cancellations";

    /** Free slots per pool and release from the allocator, keyed by {@link AvailabilitySnapshot#key()}. */
    public static final String AVAILABILITY = "availability";

    /** Slots freed by cancellations in a sold-out release, for waitlist offers; keyed by release id. */
    public static final String SLOTS_FREED = "slots-freed";

    /** Each allocator's and notifier's throughput figures, every second, keyed by instance; for dashboards. */
    public static final String SERVICE_STATS = "service-stats";

    private Topics() {
    }
}
