package io.sluice.allocator.pool;

import io.sluice.allocator.claim.BookingCodes;
import io.sluice.allocator.claim.ClaimRepository;
import io.sluice.events.SlotPoolKey;
import io.sluice.infra.Database;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;

/**
 * Times what a new owner of a partition does for a large release: read its slots from PostgreSQL into
 * {@link SlotPool}s, through the allocator's own {@link ClaimRepository#loadPools}. A benchmark, not a
 * test: it starts its own PostgreSQL (or uses {@code SLUICE_DB_HOST}), writes one release of
 * {@code --slots} slots (a fifth of them booked) spread over {@code --pools} pools, and loads them
 * {@code --runs} times after one warm-up. Command and figures: docs/benchmarks.md.
 */
public final class PoolLoadBenchmark {

    private PoolLoadBenchmark() {
    }

    public static void main(String[] args) {
        int slots = intArg(args, "--slots", 1_000_000);
        int pools = intArg(args, "--pools", 1);
        int runs = intArg(args, "--runs", 3);
        Database database = Database.start(Path.of("slot-allocator/target/pool-load-benchmark"));
        Vertx vertx = Vertx.vertx();
        try {
            Flyway.configure().dataSource(database.jdbcUrl(), database.username(), database.password()).load().migrate();
            Pool db = PgPool.pool(vertx, new PgConnectOptions().setHost(database.host()).setPort(database.port())
                    .setDatabase(database.name()).setUser(database.username()).setPassword(database.password()),
                    new PoolOptions().setMaxSize(2));
            List<String> keys = writeRelease(db, slots, pools);
            ClaimRepository repository = new ClaimRepository(db, new BookingCodes());
            for (int run = 0; run <= runs; run++) {
                System.gc();
                long started = System.nanoTime();
                List<SlotPool> loaded = db.withTransaction(conn -> repository.loadPools(conn, keys)).await().indefinitely();
                long millis = (System.nanoTime() - started) / 1_000_000;
                int free = loaded.stream().mapToInt(pool -> pool.releases().stream().mapToInt(pool::freeCount).sum()).sum();
                System.out.printf("%s slots=%d pools=%d free=%d load_ms=%d slots_per_s=%.0f%n",
                        run == 0 ? "warm-up" : "run " + run, slots, loaded.size(), free, millis, slots / (millis / 1000.0));
            }
            db.closeAndAwait();
        } finally {
            vertx.closeAndAwait();
            database.stop();
        }
    }

    /** One open release, fifty lanes a minute per pool (a pool stands for a day here), every fifth slot booked. */
    private static List<String> writeRelease(Pool db, int slots, int pools) {
        long siteId = db.query("""
                        insert into site (code, name, address, district, time_zone)
                        values ('BENCH', 'Bench site', 'Benchstr. 1', 'Bench', 'Europe/Berlin') returning id""")
                .execute().await().indefinitely().iterator().next().getLong("id");
        long releaseId = db.query("""
                        insert into release (name, district, state, opens_at, created_by)
                        values ('Bench release', 'Bench', 'OPEN', now(), 'bench') returning id""")
                .execute().await().indefinitely().iterator().next().getLong("id");
        List<String> keys = new ArrayList<>();
        for (int p = 0; p < pools; p++) {
            keys.add(new SlotPoolKey(siteId, LocalDate.of(2026, 12, 1).plusDays(p)).value());
        }
        long started = System.nanoTime();
        db.preparedQuery("""
                        insert into slot (site_id, release_id, pool_key, starts_at, ends_at, lane, state)
                        select $1, $2, ($3::text[])[1 + i % $5],
                               '2026-12-01T07:00:00Z'::timestamptz + (i / $5 / 50) * interval '1 minute',
                               '2026-12-01T07:01:00Z'::timestamptz + (i / $5 / 50) * interval '1 minute',
                               1 + i % $5 * 50 + (i / $5) % 50,
                               case when i % 5 = 0 then 'BOOKED' else 'FREE' end
                        from generate_series(0, $4 - 1) i""")
                .execute(Tuple.of(siteId, releaseId, keys.toArray(String[]::new), slots, pools))
                .await().indefinitely();
        db.query("vacuum analyze slot").execute().await().indefinitely();
        System.out.printf("wrote %d slots in %d pools in %d ms%n", slots, pools, (System.nanoTime() - started) / 1_000_000);
        return keys;
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (String arg : args) {
            if (arg.startsWith(name + "=")) {
                return Integer.parseInt(arg.substring(name.length() + 1));
            }
        }
        return fallback;
    }
}
