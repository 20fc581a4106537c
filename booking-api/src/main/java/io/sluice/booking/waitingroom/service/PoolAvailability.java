package io.sluice.booking.waitingroom.service;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Free slots of a release at one site on one day, and the earliest of them, as an admitted citizen chooses. */
public record PoolAvailability(
        String poolKey,
        String siteCode,
        String siteName,
        String address,
        String timeZone,
        LocalDate day,
        int freeSlots,
        int slotCount,
        List<Instant> nextFree) {
}
