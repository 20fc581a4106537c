package io.sluice.notifier.subscription;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A citizen asks to hear about the next releases in a district; nothing else about them is stored. */
public record SubscriptionRequest(
        @NotBlank @Email @Size(max = 254) String email,
        @NotBlank @Size(max = 100) String district,
        @Pattern(regexp = "de|en", message = "must be de or en") String language) {
}
