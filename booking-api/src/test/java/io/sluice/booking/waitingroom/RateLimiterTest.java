package io.sluice.booking.waitingroom;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.booking.waitingroom.service.RateLimiter;
import io.sluice.booking.waitingroom.service.RateLimiter.Kind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final RateLimiter limits = new RateLimiter(TestConfig.with(Map.of("bookingBurst", 3, "bookingsPerMinute", 6)));

    @Test
    void anAddressBooksItsBurstThenWaitsForTheSustainedRate() {
        for (int i = 0; i < 3; i++) {
            assertThat(limits.secondsToWait(Kind.BOOKING, "10.0.0.1")).isZero();
        }
        assertThat(limits.secondsToWait(Kind.BOOKING, "10.0.0.1")).as("one booking per 10 s after the burst").isBetween(9L, 10L);
    }

    @Test
    void addressesAndKindsHaveTheirOwnBuckets() {
        for (int i = 0; i < 3; i++) {
            limits.secondsToWait(Kind.BOOKING, "10.0.0.2");
        }
        assertThat(limits.secondsToWait(Kind.BOOKING, "10.0.0.3")).isZero();
        assertThat(limits.secondsToWait(Kind.STATUS, "10.0.0.2")).isZero();
    }
}
