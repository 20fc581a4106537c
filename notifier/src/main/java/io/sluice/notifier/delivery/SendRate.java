package io.sluice.notifier.delivery;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Spaces sends evenly at a configured rate, so a provider's relay sees a steady stream rather than
 * the burst of a sell-out. Each caller reserves the next free instant and waits, without blocking a
 * thread, until it comes; unused time is not saved up, so there is never a burst above the rate.
 */
public final class SendRate {

    // Waits shorter than this are not worth a timer: at high rates they would cost more than they spare.
    private static final long NEGLIGIBLE_NANOS = 1_000_000L;

    private final long intervalNanos;
    private final LongSupplier clock;
    private final AtomicLong nextFree;

    public SendRate(double perSecond) {
        this(perSecond, System::nanoTime);
    }

    SendRate(double perSecond, LongSupplier clock) {
        if (perSecond < 0) {
            throw new IllegalArgumentException("the send rate must not be negative");
        }
        this.intervalNanos = perSecond == 0 ? 0 : Math.round(1_000_000_000d / perSecond);
        this.clock = clock;
        this.nextFree = new AtomicLong(clock.getAsLong());
    }

    /** Completes when the caller may send. */
    public Uni<Void> permit() {
        long wait = reserve();
        if (wait < NEGLIGIBLE_NANOS) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofNanos(wait));
    }

    /** Reserves the next free instant and returns how long from now it is, in nanoseconds. */
    long reserve() {
        if (intervalNanos == 0) {
            return 0;
        }
        long now = clock.getAsLong();
        long slot = nextFree.getAndUpdate(next -> Math.max(next, now) + intervalNanos);
        return Math.max(0, Math.max(slot, now) - now);
    }
}
