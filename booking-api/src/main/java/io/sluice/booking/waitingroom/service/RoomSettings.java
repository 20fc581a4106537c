package io.sluice.booking.waitingroom.service;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * What an operator may change live about a release's waiting room; a field left out (null) falls back
 * to the configured default.
 *
 * @param powDifficulty       leading zero bits of the join puzzle; each extra bit doubles a joiner's work
 * @param maxAdmissionRate    ceiling of admissions per second (0 stops admission)
 * @param admissionTtlSeconds how long an admitted citizen has to send the booking request
 */
public record RoomSettings(
        @Min(0) @Max(30) Integer powDifficulty,
        @Min(0) @Max(100000) Integer maxAdmissionRate,
        @Min(5) @Max(86400) Integer admissionTtlSeconds) {
}
