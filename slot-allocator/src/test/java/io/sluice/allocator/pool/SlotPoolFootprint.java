package io.sluice.allocator.pool;

import java.time.Instant;

/**
 * Measures what a pool costs in heap per slot and how long building it takes: a benchmark, not a
 * test. Run it as docs/benchmarks.md shows; {@code args[0]} is the slot count (default 1,000,000).
 */
public final class SlotPoolFootprint {

    private SlotPoolFootprint() {
    }

    public static void main(String[] args) {
        int slots = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Instant eight = Instant.parse("2026-12-05T07:00:00Z");
        long before = usedHeap();
        long started = System.nanoTime();
        SlotPool pool = build(slots, eight);
        long buildMillis = (System.nanoTime() - started) / 1_000_000;
        long after = usedHeap();
        int claimed = 0;
        started = System.nanoTime();
        while (pool.claimEarliest(7, "p").granted()) {
            claimed++;
        }
        long claimNanos = System.nanoTime() - started;
        System.out.printf("slots=%d bytes_per_free_slot=%.1f build_ms=%d earliest_claims_per_s=%.0f%n",
                slots, (after - before) / (double) slots, buildMillis, claimed / (claimNanos / 1e9));
    }

    /** Fifty lanes a minute, as a large vaccination centre; the builder is garbage once this returns. */
    private static SlotPool build(int slots, Instant first) {
        SlotPool.Builder builder = SlotPool.builder("1@2026-12-05");
        for (int i = 0; i < slots; i++) {
            builder.add(i + 1L, 7, first.plusSeconds(60L * (i / 50)), true);
        }
        return builder.build();
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
