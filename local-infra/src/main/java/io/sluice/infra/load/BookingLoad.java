package io.sluice.infra.load;

import io.sluice.events.BookingRequested;
import io.sluice.events.RequestKind;
import io.sluice.events.Topics;
import io.sluice.events.serde.JsonEventSerializer;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A release and a crowd of accepted booking requests, written straight to PostgreSQL and Kafka as
 * booking-api would have written them. Used by the allocator benchmark and the fault tests, which
 * must measure or break the allocator without booking-api in front of it.
 */
public final class BookingLoad {

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String bootstrapServers;
    // Requests this load put on the topic; the topic holds no others when the load is the only producer.
    private final AtomicLong published = new AtomicLong();

    public BookingLoad(String jdbcUrl, String user, String password, String bootstrapServers) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.bootstrapServers = bootstrapServers;
    }

    /** An open release over {@code sites} new sites, each one pool of {@code slotsPerSite} slots. */
    public record Release(long id, List<String> poolKeys, int slots) {
    }

    public Release openRelease(int sites, int slotsPerSite) throws SQLException {
        try (Connection db = connect()) {
            db.setAutoCommit(false);
            long releaseId = single(db, "insert into release (name, district, state, opens_at, created_by) "
                    + "values ('Load', 'Load', 'OPEN', now() - interval '1 minute', 'load') returning id");
            LocalDate day = LocalDate.now().plusDays(2);
            List<String> pools = new ArrayList<>();
            for (int i = 0; i < sites; i++) {
                String code = "L-" + UUID.randomUUID().toString().substring(0, 8);
                long siteId = single(db, "insert into site (code, name, address, district, time_zone) values ('" + code
                        + "', 'Load site', 'Loadstr. 1', 'Load', 'Europe/Berlin') returning id");
                String pool = siteId + "@" + day;
                pools.add(pool);
                try (PreparedStatement slots = db.prepareStatement("""
                        insert into slot (site_id, release_id, pool_key, starts_at, ends_at, lane)
                        select ?, ?, ?, ?::date + interval '6 hours' + (n / 50) * interval '1 minute',
                               ?::date + interval '6 hours' + (n / 50 + 1) * interval '1 minute', n % 50 + 1
                        from generate_series(0, ? - 1) n""")) {
                    slots.setLong(1, siteId);
                    slots.setLong(2, releaseId);
                    slots.setString(3, pool);
                    slots.setString(4, day.toString());
                    slots.setString(5, day.toString());
                    slots.setInt(6, slotsPerSite);
                    slots.executeUpdate();
                }
            }
            db.commit();
            return new Release(releaseId, pools, sites * slotsPerSite);
        }
    }

    /** {@code count} accepted requests for the earliest slot, spread evenly over the release's pools. */
    public List<BookingRequested> acceptRequests(Release release, int count) throws SQLException {
        List<BookingRequested> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            requests.add(new BookingRequested(UUID.randomUUID(), release.id(), release.poolKeys().get(i % release.poolKeys().size()),
                    RequestKind.EARLIEST_IN_POOL, null, UUID.randomUUID().toString(), Instant.now()));
        }
        accept(release, requests);
        return requests;
    }

    /**
     * {@code count} accepted requests for the earliest slot in the first of {@code pools}, each passed on to
     * the next pool of the list by the allocator when a pool has none left.
     */
    public List<BookingRequested> acceptRequests(Release release, int count, List<String> pools) throws SQLException {
        List<String> alternatives = pools.size() > 1 ? List.copyOf(pools.subList(1, pools.size())) : null;
        List<BookingRequested> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            requests.add(new BookingRequested(UUID.randomUUID(), release.id(), pools.get(0), RequestKind.EARLIEST_IN_POOL,
                    null, UUID.randomUUID().toString(), Instant.now(), alternatives));
        }
        accept(release, requests);
        return requests;
    }

    private void accept(Release release, List<BookingRequested> requests) throws SQLException {
        int count = requests.size();
        try (Connection db = connect()) {
            db.setAutoCommit(false);
            for (int from = 0; from < count; from += 10_000) {
                List<BookingRequested> chunk = requests.subList(from, Math.min(count, from + 10_000));
                Array ids = db.createArrayOf("uuid", chunk.stream().map(BookingRequested::requestId).toArray());
                Array persons = db.createArrayOf("text", chunk.stream().map(BookingRequested::personKey).toArray());
                Array pools = db.createArrayOf("text", chunk.stream().map(BookingRequested::poolKey).toArray());
                try (PreparedStatement people = db.prepareStatement("""
                        insert into person_release (release_id, person_key, request_id)
                        select ?, p, id from unnest(?::text[], ?::uuid[]) as t(p, id)""");
                     PreparedStatement accepted = db.prepareStatement("""
                        insert into booking_request (id, release_id, pool_key, kind, person_key, display_name, email, language)
                        select id, ?, k, 'EARLIEST_IN_POOL', p, 'Load Person', 'load@example.org', 'en'
                        from unnest(?::uuid[], ?::text[], ?::text[]) as t(id, k, p)""")) {
                    people.setLong(1, release.id());
                    people.setArray(2, persons);
                    people.setArray(3, ids);
                    people.executeUpdate();
                    accepted.setLong(1, release.id());
                    accepted.setArray(2, ids);
                    accepted.setArray(3, pools);
                    accepted.setArray(4, persons);
                    accepted.executeUpdate();
                }
            }
            db.commit();
        }
    }

    /** Sends the requests keyed by pool, as booking-api does, and waits until the broker has them all. */
    public void publish(List<BookingRequested> requests) {
        try (Publisher publisher = publisher()) {
            publisher.send(requests);
        }
    }

    /**
     * A producer held open across many sends, as booking-api holds one. A paced run sends a tick every 10 ms;
     * a producer per tick (a connection, a metadata fetch and a flush each time) made the sender fall behind
     * its schedule and send in bursts.
     */
    public Publisher publisher() {
        return new Publisher();
    }

    /** Sends keyed by pool; closing it waits until the broker has everything sent. */
    public final class Publisher implements AutoCloseable {

        private final KafkaProducer<String, BookingRequested> producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                new StringSerializer(), new JsonEventSerializer<BookingRequested>());

        private Publisher() {
        }

        /** Hands the requests to the producer, which sends them within its linger time (5 ms). */
        public void send(List<BookingRequested> requests) {
            for (BookingRequested request : requests) {
                producer.send(new ProducerRecord<>(Topics.BOOKING_REQUESTS, request.poolKey(), request));
            }
            published.addAndGet(requests.size());
        }

        @Override
        public void close() {
            producer.flush();
            producer.close();
        }
    }

    public long decided(Release release) throws SQLException {
        return count(decidedCount(release));
    }

    private static String decidedCount(Release release) {
        return "select count(*) from booking_request r join request_decision d on d.request_id = r.id where r.release_id = " + release.id();
    }

    /**
     * Waits until {@code expected} requests of the release are decided; false on time-out. Each look first
     * reads the offsets the allocator commits with its decisions (a few rows) and counts the release's
     * requests only once those cover every request this load published: a count every second (50–120 ms
     * of the database's time at 100,000) competed with the allocator being measured. Rates come from the
     * recorded decision times, not from these looks.
     */
    public boolean awaitDecided(Release release, long expected, Duration timeout) throws SQLException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        String consumed = "select coalesce(sum(next_offset), 0) from consumer_offset where topic = '" + Topics.BOOKING_REQUESTS + "'";
        String decided = decidedCount(release);
        try (Connection db = connect()) {
            while (Instant.now().isBefore(deadline)) {
                if (single(db, consumed) >= published.get() && single(db, decided) >= expected) {
                    return true;
                }
                Thread.sleep(250);
            }
        }
        return false;
    }

    /** The figures the invariants are about, straight from the database. */
    public record Outcome(long bookings, long distinctSlots, long distinctPersons, long confirmed, long rejected,
            long undecided, Duration decisionSpan) {
    }

    public Outcome outcome(Release release) throws SQLException {
        long id = release.id();
        String requests = " from booking_request r left join request_decision d on d.request_id = r.id where r.release_id = " + id;
        return new Outcome(
                count("select count(*) from booking where release_id = " + id),
                count("select count(distinct slot_id) from booking where release_id = " + id),
                count("select count(distinct person_key) from booking where release_id = " + id),
                count("select count(*)" + requests + " and d.outcome = 'CONFIRMED'"),
                count("select count(*)" + requests + " and d.outcome = 'REJECTED'"),
                count("select count(*)" + requests + " and d.request_id is null"),
                Duration.ofMillis(count("select coalesce(extract(epoch from max(d.decided_at) - min(d.decided_at)) * 1000, 0)::bigint"
                        + requests)));
    }

    public long count(String sql) throws SQLException {
        try (Connection db = connect()) {
            return single(db, sql);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    private static long single(Connection db, String sql) throws SQLException {
        try (Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
