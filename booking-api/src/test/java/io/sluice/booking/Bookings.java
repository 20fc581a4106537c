package io.sluice.booking;

import io.sluice.events.CancelLink;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.UUID;

/** Confirmed bookings written as the allocator writes them, for tests of what comes after a booking. */
final class Bookings {

    // The %test value of sluice.booking.cancel-link-secret, as the notifier would sign with it.
    static final String CANCEL_LINK_SECRET = "test-cancel-link-secret-0001";

    private Bookings() {
    }

    static String newCode() {
        return "T" + UUID.randomUUID().toString().substring(0, 3).toUpperCase() + "-"
                + UUID.randomUUID().toString().substring(0, 4).toUpperCase();
    }

    static String cancelToken(String code) {
        return CancelLink.sign(code, CANCEL_LINK_SECRET);
    }

    /** Books {@code slotId} for a person; answers the slot's pool. */
    static String book(Pool db, long releaseId, long slotId, String code, String personKey, String name, String email) {
        UUID requestId = UUID.randomUUID();
        String poolKey = db.preparedQuery("select pool_key from slot where id = $1").execute(Tuple.of(slotId))
                .await().indefinitely().iterator().next().getString("pool_key");
        db.preparedQuery("""
                        with request as (
                            insert into booking_request (id, release_id, pool_key, kind, person_key, display_name, email, language)
                            values ($1, $2, $3, 'EARLIEST_IN_POOL', $4, $5, $6, 'en') returning id)
                        insert into request_decision (request_id, outcome, booking_code, booked_slot_id, decided_at)
                        select id, 'CONFIRMED', $7, $8, now() from request""")
                .execute(Tuple.from(new Object[] {requestId, releaseId, poolKey, personKey, name, email, code, slotId}))
                .await().indefinitely();
        db.preparedQuery("insert into booking (code, request_id, release_id, slot_id, person_key) values ($1, $2, $3, $4, $5)")
                .execute(Tuple.from(new Object[] {code, requestId, releaseId, slotId, personKey})).await().indefinitely();
        db.preparedQuery("update slot set state = 'BOOKED' where id = $1").execute(Tuple.of(slotId)).await().indefinitely();
        return poolKey;
    }
}
