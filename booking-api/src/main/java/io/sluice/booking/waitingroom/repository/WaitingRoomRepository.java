package io.sluice.booking.waitingroom.repository;

import io.sluice.booking.calendar.ReleaseState;
import io.sluice.booking.waitingroom.WaitingRoomConfig;
import io.sluice.booking.waitingroom.service.RoomPicture;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** The waiting room's few rows: one per release, its admission steps, the leader lease, spent challenges. */
@ApplicationScoped
public class WaitingRoomRepository {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Pool db;
    private final WaitingRoomConfig config;

    public WaitingRoomRepository(Pool db, WaitingRoomConfig config) {
        this.db = db;
        this.config = config;
    }

    public Pool pool() {
        return db;
    }

    /** The release's state, or empty when there is no such release. */
    public Uni<Optional<String>> releaseState(long releaseId) {
        return db.preparedQuery("select state from release where id = $1").execute(Tuple.of(releaseId))
                .map(rows -> {
                    for (Row row : rows) {
                        return Optional.of(row.getString("state"));
                    }
                    return Optional.empty();
                });
    }

    /** The counters after one join: a lottery number while the pre-queue is unsealed, else a position. */
    public record JoinResult(boolean sealed, long lotteryDrawn, long fifoJoined) {

        public long number() {
            return sealed ? lotteryDrawn + fifoJoined : lotteryDrawn;
        }
    }

    public record Step(long id, long releaseId, long serving, Instant at) {
    }

    /** What the admission controller needs to decide one release's next serving position. */
    public record Figures(long releaseId, ReleaseState state, Instant opensAt, Instant closesAt, Instant now,
            boolean sealed, long serving, Instant advancedAt, long joined, Integer maxAdmissionRate, long ttlSeconds,
            boolean soldOut, long freeSlots, long slotCount, long inFlight, Instant oldestUndecided,
            long servingTtlAgo, long usedLive) {
    }

    public record Place(boolean lottery, long number) {
    }

    /** Creates the release's waiting room with a fresh secret seed, unless it exists. */
    public Uni<Void> ensureRoom(long releaseId) {
        byte[] seed = new byte[32];
        RANDOM.nextBytes(seed);
        return db.preparedQuery("""
                        insert into waiting_room (release_id, shuffle_seed, seed_commitment, sealed_at)
                        select r.id, decode($2, 'hex'), $3, case when r.opens_at <= now() then now() end
                        from release r where r.id = $1 and r.state in ('ANNOUNCED', 'OPEN', 'PAUSED', 'SOLD_OUT')
                        on conflict (release_id) do nothing""")
                .execute(Tuple.of(releaseId, HexFormat.of().formatHex(seed), sha256(seed)))
                .replaceWithVoid();
    }

    /**
     * Takes the next number and spends the challenge nonce in one statement. The row lock orders joins
     * and the seal: a join before the seal draws a lottery number, one after it gets the next position.
     * Empty when the nonce was spent before.
     */
    public Uni<Optional<JoinResult>> join(SqlClient client, long releaseId, String nonce, Instant nonceExpiresAt) {
        return client.preparedQuery("""
                        with spent as (
                            insert into waiting_room_challenge (nonce, expires_at) values ($2, $3)
                            on conflict do nothing returning nonce),
                        joined as (
                            update waiting_room w set
                                sealed_at = coalesce(w.sealed_at, case when r.opens_at <= now() then now() end),
                                lottery_drawn = w.lottery_drawn + case when w.sealed_at is null and r.opens_at > now() then 1 else 0 end,
                                fifo_joined = w.fifo_joined + case when w.sealed_at is null and r.opens_at > now() then 0 else 1 end
                            from release r
                            where w.release_id = $1 and r.id = w.release_id and exists (select 1 from spent)
                            returning w.sealed_at is not null as sealed, w.lottery_drawn, w.fifo_joined),
                        -- The attendance record: when this ticket number was handed out.
                        recorded as (
                            insert into waiting_room_join (release_id, lottery, number)
                            select $1, not sealed, case when sealed then lottery_drawn + fifo_joined else lottery_drawn end
                            from joined)
                        select sealed, lottery_drawn, fifo_joined from joined""")
                .execute(Tuple.of(releaseId, nonce, utc(nonceExpiresAt)))
                .map(rows -> {
                    for (Row row : rows) {
                        return Optional.of(new JoinResult(row.getBoolean("sealed"), row.getLong("lottery_drawn"),
                                row.getLong("fifo_joined")));
                    }
                    return Optional.empty();
                });
    }

