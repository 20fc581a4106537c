package io.sluice.allocator.claim;

import io.sluice.allocator.pool.SlotPool;
import io.sluice.events.BookingCancelled;
import io.sluice.events.BookingRequested;
import io.sluice.events.RejectionReason;
import io.sluice.events.SlotsFreed;
import io.sluice.events.Topics;
import io.sluice.events.serde.JsonEventSerializer;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.pgclient.PgException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The allocator's SQL. Every statement is set-based (arrays through {@code unnest}), so a batch of
 * hundreds of decisions costs a handful of round trips, not one per request.
 */
@ApplicationScoped
public class ClaimRepository {

    private static final JsonEventSerializer<Object> JSON = new JsonEventSerializer<>();
    private static final int PACKED_SLOT_BYTES = 17;
    // timestamptz_send counts microseconds from here.
    private static final Instant POSTGRES_EPOCH = Instant.parse("2000-01-01T00:00:00Z");

    private final Pool db;
    private final BookingCodes codes;

    public ClaimRepository(Pool db, BookingCodes codes) {
        this.db = db;
        this.codes = codes;
    }

    /**
     * Runs {@code work} in a transaction of its own on a connection of its own. Unlike
     * {@code Pool.withTransaction}, a refused statement does not doom the transaction: the client's
     * transaction object would roll back at commit even after a {@code rollback to savepoint}, so the
     * transaction is begun and ended here in SQL. Every failure propagates and rolls back, except one
     * rolled back to a savepoint ({@link #insertBookings}).
     */
    public <T> Uni<T> inTransaction(Function<SqlConnection, Uni<T>> work) {
        return db.withConnection(conn -> conn.query("begin").execute()
                .chain(() -> work.apply(conn))
                .call(() -> conn.query("commit").execute())
                .onFailure().call(() -> conn.query("rollback").execute().onFailure().recoverWithNull()));
    }

    /** Locks and reads the committed offsets; the lock fences off a former owner of the partitions. */
    public Uni<Map<Integer, Long>> lockOffsets(SqlClient conn, String group, String topic, Collection<Integer> partitions) {
        return conn.preparedQuery("""
                        select partition, next_offset from consumer_offset
                        where consumer_group = $1 and topic = $2 and partition = any($3)
                        for update""")
                .execute(Tuple.of(group, topic, partitions.toArray(Integer[]::new)))
                .map(rows -> {
                    Map<Integer, Long> offsets = new HashMap<>();
                    for (Row row : rows) {
                        offsets.put(row.getInteger("partition"), row.getLong("next_offset"));
                    }
                    return offsets;
                });
    }

    public Uni<Map<Integer, Long>> storedOffsets(String group, String topic, Collection<Integer> partitions) {
        return lockOffsets(db, group, topic, partitions);
    }

    public Uni<Set<UUID>> alreadyDecided(SqlClient conn, Collection<UUID> requestIds) {
        return conn.preparedQuery("select request_id from request_decision where request_id = any($1)")
                .execute(Tuple.of(requestIds.toArray(UUID[]::new)))
                .map(rows -> {
                    Set<UUID> decided = new HashSet<>();
                    rows.forEach(row -> decided.add(row.getUUID("request_id")));
                    return decided;
                });
    }

    /**
     * Reads whole pools: every slot of the pools' releases, free or not. PostgreSQL packs each release of
     * a pool into one binary value, {@value #PACKED_SLOT_BYTES} bytes a slot (id, start, free flag) in
     * the order it reads them, so a release of a million slots arrives as one 17 MB value instead of a
     * million decoded rows; the pool sorts them itself, cheaper than the database would. One statement,
     * so the slots and the versions they belong to come from the same snapshot.
     */
    public Uni<List<SlotPool>> loadPools(SqlClient conn, Collection<String> keys) {
        return conn.preparedQuery("""
                        select s.pool_key, s.release_id, r.slots_version,
                               string_agg(int8send(s.id) || timestamptz_send(s.starts_at) || boolsend(s.state = 'FREE'),
                                          ''::bytea) as slots
                        from slot s join release r on r.id = s.release_id
                        where s.pool_key = any($1)
                        group by s.pool_key, s.release_id, r.slots_version""")
                .execute(Tuple.of(keys.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, SlotPool.Builder> pools = new HashMap<>();
                    keys.forEach(key -> pools.put(key, SlotPool.builder(key)));
                    for (Row row : rows) {
                        long releaseId = row.getLong("release_id");
                        SlotPool.Builder pool = pools.get(row.getString("pool_key")).loadedAt(releaseId, row.getInteger("slots_version"));
                        Buffer packed = row.getBuffer("slots");
                        for (int at = 0; at < packed.length(); at += PACKED_SLOT_BYTES) {
                            pool.add(packed.getLong(at), releaseId, POSTGRES_EPOCH.plus(packed.getLong(at + 8), ChronoUnit.MICROS),
                                    packed.getByte(at + 16) == 1);
                        }
                    }
                    return pools.values().stream().map(SlotPool.Builder::build).toList();
                });
    }

