package io.sluice.booking.calendar.service;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Who may book a release: an age band (computed from the birth date on the day of booking), one of
 * the priority groups, or holders of an invitation code. Null fields mean no restriction.
 */
public record Eligibility(
        @Min(0) @Max(150) Integer minAge,
        @Min(0) @Max(150) Integer maxAge,
        @Size(max = 20) List<@Pattern(regexp = "[a-z0-9-]{1,40}", message = "must be lower-case letters, digits or dashes") String> priorityGroups,
        Boolean invitationOnly) {

    public static final Eligibility EVERYONE = new Eligibility(null, null, null, false);
}
