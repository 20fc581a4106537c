package io.sluice.booking.dashboard.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the attendance record of one release is made of; read on request, never on the live path. */
@ApplicationScoped
public class AttendanceRepository {

    public record Join(boolean lottery, long number, Instant joinedAt) {
    }

    public record Step(long serving, Instant at) {
    }

    /** A booking request sent with an admission: no name, no address. */
    public record Request(long position, Instant acceptedAt, String outcome, String reason, String bookingCode,
            Instant decidedAt) {
    }

    private final Pool db;

    public AttendanceRepository(Pool db) {
        this.db = db;
    }

    public Uni<List<Join>> joins(long releaseId) {
        return db.preparedQuery("select lottery, number, joined_at from waiting_room_join where release_id = $1 order by joined_at, number")
                .execute(Tuple.of(releaseId))
                .map(rows -> {
                    List<Join> joins = new ArrayList<>();
                    for (Row row : rows) {
                        joins.add(new Join(row.getBoolean("lottery"), row.getLong("number"), instant(row, "joined_at")));
                    }
                    return joins;
                });
    }

    public Uni<List<Step>> steps(long releaseId) {
        return db.preparedQuery("select serving, at from admission_step where release_id = $1 order by id")
                .execute(Tuple.of(releaseId))
                .map(rows -> {
                    List<Step> steps = new ArrayList<>();
                    for (Row row : rows) {
                        steps.add(new Step(row.getLong("serving"), instant(row, "at")));
                    }
                    return steps;
                });
    }

    /** The requests of the release by admission position. */
    public Uni<Map<Long, Request>> requests(long releaseId) {
        return db.preparedQuery("""
                        select r.admission_position, r.accepted_at, d.outcome, d.reason, d.booking_code, d.decided_at
                        from booking_request r left join request_decision d on d.request_id = r.id
                        where r.release_id = $1 and r.admission_position is not null""")
                .execute(Tuple.of(releaseId))
                .map(rows -> {
                    Map<Long, Request> requests = new HashMap<>();
                    for (Row row : rows) {
                        long position = row.getLong("admission_position");
                        requests.put(position, new Request(position, instant(row, "accepted_at"), row.getString("outcome"),
                                row.getString("reason"), row.getString("booking_code"), instant(row, "decided_at")));
                    }
                    return requests;
                });
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
