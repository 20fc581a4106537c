package io.sluice.booking.calendar.service;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.LocalDate;
import java.time.LocalTime;

/**
 * Opening hours of a site: on a weekday (1 = Monday … 7 = Sunday) or on one date. Rules for a
 * date replace that day's weekday rules (a holiday, an extra Saturday); several rules may share
 * a day (morning and afternoon).
 */
public record CapacityRule(
        @Min(1) @Max(7) Integer weekday,
        LocalDate date,
        @NotNull LocalTime opens,
        @NotNull LocalTime closes,
        @Min(1) @Max(480) int slotMinutes,
        @Min(1) @Max(1000) int lanes) {
}
