package io.sluice.notifier;

import io.sluice.events.BookingCancelled;
import io.sluice.events.BookingDecided;
import io.sluice.events.Outcome;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Rows as booking-api and the allocator would have written them, straight into the shared schema. */
final class TestData {

    static final String SITE_ADDRESS = "Messeplatz 1, 04356 Leipzig";

    // Several bookings of one site may start at the same time: each gets a lane of its own.
    private static final AtomicInteger LANES = new AtomicInteger();

    private final Pool db;

    TestData(Pool db) {
        this.db = db;
    }

    record Site(long id, String code, String district) {
    }

    /** A confirmed booking as the allocator leaves it, and the decision it published. */
    record Booked(BookingDecided decision, String email, String code, long slotId) {

        BookingCancelled cancelled() {
            return new BookingCancelled(decision.requestId(), decision.releaseId(), decision.poolKey(), code, slotId,
                    decision.slotStartsAt(), Instant.now());
        }
    }

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
    }

    Site site(String district) {
        String code = unique("N-");
        long id = db.preparedQuery("""
                        insert into site (code, name, address, district, time_zone)
                        values ($1, 'Impfzentrum Messe', $2, $3, 'Europe/Berlin') returning id""")
                .execute(Tuple.of(code, SITE_ADDRESS, district))
                .await().indefinitely().iterator().next().getLong("id");
        return new Site(id, code, district);
    }

    Booked confirmed(String language, String phone, Instant startsAt) {
        return confirmed(site("Leipzig"), language, phone, startsAt, Instant.now(), "CONFIRMED");
    }

    Booked confirmed(Site site, String language, String phone, Instant startsAt, Instant bookedAt, String state) {
        long releaseId = db.preparedQuery("""
                        insert into release (name, district, state, opens_at, created_by)
                        values ('Booster', $1, 'OPEN', now(), 'test') returning id""")
                .execute(Tuple.of(site.district())).await().indefinitely().iterator().next().getLong("id");
        return confirmed(site, releaseId, "citizen." + UUID.randomUUID() + "@example.org", language, phone, startsAt,
                bookedAt, state);
    }

    /** A booking of {@code email} in an existing release. */
    Booked confirmed(Site site, long releaseId, String email, String language, String phone, Instant startsAt,
            Instant bookedAt, String state) {
        String code = unique("C");
        String poolKey = site.id() + "@" + startsAt.atZone(ZoneOffset.UTC).toLocalDate();
        long slotId = db.preparedQuery("""
                        insert into slot (site_id, release_id, pool_key, starts_at, ends_at, lane, state)
                        values ($1, $2, $3, $4, $5, $6, 'BOOKED') returning id""")
                .execute(Tuple.from(new Object[] {site.id(), releaseId, poolKey, utc(startsAt), utc(startsAt.plusSeconds(600)),
                        LANES.incrementAndGet()}))
                .await().indefinitely().iterator().next().getLong("id");
        UUID requestId = UUID.randomUUID();
        db.preparedQuery("""
                        with request as (
                            insert into booking_request (id, release_id, pool_key, kind, person_key, display_name, email, phone,
                                                         language)
                            values ($1, $2, $3, 'EARLIEST_IN_POOL', $4, 'Grace Hopper', $5, $6, $7) returning id)
                        insert into request_decision (request_id, outcome, booking_code, booked_slot_id, decided_at)
                        select id, 'CONFIRMED', $8, $9, $10 from request""")
                .execute(Tuple.from(new Object[] {requestId, releaseId, poolKey, "pk-" + requestId, email, phone, language,
                        code, slotId, utc(bookedAt)}))
                .await().indefinitely();
        db.preparedQuery("""
                        insert into booking (code, request_id, release_id, slot_id, person_key, state, created_at)
                        values ($1, $2, $3, $4, $5, $6, $7)""")
                .execute(Tuple.from(new Object[] {code, requestId, releaseId, slotId, "pk-" + requestId, state, utc(bookedAt)}))
                .await().indefinitely();
        BookingDecided decision = new BookingDecided(requestId, releaseId, poolKey, Outcome.CONFIRMED, null, code, slotId,
                startsAt, bookedAt);
        return new Booked(decision, email, code, slotId);
    }

    /** A sold-out release in the site's district. */
    long soldOutRelease(Site site, String name) {
        return db.preparedQuery("""
                        insert into release (name, district, state, opens_at, created_by)
                        values ($1, $2, 'SOLD_OUT', now(), 'test') returning id""")
                .execute(Tuple.of(name, site.district())).await().indefinitely().iterator().next().getLong("id");
    }

    /** A waitlist sign-up as booking-api writes it; a CONFIRMED one as its confirmation link leaves it. */
    record WaitlistEntry(UUID id, String email, String confirmToken) {
    }

    WaitlistEntry waitlistEntry(long releaseId, String language, boolean confirmed) {
        UUID id = UUID.randomUUID();
        String email = "waiting." + id + "@example.org";
        String token = UUID.randomUUID().toString().replace("-", "");
        OffsetDateTime confirmedAt = confirmed ? OffsetDateTime.now(ZoneOffset.UTC) : null;
        db.preparedQuery("""
                        insert into waitlist_entry (id, release_id, district, email, language, state, confirm_token,
                                                    confirmation_sent_at, confirmed_at)
                        select $1, r.id, r.district, $3, $4, $5, $6, $7, $7 from release r where r.id = $2""")
                .execute(Tuple.from(new Object[] {id, releaseId, email, language, confirmed ? "CONFIRMED" : "PENDING", token,
                        confirmedAt}))
                .await().indefinitely();
        return new WaitlistEntry(id, email, token);
    }

    String notificationState(String messageKey) {
        var rows = db.preparedQuery("select state from notification where message_key = $1")
                .execute(Tuple.of(messageKey)).await().indefinitely();
        return rows.size() == 0 ? "" : rows.iterator().next().getString("state");
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
