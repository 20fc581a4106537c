package io.sluice.notifier.delivery;

/** How a message reaches its reader. */
public enum Medium {
    EMAIL,
    SMS
}
