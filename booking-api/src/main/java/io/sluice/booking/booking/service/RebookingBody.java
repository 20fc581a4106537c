package io.sluice.booking.booking.service;

import jakarta.validation.constraints.Size;
import java.time.LocalDate;

/**
 * Where a booking's holder wants to move it: a named slot ({@code slotId}) or the earliest free slot at
 * one site on one day ({@code siteCode} and {@code day}) of the same release.
 */
public record RebookingBody(
        Long slotId,
        @Size(max = 32) String siteCode,
        LocalDate day) {
}
