package io.sluice.allocator.pool;

import java.time.Instant;

/** One slot of a pool as the allocator holds it in memory. */
public record PoolSlot(long id, long releaseId, Instant startsAt) {
}
