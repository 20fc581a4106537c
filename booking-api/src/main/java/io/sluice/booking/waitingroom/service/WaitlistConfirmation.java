package io.sluice.booking.waitingroom.service;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The token from the confirmation link the notifier mailed. */
public record WaitlistConfirmation(@NotBlank @Size(max = 100) String token) {
}
