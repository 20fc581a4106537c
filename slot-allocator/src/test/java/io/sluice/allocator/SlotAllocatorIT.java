package io.sluice.allocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.allocator.claim.BookingCodes;
import io.sluice.events.AvailabilitySnapshot;
import io.sluice.events.BookingCancelled;
import io.sluice.events.BookingDecided;
import io.sluice.events.BookingRequested;
import io.sluice.events.RejectionReason;
import io.sluice.events.RequestKind;
import io.sluice.events.SlotsFreed;
import io.sluice.events.Topics;
import io.sluice.events.serde.AvailabilitySnapshotDeserializer;
import io.sluice.events.serde.BookingCancelledDeserializer;
import io.sluice.events.serde.BookingDecidedDeserializer;
import io.sluice.events.serde.JsonEventSerializer;
import io.sluice.events.serde.SlotsFreedDeserializer;
import io.sluice.infra.SluiceInfraTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The allocator against the real broker and database: requests in, one decision each out. */
@QuarkusTest
@QuarkusTestResource(SluiceInfraTestResource.class)
class SlotAllocatorIT {

    @Inject
    Pool db;

    @Test
    void aStormOnOnePoolBooksEverySlotOnceAndRejectsTheRestAsSoldOut() {
        Fixtures fixtures = new Fixtures(db);
        Fixtures.PoolRef pool = fixtures.openPoolWithSlots(10);
        List<BookingRequested> requests = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            requests.add(fixtures.acceptedRequest(pool, RequestKind.EARLIEST_IN_POOL, null));
        }

