package io.sluice.events;

import java.time.Instant;
import java.util.UUID;

/** A confirmed booking was cancelled and its slot is free again. Keyed by the request id. */
public record BookingCancelled(
        UUID requestId,
        long releaseId,
        String poolKey,
        String bookingCode,
        long slotId,
        Instant slotStartsAt,
        Instant cancelledAt) {
}
