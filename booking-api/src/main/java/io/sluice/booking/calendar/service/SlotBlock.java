package io.sluice.booking.calendar.service;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.LocalDate;
import java.time.LocalTime;

/** Slots of one site on one day: from..to in the site's local time, every slotMinutes, on each lane. */
public record SlotBlock(
        @NotBlank String siteCode,
        @NotNull LocalDate day,
        @NotNull LocalTime from,
        @NotNull LocalTime to,
        @Min(1) @Max(480) int slotMinutes,
        @Min(1) @Max(1000) int lanes) {
}
