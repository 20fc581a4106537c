package io.sluice.allocator;

import io.sluice.events.BookingRequested;
import io.sluice.events.RequestKind;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Writes what booking-api would have written, straight into the real database. */
final class Fixtures {

    private final Pool db;

    Fixtures(Pool db) {
        this.db = db;
    }

    record PoolRef(long siteId, long releaseId, String key) {
    }

    PoolRef openPoolWithSlots(int slots) {
        return openPoolWithSlots(slots, null);
    }

    /** A new site with one pool of {@code slots} slots, in the given release or a new open one. */
    PoolRef openPoolWithSlots(int slots, Long existingRelease) {
        String code = "T-" + UUID.randomUUID().toString().substring(0, 8);
        long siteId = db.preparedQuery("""
                        insert into site (code, name, address, district, time_zone)
                        values ($1, 'Test site', 'Teststr. 1', 'Test', 'Europe/Berlin') returning id""")
                .execute(Tuple.of(code)).await().indefinitely().iterator().next().getLong("id");
        long releaseId = existingRelease != null ? existingRelease : db.preparedQuery("""
                        insert into release (name, district, state, opens_at, created_by)
                        values ('Test release', 'Test', 'OPEN', now() - interval '1 minute', 'test') returning id""")
                .execute().await().indefinitely().iterator().next().getLong("id");
        LocalDate day = LocalDate.now().plusDays(2);
        String key = siteId + "@" + day;
        Instant first = day.atTime(8, 0).toInstant(ZoneOffset.UTC);
        db.preparedQuery("""
                        insert into slot (site_id, release_id, pool_key, starts_at, ends_at, lane)
                        select $1, $2, $3, $4::timestamptz + i * interval '10 minutes', $4::timestamptz + (i + 1) * interval '10 minutes', 1
                        from generate_series(0, $5 - 1) i""")
                .execute(Tuple.of(siteId, releaseId, key, at(first), slots))
                .await().indefinitely();
        return new PoolRef(siteId, releaseId, key);
    }

    BookingRequested acceptedRequest(PoolRef pool, RequestKind kind, Long slotId) {
        UUID id = UUID.randomUUID();
        String person = UUID.randomUUID().toString();
        db.preparedQuery("insert into person_release (release_id, person_key, request_id) values ($1, $2, $3)")
                .execute(Tuple.of(pool.releaseId(), person, id)).await().indefinitely();
        db.preparedQuery("""
                        insert into booking_request (id, release_id, pool_key, kind, wanted_slot_id, person_key,
                                                     display_name, email, language)
                        values ($1, $2, $3, $4, $5, $6, 'Test Person', 'test@example.org', 'en')""")
                .execute(Tuple.from(new Object[] {id, pool.releaseId(), pool.key(), kind.name(), slotId, person}))
                .await().indefinitely();
        return new BookingRequested(id, pool.releaseId(), pool.key(), kind, slotId, person, Instant.now());
    }

    /** What booking-api writes for a holder's rebooking: a request of its own, no second person row. */
    BookingRequested acceptedRebooking(PoolRef pool, String personKey, Long slotId) {
        UUID id = UUID.randomUUID();
        db.preparedQuery("""
                        insert into booking_request (id, release_id, pool_key, kind, wanted_slot_id, person_key,
                                                     display_name, email, language)
                        values ($1, $2, $3, 'REBOOK', $4, $5, 'Test Person', 'test@example.org', 'en')""")
                .execute(Tuple.from(new Object[] {id, pool.releaseId(), pool.key(), slotId, personKey}))
                .await().indefinitely();
        return new BookingRequested(id, pool.releaseId(), pool.key(), RequestKind.REBOOK, slotId, personKey, Instant.now());
    }

    /** Many accepted requests at once (one statement each for persons and requests), spread over the pools. */
    List<BookingRequested> acceptedRequests(List<PoolRef> pools, int count) {
        List<BookingRequested> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            PoolRef pool = pools.get(i % pools.size());
            requests.add(new BookingRequested(UUID.randomUUID(), pool.releaseId(), pool.key(), RequestKind.EARLIEST_IN_POOL,
                    null, UUID.randomUUID().toString(), Instant.now()));
        }
        UUID[] ids = requests.stream().map(BookingRequested::requestId).toArray(UUID[]::new);
        Long[] releases = requests.stream().map(BookingRequested::releaseId).toArray(Long[]::new);
        String[] persons = requests.stream().map(BookingRequested::personKey).toArray(String[]::new);
        String[] keys = requests.stream().map(BookingRequested::poolKey).toArray(String[]::new);
        db.preparedQuery("""
                        insert into person_release (release_id, person_key, request_id)
                        select * from unnest($1::bigint[], $2::text[], $3::uuid[])""")
                .execute(Tuple.of(releases, persons, ids)).await().indefinitely();
        db.preparedQuery("""
                        insert into booking_request (id, release_id, pool_key, kind, person_key, display_name, email, language)
                        select id, r, k, 'EARLIEST_IN_POOL', p, 'Test Person', 'test@example.org', 'en'
                        from unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[]) as t(id, r, k, p)""")
                .execute(Tuple.of(ids, releases, keys, persons)).await().indefinitely();
        return requests;
    }

    /** What the calendar does when an operator adds a slot to an open release. */
    void addSlotLive(PoolRef pool) {
        db.withTransaction(conn -> conn.preparedQuery("""
                                insert into slot (site_id, release_id, pool_key, starts_at, ends_at, lane)
                                select site_id, release_id, pool_key, max(starts_at) + interval '1 hour', max(ends_at) + interval '1 hour', 1
                                from slot where pool_key = $1 group by site_id, release_id, pool_key""")
                        .execute(Tuple.of(pool.key()))
                        .chain(() -> conn.preparedQuery("update release set slots_version = slots_version + 1 where id = $1")
                                .execute(Tuple.of(pool.releaseId()))))
                .await().indefinitely();
    }

    List<Long> slotIds(PoolRef pool) {
        List<Long> ids = new ArrayList<>();
        for (Row row : db.preparedQuery("select id from slot where pool_key = $1 order by starts_at")
                .execute(Tuple.of(pool.key())).await().indefinitely()) {
            ids.add(row.getLong("id"));
        }
        return ids;
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