    /** The place an invitation code already holds in the release's queue. */
    public Uni<Optional<Place>> heldPlace(SqlClient client, long releaseId, String codeHash) {
        return client.preparedQuery("select lottery, number from waiting_room_invitation where release_id = $1 and code_hash = $2")
                .execute(Tuple.of(releaseId, codeHash))
                .map(rows -> {
                    for (Row row : rows) {
                        return Optional.of(new Place(row.getBoolean("lottery"), row.getLong("number")));
                    }
                    return Optional.empty();
                });
    }

    /** Whether the code is one of the release's, and whether a booking request already used it. */
    public Uni<Optional<Boolean>> invitationUsed(SqlClient client, long releaseId, String codeHash) {
        return client.preparedQuery("select request_id is not null as used from invitation where release_id = $1 and code_hash = $2")
                .execute(Tuple.of(releaseId, codeHash))
                .map(rows -> {
                    for (Row row : rows) {
                        return Optional.of(row.getBoolean("used"));
                    }
                    return Optional.empty();
                });
    }

    /** Binds the place to the code; false when a concurrent join bound another place first. */
    public Uni<Boolean> holdPlace(SqlClient client, long releaseId, String codeHash, Place place) {
        return client.preparedQuery("""
                        insert into waiting_room_invitation (release_id, code_hash, lottery, number) values ($1, $2, $3, $4)
                        on conflict do nothing""")
                .execute(Tuple.of(releaseId, codeHash, place.lottery(), place.number()))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Every waiting room whose release is live or closed less than a day ago. */
    public Uni<List<RoomPicture>> rooms() {
        return db.query(ROOMS + " where " + LIVE)
                .execute()
                .map(rows -> {
                    List<RoomPicture> rooms = new ArrayList<>();
                    rows.forEach(row -> rooms.add(picture(row)));
                    return rooms;
                });
    }

    public Uni<Optional<RoomPicture>> room(long releaseId) {
        return db.preparedQuery(ROOMS + " where w.release_id = $1").execute(Tuple.of(releaseId))
                .map(rows -> {
                    for (Row row : rows) {
                        return Optional.of(picture(row));
                    }
                    return Optional.empty();
                });
    }

    /** Admission steps of live rooms after the given id, oldest first. */
    public Uni<List<Step>> stepsAfter(long afterId) {
        return db.preparedQuery("""
                        select a.id, a.release_id, a.serving, a.at from admission_step a
                        where a.id > $1 and a.release_id in (select w.release_id from waiting_room w join release r on r.id = w.release_id
                                                             where """ + LIVE + """
                        )
                        order by a.id limit 10000""")
                .execute(Tuple.of(afterId))
                .map(rows -> {
                    List<Step> steps = new ArrayList<>();
                    rows.forEach(row -> steps.add(new Step(row.getLong("id"), row.getLong("release_id"), row.getLong("serving"),
                            row.getOffsetDateTime("at").toInstant())));
                    return steps;
                });
    }

    /** Takes or renews the lease of the admitting instance; true when this instance holds it. */
    public Uni<Boolean> lead(String instance, Duration lease) {
        return db.preparedQuery("""
                        insert into waiting_room_leader (singleton, instance, lease_until)
                        values (true, $1, now() + $2 * interval '1 millisecond')
                        on conflict (singleton) do update set instance = excluded.instance, lease_until = excluded.lease_until
                        where waiting_room_leader.instance = excluded.instance or waiting_room_leader.lease_until < now()
                        returning instance""")
                .execute(Tuple.of(instance, lease.toMillis()))
                .map(rows -> rows.size() == 1);
    }

    /** Seals every pre-queue whose release has reached its opening time. */
    public Uni<Integer> sealDue() {
        return db.query("""
                        update waiting_room w set sealed_at = now() from release r
                        where r.id = w.release_id and w.sealed_at is null and r.opens_at <= now()""")
                .execute()
                .map(rows -> rows.rowCount());
    }

    /** The figures of every waiting room whose release may still admit, counted in one consistent snapshot. */
    public Uni<List<Figures>> figures() {
        return db.preparedQuery("""
                        select w.release_id, r.state, r.opens_at, r.closes_at, now() as now, w.sealed_at is not null as sealed,
                               w.serving, w.advanced_at, w.lottery_drawn + w.fifo_joined as joined, w.max_admission_rate,
                               coalesce(w.admission_ttl_seconds, $1) as ttl_seconds, w.sold_out_at is not null as sold_out,
                               f.free_slots, f.slot_count, b.in_flight, b.oldest_undecided, live.serving_ttl_ago, u.used_live
                        from waiting_room w
                        join release r on r.id = w.release_id
                        cross join lateral (select count(*) filter (where s.state = 'FREE') as free_slots, count(*) as slot_count
                                            from slot s where s.release_id = w.release_id) f
                        cross join lateral (select count(*) as in_flight, min(q.accepted_at) as oldest_undecided
                                            from booking_request q where q.release_id = w.release_id
                                              and not exists (select 1 from request_decision d where d.request_id = q.id)) b
                        cross join lateral (select coalesce((select a.serving from admission_step a
                                                             where a.release_id = w.release_id
                                                               and a.at <= now() - coalesce(w.admission_ttl_seconds, $1) * interval '1 second'
                                                             order by a.at desc, a.serving desc limit 1), 0) as serving_ttl_ago) live
                        cross join lateral (select count(*) as used_live from booking_request q
                                            where q.release_id = w.release_id and q.admission_position > live.serving_ttl_ago) u
                        where r.state in ('ANNOUNCED', 'OPEN', 'PAUSED', 'SOLD_OUT')""")
                .execute(Tuple.of((int) config.admissionTtl().toSeconds()))
                .map(rows -> {
                    List<Figures> figures = new ArrayList<>();
                    rows.forEach(row -> figures.add(new Figures(row.getLong("release_id"),
                            ReleaseState.valueOf(row.getString("state")), instant(row, "opens_at"), instant(row, "closes_at"),
                            instant(row, "now"), row.getBoolean("sealed"), row.getLong("serving"), instant(row, "advanced_at"),
                            row.getLong("joined"), row.getInteger("max_admission_rate"), row.getLong("ttl_seconds"),
                            row.getBoolean("sold_out"), row.getLong("free_slots"), row.getLong("slot_count"),
                            row.getLong("in_flight"), instant(row, "oldest_undecided"), row.getLong("serving_ttl_ago"),
                            row.getLong("used_live"))));
                    return figures;
                });
    }

    /** What the controller decided for one release; the step is recorded only when serving moved. */
    public record Decision(long releaseId, long fromServing, long toServing, long freeSlots, long slotCount, long inFlight,
            long claims, String heldBy, boolean soldOut) {
    }

    /** Stores a decision unless another instance moved serving meanwhile; true when stored. */
    public Uni<Boolean> record(Decision decision) {
        List<Object> args = new ArrayList<>(List.of(decision.releaseId(), decision.fromServing(), clamp(decision.freeSlots()),
                clamp(decision.slotCount()), clamp(decision.inFlight()), clamp(decision.claims()), decision.soldOut()));
        args.add(decision.heldBy());
        String set = """
                free_slots = $3, slot_count = $4, in_flight = $5, claims = $6, stats_at = now(),
                sold_out_at = case when $7 then coalesce(sold_out_at, now()) end, held_by = $8""";
        if (decision.toServing() <= decision.fromServing()) {
            return db.preparedQuery("update waiting_room set " + set + " where release_id = $1 and serving = $2")
                    .execute(Tuple.from(args)).map(rows -> rows.rowCount() == 1);
        }
        args.add(decision.toServing());
        return db.preparedQuery("with moved as (update waiting_room set serving = $9, advanced_at = now(), " + set + """

                            where release_id = $1 and serving = $2
                            returning release_id, serving, advanced_at)
                        insert into admission_step (release_id, serving, at) select release_id, serving, advanced_at from moved""")
                .execute(Tuple.from(args)).map(rows -> rows.rowCount() == 1);
    }

    public Uni<Integer> deleteSpentChallenges() {
        return db.query("delete from waiting_room_challenge where expires_at < now()").execute().map(rows -> rows.rowCount());
    }

    /** Operator settings of the release's waiting room; null keeps the configured default. */
    public Uni<Boolean> updateSettings(long releaseId, Integer powDifficulty, Integer maxAdmissionRate, Integer admissionTtlSeconds) {
        return ensureRoom(releaseId).chain(() -> db.preparedQuery("""
                        update waiting_room set pow_difficulty = $2, max_admission_rate = $3, admission_ttl_seconds = $4
                        where release_id = $1""")
                .execute(Tuple.of(releaseId, powDifficulty, maxAdmissionRate, admissionTtlSeconds))
                .map(rows -> rows.rowCount() == 1));
    }

    /** Rooms worth keeping in memory: the release is not closed, or closed less than a day ago. */
    private static final String LIVE = "(r.state <> 'CLOSED' or coalesce(r.closes_at, now()) > now() - interval '1 day')";

    private static final String ROOMS = """
            select w.release_id, r.state, r.opens_at, r.closes_at, r.prequeue_minutes, r.expected_demand, r.invitation_only,
                   w.seed_commitment, case when w.sealed_at is not null then encode(w.shuffle_seed, 'hex') end as seed,
                   w.sealed_at, w.lottery_drawn, w.fifo_joined, w.serving, w.free_slots, w.slot_count, w.in_flight, w.claims,
                   w.held_by, w.sold_out_at, w.pow_difficulty, w.max_admission_rate, w.admission_ttl_seconds
            from waiting_room w join release r on r.id = w.release_id""";

    private RoomPicture picture(Row row) {
        String seed = row.getString("seed");
        Integer pow = row.getInteger("pow_difficulty");
        Integer rate = row.getInteger("max_admission_rate");
        Integer ttl = row.getInteger("admission_ttl_seconds");
        return new RoomPicture(row.getLong("release_id"), ReleaseState.valueOf(row.getString("state")),
                instant(row, "opens_at"), instant(row, "closes_at"), row.getInteger("prequeue_minutes"),
                row.getInteger("expected_demand"), row.getBoolean("invitation_only"), row.getString("seed_commitment"),
                seed == null ? null : HexFormat.of().parseHex(seed), instant(row, "sealed_at"), row.getLong("lottery_drawn"),
                row.getLong("fifo_joined"), row.getLong("serving"), row.getInteger("free_slots"), row.getInteger("slot_count"),
                row.getInteger("in_flight"), row.getInteger("claims"), row.getString("held_by"), instant(row, "sold_out_at"),
                pow == null ? config.powDifficulty() : pow, rate == null ? config.maxAdmissionRate() : rate,
                ttl == null ? config.admissionTtl() : Duration.ofSeconds(ttl));
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static int clamp(long value) {
        return (int) Math.min(Integer.MAX_VALUE, value);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
