package io.sluice.allocator.claim;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.allocator.pool.SlotPool;
import io.sluice.events.BookingRequested;
import io.sluice.events.RejectionReason;
import io.sluice.events.RequestKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClaimBatchTest {

    private static final Instant NOW = Instant.parse("2026-12-05T07:00:00Z");
    private static final String POOL = "1@2026-12-05";
    private static final long RELEASE = 10;
    private static final Map<Long, ReleaseWindow> OPEN = Map.of(RELEASE, new ReleaseWindow(RELEASE, "OPEN", NOW.minusSeconds(60), null, 0));

    private final AtomicInteger codeCounter = new AtomicInteger();
    private final Supplier<String> codes = () -> "CODE-" + codeCounter.incrementAndGet();

    @Test
    void moreRequestsThanSlotsBookEverySlotOnceInArrivalOrderAndRejectTheRestAsSoldOut() {
        SlotPool pool = pool(5);
        List<BookingRequested> requests = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            requests.add(earliest());
        }

        List<Decision> decisions = ClaimBatch.decide(requests, Map.of(POOL, pool), OPEN, Map.of(), NOW, codes);

        List<Decision> confirmed = decisions.stream().filter(Decision::confirmed).toList();
        Set<Long> bookedSlots = new HashSet<>();
        confirmed.forEach(d -> assertThat(bookedSlots.add(d.slot().id())).as("slot booked twice").isTrue());
        assertThat(confirmed).hasSize(5);
        assertThat(decisions.subList(0, 5)).allMatch(Decision::confirmed);
        assertThat(decisions.subList(5, 12)).allMatch(d -> d.reason() == RejectionReason.SOLD_OUT);
        assertThat(confirmed.get(0).slot().startsAt()).isBefore(confirmed.get(4).slot().startsAt());
    }

    @Test
    void aNamedSlotGoesToTheFirstAskerAndTheSecondLearnsItWasTaken() {
        SlotPool pool = pool(3);

        List<Decision> decisions = ClaimBatch.decide(List.of(specific(2), specific(2)), Map.of(POOL, pool), OPEN, Map.of(), NOW, codes);

        assertThat(decisions.get(0).confirmed()).isTrue();
        assertThat(decisions.get(0).slot().id()).isEqualTo(2);
        assertThat(decisions.get(1).reason()).isEqualTo(RejectionReason.SLOT_TAKEN);
        assertThat(pool.freeCount(RELEASE)).isEqualTo(2);
    }

    @Test
    void aSlotOfAnotherReleaseOrAnUnknownSlotIsInvalid() {
        SlotPool pool = poolBuilder(2).add(99, RELEASE + 1, NOW.plusSeconds(60), true).build();

        List<Decision> decisions = ClaimBatch.decide(List.of(specific(99), specific(12345)), Map.of(POOL, pool), OPEN, Map.of(), NOW, codes);

        assertThat(decisions).extracting(Decision::reason)
                .containsExactly(RejectionReason.INVALID_SLOT, RejectionReason.INVALID_SLOT);
    }

    @Test
    void aPausedOrClosedReleaseBooksNothing() {
        SlotPool pool = pool(2);
        Map<Long, ReleaseWindow> paused = Map.of(RELEASE, new ReleaseWindow(RELEASE, "PAUSED", NOW.minusSeconds(60), null, 0));
        Map<Long, ReleaseWindow> closed = Map.of(RELEASE, new ReleaseWindow(RELEASE, "OPEN", NOW.minusSeconds(60), NOW, 0));

        assertThat(ClaimBatch.decide(List.of(earliest()), Map.of(POOL, pool), paused, Map.of(), NOW, codes).get(0).reason())
                .isEqualTo(RejectionReason.RELEASE_NOT_OPEN);
        assertThat(ClaimBatch.decide(List.of(earliest()), Map.of(POOL, pool), closed, Map.of(), NOW, codes).get(0).reason())
                .isEqualTo(RejectionReason.RELEASE_NOT_OPEN);
        assertThat(pool.freeCount(RELEASE)).isEqualTo(2);
    }

    @Test
    void slotsAlreadyBookedWhenThePoolWasLoadedAreNeverHandedOut() {
        SlotPool pool = SlotPool.builder(POOL)
                .add(1, RELEASE, NOW.plusSeconds(60), false)
                .add(2, RELEASE, NOW.plusSeconds(120), true)
                .build();

        List<Decision> decisions = ClaimBatch.decide(List.of(earliest(), earliest(), specific(1)), Map.of(POOL, pool), OPEN, Map.of(), NOW, codes);

        assertThat(decisions.get(0).slot().id()).isEqualTo(2);
        assertThat(decisions.get(1).reason()).isEqualTo(RejectionReason.SOLD_OUT);
        assertThat(decisions.get(2).reason()).isEqualTo(RejectionReason.SLOT_TAKEN);
    }

    @Test
    void aSoldOutPoolPassesARequestOnToTheNextPoolOfItsListAndTheLastPoolSaysSoldOut() {
        SlotPool pool = pool(1);
        BookingRequested listing = new BookingRequested(UUID.randomUUID(), RELEASE, POOL, RequestKind.EARLIEST_IN_POOL, null,
                "p", NOW, List.of("2@2026-12-05", "3@2026-12-05"));

        List<Decision> decisions = ClaimBatch.decide(List.of(earliest(), listing), Map.of(POOL, pool), OPEN, Map.of(), NOW, codes);

        Decision passedOn = decisions.get(1);
        assertThat(passedOn.isFinal()).isFalse();
        assertThat(passedOn.forward().poolKey()).isEqualTo("2@2026-12-05");
        assertThat(passedOn.forward().alternativePools()).containsExactly("3@2026-12-05");
        assertThat(passedOn.forward().requestId()).isEqualTo(listing.requestId());

        BookingRequested atLastPool = passedOn.forward().forwardedToNextPool();
        Decision last = ClaimBatch.decide(List.of(atLastPool), Map.of("3@2026-12-05", SlotPool.builder("3@2026-12-05").build()),
                OPEN, Map.of(), NOW, codes).get(0);
        assertThat(last.isFinal()).isTrue();
        assertThat(last.reason()).isEqualTo(RejectionReason.SOLD_OUT);
    }

    @Test
    void aListLongerThanTheHopLimitIsNotPassedOn() {
        List<String> tooMany = IntStream.range(0, BookingRequested.MAX_POOLS).mapToObj(i -> i + 2 + "@2026-12-05").toList();
        BookingRequested greedy = new BookingRequested(UUID.randomUUID(), RELEASE, POOL, RequestKind.EARLIEST_IN_POOL, null,
                "p", NOW, tooMany);

        Decision decision = ClaimBatch.decide(List.of(greedy), Map.of(POOL, pool(0)), OPEN, Map.of(), NOW, codes).get(0);

        assertThat(decision.reason()).isEqualTo(RejectionReason.SOLD_OUT);
    }

    @Test
    void aCancelledSlotIsTheEarliestAgainForTheNextRequestInTheSameBatch() {
        SlotPool pool = pool(2);
        List<Decision> booked = ClaimBatch.decide(List.of(earliest(), earliest()), Map.of(POOL, pool), OPEN, Map.of(), NOW, codes);
        BookingRequested cancel = new BookingRequested(UUID.randomUUID(), RELEASE, POOL, RequestKind.CANCEL,
                booked.get(0).slot().id(), booked.get(0).request().personKey(), NOW);

        List<Decision> decisions = ClaimBatch.decide(List.of(earliest(), cancel, earliest(), cancel), Map.of(POOL, pool), OPEN, Map.of(), NOW, codes);

        assertThat(decisions.get(0).reason()).isEqualTo(RejectionReason.SOLD_OUT);
        assertThat(decisions.get(1).isCancellation()).isTrue();
        assertThat(decisions.get(1).confirmed()).isFalse();
        assertThat(decisions.get(2).slot().id()).isEqualTo(booked.get(0).slot().id());
        assertThat(decisions.get(3).slot()).as("nothing left to give back").isNull();
    }

    @Test
    void aConfirmedDecisionCarriesItsCodeAndSlotIntoTheEvent() {
        Decision decision = ClaimBatch.decide(List.of(earliest()), Map.of(POOL, pool(1)), OPEN, Map.of(), NOW, codes).get(0);

        var event = decision.toEvent(NOW);

        assertThat(event.confirmed()).isTrue();
        assertThat(event.bookingCode()).isEqualTo("CODE-1");
        assertThat(event.slotId()).isEqualTo(1L);
        assertThat(event.reason()).isNull();
    }

    @Test
    void aRebookingInThePoolClaimsTheNewSlotFirstThenGivesTheOldOneBack() {
        SlotPool pool = pool(3);
        BookingRequested first = earliest();
        Decision booked = ClaimBatch.decide(List.of(first), Map.of(POOL, pool), OPEN, Map.of(), NOW, codes).get(0);
        BookingRequested move = rebook(first.personKey(), null);

        Decision moved = ClaimBatch.decide(List.of(move), Map.of(POOL, pool), OPEN,
                Map.of(move.requestId(), new HeldBooking(booked.slot().id(), POOL)), NOW, codes).get(0);

        assertThat(moved.confirmed()).isTrue();
        assertThat(moved.slot().id()).as("the earliest other slot, never the one held").isNotEqualTo(booked.slot().id());
        assertThat(moved.replaces().slotId()).isEqualTo(booked.slot().id());
        assertThat(pool.freeCount(RELEASE)).isEqualTo(2);
        assertThat(pool.nextFree(RELEASE, 1)).containsExactly(booked.slot().startsAt());
    }

    @Test
    void aRebookingToATakenSlotLeavesTheOldBookingAsItWas() {
        SlotPool pool = pool(3);
        BookingRequested mine = specific(1);
        BookingRequested theirs = specific(2);
        ClaimBatch.decide(List.of(mine, theirs), Map.of(POOL, pool), OPEN, Map.of(), NOW, codes);
        BookingRequested move = rebook(mine.personKey(), 2L);

        Decision refused = ClaimBatch.decide(List.of(move), Map.of(POOL, pool), OPEN,
                Map.of(move.requestId(), new HeldBooking(1, POOL)), NOW, codes).get(0);

        assertThat(refused.reason()).isEqualTo(RejectionReason.SLOT_TAKEN);
        assertThat(pool.freeCount(RELEASE)).isEqualTo(1);
        assertThat(pool.claim(RELEASE, 1, "someone").granted()).as("slot 1 is still held").isFalse();
    }

    @Test
    void aRebookingToAnotherPoolKeepsTheOldSlotUntilThatPoolsWriterFreesIt() {
        SlotPool pool = pool(2);
        BookingRequested move = rebook("p", 1L);

        Decision moved = ClaimBatch.decide(List.of(move), Map.of(POOL, pool), OPEN,
                Map.of(move.requestId(), new HeldBooking(99, "2@2026-12-05")), NOW, codes).get(0);

        assertThat(moved.confirmed()).isTrue();
        assertThat(moved.replaces().poolKey()).isEqualTo("2@2026-12-05");
        assertThat(pool.freeCount(RELEASE)).isEqualTo(1);
    }

    @Test
    void aRebookingWithoutALiveBookingIsRejected() {
        SlotPool pool = pool(2);

        Decision refused = ClaimBatch.decide(List.of(rebook("p", null)), Map.of(POOL, pool), OPEN, Map.of(), NOW, codes).get(0);

        assertThat(refused.reason()).isEqualTo(RejectionReason.NOT_BOOKED);
        assertThat(pool.freeCount(RELEASE)).isEqualTo(2);
    }

    private static BookingRequested rebook(String personKey, Long slotId) {
        return new BookingRequested(UUID.randomUUID(), RELEASE, POOL, RequestKind.REBOOK, slotId, personKey, NOW);
    }

    private static SlotPool pool(int slots) {
        return poolBuilder(slots).build();
    }

    private static SlotPool.Builder poolBuilder(int slots) {
        SlotPool.Builder pool = SlotPool.builder(POOL);
        // Added in reverse so that "earliest" cannot pass by insertion order.
        for (int i = slots; i >= 1; i--) {
            pool.add(i, RELEASE, NOW.plusSeconds(600L * i), true);
        }
        return pool;
    }

    private static BookingRequested earliest() {
        return new BookingRequested(UUID.randomUUID(), RELEASE, POOL, RequestKind.EARLIEST_IN_POOL, null,
                UUID.randomUUID().toString(), NOW);
    }

    private static BookingRequested specific(long slotId) {
        return new BookingRequested(UUID.randomUUID(), RELEASE, POOL, RequestKind.SPECIFIC_SLOT, slotId,
                UUID.randomUUID().toString(), NOW);
    }
}
