package io.sluice.notifier.delivery;

/**
 * A relay or gateway could not take a message now (down, busy, a 4xx of SMTP, a 5xx of HTTP): worth
 * retrying, and counted by the circuit breaker. Vert.x reports such failures as bare Throwables, which
 * the fault-tolerance retry (retryOn = Exception) would otherwise not retry at all.
 */
public class Unavailable extends RuntimeException {

    private final String reason;

    /** {@code reason} names a status or an exception type, never the recipient. */
    public Unavailable(String reason, Throwable cause) {
        super(reason, cause, false, false);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
