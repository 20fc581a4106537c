package io.sluice.notifier.delivery;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The exactly-once record: one {@code notification} row per message. A message is claimed (SENDING)
 * before it goes out and marked SENT once the relay accepted it; nothing marked SENT is ever claimed again.
 */
@ApplicationScoped
public class DeliveryLog {

    private final Pool db;

    public DeliveryLog(Pool db) {
        this.db = db;
    }

    /**
     * Claims the messages of a consumed event. Anything not yet SENT is claimed, also a SENDING row:
     * only a redelivery or a replay of the event asks again, and that means the earlier attempt
     * did not finish (the process died or gave up), so sending again with the same Message-ID is right.
     *
     * @return the keys that must be sent now
     */
    public Uni<Set<String>> claim(List<Delivery> deliveries) {
        return claim(deliveries, """
                on conflict (message_key) do update
                    set state = 'SENDING', attempts = notification.attempts + 1, claimed_at = now(), last_error = null
                    where notification.state <> 'SENT'
                returning message_key""", Tuple.tuple());
    }

    /**
     * Claims scheduled messages, which several instances may look for at the same time: a SENDING row
     * is taken over only after {@code lease} (its instance died), a FAILED one while it has attempts left.
     */
    public Uni<Set<String>> claimScheduled(List<Delivery> deliveries, Duration lease, int maxAttempts) {
        return claim(deliveries, """
                on conflict (message_key) do update
                    set state = 'SENDING', attempts = notification.attempts + 1, claimed_at = now(), last_error = null
                    where notification.attempts < $6
                      and (notification.state = 'FAILED'
                           or (notification.state = 'SENDING' and notification.claimed_at < now() - ($5::float8 * interval '1 second')))
                returning message_key""", Tuple.of((double) lease.toSeconds(), maxAttempts));
    }

    public Uni<Void> markSent(List<String> messageKeys) {
        if (messageKeys.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return db.preparedQuery("""
                        update notification set state = 'SENT', sent_at = now(), last_error = null
                        where message_key = any($1)""")
                .execute(Tuple.of(messageKeys.toArray(String[]::new)))
                .replaceWithVoid();
    }

    /** Records that the last attempt gave up; {@code reason} must not name a person. */
    public Uni<Void> markFailed(String messageKey, String reason) {
        return db.preparedQuery("update notification set state = 'FAILED', last_error = $2 where message_key = $1 and state <> 'SENT'")
                .execute(Tuple.of(messageKey, reason))
                .replaceWithVoid();
    }

    /** The state of one message, or null when it was never claimed; for operators and tests. */
    public Uni<String> state(String messageKey) {
        return db.preparedQuery("select state from notification where message_key = $1")
                .execute(Tuple.of(messageKey))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("state"));
    }

    private Uni<Set<String>> claim(List<Delivery> deliveries, String onConflict, Tuple extra) {
        if (deliveries.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        int n = deliveries.size();
        String[] keys = new String[n];
        UUID[] requests = new UUID[n];
        String[] kinds = new String[n];
        String[] messageIds = new String[n];
        for (int i = 0; i < n; i++) {
            Delivery d = deliveries.get(i);
            keys[i] = d.messageKey();
            requests[i] = d.requestId();
            kinds[i] = d.kind();
            messageIds[i] = d.messageId();
        }
        Tuple args = Tuple.of(keys, requests, kinds, messageIds);
        for (int i = 0; i < extra.size(); i++) {
            args.addValue(extra.getValue(i));
        }
        // One statement per batch: a sell-out confirms thousands of bookings within seconds.
        return db.preparedQuery("""
                        insert into notification (message_key, request_id, kind, message_id, state, attempts, claimed_at)
                        select k, r, kd, m, 'SENDING', 1, now()
                        from unnest($1::text[], $2::uuid[], $3::text[], $4::text[]) as t(k, r, kd, m)
                        """ + onConflict)
                .execute(args)
                .map(rows -> {
                    Set<String> claimed = new HashSet<>();
                    for (Row row : rows) {
                        claimed.add(row.getString("message_key"));
                    }
                    return claimed;
                });
    }
}
