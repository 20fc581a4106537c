package io.sluice.booking.calendar.service;

import java.time.Instant;
import java.util.List;

/**
 * What generating slots from capacity did. Slots that no longer match the capacity but are booked
 * or held by a release are never deleted: they are listed in {@code kept} with the reason.
 */
public record SlotChangeReport(int created, int removed, int unchanged, List<KeptSlot> kept) {

    public record KeptSlot(long slotId, Instant startsAt, int lane, String reason) {
    }
}
