package io.sluice.allocator.claim;

import io.sluice.allocator.pool.SlotPool;
import io.sluice.events.BookingRequested;
import io.sluice.events.RejectionReason;
import io.sluice.events.RequestKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Decides a batch of requests in order against the in-memory pools. Pure: no I/O, so every rule of
 * a claim is tested without a database; the caller commits the result in one transaction.
 */
public final class ClaimBatch {

    private ClaimBatch() {
    }

    public static List<Decision> decide(List<BookingRequested> requests, Map<String, SlotPool> pools,
            Map<Long, ReleaseWindow> releases, Instant now, Supplier<String> bookingCodes) {
        List<Decision> decisions = new ArrayList<>(requests.size());
        for (BookingRequested request : requests) {
            decisions.add(decide(request, pools.get(request.poolKey()), releases.get(request.releaseId()), now, bookingCodes));
        }
        return decisions;
    }

    private static Decision decide(BookingRequested request, SlotPool pool, ReleaseWindow release, Instant now,
            Supplier<String> bookingCodes) {
        if (release == null || !release.acceptsBookingsAt(now)) {
            return Decision.rejected(request, RejectionReason.RELEASE_NOT_OPEN);
        }
        if (pool == null) {
            return Decision.rejected(request, RejectionReason.INVALID_SLOT);
        }
        SlotPool.Claim claim;
        if (request.kind() == RequestKind.SPECIFIC_SLOT) {
            if (request.slotId() == null) {
                return Decision.rejected(request, RejectionReason.INVALID_SLOT);
            }
            claim = pool.claim(request.releaseId(), request.slotId());
        } else {
            claim = pool.claimEarliest(request.releaseId());
        }
        return claim.granted()
                ? Decision.confirmed(request, claim.slot(), bookingCodes.get())
                : Decision.rejected(request, claim.refusal());
    }
}
