package io.sluice.booking.booking.service;

import io.sluice.booking.problem.ProblemException;
import io.sluice.events.BookingRequested;
import io.sluice.events.RequestKind;
import io.sluice.events.SlotPoolKey;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Moves a booking to another slot of its release through the signed link in the confirmation mail.
 * The rebooking is a request of its own, decided by the allocator of the new slot's pool: it claims the
 * new slot first and gives the old one back only when that claim is committed, so a refused rebooking
 * leaves the old booking as it was. No waiting room: the holder already has a place in the release.
 */
@ApplicationScoped
public class RebookingService {

    private final Pool db;
    private final CancellationService links;
    private final BookingRequestService requests;
    private final Clock clock;

    public RebookingService(Pool db, CancellationService links, BookingRequestService requests, Clock clock) {
        this.db = db;
        this.links = links;
        this.requests = requests;
        this.clock = clock;
    }

    /** Answers at once with the new request to poll; the allocator decides within moments. */
    public Uni<BookingRequestStatus> rebook(String code, String token, RebookingBody body) {
        return links.verified(code, token).chain(booking -> {
            if (!"CONFIRMED".equals(booking.getString("state"))) {
                return Uni.createFrom().failure(ProblemException.conflict("booking " + code + " is cancelled"));
            }
            long releaseId = booking.getLong("release_id");
            return target(releaseId, booking.getLong("slot_id"), body).chain(target -> {
                BookingRequested rebooking = new BookingRequested(UUID.randomUUID(), releaseId, target.poolKey(),
                        RequestKind.REBOOK, target.slotId(), booking.getString("person_key"), clock.instant());
                return store(rebooking, booking.getUUID("request_id"))
                        .chain(() -> requests.publish(rebooking))
                        .replaceWith(BookingRequestStatus.pending(rebooking.requestId()));
            });
        });
    }

    private record Target(String poolKey, Long slotId) {
    }

    /** The new slot's pool, checked against the release: it must accept bookings and hold the slot or site-day. */
    private Uni<Target> target(long releaseId, long heldSlot, RebookingBody body) {
        boolean poolGiven = body.siteCode() != null || body.day() != null;
        if (body.slotId() != null && poolGiven) {
            throw ProblemException.invalid("slotId", "give either slotId or siteCode and day, not both");
        }
        if (body.slotId() == null && (body.siteCode() == null || body.day() == null)) {
            throw ProblemException.invalid(body.siteCode() == null ? "siteCode" : "day", "is required when no slotId is given");
        }
        if (body.slotId() != null && body.slotId() == heldSlot) {
            throw ProblemException.invalid("slotId", "is the slot this booking already has");
        }
        return db.preparedQuery("""
                        select r.state in ('OPEN', 'ANNOUNCED') and r.opens_at <= now() and (r.closes_at is null or r.closes_at > now()) as open,
                               (select s.pool_key from slot s where s.id = $2 and s.release_id = r.id) as slot_pool,
                               (select site.id from site where site.code = $3 and exists (
                                    select 1 from slot s where s.site_id = site.id and s.release_id = r.id
                                      and s.pool_key = site.id || '@' || $4)) as site_id
                        from release r where r.id = $1""")
                .execute(Tuple.of(releaseId, body.slotId(), body.siteCode(), body.day() == null ? null : body.day().toString()))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    if (!row.getBoolean("open")) {
                        throw ProblemException.conflict("release " + releaseId + " does not accept bookings now");
                    }
                    if (body.slotId() != null) {
                        if (row.getString("slot_pool") == null) {
                            throw ProblemException.invalid("slotId", "no slot with this id belongs to the booking's release");
                        }
                        return new Target(row.getString("slot_pool"), body.slotId());
                    }
                    if (row.getLong("site_id") == null) {
                        throw ProblemException.invalid("siteCode", "the release has no slots at this site on " + body.day());
                    }
                    return new Target(new SlotPoolKey(row.getLong("site_id"), body.day()).value(), null);
                });
    }

    /**
     * The rebooking as a request carrying the holder's contact from the booking's request, for the new
     * confirmation. One undecided rebooking per person and release at a time.
     */
    private Uni<Void> store(BookingRequested rebooking, UUID bookedRequest) {
        return db.preparedQuery("""
                        insert into booking_request (id, release_id, pool_key, kind, wanted_slot_id, person_key,
                                                     display_name, email, phone, language, accepted_at)
                        select $1, release_id, $2, 'REBOOK', $3, person_key, display_name, email, phone, language, $4
                        from booking_request old
                        where old.id = $5 and not exists (
                            select 1 from booking_request pending
                            where pending.release_id = old.release_id and pending.person_key = old.person_key
                              and pending.kind = 'REBOOK' and pending.outcome is null)""")
                .execute(Tuple.from(new Object[] {rebooking.requestId(), rebooking.poolKey(), rebooking.slotId(),
                        OffsetDateTime.ofInstant(rebooking.acceptedAt(), ZoneOffset.UTC), bookedRequest}))
                .invoke(inserted -> {
                    if (inserted.rowCount() == 0) {
                        throw ProblemException.conflict("a rebooking of this booking is still being decided");
                    }
                })
                .replaceWithVoid();
    }
}
