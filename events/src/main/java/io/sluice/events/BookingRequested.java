package io.sluice.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A booking request that booking-api accepted and the allocator must decide exactly once.
 * It carries no personal data: {@code personKey} is a keyed hash that only lets the allocator tell
 * two requests of the same person apart; contact details stay in PostgreSQL.
 *
 * @param slotId the wanted slot for {@link RequestKind#SPECIFIC_SLOT}, otherwise null
 */
public record BookingRequested(
        UUID requestId,
        long releaseId,
        String poolKey,
        RequestKind kind,
        Long slotId,
        String personKey,
        Instant acceptedAt) {
}
