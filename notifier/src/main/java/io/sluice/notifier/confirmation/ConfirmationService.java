package io.sluice.notifier.confirmation;

import io.quarkus.mailer.Mail;
import io.sluice.events.BookingDecided;
import io.sluice.notifier.mail.MailClient;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneId;
import org.jboss.logging.Logger;

/**
 * Sends each confirmed booking's confirmation exactly once. A {@code notification} row is claimed
 * before sending and marked SENT after; a redelivered decision finds it SENT and sends nothing.
 * If the process dies after SMTP accepted the mail but before the mark, the mail is sent again with
 * the same Message-ID, which mail clients use to show it once.
 */
@ApplicationScoped
public class ConfirmationService {

    private static final Logger LOG = Logger.getLogger(ConfirmationService.class);
    static final String KIND = "CONFIRMATION";

    private final Pool db;
    private final MailClient mail;

    public ConfirmationService(Pool db, MailClient mail) {
        this.db = db;
        this.mail = mail;
    }

    public Uni<Void> confirm(BookingDecided decision) {
        String messageKey = KIND + ":" + decision.bookingCode();
        String messageId = "<confirmation." + decision.bookingCode() + "@sluice.invalid>";
        return claim(messageKey, decision, messageId).chain(claimed -> {
            if (!claimed) {
                return Uni.createFrom().voidItem();
            }
            return appointment(decision)
                    .chain(appointment -> mail.send(Mail.withText(appointment.email(),
                                    ConfirmationText.subject(appointment), ConfirmationText.body(appointment))
                            .addHeader("Message-ID", messageId)))
                    .chain(() -> db.preparedQuery("update notification set state = 'SENT', sent_at = now() where message_key = $1")
                            .execute(Tuple.of(messageKey)))
                    .invoke(() -> LOG.infof("confirmation sent for request %s", decision.requestId()))
                    .replaceWithVoid();
        });
    }

    /** True when this message still has to be sent; false when it already went out. */
    private Uni<Boolean> claim(String messageKey, BookingDecided decision, String messageId) {
        return db.preparedQuery("""
                        insert into notification (message_key, request_id, kind, message_id, state, attempts)
                        values ($1, $2, $3, $4, 'SENDING', 1)
                        on conflict (message_key) do update set attempts = notification.attempts + 1
                        where notification.state = 'SENDING'
                        returning message_key""")
                .execute(Tuple.of(messageKey, decision.requestId(), KIND, messageId))
                .map(rows -> rows.size() > 0);
    }

    private Uni<Appointment> appointment(BookingDecided decision) {
        return db.preparedQuery("""
                        select r.booking_code, r.display_name, r.email, r.language, site.name, site.address,
                               site.time_zone, s.starts_at, s.ends_at
                        from booking_request r
                        join slot s on s.id = r.booked_slot_id
                        join site on site.id = s.site_id
                        where r.id = $1""")
                .execute(Tuple.of(decision.requestId()))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw new IllegalStateException("no booked request " + decision.requestId());
                    }
                    Row row = rows.iterator().next();
                    ZoneId zone = ZoneId.of(row.getString("time_zone"));
                    return new Appointment(row.getString("booking_code"), row.getString("display_name"),
                            row.getString("email"), row.getString("language"), row.getString("name"),
                            row.getString("address"), zone,
                            row.getOffsetDateTime("starts_at").atZoneSameInstant(zone),
                            row.getOffsetDateTime("ends_at").atZoneSameInstant(zone));
                });
    }
}
