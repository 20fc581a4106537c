package io.sluice.booking.booking.service;

import io.sluice.events.BookingRequested;
import io.sluice.events.RequestKind;
import io.sluice.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
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
            return targetPool(releaseId, booking.getLong("slot_id"), body).chain(pool -> {
                BookingRequested rebooking = new BookingRequested(UUID.randomUUID(), releaseId, pool,
                        RequestKind.REBOOK, body.slotId(), booking.getString("person_key"), clock.instant());
                return store(rebooking, booking.getUUID("request_id"))
                        .chain(() -> requests.publish(rebooking))
                        .replaceWith(BookingRequestStatus.pending(rebooking.requestId()));
            });
        });
    }

    /** The new slot's pool, by the same rules as a booking request's: the release must accept bookings now. */
    private Uni<String> targetPool(long releaseId, long heldSlot, RebookingBody body) {
        if (body.slotId() != null && body.slotId() == heldSlot) {
            throw ProblemException.invalid("slotId", "is the slot this booking already has");
        }
        return requests.requireOpen(releaseId)
                .chain(() -> requests.resolveTarget(releaseId, body.slotId(), body.siteCode(), body.day(), List.of()))
                .map(BookingRequestService.Target::poolKey);
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
                              and pending.kind = 'REBOOK'
                              and not exists (select 1 from request_decision d where d.request_id = pending.id))""")
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
