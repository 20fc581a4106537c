package io.sluice.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The final decision on one booking request. Consumers must be idempotent by {@code requestId}:
 * the allocator republishes decisions whose publication it cannot prove after a crash.
 *
 * @param reason        set when {@code outcome} is {@link Outcome#REJECTED}
 * @param bookingCode   set when confirmed
 * @param slotId        the booked slot when confirmed
 * @param slotStartsAt  the booked slot's start when confirmed
 */
public record BookingDecided(
        UUID requestId,
        long releaseId,
        String poolKey,
        Outcome outcome,
        RejectionReason reason,
        String bookingCode,
        Long slotId,
        Instant slotStartsAt,
        Instant decidedAt) {

    public boolean confirmed() {
        return outcome == Outcome.CONFIRMED;
    }
}
