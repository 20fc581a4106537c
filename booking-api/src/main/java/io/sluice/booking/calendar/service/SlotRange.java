package io.sluice.booking.calendar.service;

import jakarta.validation.constraints.NotNull;
import java.time.LocalDate;

/** Days (both inclusive) for which a site's slots are made to match its capacity. */
public record SlotRange(@NotNull LocalDate from, @NotNull LocalDate to) {
}
