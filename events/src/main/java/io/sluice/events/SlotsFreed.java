package io.sluice.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A cancellation gave a slot back to a release that had sold out: the people on the release's
 * waitlist are told, and whoever comes first through the waiting room gets it. Published by the
 * allocator in the same transaction as the cancellation (outbox), keyed by release id.
 *
 * @param offerId        the cancel request's id: a replayed cancellation yields the same offer,
 *                       which consumers use to send each offer once
 * @param slotStartsAt   when the freed slot starts, for the offer's text
 */
public record SlotsFreed(
        UUID offerId,
        long releaseId,
        String poolKey,
        int freedSlots,
        Instant slotStartsAt,
        Instant freedAt) {
}
