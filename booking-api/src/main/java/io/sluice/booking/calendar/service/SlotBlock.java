package io.sluice.booking.calendar.service;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.LocalDate;
import java.time.LocalTime;

/**
 * Slots of one site on one day for a release. Either new slots — {@code from..to} in the site's
 * local time, every {@code slotMinutes}, on each of {@code lanes} — or, without those, slots taken
 * from the site's generated capacity that no release holds yet ({@code count} of them, or all).
 */
public record SlotBlock(
        @NotBlank String siteCode,
        @NotNull LocalDate day,
        LocalTime from,
        LocalTime to,
        @Min(1) @Max(480) Integer slotMinutes,
        @Min(1) @Max(1000) Integer lanes,
        @Min(1) @Max(100_000) Integer count) {

    /** True when the block describes new slots rather than taking capacity slots. */
    public boolean definesSlots() {
        return from != null || to != null || slotMinutes != null || lanes != null;
    }
}
