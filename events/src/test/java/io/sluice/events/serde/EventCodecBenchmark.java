package io.sluice.events.serde;

import io.sluice.events.BookingDecided;
import io.sluice.events.BookingRequested;
import io.sluice.events.Outcome;
import io.sluice.events.RequestKind;
import java.time.Instant;
import java.util.UUID;

/**
 * Nanoseconds per request read and per decision written, hand-written codec against data binding, on
 * one thread (docs/benchmarks.md). Not a test: run it with
 * {@code ./mvnw -q -pl events test-compile && java -cp "events/target/classes:events/target/test-classes:$(cat local-infra/target/classpath.txt)" io.sluice.events.serde.EventCodecBenchmark}
 * and add {@code -XX:TieredStopAtLevel=1} to see it as the allocator runs it.
 */
public final class EventCodecBenchmark {

    private static final int ROUNDS = 5;
    private static final int PER_ROUND = 500_000;

    private EventCodecBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        JsonEventSerializer<Object> serializer = new JsonEventSerializer<>();
        BookingRequestedDeserializer requests = new BookingRequestedDeserializer();
        BookingRequested request = new BookingRequested(UUID.randomUUID(), 7, "3@2026-12-05", RequestKind.EARLIEST_IN_POOL, null,
                UUID.randomUUID().toString(), Instant.parse("2026-12-05T07:00:00.123456Z"));
        BookingDecided decision = new BookingDecided(UUID.randomUUID(), 7, "3@2026-12-05", Outcome.CONFIRMED, null, "K7P3-XQ2M", 42L,
                Instant.parse("2026-12-05T09:30:00Z"), Instant.parse("2026-12-05T07:00:01.5Z"));
        byte[] json = serializer.serialize("t", request);
        long sink = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < PER_ROUND; i++) {
                sink += requests.deserialize("t", json).releaseId();
            }
            long handRead = System.nanoTime() - start;
            start = System.nanoTime();
            for (int i = 0; i < PER_ROUND; i++) {
                sink += EventJson.MAPPER.readValue(json, BookingRequested.class).releaseId();
            }
            long boundRead = System.nanoTime() - start;
            start = System.nanoTime();
            for (int i = 0; i < PER_ROUND; i++) {
                sink += serializer.serialize("t", decision).length;
            }
            long handWrite = System.nanoTime() - start;
            start = System.nanoTime();
            for (int i = 0; i < PER_ROUND; i++) {
                sink += EventJson.MAPPER.writeValueAsBytes(decision).length;
            }
            long boundWrite = System.nanoTime() - start;
            System.out.printf("round %d: read request hand %d ns, data binding %d ns; write decision hand %d ns, data binding %d ns%n",
                    round, handRead / PER_ROUND, boundRead / PER_ROUND, handWrite / PER_ROUND, boundWrite / PER_ROUND);
        }
        // Printed so the loops cannot be optimised away.
        System.out.println("checksum " + sink);
    }
}
