package io.sluice.booking.calendar.service;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

public record SiteRequest(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9-]{2,32}", message = "must be 2 to 32 letters, digits or dashes") String code,
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Size(max = 500) String address,
        @NotBlank @Size(max = 100) String district,
        @NotBlank @Size(max = 64) String timeZone) {
}
