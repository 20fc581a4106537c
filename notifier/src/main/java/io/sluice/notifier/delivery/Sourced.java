package io.sluice.notifier.delivery;

/** An event read from Kafka together with the record it came from, so a failure can dead-letter that record. */
public record Sourced<T>(ConsumedEvent source, T event) {
}
