package io.sluice.booking.booking.service;

import io.quarkus.scheduler.Scheduled;
import io.sluice.booking.BookingConfig;
import io.sluice.events.BookingRequested;
import io.sluice.events.RequestKind;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Sends again what was accepted but not acknowledged by Kafka (broker down, instance killed between
 * commit and send). The allocator ignores a request id it has already decided, so a duplicate is harmless.
 */
@ApplicationScoped
public class UnpublishedRequestRelay {

    private static final int BATCH = 500;

    private final Pool db;
    private final BookingRequestService requests;
    private final BookingConfig config;

    public UnpublishedRequestRelay(Pool db, BookingRequestService requests, BookingConfig config) {
        this.db = db;
        this.requests = requests;
        this.config = config;
    }

    @Scheduled(every = "${sluice.booking.relay-every:5s}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> republish() {
        return db.preparedQuery("""
                        select id, release_id, pool_key, kind, wanted_slot_id, person_key, accepted_at, alternative_pools
                        from booking_request
                        where published_at is null and accepted_at < now() - $1 * interval '1 millisecond'
                        order by accepted_at limit $2""")
                .execute(Tuple.of(config.republishAfter().toMillis(), BATCH))
                .onItem().transformToMulti(rows -> Multi.createFrom().iterable(rows))
                .onItem().transformToUniAndConcatenate(row -> requests.publish(toEvent(row)))
                .collect().last()
                .replaceWithVoid();
    }

    private static BookingRequested toEvent(Row row) {
        return new BookingRequested(row.getUUID("id"), row.getLong("release_id"), row.getString("pool_key"),
                RequestKind.valueOf(row.getString("kind")), row.getLong("wanted_slot_id"), row.getString("person_key"),
                row.getOffsetDateTime("accepted_at").toInstant(), alternativePools(row.getArrayOfStrings("alternative_pools")));
    }

    private static List<String> alternativePools(String[] pools) {
        return pools == null ? null : List.of(pools);
    }
}