        try (var decisions = decisionConsumer()) {
            publish(requests);

            Map<UUID, BookingDecided> seen = awaitDecisions(decisions, ids(requests));
            assertThat(seen.values().stream().filter(BookingDecided::confirmed)).hasSize(10);
            assertThat(seen.values().stream().filter(d -> !d.confirmed()))
                    .hasSize(30)
                    .allMatch(d -> d.reason() == RejectionReason.SOLD_OUT);
        }
        assertThat(count("select count(*) from booking where release_id = $1", pool.releaseId())).isEqualTo(10);
        assertThat(count("select count(distinct slot_id) from booking where release_id = $1", pool.releaseId())).isEqualTo(10);
        assertThat(count("select count(*) from slot where pool_key = $1 and state = 'FREE'", pool.key())).isZero();
        assertThat(count("select count(*) from booking_request r left join request_decision d on d.request_id = r.id where release_id = $1 and outcome is null", pool.releaseId())).isZero();
    }

    @Test
    void twentyThousandRequestsForAThousandSlotsBookEachSlotOnceAndAReplayChangesNothing() {
        Fixtures fixtures = new Fixtures(db);
        Fixtures.PoolRef first = fixtures.openPoolWithSlots(250);
        List<Fixtures.PoolRef> pools = new ArrayList<>(List.of(first));
        for (int i = 0; i < 3; i++) {
            pools.add(fixtures.openPoolWithSlots(250, first.releaseId()));
        }
        List<BookingRequested> requests = fixtures.acceptedRequests(pools, 20_000);

        publish(requests);

        long release = first.releaseId();
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                count("select count(*) from booking_request r left join request_decision d on d.request_id = r.id where release_id = $1 and outcome is not null", release) == 20_000);
        assertStormOutcome(release, 19_000);
        long decidedBefore = count("select extract(epoch from max(decided_at)) * 1000 from booking_request r left join request_decision d on d.request_id = r.id where release_id = $1", release);

        // The same 20,000 requests once more, e.g. after booking-api's relay resent them all, with new requests
        // among them: each must still get its decision, in whichever poll it lands.
        List<BookingRequested> newcomers = fixtures.acceptedRequests(pools, 1_000);
        List<BookingRequested> replay = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            replay.add(requests.get(i));
            if (i % 20 == 19) {
                replay.add(newcomers.get(i / 20));
            }
        }
        try (var decisions = decisionConsumer()) {
            publish(replay);
            awaitDecisions(decisions, newcomers.stream().map(BookingRequested::requestId).collect(Collectors.toSet()));
        }
        assertStormOutcome(release, 20_000);
        assertThat(count("select extract(epoch from max(decided_at)) * 1000 from booking_request r left join request_decision d on d.request_id = r.id where release_id = $1 and id <> all($2)",
                release, newcomers.stream().map(BookingRequested::requestId).toArray(UUID[]::new)))
                .as("no earlier decision was touched").isEqualTo(decidedBefore);
    }

    private void assertStormOutcome(long release, long soldOut) {
        assertThat(count("select count(*) from booking where release_id = $1", release)).isEqualTo(1_000);
        assertThat(count("select count(distinct slot_id) from booking where release_id = $1", release)).isEqualTo(1_000);
        assertThat(count("select count(distinct person_key) from booking where release_id = $1", release)).isEqualTo(1_000);
        assertThat(count("select count(*) from booking_request r left join request_decision d on d.request_id = r.id where release_id = $1 and outcome = 'CONFIRMED'", release)).isEqualTo(1_000);
        assertThat(count("select count(*) from booking_request r left join request_decision d on d.request_id = r.id where release_id = $1 and reason = 'SOLD_OUT'", release))
                .isEqualTo(soldOut);
        assertThat(count("select count(*) from slot where release_id = $1 and state = 'FREE'", release)).isZero();
    }

    @Test
    void decisionsKafkaHasAreMarkedPublishedAndNotSentAgainByTheRelay() {
        Fixtures fixtures = new Fixtures(db);
        Fixtures.PoolRef pool = fixtures.openPoolWithSlots(5);
        List<BookingRequested> requests = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            requests.add(fixtures.acceptedRequest(pool, RequestKind.EARLIEST_IN_POOL, null));
        }
        UUID[] ids = requests.stream().map(BookingRequested::requestId).toArray(UUID[]::new);

        try (var decisions = decisionConsumer()) {
            publish(requests);
            awaitDecisions(decisions, ids(requests));

            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                    count("select count(*) from decision_batch where request_ids && $1 and published_at is null", (Object) ids) == 0);
            assertThat(count("select count(*) from decision_batch where request_ids && $1", (Object) ids)).isPositive();
            // Past the relay's republish-after (2 s) and a round of it (every 2 s): an unmarked batch would be sent again.
            Map<UUID, Integer> sentAgain = new ConcurrentHashMap<>();
            Instant until = Instant.now().plusSeconds(6);
            while (Instant.now().isBefore(until)) {
                for (var record : decisions.poll(Duration.ofMillis(500))) {
                    if (record.value() != null && ids(requests).contains(record.value().requestId())) {
                        sentAgain.merge(record.value().requestId(), 1, Integer::sum);
                    }
                }
            }
            assertThat(sentAgain).as("decisions published a second time").isEmpty();
        }
    }

    @Test
    void availabilityOfAPoolIsPublishedWithinASecondOfAClaim() {
        Fixtures fixtures = new Fixtures(db);
        Fixtures.PoolRef pool = fixtures.openPoolWithSlots(3);
        BookingRequested request = fixtures.acceptedRequest(pool, RequestKind.EARLIEST_IN_POOL, null);
        List<Long> slots = fixtures.slotIds(pool);

        try (var availability = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "availability-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new AvailabilitySnapshotDeserializer())) {
            availability.subscribe(List.of(Topics.AVAILABILITY));
            publish(List.of(request));

            List<AvailabilitySnapshot> seen = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                availability.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
                return seen.stream().anyMatch(a -> a.poolKey().equals(pool.key()));
            });
            AvailabilitySnapshot snapshot = seen.stream().filter(a -> a.poolKey().equals(pool.key())).reduce((a, b) -> b).orElseThrow();
            assertThat(snapshot.releaseId()).isEqualTo(pool.releaseId());
            assertThat(snapshot.freeSlots()).isEqualTo(2);
            assertThat(snapshot.nextFree()).hasSize(2);
            Instant decidedAt = db.preparedQuery("select decided_at from booking_request r left join request_decision d on d.request_id = r.id where id = $1")
                    .execute(Tuple.of(request.requestId())).await().indefinitely().iterator().next()
                    .getOffsetDateTime("decided_at").toInstant();
            assertThat(Duration.between(decidedAt, snapshot.at()).abs()).isLessThan(Duration.ofSeconds(1));
        }
        assertThat(slots).hasSize(3);
    }

    @Test
    void aRequestForAnyOfSeveralPoolsIsPassedOnUntilAPoolHasASlot() {
        Fixtures fixtures = new Fixtures(db);
        Fixtures.PoolRef small = fixtures.openPoolWithSlots(1);
        Fixtures.PoolRef larger = fixtures.openPoolWithSlots(2, small.releaseId());
        List<BookingRequested> requests = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            BookingRequested accepted = fixtures.acceptedRequest(small, RequestKind.EARLIEST_IN_POOL, null);
            requests.add(new BookingRequested(accepted.requestId(), accepted.releaseId(), accepted.poolKey(), accepted.kind(),
                    null, accepted.personKey(), accepted.acceptedAt(), List.of(larger.key())));
        }

        try (var decisions = decisionConsumer()) {
            publish(requests);

            Map<UUID, BookingDecided> seen = awaitDecisions(decisions, ids(requests));
            assertThat(seen.values()).filteredOn(BookingDecided::confirmed).extracting(BookingDecided::poolKey)
                    .containsExactlyInAnyOrder(small.key(), larger.key(), larger.key());
            assertThat(seen.values()).filteredOn(d -> !d.confirmed())
                    .singleElement().satisfies(d -> {
                        assertThat(d.reason()).isEqualTo(RejectionReason.SOLD_OUT);
                        assertThat(d.poolKey()).isEqualTo(larger.key());
                    });
        }
        assertThat(count("select count(*) from booking where release_id = $1", small.releaseId())).isEqualTo(3);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> count(
                "select count(*) from allocator_outbox where event_key = $1 and published_at is null", larger.key()) == 0);
    }

    @Test
    void aCancelledBookingFreesItsSlotForTheNextPersonAndIsAnnouncedOnce() {
        Fixtures fixtures = new Fixtures(db);
        Fixtures.PoolRef pool = fixtures.openPoolWithSlots(1);
        BookingRequested first = fixtures.acceptedRequest(pool, RequestKind.EARLIEST_IN_POOL, null);
        BookingDecided booked;
        try (var decisions = decisionConsumer()) {
            publish(List.of(first));
            booked = awaitDecisions(decisions, Set.of(first.requestId())).get(first.requestId());
        }
        assertThat(booked.confirmed()).isTrue();
        BookingRequested cancel = new BookingRequested(UUID.randomUUID(), pool.releaseId(), pool.key(), RequestKind.CANCEL,
                booked.slotId(), first.personKey(), Instant.now());
        BookingRequested second = fixtures.acceptedRequest(pool, RequestKind.EARLIEST_IN_POOL, null);

        try (var decisions = decisionConsumer(); var cancellations = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "cancellations-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new BookingCancelledDeserializer())) {
            cancellations.subscribe(List.of(Topics.BOOKING_CANCELLATIONS));
            // The cancellation twice: the second finds nothing left to give back.
            publish(List.of(cancel, cancel, second));

            BookingDecided rebooked = awaitDecisions(decisions, Set.of(second.requestId())).get(second.requestId());
            assertThat(rebooked.confirmed()).isTrue();
            assertThat(rebooked.slotId()).isEqualTo(booked.slotId());
            List<BookingCancelled> announced = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                cancellations.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.value() != null && r.value().requestId().equals(first.requestId())) {
                        announced.add(r.value());
                    }
                });
                return !announced.isEmpty();
            });
            assertThat(announced.get(0).bookingCode()).isEqualTo(booked.bookingCode());
        }
        assertThat(count("select count(*) from booking where release_id = $1 and state = 'CANCELLED'", pool.releaseId())).isEqualTo(1);
        assertThat(count("select count(*) from booking where release_id = $1 and state = 'CONFIRMED'", pool.releaseId())).isEqualTo(1);
        assertThat(count("select count(*) from person_release where release_id = $1 and person_key = $2",
                pool.releaseId(), first.personKey())).as("the person may book again").isZero();
    }

    @Test
    void aSlotFreedInASoldOutReleaseIsOfferedToTheWaitlistOnceAndAReplayChangesNothing() {
        Fixtures fixtures = new Fixtures(db);
        Fixtures.PoolRef pool = fixtures.openPoolWithSlots(2);
        BookingRequested first = fixtures.acceptedRequest(pool, RequestKind.EARLIEST_IN_POOL, null);
        BookingRequested second = fixtures.acceptedRequest(pool, RequestKind.EARLIEST_IN_POOL, null);
        BookingDecided booked;
        try (var decisions = decisionConsumer()) {
            publish(List.of(first, second));
            booked = awaitDecisions(decisions, ids(List.of(first, second))).get(first.requestId());
        }
        BookingRequested cancel = new BookingRequested(UUID.randomUUID(), pool.releaseId(), pool.key(), RequestKind.CANCEL,
                booked.slotId(), first.personKey(), Instant.now());

        try (var freed = slotsFreedConsumer(); var decisions = decisionConsumer()) {
            publish(List.of(cancel));
            List<SlotsFreed> offers = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                offers.addAll(slotsFreedOf(freed, pool.releaseId()));
                return !offers.isEmpty();
            });
            assertThat(offers).singleElement().satisfies(offer -> {
                assertThat(offer.offerId()).isEqualTo(cancel.requestId());
                assertThat(offer.poolKey()).isEqualTo(pool.key());
                assertThat(offer.freedSlots()).isEqualTo(1);
                assertThat(offer.slotStartsAt()).isEqualTo(booked.slotStartsAt());
            });

            // The cancellation once more, then a request behind it in the pool's order takes the freed slot.
            BookingRequested next = fixtures.acceptedRequest(pool, RequestKind.EARLIEST_IN_POOL, null);
            publish(List.of(cancel, next));
            assertThat(awaitDecisions(decisions, Set.of(next.requestId())).get(next.requestId()).slotId())
                    .isEqualTo(booked.slotId());
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> count(
                    "select count(*) from allocator_outbox where topic = $1 and published_at is null", Topics.SLOTS_FREED) == 0);
            offers.addAll(slotsFreedOf(freed, pool.releaseId()));
            assertThat(offers).as("the replayed cancellation offers nothing again").hasSize(1);
        }
        assertThat(count("select count(*) from allocator_outbox where topic = $1 and event_key = $2",
                Topics.SLOTS_FREED, Long.toString(pool.releaseId()))).isEqualTo(1);
        assertThat(count("select count(*) from booking where release_id = $1 and state = 'CONFIRMED'", pool.releaseId())).isEqualTo(2);
    }

    @Test
    void aSlotFreedWhileTheReleaseStillHasFreeSlotsOffersNothing() {
        Fixtures fixtures = new Fixtures(db);
        Fixtures.PoolRef pool = fixtures.openPoolWithSlots(2);
        BookingRequested first = fixtures.acceptedRequest(pool, RequestKind.EARLIEST_IN_POOL, null);
        BookingDecided booked;
        try (var decisions = decisionConsumer()) {
            publish(List.of(first));
            booked = awaitDecisions(decisions, Set.of(first.requestId())).get(first.requestId());
        }
        BookingRequested cancel = new BookingRequested(UUID.randomUUID(), pool.releaseId(), pool.key(), RequestKind.CANCEL,
                booked.slotId(), first.personKey(), Instant.now());

        publish(List.of(cancel));

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "select count(*) from booking where release_id = $1 and state = 'CANCELLED'", pool.releaseId()) == 1);
        assertThat(count("select count(*) from allocator_outbox where topic = $1 and event_key = $2",
                Topics.SLOTS_FREED, Long.toString(pool.releaseId()))).isZero();
    }

    @Test
    void aRebookingInThePoolMovesTheBookingToTheNewSlotAndFreesTheOldOneAndAReplayChangesNothing() {
        Fixtures fixtures = new Fixtures(db);
        Fixtures.PoolRef pool = fixtures.openPoolWithSlots(3);
        List<Long> slots = fixtures.slotIds(pool);
        BookingRequested first = fixtures.acceptedRequest(pool, RequestKind.SPECIFIC_SLOT, slots.get(0));
        BookingRequested rebooking = fixtures.acceptedRebooking(pool, first.personKey(), slots.get(2));

        try (var decisions = decisionConsumer(); var cancellations = cancellationConsumer()) {
            publish(List.of(first));
            BookingDecided booked = awaitDecisions(decisions, Set.of(first.requestId())).get(first.requestId());
            publish(List.of(rebooking));

            BookingDecided moved = awaitDecisions(decisions, Set.of(rebooking.requestId())).get(rebooking.requestId());
            assertThat(moved.confirmed()).isTrue();
            assertThat(moved.slotId()).isEqualTo(slots.get(2));
            assertThat(moved.bookingCode()).isNotEqualTo(booked.bookingCode());
            assertThat(awaitCancellation(cancellations, first.requestId()).bookingCode()).isEqualTo(booked.bookingCode());

            // The rebooking once more, then someone who wants the old slot: it is free for them.
            BookingRequested next = fixtures.acceptedRequest(pool, RequestKind.SPECIFIC_SLOT, slots.get(0));
            publish(List.of(rebooking, next));
            assertThat(awaitDecisions(decisions, Set.of(next.requestId())).get(next.requestId()).confirmed()).isTrue();
        }
        assertThat(liveSlotOf(pool.releaseId(), first.personKey())).containsExactly(slots.get(2));
        assertThat(count("select count(*) from booking where release_id = $1 and state = 'CONFIRMED'", pool.releaseId())).isEqualTo(2);
        assertThat(count("select count(*) from booking where release_id = $1 and state = 'CANCELLED'", pool.releaseId())).isEqualTo(1);
        assertThat(count("select count(*) from slot where pool_key = $1 and state = 'FREE'", pool.key())).isEqualTo(1);
        assertThat(count("select count(*) from person_release where release_id = $1 and person_key = $2",
                pool.releaseId(), first.personKey())).as("the person keeps their place in the release").isEqualTo(1);
    }

    @Test
    void aRebookingToATakenSlotIsRejectedAndTheOldBookingStays() {
        Fixtures fixtures = new Fixtures(db);
        Fixtures.PoolRef pool = fixtures.openPoolWithSlots(2);
        List<Long> slots = fixtures.slotIds(pool);
        BookingRequested mine = fixtures.acceptedRequest(pool, RequestKind.SPECIFIC_SLOT, slots.get(0));
        BookingRequested theirs = fixtures.acceptedRequest(pool, RequestKind.SPECIFIC_SLOT, slots.get(1));
        BookingRequested rebooking = fixtures.acceptedRebooking(pool, mine.personKey(), slots.get(1));

        try (var decisions = decisionConsumer()) {
            publish(List.of(mine, theirs));
            awaitDecisions(decisions, ids(List.of(mine, theirs)));
            publish(List.of(rebooking));

            BookingDecided refused = awaitDecisions(decisions, Set.of(rebooking.requestId())).get(rebooking.requestId());
            assertThat(refused.reason()).isEqualTo(RejectionReason.SLOT_TAKEN);
        }
        assertThat(liveSlotOf(pool.releaseId(), mine.personKey())).containsExactly(slots.get(0));
        assertThat(liveSlotOf(pool.releaseId(), theirs.personKey())).containsExactly(slots.get(1));
        assertThat(count("select count(*) from booking where release_id = $1 and state = 'CANCELLED'", pool.releaseId())).isZero();
        assertThat(count("select count(*) from slot where pool_key = $1 and state = 'FREE'", pool.key())).isZero();
    }

    @Test
    void aRebookingToAnotherPoolBooksThereFirstAndThenTheOldPoolFreesItsSlot() {
        Fixtures fixtures = new Fixtures(db);
        Fixtures.PoolRef here = fixtures.openPoolWithSlots(1);
        Fixtures.PoolRef there = fixtures.openPoolWithSlots(2, here.releaseId());
        BookingRequested first = fixtures.acceptedRequest(here, RequestKind.EARLIEST_IN_POOL, null);
        BookingRequested rebooking = fixtures.acceptedRebooking(there, first.personKey(), null);

        try (var decisions = decisionConsumer()) {
            publish(List.of(first));
            BookingDecided booked = awaitDecisions(decisions, Set.of(first.requestId())).get(first.requestId());
            publish(List.of(rebooking));

            BookingDecided moved = awaitDecisions(decisions, Set.of(rebooking.requestId())).get(rebooking.requestId());
            assertThat(moved.confirmed()).isTrue();
            assertThat(moved.poolKey()).isEqualTo(there.key());
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                    count("select count(*) from slot where id = $1 and state = 'FREE'", booked.slotId()) == 1);

            // The old pool's writer has the slot back in memory: the next request there gets it.
            BookingRequested next = fixtures.acceptedRequest(here, RequestKind.EARLIEST_IN_POOL, null);
            publish(List.of(rebooking, next));
            assertThat(awaitDecisions(decisions, Set.of(next.requestId())).get(next.requestId()).slotId())
                    .isEqualTo(booked.slotId());
        }
        assertThat(liveSlotOf(here.releaseId(), first.personKey())).hasSize(1);
        assertThat(count("select count(*) from booking where release_id = $1 and state = 'CONFIRMED'", here.releaseId())).isEqualTo(2);
    }

    @Test
    void aRequestDeliveredThreeTimesIsDecidedOnce() {
        Fixtures fixtures = new Fixtures(db);
        Fixtures.PoolRef pool = fixtures.openPoolWithSlots(3);
        long wanted = fixtures.slotIds(pool).get(1);
        BookingRequested request = fixtures.acceptedRequest(pool, RequestKind.SPECIFIC_SLOT, wanted);
        BookingRequested rival = fixtures.acceptedRequest(pool, RequestKind.SPECIFIC_SLOT, wanted);

        try (var decisions = decisionConsumer()) {
            publish(List.of(request, request, rival, request));

            Map<UUID, BookingDecided> seen = awaitDecisions(decisions, ids(List.of(request, rival)));
            assertThat(seen.get(request.requestId()).confirmed()).isTrue();
            assertThat(seen.get(request.requestId()).slotId()).isEqualTo(wanted);
            assertThat(seen.get(rival.requestId()).reason()).isEqualTo(RejectionReason.SLOT_TAKEN);
        }
        assertThat(count("select count(*) from booking where release_id = $1", pool.releaseId())).isEqualTo(1);
    }

    @Test
    void slotsAddedToAnOpenReleaseAreClaimableByTheVeryNextRequest() {
        Fixtures fixtures = new Fixtures(db);
        Fixtures.PoolRef pool = fixtures.openPoolWithSlots(1);
        BookingRequested first = fixtures.acceptedRequest(pool, RequestKind.EARLIEST_IN_POOL, null);
        BookingRequested tooLate = fixtures.acceptedRequest(pool, RequestKind.EARLIEST_IN_POOL, null);
        try (var decisions = decisionConsumer()) {
            publish(List.of(first, tooLate));
            Map<UUID, BookingDecided> seen = awaitDecisions(decisions, ids(List.of(first, tooLate)));
            assertThat(seen.get(tooLate.requestId()).reason()).isEqualTo(RejectionReason.SOLD_OUT);

            fixtures.addSlotLive(pool);
            BookingRequested afterTopUp = fixtures.acceptedRequest(pool, RequestKind.EARLIEST_IN_POOL, null);
            publish(List.of(afterTopUp));

            assertThat(awaitDecisions(decisions, Set.of(afterTopUp.requestId())).get(afterTopUp.requestId()).confirmed())
                    .as("the pool in memory must learn of the added slot").isTrue();
        }
    }

    @Test
    void theDatabaseRefusesASecondBookingOfASlotAndOfAPersonEvenWithoutTheAllocator() {
        Fixtures fixtures = new Fixtures(db);
        Fixtures.PoolRef pool = fixtures.openPoolWithSlots(2);
        List<Long> slots = fixtures.slotIds(pool);
        BookingRequested first = fixtures.acceptedRequest(pool, RequestKind.SPECIFIC_SLOT, slots.get(0));
        BookingRequested second = fixtures.acceptedRequest(pool, RequestKind.SPECIFIC_SLOT, slots.get(0));
        String insert = "insert into booking (code, request_id, release_id, slot_id, person_key) values ($1, $2, $3, $4, $5)";
        db.preparedQuery(insert).execute(Tuple.from(new Object[] {"AAAA-0001", first.requestId(), pool.releaseId(),
                slots.get(0), first.personKey()})).await().indefinitely();

        assertThatThrownBy(() -> db.preparedQuery(insert).execute(Tuple.from(new Object[] {"AAAA-0002",
                        second.requestId(), pool.releaseId(), slots.get(0), second.personKey()})).await().indefinitely())
                .isInstanceOf(PgException.class)
                .hasMessageContaining("booking_slot_once");
        assertThatThrownBy(() -> db.preparedQuery(insert).execute(Tuple.from(new Object[] {"AAAA-0003",
                        second.requestId(), pool.releaseId(), slots.get(1), first.personKey()})).await().indefinitely())
                .isInstanceOf(PgException.class)
                .hasMessageContaining("booking_person_once_per_release");
        assertThat(count("select count(*) from booking where release_id = $1", pool.releaseId())).isEqualTo(1);
    }

    @Test
    void theDatabaseRefusesABookingWhoseSlotBelongsToAnotherRelease() {
        Fixtures fixtures = new Fixtures(db);
        Fixtures.PoolRef pool = fixtures.openPoolWithSlots(1);
        Fixtures.PoolRef other = fixtures.openPoolWithSlots(1);
        BookingRequested request = fixtures.acceptedRequest(pool, RequestKind.SPECIFIC_SLOT, fixtures.slotIds(pool).get(0));

        // The person-per-release rule counts bookings by their release: a slot of another release would dodge it.
        assertThatThrownBy(() -> db.preparedQuery(
                        "insert into booking (code, request_id, release_id, slot_id, person_key) values ($1, $2, $3, $4, $5)")
                .execute(Tuple.from(new Object[] {"AAAA-0004", request.requestId(), pool.releaseId(),
                        fixtures.slotIds(other).get(0), request.personKey()})).await().indefinitely())
                .isInstanceOf(PgException.class)
                .hasMessageContaining("belong to the booking's release");
        assertThat(count("select count(*) from booking where request_id = $1", request.requestId())).isZero();
    }

    @Test
    void aRequestHasOneDecisionAndTakesItAlongWhenItIsDeleted() {
        Fixtures fixtures = new Fixtures(db);
        Fixtures.PoolRef pool = fixtures.openPoolWithSlots(0);
        BookingRequested request = fixtures.acceptedRequest(pool, RequestKind.EARLIEST_IN_POOL, null);
        try (var decisions = decisionConsumer()) {
            publish(List.of(request));
            awaitDecisions(decisions, Set.of(request.requestId()));
        }
        String decide = "insert into request_decision (request_id, outcome, reason, decided_at) values ($1, 'REJECTED', 'SOLD_OUT', now())";

        assertThatThrownBy(() -> db.preparedQuery(decide).execute(Tuple.of(request.requestId())).await().indefinitely())
                .isInstanceOf(PgException.class)
                .hasMessageContaining("request_decision_pkey");
        db.preparedQuery("delete from booking_request where id = $1").execute(Tuple.of(request.requestId())).await().indefinitely();
        assertThat(count("select count(*) from request_decision where request_id = $1", request.requestId())).isZero();
    }

    @Test
    void aSlotBookedBehindTheAllocatorsBackIsRefusedByTheDatabaseAndTheRestOfTheBatchStands() {
        Fixtures fixtures = new Fixtures(db);
        Fixtures.PoolRef pool = fixtures.openPoolWithSlots(3);
        List<Long> slots = fixtures.slotIds(pool);
        BookingRequested first = fixtures.acceptedRequest(pool, RequestKind.SPECIFIC_SLOT, slots.get(0));
        BookingRequested elsewhere = fixtures.acceptedRequest(pool, RequestKind.SPECIFIC_SLOT, slots.get(1));
        BookingRequested late = fixtures.acceptedRequest(pool, RequestKind.SPECIFIC_SLOT, slots.get(1));
        BookingRequested alongside = fixtures.acceptedRequest(pool, RequestKind.SPECIFIC_SLOT, slots.get(2));

        try (var decisions = decisionConsumer()) {
            publish(List.of(first));
            awaitDecisions(decisions, Set.of(first.requestId()));
            // The pool is in memory now; a booking written past it makes the memory wrong for slot 1.
            db.preparedQuery("insert into booking (code, request_id, release_id, slot_id, person_key) values ($1, $2, $3, $4, $5)")
                    .execute(Tuple.from(new Object[] {"AAAA-0006", elsewhere.requestId(), pool.releaseId(), slots.get(1),
                            elsewhere.personKey()})).await().indefinitely();
            publish(List.of(late, alongside));

            Map<UUID, BookingDecided> seen = awaitDecisions(decisions, ids(List.of(late, alongside)));
            assertThat(seen.get(late.requestId()).reason()).isEqualTo(RejectionReason.SLOT_TAKEN);
            assertThat(seen.get(alongside.requestId()).confirmed()).isTrue();
        }
        assertThat(liveSlotOf(pool.releaseId(), elsewhere.personKey())).containsExactly(slots.get(1));
        assertThat(liveSlotOf(pool.releaseId(), late.personKey())).isEmpty();
        assertThat(liveSlotOf(pool.releaseId(), alongside.personKey())).containsExactly(slots.get(2));
        assertThat(count("select count(*) from booking_request r left join request_decision d on d.request_id = r.id where id = $1 and outcome = 'REJECTED' and reason = 'SLOT_TAKEN'",
                late.requestId())).isEqualTo(1);
    }

    @Test
    void aBookingWhoseCodeBelongsToAnotherBookingGetsAFreshCodeInsteadOfARejection() {
        Fixtures fixtures = new Fixtures(db);
        Fixtures.PoolRef pool = fixtures.openPoolWithSlots(2);
        List<Long> slots = fixtures.slotIds(pool);
        BookingRequested holder = fixtures.acceptedRequest(pool, RequestKind.SPECIFIC_SLOT, slots.get(0));
        BookingRequested clashing = fixtures.acceptedRequest(pool, RequestKind.SPECIFIC_SLOT, slots.get(1));
        db.preparedQuery("insert into booking (code, request_id, release_id, slot_id, person_key) values ($1, $2, $3, $4, $5)")
                .execute(Tuple.from(new Object[] {"AAAA-0008", holder.requestId(), pool.releaseId(), slots.get(0),
                        holder.personKey()})).await().indefinitely();
        // Codes are 40 random bits: the first one drawn here is made to be the code booked above.
        AtomicBoolean drawn = new AtomicBoolean();
        QuarkusMock.installMockForType(new BookingCodes() {
            @Override
            public String next() {
                return drawn.compareAndSet(false, true) ? "AAAA-0008" : super.next();
            }
        }, BookingCodes.class);

        try (var decisions = decisionConsumer()) {
            publish(List.of(clashing));
            BookingDecided decided = awaitDecisions(decisions, Set.of(clashing.requestId())).get(clashing.requestId());
            assertThat(drawn).isTrue();
            assertThat(decided.confirmed()).isTrue();
            assertThat(decided.bookingCode()).isNotEqualTo("AAAA-0008");
            assertThat(count("select count(*) from booking where request_id = $1 and code = $2 and slot_id = $3",
                    clashing.requestId(), decided.bookingCode(), slots.get(1))).isEqualTo(1);
        }
        assertThat(count("select count(*) from booking where code = 'AAAA-0008' and request_id = $1", holder.requestId()))
                .isEqualTo(1);
    }

    private long count(String sql, Object... parameters) {
        Row row = db.preparedQuery(sql).execute(Tuple.from(parameters)).await().indefinitely().iterator().next();
        return ((Number) row.getValue(0)).longValue();
    }

    private static Set<UUID> ids(Collection<BookingRequested> requests) {
        return requests.stream().map(BookingRequested::requestId).collect(Collectors.toSet());
    }

    private static void publish(List<BookingRequested> requests) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()), new StringSerializer(), new JsonEventSerializer<BookingRequested>())) {
            requests.forEach(r -> producer.send(new ProducerRecord<>(Topics.BOOKING_REQUESTS, r.poolKey(), r)));
            producer.flush();
        }
    }

    private static KafkaConsumer<String, BookingDecided> decisionConsumer() {
        var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "allocator-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new BookingDecidedDeserializer());
        consumer.subscribe(List.of(Topics.BOOKING_DECISIONS));
        return consumer;
    }

    /** Waits until every id has a decision; a second, different decision for one id fails the test. */
    private static Map<UUID, BookingDecided> awaitDecisions(KafkaConsumer<String, BookingDecided> consumer, Set<UUID> ids) {
        Map<UUID, BookingDecided> seen = new ConcurrentHashMap<>();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            for (var record : consumer.poll(Duration.ofMillis(500))) {
                BookingDecided decision = record.value();
                if (decision != null && ids.contains(decision.requestId())) {
                    BookingDecided earlier = seen.putIfAbsent(decision.requestId(), decision);
                    assertThat(earlier == null || earlier.equals(decision))
                            .as("one request, two different decisions: %s vs %s", earlier, decision).isTrue();
                }
            }
            return seen.keySet().containsAll(ids);
        });
        return seen;
    }

    private List<Long> liveSlotOf(long releaseId, String personKey) {
        List<Long> slots = new ArrayList<>();
        db.preparedQuery("select slot_id from booking where release_id = $1 and person_key = $2 and state = 'CONFIRMED'")
                .execute(Tuple.of(releaseId, personKey)).await().indefinitely().forEach(row -> slots.add(row.getLong("slot_id")));
        return slots;
    }

    private static KafkaConsumer<String, BookingCancelled> cancellationConsumer() {
        var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "cancellations-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new BookingCancelledDeserializer());
        consumer.subscribe(List.of(Topics.BOOKING_CANCELLATIONS));
        return consumer;
    }

    private static BookingCancelled awaitCancellation(KafkaConsumer<String, BookingCancelled> consumer, UUID bookingRequest) {
        List<BookingCancelled> announced = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                if (r.value() != null && r.value().requestId().equals(bookingRequest)) {
                    announced.add(r.value());
                }
            });
            return !announced.isEmpty();
        });
        return announced.get(0);
    }

    private static KafkaConsumer<String, SlotsFreed> slotsFreedConsumer() {
        var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "slots-freed-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new SlotsFreedDeserializer());
        consumer.subscribe(List.of(Topics.SLOTS_FREED));
        return consumer;
    }

    private static List<SlotsFreed> slotsFreedOf(KafkaConsumer<String, SlotsFreed> consumer, long releaseId) {
        List<SlotsFreed> offers = new ArrayList<>();
        consumer.poll(Duration.ofMillis(500)).forEach(r -> {
            if (r.value() != null && r.value().releaseId() == releaseId) {
                offers.add(r.value());
            }
        });
        return offers;
    }

    private static String bootstrap() {
        return SluiceInfraTestResource.infrastructure().kafka().bootstrapServers();
    }
}
