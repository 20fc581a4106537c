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
 * A release as an operator plans it. It starts as a draft to be announced, unless {@code openNow}
 * opens it at once (a live release, {@code opensAt} left out).
 */
public record ReleaseRequest(
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Size(max = 100) String district,
        Instant opensAt,
        Instant closesAt,
        Boolean openNow,
        @Min(0) @Max(1440) Integer prequeueMinutes,
        @Min(0) Integer expectedDemand,
        @Valid Eligibility eligibility,
        @NotEmpty @Size(max = 200) List<@Valid SlotBlock> slots) {

    public boolean opensNow() {
        return Boolean.TRUE.equals(openNow);
    }
}
