package io.sluice.events;

import java.time.Instant;
import java.util.List;

/**
 * How many slots of a release are still free in one pool, and the earliest of them, as the pool's
 * single writer knows it. Published at most once a second per changed pool and keyed by
 * {@code poolKey + "/" + releaseId}, so a compacted topic keeps the latest picture.
 *
 * @param nextFree the starts of up to five earliest free slots
 */
public record AvailabilitySnapshot(
        String poolKey,
        long releaseId,
        int freeSlots,
        List<Instant> nextFree,
        Instant at) {

    public String key() {
        return poolKey + "/" + releaseId;
    }
}
