package io.sluice.booking.waitingroom;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.booking.calendar.ReleaseState;
import io.sluice.booking.waitingroom.repository.WaitingRoomRepository.Decision;
import io.sluice.booking.waitingroom.repository.WaitingRoomRepository.Figures;
import io.sluice.booking.waitingroom.service.AdmissionPolicy;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdmissionPolicyTest {

    private static final Instant NOW = Instant.parse("2026-12-05T07:00:10Z");

    private final AdmissionPolicy policy = new AdmissionPolicy(TestConfig.with(Map.of(
            "admissionMargin", 5, "startAdmissionRate", 20, "maxAdmissionRate", 100)));

    @Test
    void theFreeSlotsPlusMarginCapAdmissionsNotYetUsedOrDecided() {
        // 100 free slots, 60 requests undecided, 40 admitted lately of whom 10 asked: 15 more fit (100 + 5 - 90).
        Decision decision = policy.decide(room(100, 60, 140, 100, 10, NOW.minusSeconds(2)), 1000);
        assertThat(decision.toServing() - decision.fromServing()).isEqualTo(15);
        assertThat(decision.heldBy()).isEqualTo("INVENTORY");
        assertThat(decision.claims()).isEqualTo(105);
    }

    @Test
    void withoutMeasuredDecisionsTheStartRateLimitsAndAPauseDoesNotBurst() {
        Decision decision = policy.decide(room(10_000, 0, 0, 0, 0, NOW.minusSeconds(60)), 0);
        assertThat(decision.toServing()).isEqualTo(40); // 20 per second for at most 2 seconds
        assertThat(decision.heldBy()).isEqualTo("RATE");
    }

    @Test
    void theAllocatorsDecisionRateRaisesTheRateUpToTheOperatorsCeiling() {
        assertThat(policy.decide(room(10_000, 0, 0, 0, 0, NOW.minusSeconds(1)), 30).toServing()).isEqualTo(60);
        assertThat(policy.decide(room(10_000, 0, 0, 0, 0, NOW.minusSeconds(1)), 500).toServing()).isEqualTo(100);
    }

    @Test
    void nobodyIsAdmittedWhileTheAllocatorLagsOrWhenSoldOut() {
        Figures lagging = new Figures(1, ReleaseState.OPEN, NOW.minusSeconds(60), null, NOW, true, 0, NOW.minusSeconds(1),
                1000, null, 600, false, 100, 100, 5, NOW.minusSeconds(60), 0, 0);
        assertThat(policy.decide(lagging, 100).toServing()).isZero();
        assertThat(policy.decide(lagging, 100).heldBy()).isEqualTo("LAG");

        Decision soldOut = policy.decide(room(0, 0, 0, 0, 0, NOW.minusSeconds(1)), 0);
        assertThat(soldOut.toServing()).isZero();
        assertThat(soldOut.soldOut()).isTrue();
    }

    @Test
    void onlyJoinedPositionsAreAdmitted() {
        Figures few = new Figures(1, ReleaseState.OPEN, NOW.minusSeconds(60), null, NOW, true, 3, NOW.minusSeconds(1),
                5, null, 600, false, 100, 100, 0, null, 0, 0);
        assertThat(policy.decide(few, 0).toServing()).isEqualTo(5);
    }

    /** An open release with a long queue: free slots, undecided requests, serving and live admissions. */
    private static Figures room(long free, long inFlight, long serving, long servingTtlAgo, long usedLive, Instant advancedAt) {
        return new Figures(1, ReleaseState.OPEN, NOW.minusSeconds(60), null, NOW, true, serving, advancedAt, 1_000_000,
                null, 600, false, free, 4000, inFlight, inFlight == 0 ? null : NOW.minusSeconds(1), servingTtlAgo, usedLive);
    }
}
