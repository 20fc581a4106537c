package io.sluice.allocator.messaging;

import io.quarkus.scheduler.Scheduled;
import io.sluice.allocator.AllocatorConfig;
import io.sluice.events.BookingDecided;
import io.sluice.events.Outcome;
import io.sluice.events.RejectionReason;
import io.sluice.events.Topics;
import io.sluice.allocator.claim.ClaimRepository.OutboxEvent;
import io.sluice.events.serde.BookingCancelledDeserializer;
import io.sluice.events.serde.BookingRequestedDeserializer;
import io.sluice.events.serde.SlotsFreedDeserializer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.jboss.logging.Logger;

/** Sends decisions that were committed but never acknowledged by Kafka, e.g. after a crash. */
@ApplicationScoped
public class DecisionOutboxRelay {

    private static final Logger LOG = Logger.getLogger(DecisionOutboxRelay.class);
    private static final int BATCHES = 20;

    private final Pool db;
    private static final Map<String, Deserializer<?>> EVENTS = Map.of(
            Topics.BOOKING_REQUESTS, new BookingRequestedDeserializer(),
            Topics.BOOKING_CANCELLATIONS, new BookingCancelledDeserializer(),
            Topics.SLOTS_FREED, new SlotsFreedDeserializer());

    private final DecisionPublisher publisher;
    private final OutboxPublisher outbox;
    private final AllocatorConfig config;

    public DecisionOutboxRelay(Pool db, DecisionPublisher publisher, OutboxPublisher outbox, AllocatorConfig config) {
        this.db = db;
        this.publisher = publisher;
        this.outbox = outbox;
        this.config = config;
    }

    @Scheduled(every = "${sluice.allocator.relay-every:2s}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> republish() {
        return db.preparedQuery("""
                        select id from decision_batch
                        where published_at is null and created_at < now() - $1 * interval '1 millisecond'
                        order by id limit $2""")
                .execute(Tuple.of(config.republishAfter().toMillis(), BATCHES))
                .onItem().transformToMulti(rows -> Multi.createFrom().iterable(rows))
                .onItem().transformToUniAndConcatenate(row -> republish(row.getLong("id")))
                .collect().last()
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("decision relay failed, next round retries: %s", failure.toString());
                    return Uni.createFrom().voidItem();
                });
    }

    /** The allocator's other events committed but never acknowledged, sent again in the order they were made. */
    @Scheduled(every = "${sluice.allocator.relay-every:2s}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> republishEvents() {
        return db.preparedQuery("""
                        select id, topic, event_key, payload from allocator_outbox
                        where published_at is null and created_at < now() - $1 * interval '1 millisecond'
                        order by id limit 1000""")
                .execute(Tuple.of(config.republishAfter().toMillis()))
                .chain(rows -> {
                    List<OutboxEvent> pending = new ArrayList<>();
                    List<Long> ids = new ArrayList<>();
                    for (Row row : rows) {
                        pending.add(new OutboxEvent(row.getString("topic"), row.getString("event_key"),
                                EVENTS.get(row.getString("topic")).deserialize(row.getString("topic"),
                                        row.getString("payload").getBytes(StandardCharsets.UTF_8))));
                        ids.add(row.getLong("id"));
                    }
                    return outbox.publish(pending, ids);
                })
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("event relay failed, next round retries: %s", failure.toString());
                    return Uni.createFrom().voidItem();
                });
    }

    private Uni<Void> republish(long batchId) {
        return db.preparedQuery("""
                        select r.id, r.release_id, r.pool_key, d.outcome, d.reason, d.booking_code, d.booked_slot_id,
                               s.starts_at, d.decided_at
                        from decision_batch b
                        join request_decision d on d.request_id = any(b.request_ids)
                        join booking_request r on r.id = d.request_id
                        left join slot s on s.id = d.booked_slot_id
                        where b.id = $1""")
                .execute(Tuple.of(batchId))
                .chain(rows -> {
                    List<BookingDecided> pending = new ArrayList<>();
                    rows.forEach(row -> pending.add(toEvent(row)));
                    LOG.infof("republishing %d decisions of batch %d", pending.size(), batchId);
                    return publisher.publish(batchId, pending);
                });
    }

    private static BookingDecided toEvent(Row row) {
        OffsetDateTime startsAt = row.getOffsetDateTime("starts_at");
        String reason = row.getString("reason");
        return new BookingDecided(row.getUUID("id"), row.getLong("release_id"), row.getString("pool_key"),
                Outcome.valueOf(row.getString("outcome")), reason == null ? null : RejectionReason.valueOf(reason),
                row.getString("booking_code"), row.getLong("booked_slot_id"),
                startsAt == null ? null : startsAt.toInstant(), row.getOffsetDateTime("decided_at").toInstant());
    }
}