    public Uni<Map<Long, ReleaseWindow>> releaseWindows(SqlClient conn, Collection<Long> releaseIds) {
        return conn.preparedQuery("select id, state, opens_at, closes_at, slots_version from release where id = any($1)")
                .execute(Tuple.of(releaseIds.toArray(Long[]::new)))
                .map(rows -> {
                    Map<Long, ReleaseWindow> windows = new HashMap<>();
                    for (Row row : rows) {
                        OffsetDateTime closesAt = row.getOffsetDateTime("closes_at");
                        windows.put(row.getLong("id"), new ReleaseWindow(row.getLong("id"), row.getString("state"),
                                row.getOffsetDateTime("opens_at").toInstant(), closesAt == null ? null : closesAt.toInstant(),
                                row.getInteger("slots_version")));
                    }
                    return windows;
                });
    }

    /** The live booking of each rebooking's person in its release, by the rebooking's request id. */
    public Uni<Map<UUID, HeldBooking>> heldBookings(SqlClient conn, List<BookingRequested> rebookings) {
        if (rebookings.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return conn.preparedQuery("""
                        select m.request_id, b.slot_id, s.pool_key
                        from unnest($1::uuid[], $2::bigint[], $3::text[]) as m(request_id, release_id, person_key)
                        join booking b on b.release_id = m.release_id and b.person_key = m.person_key and b.state = 'CONFIRMED'
                        join slot s on s.id = b.slot_id""")
                .execute(Tuple.of(
                        rebookings.stream().map(BookingRequested::requestId).toArray(UUID[]::new),
                        rebookings.stream().map(BookingRequested::releaseId).toArray(Long[]::new),
                        rebookings.stream().map(BookingRequested::personKey).toArray(String[]::new)))
                .map(rows -> {
                    Map<UUID, HeldBooking> held = new HashMap<>();
                    for (Row row : rows) {
                        held.put(row.getUUID("request_id"), new HeldBooking(row.getLong("slot_id"), row.getString("pool_key")));
                    }
                    return held;
                });
    }

    /**
     * Writes a batch's bookings, slot states, decisions and the partitions' next offsets in the caller's
     * transaction. A booking the constraints refuse (only possible if the in-memory reasoning had a
     * hole) turns into a rejection of that one request instead of failing the batch.
     *
     * @param undecidedOnly the caller did not check which requests were decided before: fail with
     *                      {@link RequestsDecidedBefore} if one was, so nothing is written
     * @return the decisions as committed
     */
    public Uni<Committed> commit(SqlClient conn, List<Decision> all, Instant decidedAt, String group,
            String topic, Map<Integer, Long> nextOffsets, boolean undecidedOnly) {
        List<Decision> decided = all.stream().filter(Decision::isFinal).toList();
        List<Decision> givenBack = all.stream().filter(d -> !d.isFinal() && d.forward() == null && d.slot() != null).toList();
        List<OutboxEvent> events = new ArrayList<>();
        all.stream().filter(d -> d.forward() != null).map(Decision::forward)
                .forEach(f -> events.add(new OutboxEvent(Topics.BOOKING_REQUESTS, f.poolKey(), f)));
        if (givenBack.isEmpty() && decided.stream().noneMatch(d -> d.confirmed() && d.replaces() != null)) {
            return commitAtOnce(conn, decided, events, decidedAt, group, topic, nextOffsets, undecidedOnly)
                    .onFailure(ClaimRepository::isUniqueViolation).recoverWithUni(() -> conn.query("rollback to savepoint batch_writes")
                            .execute()
                            .chain(() -> commitStepByStep(conn, decided, givenBack, events, decidedAt, group, topic,
                                    nextOffsets, undecidedOnly)));
        }
        return commitStepByStep(conn, decided, givenBack, events, decidedAt, group, topic, nextOffsets, undecidedOnly);
    }

    /**
     * A batch that only claims and refuses, the usual kind, writes everything at once: the statements go to the
     * server one after the other without waiting for each answer (the client pipelines them on the connection),
     * so the batch costs one round trip instead of six. On a machine whose cores are busy, every round trip is a
     * wait to be scheduled, twice. A statement refused makes the ones behind it fail too; the first refusal is the
     * cause. A booking refused by a unique index (a hole in the in-memory reasoning, or a clash of random codes)
     * goes back to before the writes, where {@link #commitStepByStep} gives it a fresh code or turns it into a
     * rejection of that one request.
     */
    private Uni<Committed> commitAtOnce(SqlClient conn, List<Decision> decisions, List<OutboxEvent> events, Instant decidedAt,
            String group, String topic, Map<Integer, Long> nextOffsets, boolean undecidedOnly) {
        List<Decision> confirmed = decisions.stream().filter(Decision::confirmed).toList();
        Set<UUID> all = confirmed.stream().map(d -> d.request().requestId()).collect(Collectors.toSet());
        List<Uni<Object>> writes = List.of(
                settled(conn.query("savepoint batch_writes").execute()),
                settled(confirmed.isEmpty() ? Uni.createFrom().voidItem()
                        : conn.preparedQuery(INSERT_BOOKINGS).execute(bookingRows(confirmed))),
                settled(markBooked(conn, confirmed, all)),
                settled(recordDecisions(conn, decisions, decidedAt, undecidedOnly)),
                settled(storeOffsets(conn, group, topic, nextOffsets)),
                settled(recordBatch(conn, decisions)),
                settled(recordEvents(conn, events)));
        return Uni.join().all(writes).andFailFast().map(results -> {
            for (Object result : results) {
                if (result instanceof Refused refused) {
                    throw refused.cause() instanceof RuntimeException e ? e : new IllegalStateException(refused.cause());
                }
            }
            @SuppressWarnings("unchecked")
            List<Long> eventIds = (List<Long>) results.get(6);
            return new Committed((Long) results.get(5), decisions, events, eventIds, List.of());
        });
    }

    /** A statement's answer, or its refusal as an item: the statements behind a refused one still end in order. */
    private record Refused(Throwable cause) {
    }

    private static Uni<Object> settled(Uni<?> statement) {
        return statement.<Object>map(result -> result).onFailure().recoverWithItem(Refused::new);
    }

    private Uni<Committed> commitStepByStep(SqlClient conn, List<Decision> decided, List<Decision> givenBack,
            List<OutboxEvent> events, Instant decidedAt, String group, String topic, Map<Integer, Long> nextOffsets,
            boolean undecidedOnly) {
        Set<Long> freed = new HashSet<>();
        // Slots given back first: a slot given back in this batch may be booked again in this batch.
        return applyCancellations(conn, givenBack.stream().filter(Decision::isCancellation).toList(), decidedAt)
                .invoke(cancelled -> cancelled.forEach(e -> {
                    events.add(e);
                    if (e.payload() instanceof BookingCancelled c) {
                        freed.add(c.slotId());
                    }
                }))
                .chain(() -> freeMovedSlots(conn, givenBack.stream().filter(Decision::isMovedSlotRelease).toList()))
                .invoke(freed::addAll)
                .chain(() -> moveBookings(conn, decided.stream().filter(d -> d.confirmed() && d.replaces() != null).toList(),
                        decidedAt))
                .chain(moved -> {
                    // A rebooking whose old booking was gone by now (cancelled meanwhile) books nothing.
                    List<Decision> decisions = decided.stream()
                            .map(d -> d.replaces() != null && d.confirmed() && !moved.containsKey(d.request().requestId())
                                    ? Decision.rejected(d.request(), RejectionReason.NOT_BOOKED) : d)
                            .toList();
                    List<Decision> confirmed = decisions.stream().filter(Decision::confirmed).toList();
                    return insertBookings(conn, confirmed)
                            .chain(booked -> markBooked(conn, booked.confirmed(), booked.inserted())
                                    .chain(() -> reasonsForConflicts(conn, booked.confirmed(), booked.inserted()))
                                    .call(conflicts -> restoreMoved(conn, moved, conflicts.keySet()))
                                    .map(conflicts -> {
                                        moved.forEach((rebooking, move) -> {
                                            if (!conflicts.containsKey(rebooking)) {
                                                events.addAll(move.events());
                                            }
                                        });
                                        Map<UUID, Decision> recoded = new HashMap<>();
                                        booked.confirmed().forEach(d -> recoded.put(d.request().requestId(), d));
                                        return decisions.stream()
                                                .map(d -> conflicts.containsKey(d.request().requestId())
                                                        ? Decision.rejected(d.request(), conflicts.get(d.request().requestId()))
                                                        : recoded.getOrDefault(d.request().requestId(), d))
                                                .toList();
                                    }));
                })
                .call(finalDecisions -> recordDecisions(conn, finalDecisions, decidedAt, undecidedOnly))
                .call(() -> storeOffsets(conn, group, topic, nextOffsets))
                .chain(finalDecisions -> recordBatch(conn, finalDecisions)
                        .chain(batch -> recordEvents(conn, events)
                                .map(eventIds -> new Committed(batch, finalDecisions, events, eventIds,
                                        stalePools(givenBack, freed)))));
    }

    /**
     * A batch decided without first asking which of its requests already had a decision met one that had:
     * the batch is rolled back and its requests are decided again, asked first. Only a request published
     * twice (a retried send, a republished outbox row) gets here.
     */
    public static final class RequestsDecidedBefore extends RuntimeException {
        RequestsDecidedBefore() {
            super("a request of the batch was decided before", null, false, false);
        }
    }

    /** An event for another topic, committed with the batch and published after it. */
    public record OutboxEvent(String topic, String key, Object payload) {
    }

    /** Pools that freed a slot in memory the database did not give back: reload them. */
    private static List<String> stalePools(List<Decision> givenBack, Set<Long> freed) {
        return givenBack.stream().filter(c -> !freed.contains(c.slot().id())).map(c -> c.request().poolKey()).distinct().toList();
    }

    /**
     * A rebooking's old booking as this batch moved it: whether its slot was freed here (same pool), and
     * what announces the move — the cancellation of the old booking and, for a slot of another pool, the
     * request that lets that pool's writer free it.
     */
    private record MovedBooking(String oldCode, long oldSlotId, boolean freedHere, List<OutboxEvent> events) {
    }

    /**
     * Cancels the old booking of each rebooking whose new slot is claimed, before the new booking is
     * inserted: "one live booking per person and release" holds at every statement. The old slot is freed
     * here when it belongs to the rebooking's own pool; otherwise its pool's writer frees it, in that
     * pool's order, from a request in the outbox. The person keeps their place in the release.
     */
    private Uni<Map<UUID, MovedBooking>> moveBookings(SqlClient conn, List<Decision> rebookings, Instant at) {
        if (rebookings.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Map<UUID, BookingRequested> requests = new HashMap<>();
        rebookings.forEach(d -> requests.put(d.request().requestId(), d.request()));
        return conn.preparedQuery("""
                        with m as (select * from unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[])
                                   as t(rebooking_id, slot_id, person_key, pool_key)),
                        moved as (
                            update booking b set state = 'CANCELLED' from m
                            where b.slot_id = m.slot_id and b.person_key = m.person_key and b.state = 'CONFIRMED'
                            returning m.rebooking_id, m.pool_key as new_pool_key, b.request_id, b.release_id, b.slot_id, b.code),
                        freed as (
                            update slot s set state = 'FREE' from moved
                            where s.id = moved.slot_id and s.pool_key = moved.new_pool_key)
                        select moved.rebooking_id, moved.request_id, moved.release_id, moved.slot_id, moved.code,
                               s.pool_key, s.starts_at, s.pool_key = moved.new_pool_key as freed_here
                        from moved join slot s on s.id = moved.slot_id""")
                .execute(Tuple.of(
                        rebookings.stream().map(d -> d.request().requestId()).toArray(UUID[]::new),
                        rebookings.stream().map(d -> d.replaces().slotId()).toArray(Long[]::new),
                        rebookings.stream().map(d -> d.request().personKey()).toArray(String[]::new),
                        rebookings.stream().map(d -> d.request().poolKey()).toArray(String[]::new)))
                .map(rows -> {
                    Map<UUID, MovedBooking> moved = new HashMap<>();
                    for (Row row : rows) {
                        BookingRequested rebooking = requests.get(row.getUUID("rebooking_id"));
                        UUID oldRequest = row.getUUID("request_id");
                        String oldPool = row.getString("pool_key");
                        long oldSlot = row.getLong("slot_id");
                        boolean freedHere = row.getBoolean("freed_here");
                        List<OutboxEvent> events = new ArrayList<>();
                        events.add(new OutboxEvent(Topics.BOOKING_CANCELLATIONS, oldRequest.toString(),
                                new BookingCancelled(oldRequest, row.getLong("release_id"), oldPool, row.getString("code"),
                                        oldSlot, row.getOffsetDateTime("starts_at").toInstant(), at)));
                        if (!freedHere) {
                            BookingRequested release = BookingRequested.releaseOfMovedSlot(rebooking, oldPool, oldSlot);
                            events.add(new OutboxEvent(Topics.BOOKING_REQUESTS, oldPool, release));
                        }
                        moved.put(rebooking.requestId(), new MovedBooking(row.getString("code"), oldSlot, freedHere, events));
                    }
                    return moved;
                });
    }

    /**
     * Puts back the old booking of rebookings whose new booking the constraints refused (a hole in the
     * in-memory reasoning): a refused rebooking leaves the old booking as it was.
     */
    private Uni<Void> restoreMoved(SqlClient conn, Map<UUID, MovedBooking> moved, Set<UUID> refused) {
        List<MovedBooking> restore = refused.stream().map(moved::get).filter(Objects::nonNull).toList();
        if (restore.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("""
                        with restored as (update booking set state = 'CONFIRMED' where code = any($1))
                        update slot set state = 'BOOKED' where id = any($2)""")
                .execute(Tuple.of(
                        restore.stream().map(MovedBooking::oldCode).toArray(String[]::new),
                        restore.stream().filter(MovedBooking::freedHere).map(MovedBooking::oldSlotId).toArray(Long[]::new)))
                .replaceWithVoid();
    }

    /**
     * Frees slots whose booking a rebooking in another pool has moved. A slot that is free already, or
     * was booked again meanwhile, stays as it is: a replayed request changes nothing.
     */
    private Uni<Set<Long>> freeMovedSlots(SqlClient conn, List<Decision> releases) {
        if (releases.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return conn.preparedQuery("""
                        update slot s set state = 'FREE'
                        where s.id = any($1) and s.state = 'BOOKED'
                          and not exists (select 1 from booking b where b.slot_id = s.id and b.state = 'CONFIRMED')
                        returning s.id""")
                .execute(Tuple.of((Object) releases.stream().map(d -> d.slot().id()).toArray(Long[]::new)))
                .map(rows -> {
                    Set<Long> freed = new HashSet<>();
                    rows.forEach(row -> freed.add(row.getLong("id")));
                    return freed;
                });
    }

    /**
     * Cancels the live booking of each slot and person, frees the slot and lets the person book
     * again in that release, all in the batch's transaction. Announces each cancellation, and offers
     * the freed slot to the waitlist when its release was sold out: open (or marked sold out) with no
     * free slot left in any pool before this statement. The statement's snapshot is taken before its
     * own updates, so the check sees the release as it was before the cancellation.
     */
    private Uni<List<OutboxEvent>> applyCancellations(SqlClient conn, List<Decision> cancels, Instant at) {
        if (cancels.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return conn.preparedQuery("""
                        with c as (select * from unnest($1::bigint[], $2::text[], $3::uuid[]) as t(slot_id, person_key, cancel_id)),
                        cancelled as (
                            update booking b set state = 'CANCELLED' from c
                            where b.slot_id = c.slot_id and b.person_key = c.person_key and b.state = 'CONFIRMED'
                            returning b.request_id, b.release_id, b.slot_id, b.code, b.person_key, c.cancel_id),
                        freed as (
                            update slot s set state = 'FREE' from cancelled where s.id = cancelled.slot_id
                            returning s.id, s.pool_key, s.starts_at),
                        forgotten as (
                            delete from person_release p using cancelled
                            where p.release_id = cancelled.release_id and p.person_key = cancelled.person_key)
                        select cancelled.request_id, cancelled.cancel_id, cancelled.release_id, cancelled.slot_id,
                               cancelled.code, freed.pool_key, freed.starts_at,
                               r.state in ('OPEN', 'SOLD_OUT') and not exists (
                                   select 1 from slot f where f.release_id = cancelled.release_id and f.state = 'FREE') as sold_out
                        from cancelled join freed on freed.id = cancelled.slot_id
                        join release r on r.id = cancelled.release_id""")
                .execute(Tuple.of(
                        cancels.stream().map(d -> d.slot().id()).toArray(Long[]::new),
                        cancels.stream().map(d -> d.request().personKey()).toArray(String[]::new),
                        cancels.stream().map(d -> d.request().requestId()).toArray(UUID[]::new)))
                .map(rows -> {
                    List<OutboxEvent> events = new ArrayList<>();
                    for (Row row : rows) {
                        UUID bookingRequest = row.getUUID("request_id");
                        long releaseId = row.getLong("release_id");
                        String poolKey = row.getString("pool_key");
                        Instant startsAt = row.getOffsetDateTime("starts_at").toInstant();
                        events.add(new OutboxEvent(Topics.BOOKING_CANCELLATIONS, bookingRequest.toString(),
                                new BookingCancelled(bookingRequest, releaseId, poolKey, row.getString("code"),
                                        row.getLong("slot_id"), startsAt, at)));
                        if (row.getBoolean("sold_out")) {
                            events.add(new OutboxEvent(Topics.SLOTS_FREED, Long.toString(releaseId),
                                    new SlotsFreed(row.getUUID("cancel_id"), releaseId, poolKey, 1, startsAt, at)));
                        }
                    }
                    return events;
                });
    }

    private Uni<List<Long>> recordEvents(SqlClient conn, List<OutboxEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return conn.preparedQuery("""
                        insert into allocator_outbox (topic, event_key, payload)
                        select * from unnest($1::text[], $2::text[], $3::text[]) returning id""")
                .execute(Tuple.of(
                        events.stream().map(OutboxEvent::topic).toArray(String[]::new),
                        events.stream().map(OutboxEvent::key).toArray(String[]::new),
                        events.stream().map(e -> new String(JSON.serialize(e.topic(), e.payload()), StandardCharsets.UTF_8))
                                .toArray(String[]::new)))
                .map(rows -> {
                    List<Long> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getLong("id")));
                    return ids;
                });
    }

    public Uni<Void> markEventsPublished(List<Long> eventIds) {
        return db.preparedQuery("update allocator_outbox set published_at = now() where id = any($1)")
                .execute(Tuple.of(eventIds.toArray(Long[]::new)))
                .replaceWithVoid();
    }

    /**
     * A batch as committed: its final decisions with the id of their outbox row (null when it decided
     * nothing), its other events with the ids of theirs, and pools whose memory the database contradicted.
     */
    public record Committed(Long batchId, List<Decision> decisions, List<OutboxEvent> events, List<Long> eventIds,
            List<String> stalePools) {
    }

    /** The batch's outbox row: which decisions still have to reach Kafka. */
    private Uni<Long> recordBatch(SqlClient conn, List<Decision> decisions) {
        if (decisions.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        return conn.preparedQuery("insert into decision_batch (request_ids) values ($1) returning id")
                .execute(Tuple.of(decisions.stream().map(d -> d.request().requestId()).toArray(UUID[]::new)))
                .map(rows -> rows.iterator().next().getLong("id"));
    }

    /** Inserts the confirmed bookings, each under a code of its own. */
    private Uni<Booked> insertBookings(SqlClient conn, List<Decision> confirmed) {
        return insertBookingsOnce(conn, confirmed)
                .chain(inserted -> recodeTakenCodes(conn, confirmed, inserted, CODE_DRAWS));
    }

    /** The confirmed decisions as written (a booking whose code was taken has a new one), and which went in. */
    private record Booked(List<Decision> confirmed, Set<UUID> inserted) {
    }

    /** Fresh codes a booking gets at most when its code is taken; 40 random bits make a second clash unheard of. */
    private static final int CODE_DRAWS = 3;

    /**
     * Bookings refused because their random code belongs to another booking already get a new code and go in
     * again: a clash of codes says nothing about the slot or the person, and must not turn into a rejection.
     * With 40 random bits per code, the chance of some clash among a million bookings is about one in two.
     */
    private Uni<Booked> recodeTakenCodes(SqlClient conn, List<Decision> confirmed, Set<UUID> inserted, int drawsLeft) {
        List<Decision> refused = confirmed.stream().filter(d -> !inserted.contains(d.request().requestId())).toList();
        if (refused.isEmpty() || drawsLeft == 0) {
            return Uni.createFrom().item(new Booked(confirmed, inserted));
        }
        return conn.preparedQuery("select code from booking where code = any($1)")
                .execute(Tuple.of((Object) refused.stream().map(Decision::bookingCode).toArray(String[]::new)))
                .chain(rows -> {
                    Set<String> taken = new HashSet<>();
                    rows.forEach(row -> taken.add(row.getString("code")));
                    Map<UUID, Decision> recoded = new HashMap<>();
                    refused.stream().filter(d -> taken.contains(d.bookingCode()))
                            .forEach(d -> recoded.put(d.request().requestId(), d.withBookingCode(codes.next())));
                    if (recoded.isEmpty()) {
                        return Uni.createFrom().item(new Booked(confirmed, inserted));
                    }
                    return insertBookingsOnce(conn, List.copyOf(recoded.values())).chain(more -> {
                        Set<UUID> nowInserted = new HashSet<>(inserted);
                        nowInserted.addAll(more);
                        List<Decision> nowConfirmed = confirmed.stream()
                                .map(d -> recoded.getOrDefault(d.request().requestId(), d)).toList();
                        return recodeTakenCodes(conn, nowConfirmed, nowInserted, drawsLeft - 1);
                    });
                });
    }

    /**
     * Inserts the confirmed bookings. A conflict is only possible if the in-memory reasoning had a hole (or
     * two codes clashed), so the batch goes in as a plain insert first; {@code on conflict do nothing}, which
     * probes every unique index once more per row before it inserts, is only the way back after a conflict (a
     * fifth of the insert's cost on 5,000 bookings, docs/benchmarks.md). The savepoint keeps the rest of the
     * batch's work when the plain insert is refused.
     *
     * @return the request ids whose booking was inserted
     */
    private Uni<Set<UUID>> insertBookingsOnce(SqlClient conn, List<Decision> confirmed) {
        if (confirmed.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        Tuple bookings = bookingRows(confirmed);
        return conn.query("savepoint insert_bookings").execute()
                .chain(() -> conn.preparedQuery(INSERT_BOOKINGS).execute(bookings))
                .map(inserted -> confirmed.stream().map(d -> d.request().requestId()).collect(Collectors.toSet()))
                .onFailure(ClaimRepository::isUniqueViolation).recoverWithUni(() -> conn.query("rollback to savepoint insert_bookings").execute()
                        .chain(() -> conn.preparedQuery(INSERT_BOOKINGS + " on conflict do nothing returning request_id")
                                .execute(bookings))
                        .map(rows -> {
                            Set<UUID> inserted = new HashSet<>();
                            rows.forEach(row -> inserted.add(row.getUUID("request_id")));
                            return inserted;
                        }));
    }

    private static final String INSERT_BOOKINGS = """
            insert into booking (code, request_id, release_id, slot_id, person_key)
            select * from unnest($1::text[], $2::uuid[], $3::bigint[], $4::bigint[], $5::text[])""";

    private static Tuple bookingRows(List<Decision> confirmed) {
        return Tuple.of(
                confirmed.stream().map(Decision::bookingCode).toArray(String[]::new),
                confirmed.stream().map(d -> d.request().requestId()).toArray(UUID[]::new),
                confirmed.stream().map(d -> d.request().releaseId()).toArray(Long[]::new),
                confirmed.stream().map(d -> d.slot().id()).toArray(Long[]::new),
                confirmed.stream().map(d -> d.request().personKey()).toArray(String[]::new));
    }

    private static boolean isUniqueViolation(Throwable failure) {
        return failure instanceof PgException pg && "23505".equals(pg.getSqlState());
    }

    private Uni<Void> markBooked(SqlClient conn, List<Decision> confirmed, Set<UUID> inserted) {
        Long[] slotIds = confirmed.stream()
                .filter(d -> inserted.contains(d.request().requestId()))
                .map(d -> d.slot().id())
                .toArray(Long[]::new);
        if (slotIds.length == 0) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("update slot set state = 'BOOKED' where id = any($1)")
                .execute(Tuple.of((Object) slotIds))
                .replaceWithVoid();
    }

    private Uni<Map<UUID, RejectionReason>> reasonsForConflicts(SqlClient conn, List<Decision> confirmed, Set<UUID> inserted) {
        List<Decision> conflicted = confirmed.stream().filter(d -> !inserted.contains(d.request().requestId())).toList();
        if (conflicted.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return conn.preparedQuery("""
                        select d.request_id,
                               exists (select 1 from booking b where b.release_id = d.release_id
                                       and b.person_key = d.person_key and b.state = 'CONFIRMED') as person_booked
                        from unnest($1::uuid[], $2::bigint[], $3::text[]) as d(request_id, release_id, person_key)""")
                .execute(Tuple.of(
                        conflicted.stream().map(d -> d.request().requestId()).toArray(UUID[]::new),
                        conflicted.stream().map(d -> d.request().releaseId()).toArray(Long[]::new),
                        conflicted.stream().map(d -> d.request().personKey()).toArray(String[]::new)))
                .map(rows -> {
                    Map<UUID, RejectionReason> reasons = new HashMap<>();
                    for (Row row : rows) {
                        reasons.put(row.getUUID("request_id"), row.getBoolean("person_booked")
                                ? RejectionReason.ALREADY_BOOKED : RejectionReason.SLOT_TAKEN);
                    }
                    return reasons;
                });
    }

    /**
     * Records each decision, unless its request has one already. With {@code undecidedOnly} a request
     * that has one fails the batch instead: its decision in memory claimed a slot, or refused one, for a
     * request that was answered before. That is a plain insert, which the primary key refuses; the other
     * way probes the key first ({@code on conflict do nothing}).
     */
    private Uni<Void> recordDecisions(SqlClient conn, List<Decision> decisions, Instant decidedAt, boolean undecidedOnly) {
        if (decisions.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String insert = """
                insert into request_decision (request_id, outcome, reason, booking_code, booked_slot_id, decided_at)
                select id, outcome, reason, code, slot_id, $6
                from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::bigint[]) as d(id, outcome, reason, code, slot_id)""";
        return conn.preparedQuery(undecidedOnly ? insert : insert + " on conflict (request_id) do nothing")
                .execute(Tuple.of(
                        decisions.stream().map(d -> d.request().requestId()).toArray(UUID[]::new),
                        decisions.stream().map(d -> d.confirmed() ? "CONFIRMED" : "REJECTED").toArray(String[]::new),
                        decisions.stream().map(d -> d.reason() == null ? null : d.reason().name()).toArray(String[]::new),
                        decisions.stream().map(Decision::bookingCode).toArray(String[]::new),
                        decisions.stream().map(d -> d.confirmed() ? d.slot().id() : null).toArray(Long[]::new),
                        OffsetDateTime.ofInstant(decidedAt, ZoneOffset.UTC)))
                .onFailure(ClaimRepository::isUniqueViolation).transform(conflict -> new RequestsDecidedBefore())
                .replaceWithVoid();
    }

    private Uni<Void> storeOffsets(SqlClient conn, String group, String topic, Map<Integer, Long> nextOffsets) {
        if (nextOffsets.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Map.Entry<Integer, Long>> entries = new ArrayList<>(nextOffsets.entrySet());
        return conn.preparedQuery("""
                        insert into consumer_offset (consumer_group, topic, partition, next_offset)
                        select $1, $2, p, n from unnest($3::int[], $4::bigint[]) as t(p, n)
                        on conflict (consumer_group, topic, partition) do update set next_offset = excluded.next_offset""")
                .execute(Tuple.of(group, topic,
                        entries.stream().map(Map.Entry::getKey).toArray(Integer[]::new),
                        entries.stream().map(Map.Entry::getValue).toArray(Long[]::new)))
                .replaceWithVoid();
    }

    public Uni<Void> markPublished(List<Long> batchIds) {
        return db.preparedQuery("update decision_batch set published_at = now() where id = any($1)")
                .execute(Tuple.of(batchIds.toArray(Long[]::new)))
                .replaceWithVoid();
    }
}
