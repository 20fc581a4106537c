package io.sluice.booking.booking.service;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;

/**
 * A citizen's booking request: either a named slot ({@code slotId}) or the earliest free slot at
 * one site on one day ({@code siteCode} and {@code day}). Only what the booking needs is asked for;
 * the birth date, priority group and invitation code are checked against the release's eligibility
 * and never stored.
 */
public record BookingRequestBody(
        Long slotId,
        @Size(max = 32) String siteCode,
        LocalDate day,
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Email @Size(max = 254) String email,
        @Pattern(regexp = "de|en", message = "must be de or en") String language,
        @Past LocalDate birthDate,
        @Size(max = 40) String priorityGroup,
        @Size(max = 100) String invitationCode) {
}
