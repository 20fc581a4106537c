package io.sluice.allocator.claim;

import io.sluice.allocator.pool.SlotPool;
import io.sluice.events.BookingRequested;
import io.sluice.events.RejectionReason;
import io.sluice.events.RequestKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Decides a batch of requests in order against the in-memory pools. Pure: no I/O, so every rule of
 * a claim is tested without a database; the caller commits the result in one transaction.
 */
public final class ClaimBatch {

    private ClaimBatch() {
    }

    /**
     * @param held the live booking of each rebooking's person in its release, by request id; a
     *             rebooking without one is rejected
     */
    public static List<Decision> decide(List<BookingRequested> requests, Map<String, SlotPool> pools,
            Map<Long, ReleaseWindow> releases, Map<UUID, HeldBooking> held, Instant now, Supplier<String> bookingCodes) {
        List<Decision> decisions = new ArrayList<>(requests.size());
        for (BookingRequested request : requests) {
            decisions.add(decide(request, pools.get(request.poolKey()), releases.get(request.releaseId()),
                    held.get(request.requestId()), now, bookingCodes));
        }
        return decisions;
    }

    private static Decision decide(BookingRequested request, SlotPool pool, ReleaseWindow release, HeldBooking held,
            Instant now, Supplier<String> bookingCodes) {
        if (request.kind() == RequestKind.CANCEL || request.kind() == RequestKind.RELEASE_MOVED) {
            // A booking can be given back whatever state the release is in.
            return Decision.cancellation(request, pool == null || request.slotId() == null ? null
                    : pool.free(request.releaseId(), request.slotId(), request.personKey()).slot());
        }
        if (release == null || !release.acceptsBookingsAt(now)) {
            return Decision.rejected(request, RejectionReason.RELEASE_NOT_OPEN);
        }
        if (request.kind() == RequestKind.REBOOK) {
            return rebook(request, pool, held, bookingCodes);
        }
        if (pool == null) {
            return mayForward(request) ? Decision.forwarded(request) : Decision.rejected(request, RejectionReason.INVALID_SLOT);
        }
        SlotPool.Claim claim;
        if (request.kind() == RequestKind.SPECIFIC_SLOT) {
            if (request.slotId() == null) {
                return Decision.rejected(request, RejectionReason.INVALID_SLOT);
            }
            claim = pool.claim(request.releaseId(), request.slotId(), request.personKey());
        } else {
            claim = pool.claimEarliest(request.releaseId(), request.personKey());
        }
        if (claim.granted()) {
            return Decision.confirmed(request, claim.slot(), bookingCodes.get());
        }
        if (claim.refusal() == RejectionReason.SOLD_OUT && mayForward(request)) {
            return Decision.forwarded(request);
        }
        return Decision.rejected(request, claim.refusal());
    }

    /**
     * Claims the new slot first and gives the old one back only when that claim holds: a refused
     * rebooking leaves the old booking as it was. An old slot in another pool is freed by that pool's
     * writer once this decision is committed.
     */
    private static Decision rebook(BookingRequested request, SlotPool pool, HeldBooking held, Supplier<String> bookingCodes) {
        if (held == null) {
            return Decision.rejected(request, RejectionReason.NOT_BOOKED);
        }
        if (pool == null) {
            return Decision.rejected(request, RejectionReason.INVALID_SLOT);
        }
        SlotPool.Claim claim = request.slotId() != null
                ? pool.claim(request.releaseId(), request.slotId(), request.personKey())
                : pool.claimEarliest(request.releaseId(), request.personKey());
        if (!claim.granted()) {
            return Decision.rejected(request, claim.refusal());
        }
        if (held.poolKey().equals(pool.key())) {
            pool.free(request.releaseId(), held.slotId(), request.personKey());
        }
        return Decision.rebooked(request, claim.slot(), bookingCodes.get(), held);
    }

    /** Only the earliest-slot kind travels, and never further than its bounded list of pools. */
    private static boolean mayForward(BookingRequested request) {
        return request.kind() == RequestKind.EARLIEST_IN_POOL && request.hasAlternatives()
                && request.alternativePools().size() < BookingRequested.MAX_POOLS;
    }
}
