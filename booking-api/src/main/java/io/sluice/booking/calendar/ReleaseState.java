package io.sluice.booking.calendar;

import java.util.EnumSet;
import java.util.Set;

/** A release's lifecycle: draft → announced → open ⇄ paused → closed, or sold out. */
public enum ReleaseState {
    DRAFT,
    ANNOUNCED,
    OPEN,
    PAUSED,
    CLOSED,
    SOLD_OUT;

    public boolean canMoveTo(ReleaseState target) {
        return successors().contains(target);
    }

    private Set<ReleaseState> successors() {
        return switch (this) {
            case DRAFT -> EnumSet.of(ANNOUNCED, OPEN, CLOSED);
            case ANNOUNCED -> EnumSet.of(OPEN, CLOSED);
            case OPEN -> EnumSet.of(PAUSED, CLOSED, SOLD_OUT);
            case PAUSED -> EnumSet.of(OPEN, CLOSED);
            case SOLD_OUT -> EnumSet.of(OPEN, CLOSED);
            case CLOSED -> EnumSet.noneOf(ReleaseState.class);
        };
    }

    /** States in which slots may still be added or the release shown on the public calendar. */
    public boolean isLive() {
        return this != DRAFT && this != CLOSED;
    }
}
