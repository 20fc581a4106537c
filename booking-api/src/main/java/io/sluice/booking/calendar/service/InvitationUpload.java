package io.sluice.booking.calendar.service;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Invitation codes as SHA-256 hex hashes: the plain codes stay with whoever sends the invitations. */
public record InvitationUpload(
        @NotEmpty @Size(max = 100_000) List<@Pattern(regexp = "[0-9a-f]{64}", message = "must be a lower-case hex SHA-256 hash") String> codeHashes) {
}
