package io.sluice.notifier.staff;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Someone at a site who is told when a release with slots there is announced. */
public record StaffContact(
        Long id,
        @NotBlank @Size(max = 200) String displayName,
        @NotBlank @Email @Size(max = 254) String email,
        @Pattern(regexp = "de|en", message = "must be de or en") String language) {
}
