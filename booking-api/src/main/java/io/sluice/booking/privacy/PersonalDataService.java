package io.sluice.booking.privacy;

import io.sluice.booking.booking.service.CancellationService;
import io.sluice.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jboss.logging.Logger;

/**
 * A citizen's own data behind a booking: shown and erased through the booking's signed link, and
 * erased by {@link #eraseExpired()} a configured number of days after the appointment. Erasing
 * blanks the name and contact; the pseudonymous person key stays, so "one booking per person" still
 * holds for the release, and the booking's code, slot and state stay for the site's records.
 */
@ApplicationScoped
public class PersonalDataService {

    private static final Logger LOG = Logger.getLogger(PersonalDataService.class);

    private final Pool db;
    private final CancellationService cancellations;
    private final PrivacyConfig config;
    private final Clock clock;

    public PersonalDataService(Pool db, CancellationService cancellations, PrivacyConfig config, Clock clock) {
        this.db = db;
        this.cancellations = cancellations;
        this.config = config;
        this.clock = clock;
    }

    public Uni<PersonalData> show(String code, String token) {
        return cancellations.verify(code, token).chain(() -> read(db, code));
    }

    /**
     * Erases the person's data in the booking's release: every request they made there, so a rebooking's
     * copy of the contact goes too. While any of their bookings in the release is confirmed and still
     * ahead, it must be cancelled first: the site expects the person, and the cancellation mail needs
     * the address.
     */
    public Uni<PersonalData> erase(String code, String token) {
        return cancellations.verify(code, token).chain(() -> db.withTransaction(conn -> read(conn, code)
                .chain(() -> conn.preparedQuery("""
                                select b.code from booking b join slot s on s.id = b.slot_id
                                join booking holder on holder.code = $1
                                where b.release_id = holder.release_id and b.person_key = holder.person_key
                                  and b.state = 'CONFIRMED' and s.starts_at > $2
                                limit 1""")
                        .execute(Tuple.of(code, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))))
                .chain(live -> {
                    if (live.size() > 0) {
                        return Uni.createFrom().failure(ProblemException.conflict("booking " + live.iterator().next()
                                .getString("code") + " is still confirmed: cancel it first, then its data can be erased"));
                    }
                    return conn.preparedQuery("""
                                    update booking_request r set display_name = '', email = '', phone = null,
                                                                 personal_data_erased_at = now()
                                    from booking holder where holder.code = $1
                                      and r.release_id = holder.release_id and r.person_key = holder.person_key
                                      and r.personal_data_erased_at is null""")
                            .execute(Tuple.of(code))
                            .chain(() -> read(conn, code));
                })));
    }

    /** Erases what is past its retention; answers how many requests were erased. */
    public Uni<Integer> eraseExpired() {
        OffsetDateTime before = OffsetDateTime.ofInstant(clock.instant().minus(Duration.ofDays(config.retentionDays())),
                ZoneOffset.UTC);
        return db.preparedQuery("""
                        with expired as (
                            select r.id from booking_request r
                            left join request_decision d on d.request_id = r.id
                            left join slot s on s.id = d.booked_slot_id
                            where r.personal_data_erased_at is null
                              and coalesce(s.ends_at, d.decided_at, r.accepted_at) < $1
                            limit $2)
                        update booking_request r set display_name = '', email = '', phone = null,
                                                     personal_data_erased_at = now()
                        from expired where r.id = expired.id""")
                .execute(Tuple.of(before, config.eraseBatchSize()))
                .chain(requests -> db.preparedQuery("delete from waitlist_entry where requested_at < $1")
                        .execute(Tuple.of(before))
                        .map(waitlist -> {
                            if (requests.rowCount() + waitlist.rowCount() > 0) {
                                LOG.infof("erased the personal data of %d booking requests and %d waitlist entries past %d days",
                                        requests.rowCount(), waitlist.rowCount(), config.retentionDays());
                            }
                            return requests.rowCount();
                        }));
    }

    private Uni<PersonalData> read(SqlClient client, String code) {
        return client.preparedQuery("""
                        select b.state, s.starts_at, s.ends_at, r.display_name, r.email, r.phone, r.language,
                               r.accepted_at, r.personal_data_erased_at
                        from booking b join booking_request r on r.id = b.request_id join slot s on s.id = b.slot_id
                        where b.code = $1
                        order by b.state = 'CONFIRMED' desc limit 1""")
                .execute(Tuple.of(code))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("booking " + code);
                    }
                    Row row = rows.iterator().next();
                    Instant erasedAt = instant(row, "personal_data_erased_at");
                    boolean erased = erasedAt != null;
                    return new PersonalData(code, row.getString("state"), instant(row, "starts_at"),
                            erased ? null : row.getString("display_name"), erased ? null : row.getString("email"),
                            erased ? null : row.getString("phone"), row.getString("language"), instant(row, "accepted_at"),
                            erasedAt, erased ? null : instant(row, "ends_at").plus(Duration.ofDays(config.retentionDays())));
                });
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
