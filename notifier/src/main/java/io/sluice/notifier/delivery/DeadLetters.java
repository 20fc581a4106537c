package io.sluice.notifier.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Events the notifier gave up on. Each goes to the topic {@code <source>-dead-letter} (for the
 * operators' Kafka tooling) and to the {@code dead_letter} table (for staff, through the API), both
 * idempotently and before the source offset is committed. A replay publishes the original bytes to the
 * source topic again; the exactly-once record keeps messages already sent from going out twice.
 */
@ApplicationScoped
public class DeadLetters {

    public static final String SUFFIX = "-dead-letter";

    // The header names SmallRye's own dead-letter queue writes, so existing tooling reads ours too.
    static final String REASON_HEADER = "dead-letter-reason";
    static final String TOPIC_HEADER = "dead-letter-topic";
    static final String PARTITION_HEADER = "dead-letter-partition";
    static final String OFFSET_HEADER = "dead-letter-offset";
    static final String REPLAYED_HEADER = "sluice-replayed-dead-letter";

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final Pool db;
    private final MutinyEmitter<byte[]> deadLetterTopics;
    private final MutinyEmitter<byte[]> sourceTopics;
    private final MeterRegistry metrics;

    public DeadLetters(Pool db, @Channel("dead-letters") MutinyEmitter<byte[]> deadLetterTopics,
            @Channel("replays") MutinyEmitter<byte[]> sourceTopics, MeterRegistry metrics) {
        this.db = db;
        this.deadLetterTopics = deadLetterTopics;
        this.sourceTopics = sourceTopics;
        this.metrics = metrics;
    }

    /** One dead letter as staff see it. The payload is an event, which carries no personal data. */
    public record DeadLetter(long id, String sourceTopic, int sourcePartition, long sourceOffset, String key,
            String payload, String reason, String state, Instant deadAt, Instant replayedAt, String replayedBy) {
    }

    public Uni<Void> park(ConsumedEvent event, String reason) {
        LOG.warnf("dead-lettering %s: %s", event, reason);
        return db.preparedQuery("""
                        insert into dead_letter (source_topic, source_partition, source_offset, event_key, payload, reason)
                        values ($1, $2, $3, $4, $5, $6)
                        on conflict (source_topic, source_partition, source_offset) do update set reason = excluded.reason""")
                .execute(Tuple.from(new Object[] {event.topic(), event.partition(), event.offset(), event.key(),
                        event.payload() == null ? null : Buffer.buffer(event.payload()),
                        reason}))
                .chain(() -> deadLetterTopics.sendMessage(Message.of(event.payload() == null ? new byte[0] : event.payload())
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                                .withTopic(event.topic() + SUFFIX)
                                .withKey(event.key())
                                .withHeaders(new RecordHeaders()
                                        .add(REASON_HEADER, utf8(reason))
                                        .add(TOPIC_HEADER, utf8(event.topic()))
                                        .add(PARTITION_HEADER, utf8(Integer.toString(event.partition())))
                                        .add(OFFSET_HEADER, utf8(Long.toString(event.offset()))))
                                .build())))
                .invoke(() -> metrics.counter("sluice.notifier.dead.letters", "topic", event.topic()).increment());
    }

    public Uni<List<DeadLetter>> list(String state, int limit) {
        return db.preparedQuery("""
                        select * from dead_letter where ($1::text is null or state = $1)
                        order by id desc limit $2""")
                .execute(Tuple.of(state, limit))
                .map(rows -> {
                    List<DeadLetter> letters = new ArrayList<>();
                    for (Row row : rows) {
                        letters.add(view(row));
                    }
                    return letters;
                });
    }

    public Uni<Optional<DeadLetter>> find(long id) {
        return db.preparedQuery("select * from dead_letter where id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(view(rows.iterator().next())));
    }

    /**
     * Publishes the dead letter's original event to its source topic and marks it REPLAYED.
     *
     * @return the replayed letter, or empty when there is no open dead letter with this id
     */
    public Uni<Optional<DeadLetter>> replay(long id, String actor) {
        return db.preparedQuery("select * from dead_letter where id = $1 and state = 'OPEN'").execute(Tuple.of(id))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(Optional.<DeadLetter>empty());
                    }
                    Row row = rows.iterator().next();
                    byte[] payload = row.getBuffer("payload") == null ? new byte[0] : row.getBuffer("payload").getBytes();
                    return sourceTopics.sendMessage(Message.of(payload)
                                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                                            .withTopic(row.getString("source_topic"))
                                            .withKey(row.getString("event_key"))
                                            .withHeaders(new RecordHeaders().add(REPLAYED_HEADER, utf8(Long.toString(id))))
                                            .build()))
                            .chain(() -> db.preparedQuery("""
                                            update dead_letter set state = 'REPLAYED', replayed_at = now(), replayed_by = $2
                                            where id = $1 returning *""")
                                    .execute(Tuple.of(id, actor)))
                            .map(updated -> Optional.of(view(updated.iterator().next())))
                            .invoke(() -> LOG.infof("dead letter %d replayed to %s by %s", id,
                                    row.getString("source_topic"), actor));
                });
    }

    /** Replays every open dead letter, oldest first; returns how many. */
    public Uni<Integer> replayAll(String actor) {
        return db.preparedQuery("select id from dead_letter where state = 'OPEN' order by id").execute()
                .chain(rows -> {
                    List<Long> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getLong("id")));
                    Uni<Integer> replayed = Uni.createFrom().item(0);
                    for (long id : ids) {
                        replayed = replayed.chain(count -> replay(id, actor).map(r -> r.isPresent() ? count + 1 : count));
                    }
                    return replayed;
                });
    }

    private static DeadLetter view(Row row) {
        var payload = row.getBuffer("payload");
        return new DeadLetter(row.getLong("id"), row.getString("source_topic"), row.getInteger("source_partition"),
                row.getLong("source_offset"), row.getString("event_key"),
                payload == null ? null : new String(payload.getBytes(), StandardCharsets.UTF_8),
                row.getString("reason"), row.getString("state"), instant(row, "dead_at"), instant(row, "replayed_at"),
                row.getString("replayed_by"));
    }

    private static Instant instant(Row row, String column) {
        var value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
