package io.sluice.allocator.claim;

import io.sluice.allocator.pool.PoolSlot;
import io.sluice.events.BookingDecided;
import io.sluice.events.BookingRequested;
import io.sluice.events.Outcome;
import io.sluice.events.RejectionReason;
import java.time.Instant;

/** The allocator's answer to one request, before and after it is committed. */
public record Decision(BookingRequested request, PoolSlot slot, String bookingCode, RejectionReason reason) {

    public static Decision confirmed(BookingRequested request, PoolSlot slot, String bookingCode) {
        return new Decision(request, slot, bookingCode, null);
    }

    public static Decision rejected(BookingRequested request, RejectionReason reason) {
        return new Decision(request, null, null, reason);
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
