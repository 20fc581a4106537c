package io.sluice.notifier.delivery;

/**
 * A relay or gateway refused a message for good (an SMTP 5xx, an HTTP 4xx): retrying cannot help and
 * must not trip the circuit breaker, which is about the relay being down, not about one bad address.
 */
public class Undeliverable extends RuntimeException {

    private final String reason;

    /** {@code reason} names a status, never the recipient. */
    public Undeliverable(String reason) {
        super(reason, null, false, false);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
