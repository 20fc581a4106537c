package io.sluice.booking.calendar.service;

import io.sluice.booking.calendar.Release;
import io.sluice.booking.calendar.ReleaseState;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

public record ReleaseView(
        long id,
        String name,
        String district,
        ReleaseState state,
        Instant opensAt,
        Instant closesAt,
        int prequeueMinutes,
        Integer expectedDemand,
        Eligibility eligibility,
        long slotCount,
        long freeSlots) {

    static ReleaseView of(Release release, long slotCount, long freeSlots) {
        List<String> groups = release.priorityGroups == null ? null : Arrays.asList(release.priorityGroups.split(","));
        return new ReleaseView(release.id, release.name, release.district, release.state, release.opensAt,
                release.closesAt, release.prequeueMinutes, release.expectedDemand,
                new Eligibility(release.minAge, release.maxAge, groups, release.invitationOnly), slotCount, freeSlots);
    }
}
