package io.sluice.booking.calendar.service;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/**
 * A release as an operator plans it. Without {@code opensAt} it opens at once (a live release);
 * otherwise it is announced and opens by itself at that instant.
 */
public record ReleaseRequest(
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Size(max = 100) String district,
        Instant opensAt,
        Instant closesAt,
        @Min(0) @Max(1440) Integer prequeueMinutes,
        @Min(0) Integer expectedDemand,
        @NotEmpty @Size(max = 200) List<@Valid SlotBlock> slots) {
}
