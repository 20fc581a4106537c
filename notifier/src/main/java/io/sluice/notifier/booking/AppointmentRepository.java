package io.sluice.notifier.booking;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads appointments, contact details included, for many booking requests in one query. */
@ApplicationScoped
public class AppointmentRepository {

    private final Pool db;

    public AppointmentRepository(Pool db) {
        this.db = db;
    }

    /** Which booking request and which of its slots: a cancelled booking no longer points at its slot. */
    public record Wanted(UUID requestId, long slotId) {
    }

    /** The appointments found, by request id; a request missing from the result has no booking to tell about. */
    public Uni<Map<UUID, Appointment>> load(List<Wanted> wanted) {
        if (wanted.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        UUID[] requests = wanted.stream().map(Wanted::requestId).toArray(UUID[]::new);
        Long[] slots = wanted.stream().map(Wanted::slotId).toArray(Long[]::new);
        return db.preparedQuery("""
                        select r.id, d.booking_code, r.display_name, r.email, r.phone, r.language,
                               site.name, site.address, site.time_zone, s.starts_at, s.ends_at
                        from unnest($1::uuid[], $2::bigint[]) as w(request_id, slot_id)
                        join booking_request r on r.id = w.request_id
                        join request_decision d on d.request_id = r.id and d.booking_code is not null
                        join slot s on s.id = w.slot_id
                        join site on site.id = s.site_id""")
                .execute(Tuple.of(requests, slots))
                .map(rows -> {
                    Map<UUID, Appointment> found = new HashMap<>();
                    for (Row row : rows) {
                        Appointment appointment = appointment(row);
                        found.put(appointment.requestId(), appointment);
                    }
                    return found;
                });
    }

    private static Appointment appointment(Row row) {
        ZoneId zone = ZoneId.of(row.getString("time_zone"));
        return new Appointment(row.getUUID("id"), row.getString("booking_code"), row.getString("display_name"),
                row.getString("email"), row.getString("phone"), row.getString("language"), row.getString("name"),
                row.getString("address"), zone,
                row.getOffsetDateTime("starts_at").atZoneSameInstant(zone),
                row.getOffsetDateTime("ends_at").atZoneSameInstant(zone));
    }
}
