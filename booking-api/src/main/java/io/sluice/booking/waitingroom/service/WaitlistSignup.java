package io.sluice.booking.waitingroom.service;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Leave an e-mail address to hear about freed slots of a sold-out release or the next release in its district. */
public record WaitlistSignup(
        @NotBlank @Email @Size(max = 254) String email,
        @Pattern(regexp = "de|en", message = "must be de or en") String language) {
}
