package io.sluice.booking.calendar.service;

import io.sluice.booking.calendar.ReleaseState;
import java.time.Instant;
import java.util.List;

/** A release as the public calendar shows it: when, where, how many slots. */
public record CalendarEntry(
        long id,
        String name,
        String district,
        ReleaseState state,
        Instant opensAt,
        Instant closesAt,
        Integer expectedDemand,
        long slotCount,
        List<CalendarSite> sites) {

    public record CalendarSite(String code, String name, String address, String timeZone, long slotCount) {
    }
}
