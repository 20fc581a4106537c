package io.sluice.events;

/** What a citizen asked the allocator for. */
public enum RequestKind {
    /** One named slot, nothing else. */
    SPECIFIC_SLOT,
    /** The earliest free slot of the release in the request's pool, or in the next pools of its list. */
    EARLIEST_IN_POOL,
    /** Give back {@code slotId}, booked by {@code personKey}: the pool's writer frees it for the next request. */
    CANCEL,
    /**
     * Move {@code personKey}'s live booking in the release to {@code slotId}, or to the earliest free slot
     * of the request's pool when {@code slotId} is null. The new slot is claimed first; the old one is
     * given back only when that claim is committed, so a failed rebooking leaves the old booking as it was.
     */
    REBOOK,
    /**
     * Give back {@code slotId}, whose booking a {@link #REBOOK} in another pool has already moved: the
     * pool's writer frees it for the next request. Sent by the allocator only, through its outbox.
     */
    RELEASE_MOVED
}
