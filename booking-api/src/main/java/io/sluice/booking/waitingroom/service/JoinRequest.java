package io.sluice.booking.waitingroom.service;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A join: the solved proof-of-work challenge and, for invitation-only releases, the invitation code. */
public record JoinRequest(
        @NotBlank @Size(max = 200) String challenge,
        @NotBlank @Size(max = 20) String solution,
        @Size(max = 100) String invitationCode) {
}
