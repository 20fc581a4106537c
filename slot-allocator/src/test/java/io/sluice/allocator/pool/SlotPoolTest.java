package io.sluice.allocator.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.events.RejectionReason;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SlotPoolTest {

    private static final Instant EIGHT = Instant.parse("2026-12-05T07:00:00Z");

    @Test
    void earliestClaimsWalkTheDayInTimeOrderAcrossLanesAndNamedClaimsLeaveHoles() {
        SlotPool.Builder builder = SlotPool.builder("1@2026-12-05");
        // Two lanes, ids deliberately not in time order.
        for (int i = 0; i < 10; i++) {
            builder.add(100 - i, 7, EIGHT.plusSeconds(600L * (i / 2)), true);
        }
        SlotPool pool = builder.build();

        assertThat(pool.claim(7, 97, "ada").granted()).isTrue();
        Set<Long> taken = new HashSet<>(Set.of(97L));
        Instant previous = Instant.MIN;
        for (int i = 0; i < 9; i++) {
            PoolSlot slot = pool.claimEarliest(7, "p" + i).slot();
            assertThat(taken.add(slot.id())).isTrue();
            assertThat(slot.startsAt()).isAfterOrEqualTo(previous);
            previous = slot.startsAt();
        }
        assertThat(pool.claimEarliest(7, "late").refusal()).isEqualTo(RejectionReason.SOLD_OUT);
        assertThat(pool.claim(7, 97, "bob").refusal()).isEqualTo(RejectionReason.SLOT_TAKEN);
        assertThat(pool.freeCount(7)).isZero();

        assertThat(pool.free(7, 97, "bob").granted()).as("only its holder gives a slot back").isFalse();
        assertThat(pool.free(7, 97, "ada").granted()).isTrue();
        assertThat(pool.claimEarliest(7, "bob").slot().id()).isEqualTo(97);
    }

    @Test
    void nextFreeShowsTheEarliestStartsAndKnowsWhenTheReleaseChanged() {
        SlotPool pool = SlotPool.builder("1@2026-12-05")
                .add(1, 7, EIGHT, true)
                .add(2, 7, EIGHT.plusSeconds(600), false)
                .add(3, 7, EIGHT.plusSeconds(1200), true)
                .loadedAt(7, 2)
                .build();

        assertThat(pool.nextFree(7, 5)).containsExactly(EIGHT, EIGHT.plusSeconds(1200));
        assertThat(pool.isStaleFor(7, 2)).isFalse();
        assertThat(pool.isStaleFor(7, 3)).isTrue();
        assertThat(pool.isStaleFor(8, 1)).as("a release this pool has never seen").isTrue();
        assertThat(pool.nextFree(8, 5)).isEmpty();
    }

    @Test
    void slotsAddedInAnyOrderAreOrderedByStartThenIdAndFoundById() {
        long[] starts = new long[5000];
        long[] ids = new long[5000];
        for (int i = 0; i < ids.length; i++) {
            // Scrambled as a table's physical order becomes after updates; two slots share each start.
            ids[i] = (i * 7919L) % ids.length + 1;
            starts[i] = 1_000 + ids[i] / 2 * 60;
        }

        int[] order = SlotPool.order(starts, ids);

        for (int i = 1; i < order.length; i++) {
            long previous = starts[order[i - 1]];
            assertThat(starts[order[i]]).isGreaterThanOrEqualTo(previous);
            if (starts[order[i]] == previous) {
                assertThat(ids[order[i]]).isGreaterThan(ids[order[i - 1]]);
            }
        }
        SlotPool.Builder builder = SlotPool.builder("1@2026-12-05");
        for (int i = 0; i < ids.length; i++) {
            builder.add(ids[i], 7, Instant.ofEpochSecond(starts[i]), true);
        }
        SlotPool pool = builder.build();
        assertThat(pool.claimEarliest(7, "p").slot().id()).isEqualTo(1);
        assertThat(pool.claim(7, 4321, "q").slot().startsAt()).isEqualTo(Instant.ofEpochSecond(1_000 + 4321 / 2 * 60));
    }
}
