package io.sluice.allocator.claim;

/** The live booking a rebooking moves away from: its slot, and the pool whose writer owns that slot. */
public record HeldBooking(long slotId, String poolKey) {
}
