package io.sluice.booking.waitingroom.service;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.sluice.booking.waitingroom.WaitingRoomConfig;
import io.sluice.events.AvailabilitySnapshot;
import io.sluice.events.SlotPoolKey;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Free slots per pool for admitted citizens. The allocator's availability snapshots are the freshest
 * source; where a pool has no recent snapshot, a count from PostgreSQL fills in, read at most once a
 * second per release and instance however many citizens ask (Caffeine coalesces the loads).
 */
@ApplicationScoped
public class Availability {

    private final Pool db;
    private final WaitingRoomConfig config;
    private final Clock clock;
    private final AsyncCache<Long, Counted> counted;
    private final Map<String, Received> snapshots = new ConcurrentHashMap<>();

    public Availability(Pool db, WaitingRoomConfig config, Clock clock) {
        this.db = db;
        this.config = config;
        this.clock = clock;
        this.counted = Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(1)).maximumSize(10_000).buildAsync();
    }

    private record Counted(long releaseId, Instant at, List<PoolAvailability> pools) {
    }

    private record Received(AvailabilitySnapshot snapshot, Instant receivedAt) {
    }

    public void update(AvailabilitySnapshot snapshot) {
        snapshots.merge(snapshot.key(), new Received(snapshot, clock.instant()),
                (old, fresh) -> fresh.snapshot().at().isBefore(old.snapshot().at()) ? old : fresh);
    }

    public Uni<List<PoolAvailability>> pools(long releaseId) {
        return Uni.createFrom().completionStage(counted.get(releaseId, (id, executor) -> count(id).subscribeAsCompletionStage()))
                .map(this::withSnapshots);
    }

    /** A pool's snapshot wins over the count when it is newer and recent enough to trust. */
    private List<PoolAvailability> withSnapshots(Counted count) {
        Instant trustedSince = clock.instant().minus(config.snapshotFreshFor());
        List<PoolAvailability> pools = new ArrayList<>(count.pools().size());
        for (PoolAvailability pool : count.pools()) {
            Received received = snapshots.get(pool.poolKey() + "/" + count.releaseId());
            if (received != null && received.receivedAt().isAfter(trustedSince) && received.snapshot().at().isAfter(count.at())) {
                AvailabilitySnapshot snapshot = received.snapshot();
                pools.add(new PoolAvailability(pool.poolKey(), pool.siteCode(), pool.siteName(), pool.address(), pool.timeZone(),
                        pool.day(), snapshot.freeSlots(), pool.slotCount(), snapshot.nextFree()));
            } else {
                pools.add(pool);
            }
        }
        return pools;
    }

    private Uni<Counted> count(long releaseId) {
        Instant at = clock.instant();
        return db.preparedQuery("""
                        select s.pool_key, site.code, site.name, site.address, site.time_zone,
                               count(*) filter (where s.state = 'FREE') as free_slots, count(*) as slot_count,
                               (array_agg(s.starts_at order by s.starts_at) filter (where s.state = 'FREE'))[1:5] as next_free
                        from slot s join site on site.id = s.site_id
                        where s.release_id = $1
                        group by s.pool_key, site.code, site.name, site.address, site.time_zone
                        order by min(s.starts_at), site.code""")
                .execute(Tuple.of(releaseId))
                .map(rows -> {
                    List<PoolAvailability> pools = new ArrayList<>();
                    for (Row row : rows) {
                        OffsetDateTime[] next = row.getArrayOfOffsetDateTimes("next_free");
                        pools.add(new PoolAvailability(row.getString("pool_key"), row.getString("code"), row.getString("name"),
                                row.getString("address"), row.getString("time_zone"),
                                SlotPoolKey.parse(row.getString("pool_key")).day(), row.getLong("free_slots").intValue(),
                                row.getLong("slot_count").intValue(),
                                next == null ? List.of() : Arrays.stream(next).map(OffsetDateTime::toInstant).toList()));
                    }
                    return new Counted(releaseId, at, pools);
                });
    }
}
