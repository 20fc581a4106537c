package io.sluice.events;

/** What a citizen asked the allocator for. */
public enum RequestKind {
    /** One named slot, nothing else. */
    SPECIFIC_SLOT,
    /** The earliest free slot of the release in the request's pool. */
    EARLIEST_IN_POOL
}
