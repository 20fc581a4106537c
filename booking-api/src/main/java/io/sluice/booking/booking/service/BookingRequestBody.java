package io.sluice.booking.booking.service;

import io.sluice.events.BookingRequested;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;

/**
 * A citizen's booking request: either a named slot ({@code slotId}) or the earliest free slot at
 * one site on one day ({@code siteCode} and {@code day}), then, if that pool has none, at each of
 * {@code alternatives} in order. Only what the booking needs is asked for; the birth date, priority
 * group and invitation code are checked against the release's eligibility and never stored.
 *
 * @param phone optional, in E.164 form: the appointment is also sent by SMS
 */
public record BookingRequestBody(
        Long slotId,
        @Size(max = 32) String siteCode,
        LocalDate day,
        @Size(max = BookingRequested.MAX_POOLS - 1) List<@NotNull @Valid PoolChoice> alternatives,
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Email @Size(max = 254) String email,
        @Pattern(regexp = "\\+[1-9][0-9]{6,14}", message = "must be an international number like +4930123456") String phone,
        @Pattern(regexp = "de|en", message = "must be de or en") String language,
        @Past LocalDate birthDate,
        @Size(max = 40) String priorityGroup,
        @Size(max = 100) String invitationCode) {

    /** A site and day to try when the pools before it have no free slot. */
    public record PoolChoice(@NotBlank @Size(max = 32) String siteCode, @NotNull LocalDate day) {
    }

    public boolean hasAlternatives() {
        return alternatives != null && !alternatives.isEmpty();
    }
}
