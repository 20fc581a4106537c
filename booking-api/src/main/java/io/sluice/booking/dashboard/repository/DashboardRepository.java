package io.sluice.booking.dashboard.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The releases a dashboard lists: read by each instance every few seconds, never per viewer. */
@ApplicationScoped
public class DashboardRepository {

    /** A release worth showing: announced, running, or closed within the last hour. */
    public record ReleaseRow(long id, String name, String state, Instant opensAt) {
    }

    private final Pool db;

    public DashboardRepository(Pool db) {
        this.db = db;
    }

    public Uni<List<ReleaseRow>> releases() {
        return db.query("""
                        select id, name, state, opens_at from release
                        where state in ('ANNOUNCED', 'OPEN', 'PAUSED', 'SOLD_OUT')
                           or (state = 'CLOSED' and coalesce(closes_at, now()) > now() - interval '1 hour')
                        order by opens_at, id limit 100""")
                .execute()
                .map(rows -> {
                    List<ReleaseRow> releases = new ArrayList<>();
                    for (Row row : rows) {
                        var opensAt = row.getOffsetDateTime("opens_at");
                        releases.add(new ReleaseRow(row.getLong("id"), row.getString("name"), row.getString("state"),
                                opensAt == null ? null : opensAt.toInstant()));
                    }
                    return releases;
                });
    }
}
