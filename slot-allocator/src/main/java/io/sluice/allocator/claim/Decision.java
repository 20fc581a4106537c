package io.sluice.allocator.claim;

import io.sluice.allocator.pool.PoolSlot;
import io.sluice.events.BookingDecided;
import io.sluice.events.BookingRequested;
import io.sluice.events.Outcome;
import io.sluice.events.RejectionReason;
import java.time.Instant;

/**
 * The allocator's answer to one request, before and after it is committed: confirmed, rejected, or
 * — when this pool is sold out and the citizen listed other pools — passed on to the next pool,
 * whose own writer decides it.
 */
public record Decision(BookingRequested request, PoolSlot slot, String bookingCode, RejectionReason reason,
        BookingRequested forward) {

    public static Decision confirmed(BookingRequested request, PoolSlot slot, String bookingCode) {
        return new Decision(request, slot, bookingCode, null, null);
    }

    public static Decision rejected(BookingRequested request, RejectionReason reason) {
        return new Decision(request, null, null, reason, null);
    }

    public static Decision forwarded(BookingRequested request) {
        return new Decision(request, null, null, null, request.forwardedToNextPool());
    }

    /** True for a final decision, false for a request passed on to another pool. */
    public boolean isFinal() {
        return forward == null;
    }

    public boolean confirmed() {
        return slot != null;
    }

    public BookingDecided toEvent(Instant decidedAt) {
        return new BookingDecided(request.requestId(), request.releaseId(), request.poolKey(),
                confirmed() ? Outcome.CONFIRMED : Outcome.REJECTED, reason, bookingCode,
                confirmed() ? slot.id() : null, confirmed() ? slot.startsAt() : null, decidedAt);
    }
}
