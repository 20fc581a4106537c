package io.sluice.booking.calendar;

public enum ReleaseState {
    DRAFT,
    ANNOUNCED,
    OPEN,
    PAUSED,
    CLOSED,
    SOLD_OUT
}
