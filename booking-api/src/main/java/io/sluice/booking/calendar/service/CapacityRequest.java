package io.sluice.booking.calendar.service;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** The complete set of a site's capacity rules; it replaces the previous set. */
public record CapacityRequest(@NotNull @Size(max = 400) List<@Valid @NotNull CapacityRule> rules) {
}
