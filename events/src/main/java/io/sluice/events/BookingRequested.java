package io.sluice.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A booking request that booking-api accepted and the allocator must decide exactly once.
 * It carries no personal data: {@code personKey} is a keyed hash that only lets the allocator tell
 * two requests of the same person apart; contact details stay in PostgreSQL.
 *
 * @param slotId the wanted slot for {@link RequestKind#SPECIFIC_SLOT}, otherwise null
 * @param alternativePools for {@link RequestKind#EARLIEST_IN_POOL}: the pools to try next, in order,
 *                         when this one has no free slot; null or empty when there are none
 */
public record BookingRequested(
        UUID requestId,
        long releaseId,
        String poolKey,
        RequestKind kind,
        Long slotId,
        String personKey,
        Instant acceptedAt,
        List<String> alternativePools) {

    /** The most pools one request may visit: bounds the hops of a request through the allocators. */
    public static final int MAX_POOLS = 8;

    public BookingRequested(UUID requestId, long releaseId, String poolKey, RequestKind kind, Long slotId,
            String personKey, Instant acceptedAt) {
        this(requestId, releaseId, poolKey, kind, slotId, personKey, acceptedAt, null);
    }

    public boolean hasAlternatives() {
        return alternativePools != null && !alternativePools.isEmpty();
    }

    /**
     * What a {@link RequestKind#REBOOK} decided in another pool sends to the pool of the slot it moved
     * away from, so that pool's writer frees it. Its id is derived from the rebooking's: a replay is the
     * same request, and it never collides with the rebooking's own decision.
     */
    public static BookingRequested releaseOfMovedSlot(BookingRequested rebooking, String poolKey, long slotId) {
        UUID id = UUID.nameUUIDFromBytes(("release-moved:" + rebooking.requestId()).getBytes(StandardCharsets.UTF_8));
        return new BookingRequested(id, rebooking.releaseId(), poolKey, RequestKind.RELEASE_MOVED, slotId,
                rebooking.personKey(), rebooking.acceptedAt());
    }

    /** The same request, handed to the next pool of its list. */
    public BookingRequested forwardedToNextPool() {
        List<String> rest = alternativePools.subList(1, alternativePools.size());
        return new BookingRequested(requestId, releaseId, alternativePools.get(0), kind, slotId, personKey, acceptedAt,
                rest.isEmpty() ? null : List.copyOf(rest));
    }
}
