package io.sluice.booking.calendar.messaging;

import io.quarkus.scheduler.Scheduled;
import io.sluice.events.Topics;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes the calendar's outbox in order, then marks each event published. The JSON written in the
 * transaction is sent as it is. A crash between send and mark sends an event twice; consumers
 * are idempotent by the event's key and content.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 200;

    private final Pool db;
    private final Map<String, MutinyEmitter<String>> channels;

    public OutboxRelay(Pool db, @Channel(Topics.RELEASE_ANNOUNCEMENTS) MutinyEmitter<String> announcements) {
        this.db = db;
        this.channels = Map.of(Topics.RELEASE_ANNOUNCEMENTS, announcements);
    }

    @Scheduled(every = "${sluice.booking.outbox-every:1s}", delayed = "3s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> publish() {
        return db.preparedQuery("select id, topic, event_key, payload from outbox_event where published_at is null order by id limit $1")
                .execute(Tuple.of(BATCH))
                .onItem().transformToMulti(rows -> Multi.createFrom().iterable(rows))
                .onItem().transformToUniAndConcatenate(this::send)
                .collect().last()
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("outbox relay failed, next round retries: %s", failure.toString());
                    return Uni.createFrom().voidItem();
                });
    }

    private Uni<Void> send(Row row) {
        MutinyEmitter<String> channel = channels.get(row.getString("topic"));
        if (channel == null) {
            LOG.errorf("outbox event %d names unknown topic %s; left unpublished", row.getLong("id"), row.getString("topic"));
            return Uni.createFrom().voidItem();
        }
        return channel.sendMessage(Message.of(row.getString("payload")).addMetadata(
                        OutgoingKafkaRecordMetadata.<String>builder().withKey(row.getString("event_key")).build()))
                .chain(() -> db.preparedQuery("update outbox_event set published_at = now() where id = $1")
                        .execute(Tuple.of(row.getLong("id"))))
                .replaceWithVoid();
    }
}
