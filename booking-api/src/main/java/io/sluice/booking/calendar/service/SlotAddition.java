package io.sluice.booking.calendar.service;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.util.List;

/** More slots for an existing release, e.g. an open one whose demand outgrew it. */
public record SlotAddition(@NotEmpty @Size(max = 200) List<@Valid SlotBlock> slots) {
}
