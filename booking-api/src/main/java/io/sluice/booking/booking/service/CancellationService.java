package io.sluice.booking.booking.service;

import io.sluice.booking.BookingConfig;
import io.sluice.booking.booking.messaging.BookingRequestPublisher;
import io.sluice.events.BookingRequested;
import io.sluice.events.CancelLink;
import io.sluice.events.RequestKind;
import io.sluice.problem.Problem;
import io.sluice.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.UUID;

/**
 * Cancellation through the signed link in the confirmation mail. booking-api only checks the link
 * and hands the cancellation to the pool's allocator, in the pool's order with every claim, so a
 * freed slot goes to the next request and never to two.
 */
@ApplicationScoped
public class CancellationService {

    private final Pool db;
    private final BookingRequestPublisher publisher;
    private final BookingConfig config;
    private final Clock clock;

    public CancellationService(Pool db, BookingRequestPublisher publisher, BookingConfig config, Clock clock) {
        this.db = db;
        this.publisher = publisher;
        this.config = config;
        this.clock = clock;
    }

    public Uni<BookingView> booking(String code, String token) {
        return verified(code, token).map(row -> new BookingView(code, row.getString("state"), row.getString("name"),
                row.getString("address"), row.getString("time_zone"), row.getOffsetDateTime("starts_at").toInstant(),
                row.getOffsetDateTime("ends_at").toInstant()));
    }

    /** Completes when Kafka holds the cancellation; the allocator applies it within moments. */
    public Uni<BookingView> cancel(String code, String token) {
        return verified(code, token).chain(row -> {
            if (!"CONFIRMED".equals(row.getString("state"))) {
                return Uni.createFrom().failure(ProblemException.conflict("booking " + code + " is already cancelled"));
            }
            BookingRequested cancellation = new BookingRequested(UUID.randomUUID(), row.getLong("release_id"),
                    row.getString("pool_key"), RequestKind.CANCEL, row.getLong("slot_id"), row.getString("person_key"),
                    clock.instant());
            return publisher.publish(cancellation).replaceWith(new BookingView(code, "CANCELLING", row.getString("name"),
                    row.getString("address"), row.getString("time_zone"), row.getOffsetDateTime("starts_at").toInstant(),
                    row.getOffsetDateTime("ends_at").toInstant()));
        });
    }

    /** Fails with 403 unless the token is the booking's signed link: a forged or foreign link learns nothing. */
    public Uni<Void> verify(String code, String token) {
        if (code == null || token == null || !CancelLink.verify(code, token, config.cancelLinkSecret())) {
            return Uni.createFrom().failure(new ProblemException(Problem.of(403, "Forbidden",
                    "this link is not valid for booking " + code)));
        }
        return Uni.createFrom().voidItem();
    }

    /** The booking behind a link whose signature holds. */
    Uni<Row> verified(String code, String token) {
        return verify(code, token).chain(() -> db.preparedQuery("""
                        select b.state, b.request_id, b.release_id, b.slot_id, b.person_key, s.pool_key, s.starts_at, s.ends_at,
                               site.name, site.address, site.time_zone
                        from booking b join slot s on s.id = b.slot_id join site on site.id = s.site_id
                        where b.code = $1
                        order by b.state = 'CONFIRMED' desc limit 1""")
                .execute(Tuple.of(code))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("booking " + code);
                    }
                    return rows.iterator().next();
                }));
    }
}
