package io.sluice.booking.calendar.service;

import io.sluice.booking.calendar.ReleaseState;
import java.time.Instant;

/** One state change of a release: who moved it from what to what, and when. */
public record AuditEntry(ReleaseState fromState, ReleaseState toState, String actor, Instant at) {
}
