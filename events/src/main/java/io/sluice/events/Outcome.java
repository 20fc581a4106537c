package io.sluice.events;

public enum Outcome {
    CONFIRMED,
    REJECTED
}
