package io.sluice.booking.calendar.service;

import io.sluice.booking.calendar.Release;
import io.sluice.booking.calendar.ReleaseState;
import java.time.Instant;

public record ReleaseView(
        long id,
        String name,
        String district,
        ReleaseState state,
        Instant opensAt,
        Instant closesAt,
        long slotCount,
        long freeSlots) {

    static ReleaseView of(Release release, long slotCount, long freeSlots) {
        return new ReleaseView(release.id, release.name, release.district, release.state, release.opensAt,
                release.closesAt, slotCount, freeSlots);
    }
}
