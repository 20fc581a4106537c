package io.sluice.notifier.waitlist;

import io.sluice.events.SlotsFreed;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The {@code waitlist_entry} rows booking-api writes, and the offers the notifier made to them. */
@ApplicationScoped
public class WaitlistRepository {

    private final Pool db;

    public WaitlistRepository(Pool db) {
        this.db = db;
    }

    /** An entry whose confirmation link is to be mailed, and the exactly-once key of that mail. */
    public record PendingConfirmation(WaitlistEntry entry, String releaseName, String messageKey) {
    }

    /**
     * Entries whose confirmation link is still to be mailed, oldest first; without those whose mail was
     * given up on after {@code maxAttempts}. An entry already mailed whose row was not yet marked (the
     * process died in between) is among them: its claim finds the mail SENT and only the mark follows.
     * The key names the entry and when it was armed, since a repeated sign-up re-arms it for a new mail.
     */
    public Uni<List<PendingConfirmation>> awaitingConfirmationMail(String kind, int maxAttempts, int limit) {
        return db.preparedQuery("""
                        select * from (
                            select w.id, w.release_id, w.email, w.language, w.confirm_token, w.requested_at,
                                   r.name as release_name,
                                   $1::text || ':' || w.id || ':' || (extract(epoch from w.requested_at) * 1000000)::bigint
                                       as message_key
                            from waitlist_entry w join release r on r.id = w.release_id
                            where w.state = 'PENDING' and w.confirmation_sent_at is null) due
                        where not exists (select 1 from notification n
                                          where n.message_key = due.message_key and n.state <> 'SENT' and n.attempts >= $2)
                        order by due.requested_at
                        limit $3""")
                .execute(Tuple.of(kind, maxAttempts, limit))
                .map(rows -> {
                    List<PendingConfirmation> due = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        due.add(new PendingConfirmation(entry(row), row.getString("release_name"), row.getString("message_key")));
                    }
                    return due;
                });
    }

    /**
     * Sets {@code confirmation_sent_at} of the entries whose confirmation mail is SENT, unless a repeated
     * sign-up re-armed the entry meanwhile.
     */
    public Uni<Void> markConfirmationSent(List<PendingConfirmation> confirmations) {
        if (confirmations.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        UUID[] ids = confirmations.stream().map(c -> c.entry().id()).toArray(UUID[]::new);
        OffsetDateTime[] armedAt = confirmations.stream()
                .map(c -> OffsetDateTime.ofInstant(c.entry().requestedAt(), ZoneOffset.UTC)).toArray(OffsetDateTime[]::new);
        String[] keys = confirmations.stream().map(PendingConfirmation::messageKey).toArray(String[]::new);
        return db.preparedQuery("""
                        update waitlist_entry w set confirmation_sent_at = n.sent_at
                        from unnest($1::uuid[], $2::timestamptz[], $3::text[]) as t(id, requested_at, message_key)
                        join notification n on n.message_key = t.message_key and n.state = 'SENT'
                        where w.id = t.id and w.requested_at = t.requested_at and w.confirmation_sent_at is null""")
                .execute(Tuple.of(ids, armedAt, keys))
                .replaceWithVoid();
    }

    /**
     * Records the offer and chooses its recipients in one transaction, unless it was recorded before: the
     * release's confirmed entries, first confirmed first, not offered a slot within {@code interval}, at
     * most {@code limit}; their {@code offered_at} is set. A redelivered event finds the offer recorded and
     * gets the same recipients back.
     *
     * @return the offer's recipients
     */
    public Uni<List<WaitlistEntry>> recordOffer(SlotsFreed freed, int limit, Duration interval) {
        return db.withTransaction(tx -> tx.preparedQuery("""
                                insert into waitlist_offer (offer_id, release_id, freed_slots, slot_starts_at, pool_key)
                                select $1, r.id, $3, $4, $5 from release r where r.id = $2
                                on conflict (offer_id) do nothing
                                returning offer_id""")
                        .execute(Tuple.from(new Object[] {freed.offerId(), freed.releaseId(), freed.freedSlots(),
                                freed.slotStartsAt() == null ? null : OffsetDateTime.ofInstant(freed.slotStartsAt(), ZoneOffset.UTC),
                                freed.poolKey()}))
                        .chain(recorded -> recorded.size() == 0 ? Uni.createFrom().voidItem() : tx.preparedQuery("""
                                        with chosen as (
                                            select id from waitlist_entry
                                            where release_id = $2 and state = 'CONFIRMED'
                                              and (offered_at is null or offered_at < now() - ($3::float8 * interval '1 second'))
                                              -- Someone who has booked in the release since signing up (an earlier
                                              -- offer, a cancellation they caught) must not take another's turn.
                                              and lower(email) not in (
                                                  select lower(q.email) from booking b join booking_request q on q.id = b.request_id
                                                  where b.release_id = $2 and b.state = 'CONFIRMED')
                                            order by confirmed_at, id
                                            limit $4),
                                        recipients as (
                                            insert into waitlist_offer_recipient (offer_id, entry_id) select $1, id from chosen)
                                        update waitlist_entry set offered_at = now() where id in (select id from chosen)""")
                                .execute(Tuple.of(freed.offerId(), freed.releaseId(), (double) interval.toSeconds(), limit))
                                .replaceWithVoid()))
                .chain(() -> db.preparedQuery("""
                                select w.id, w.release_id, w.email, w.language, w.confirm_token, w.requested_at
                                from waitlist_offer_recipient o join waitlist_entry w on w.id = o.entry_id
                                where o.offer_id = $1
                                order by w.confirmed_at, w.id""")
                        .execute(Tuple.of(freed.offerId())))
                .map(WaitlistRepository::entries);
    }

    /** What an offer says about the release and the freed slot's site. */
    public record OfferPlace(String releaseName, String siteName, String timeZone) {
    }

    /** @param siteId the freed slot's site, or null when the event does not say */
    public Uni<OfferPlace> place(long releaseId, Long siteId) {
        return db.preparedQuery("""
                        select r.name, s.name as site_name, s.time_zone
                        from release r left join site s on s.id = $2
                        where r.id = $1""")
                .execute(Tuple.of(releaseId, siteId))
                .map(rows -> {
                    for (Row row : rows) {
                        return new OfferPlace(row.getString("name"), row.getString("site_name"), row.getString("time_zone"));
                    }
                    return new OfferPlace(null, null, null);
                });
    }

    private static List<WaitlistEntry> entries(RowSet<Row> rows) {
        List<WaitlistEntry> entries = new ArrayList<>(rows.size());
        for (Row row : rows) {
            entries.add(entry(row));
        }
        return entries;
    }

    private static WaitlistEntry entry(Row row) {
        return new WaitlistEntry(row.getUUID("id"), row.getLong("release_id"), row.getString("email"),
                row.getString("language"), row.getString("confirm_token"), row.getOffsetDateTime("requested_at").toInstant());
    }
}
