package io.sluice.events;

/** Why the allocator refused a request; shown to the citizen, so each one is distinct. */
public enum RejectionReason {
    /** No free slot of the release is left in the pool. */
    SOLD_OUT,
    /** The named slot was booked by someone else first. */
    SLOT_TAKEN,
    /** This person already holds a booking in the release. */
    ALREADY_BOOKED,
    /** The release is not open (paused, closed or not yet open). */
    RELEASE_NOT_OPEN,
    /** The slot does not exist or does not belong to the release and pool of the request. */
    INVALID_SLOT,
    /** A rebooking found no live booking of the person in the release to move: it was cancelled meanwhile. */
    NOT_BOOKED
}
