package io.sluice.allocator.claim;

import io.sluice.allocator.pool.PoolSlot;
import io.sluice.events.BookingDecided;
import io.sluice.events.BookingRequested;
import io.sluice.events.Outcome;
import io.sluice.events.RejectionReason;
import io.sluice.events.RequestKind;
import java.time.Instant;

/**
 * The allocator's answer to one request, before and after it is committed: confirmed, rejected, or
 * — when this pool is sold out and the citizen listed other pools — passed on to the next pool,
 * whose own writer decides it. A confirmed rebooking also names the booking it {@code replaces}.
 */
public record Decision(BookingRequested request, PoolSlot slot, String bookingCode, RejectionReason reason,
        BookingRequested forward, HeldBooking replaces) {

    public static Decision confirmed(BookingRequested request, PoolSlot slot, String bookingCode) {
        return new Decision(request, slot, bookingCode, null, null, null);
    }

    /** A rebooking whose new slot is claimed; {@code replaced} is given back when this commits. */
    public static Decision rebooked(BookingRequested request, PoolSlot slot, String bookingCode, HeldBooking replaced) {
        return new Decision(request, slot, bookingCode, null, null, replaced);
    }

    public static Decision rejected(BookingRequested request, RejectionReason reason) {
        return new Decision(request, null, null, reason, null, null);
    }

    public static Decision forwarded(BookingRequested request) {
        return new Decision(request, null, null, null, request.forwardedToNextPool(), null);
    }

    /**
     * A slot given back (a cancellation, or the old slot of a rebooking decided in another pool);
     * {@code freed} is that slot, null when there was nothing to give back.
     */
    public static Decision cancellation(BookingRequested request, PoolSlot freed) {
        return new Decision(request, freed, null, null, null, null);
    }

    /** The same claim under another booking code: the first one drawn belonged to another booking already. */
    public Decision withBookingCode(String code) {
        return new Decision(request, slot, code, reason, forward, replaces);
    }

    public boolean isCancellation() {
        return request.kind() == RequestKind.CANCEL;
    }

    public boolean isMovedSlotRelease() {
        return request.kind() == RequestKind.RELEASE_MOVED;
    }

    public boolean isRebooking() {
        return request.kind() == RequestKind.REBOOK;
    }

    /** True for the final decision on a booking request; false for a forward or a slot given back. */
    public boolean isFinal() {
        return forward == null && !isCancellation() && !isMovedSlotRelease();
    }

    public boolean confirmed() {
        return slot != null && isFinal();
    }

    public BookingDecided toEvent(Instant decidedAt) {
        return new BookingDecided(request.requestId(), request.releaseId(), request.poolKey(),
                confirmed() ? Outcome.CONFIRMED : Outcome.REJECTED, reason, bookingCode,
                confirmed() ? slot.id() : null, confirmed() ? slot.startsAt() : null, decidedAt);
    }
}
