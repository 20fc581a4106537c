package io.sluice.booking.waitingroom.service;

import io.quarkus.scheduler.Scheduled;
import io.sluice.booking.waitingroom.WaitingRoomConfig;
import io.sluice.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The waitlist of sold-out releases, with double opt-in. booking-api only records the wish; the
 * notifier mails the confirmation link for every PENDING entry whose confirmation_sent_at is null
 * (and sets it), and later the offers. Signing up needs a ticket of the release, so the list cannot be
 * filled by a script that never queued, and the answer never says whether the address was known.
 */
@ApplicationScoped
public class WaitlistService {

    private static final Logger LOG = Logger.getLogger(WaitlistService.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Pool db;
    private final StatusService status;
    private final WaitingRoomConfig config;

    public WaitlistService(Pool db, StatusService status, WaitingRoomConfig config) {
        this.db = db;
        this.status = status;
        this.config = config;
    }

    public Uni<Void> signUp(long releaseId, String ticket, WaitlistSignup signup) {
        // Checks signature, release and expiry of the ticket; its place does not matter here.
        status.status(releaseId, ticket);
        byte[] token = new byte[24];
        RANDOM.nextBytes(token);
        // A repeated sign-up re-sends the confirmation at most every 15 minutes; a confirmed entry stays as it is.
        return db.preparedQuery("""
                        insert into waitlist_entry (id, release_id, district, email, language, state, confirm_token)
                        select $1, r.id, r.district, $3, $4, 'PENDING', $5 from release r where r.id = $2
                        on conflict (release_id, lower(email)) do update
                            set language = excluded.language, confirmation_sent_at = null, requested_at = now()
                            where waitlist_entry.state = 'PENDING' and waitlist_entry.requested_at < now() - interval '15 minutes'
                        returning id""")
                .execute(Tuple.from(new Object[] {UUID.randomUUID(), releaseId, signup.email().strip(),
                        signup.language() == null ? "de" : signup.language(),
                        Base64.getUrlEncoder().withoutPadding().encodeToString(token)}))
                .invoke(rows -> rows.forEach(row -> LOG.infof("waitlist entry %s of release %d awaits confirmation",
                        row.getUUID("id"), releaseId)))
                .replaceWithVoid();
    }

    /** A confirmed waitlist entry, as the confirmation page shows it. */
    public record Confirmed(long releaseId, String state) {
    }

    /** Confirms the entry the link names; confirming twice is fine. */
    public Uni<Confirmed> confirm(WaitlistConfirmation confirmation) {
        return db.preparedQuery("""
                        update waitlist_entry set state = 'CONFIRMED', confirmed_at = coalesce(confirmed_at, now())
                        where confirm_token = $1 returning release_id""")
                .execute(Tuple.of(confirmation.token().strip()))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("a waitlist entry for this confirmation link");
                    }
                    return new Confirmed(rows.iterator().next().getLong("release_id"), "CONFIRMED");
                });
    }

    @Scheduled(identity = "waitlist-cleanup", every = "1h", delayed = "1m")
    Uni<Void> deleteUnconfirmed() {
        return db.preparedQuery("delete from waitlist_entry where state = 'PENDING' and requested_at < now() - $1 * interval '1 second'")
                .execute(Tuple.of(config.waitlistPendingRetention().toSeconds()))
                .invoke(rows -> {
                    if (rows.rowCount() > 0) {
                        LOG.infof("%d unconfirmed waitlist entries deleted", rows.rowCount());
                    }
                })
                .replaceWithVoid();
    }
}
