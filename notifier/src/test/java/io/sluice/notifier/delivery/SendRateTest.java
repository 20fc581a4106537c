package io.sluice.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SendRateTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void sendsAreSpacedEvenlyAtTheRate() {
        SendRate rate = new SendRate(100, now::get); // one every 10 ms

        assertThat(rate.reserve()).isZero();
        assertThat(rate.reserve()).isEqualTo(10_000_000L);
        assertThat(rate.reserve()).isEqualTo(20_000_000L);
    }

    @Test
    void idleTimeIsNotSavedUpForABurst() {
        SendRate rate = new SendRate(100, now::get);
        rate.reserve();

        now.addAndGet(5_000_000_000L); // five quiet seconds
        assertThat(rate.reserve()).isZero();
        assertThat(rate.reserve()).isEqualTo(10_000_000L);
    }

    @Test
    void aRateOfZeroMeansUnlimited() {
        SendRate rate = new SendRate(0, now::get);

        for (int i = 0; i < 1000; i++) {
            assertThat(rate.reserve()).isZero();
        }
    }
}
