package io.sluice.events;

/** What a citizen asked the allocator for. */
public enum RequestKind {
    /** One named slot, nothing else. */
    SPECIFIC_SLOT,
    /** The earliest free slot of the release in the request's pool, or in the next pools of its list. */
    EARLIEST_IN_POOL,
    /** Give back {@code slotId}, booked by {@code personKey}: the pool's writer frees it for the next request. */
    CANCEL
}
