package io.sluice.allocator.claim;

import java.time.Instant;

/** The part of a release the allocator must know to decide: is it accepting bookings now? */
public record ReleaseWindow(long id, String state, Instant opensAt, Instant closesAt, int slotsVersion) {

    public boolean acceptsBookingsAt(Instant now) {
        boolean started = !now.isBefore(opensAt) && (closesAt == null || now.isBefore(closesAt));
        return started && ("OPEN".equals(state) || "ANNOUNCED".equals(state));
    }
}
