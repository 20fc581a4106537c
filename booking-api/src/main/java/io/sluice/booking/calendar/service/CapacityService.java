package io.sluice.booking.calendar.service;

import io.sluice.events.SlotPoolKey;
import io.sluice.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A site's capacity (opening hours, slot length, lanes) and the slots generated from it. Slots are
 * set-based and uniform, so this service speaks SQL through the reactive client, one transaction
 * per call.
 */
@ApplicationScoped
public class CapacityService {

    static final int MAX_DAYS = 92;

    private final Pool db;

    public CapacityService(Pool db) {
        this.db = db;
    }

    private record SiteRef(long id, ZoneId zone) {
    }

    public Uni<List<CapacityRule>> rules(String siteCode) {
        return db.withTransaction(conn -> site(conn, siteCode).chain(site -> loadRules(conn, site)));
    }

    public Uni<List<CapacityRule>> replaceRules(String siteCode, CapacityRequest request) {
        List<CapacityRule> rules = request.rules();
        for (int i = 0; i < rules.size(); i++) {
            CapacityRule rule = rules.get(i);
            String at = "rules[" + i + "]";
            if ((rule.weekday() == null) == (rule.date() == null)) {
                throw ProblemException.invalid(at + ".weekday", "give either a weekday or a date");
            }
            if (!rule.opens().isBefore(rule.closes()) || rule.opens().plusMinutes(rule.slotMinutes()).isAfter(rule.closes())
                    || rule.opens().plusMinutes(rule.slotMinutes()).isBefore(rule.opens())) {
                throw ProblemException.invalid(at + ".closes", "opens..closes must hold at least one slot of slotMinutes");
            }
        }
        return db.withTransaction(conn -> site(conn, siteCode).chain(site -> conn
                .preparedQuery("delete from site_capacity where site_id = $1").execute(Tuple.of(site.id()))
                .chain(() -> rules.isEmpty() ? Uni.createFrom().voidItem() : conn.preparedQuery("""
                                insert into site_capacity (site_id, weekday, on_date, opens, closes, slot_minutes, lanes)
                                select $1, w, d, o, c, m, l
                                from unnest($2::smallint[], $3::date[], $4::time[], $5::time[], $6::int[], $7::int[])
                                     as t(w, d, o, c, m, l)""")
                        .execute(Tuple.from(new Object[] {site.id(),
                                rules.stream().map(r -> r.weekday() == null ? null : r.weekday().shortValue()).toArray(Short[]::new),
                                rules.stream().map(CapacityRule::date).toArray(LocalDate[]::new),
                                rules.stream().map(CapacityRule::opens).toArray(LocalTime[]::new),
                                rules.stream().map(CapacityRule::closes).toArray(LocalTime[]::new),
                                rules.stream().map(CapacityRule::slotMinutes).toArray(Integer[]::new),
                                rules.stream().map(CapacityRule::lanes).toArray(Integer[]::new)}))
                        .replaceWithVoid())
                .chain(() -> loadRules(conn, site))));
    }

    /** Makes the site's slots on these days match its capacity; booked or released slots stay. */
    public Uni<SlotChangeReport> generate(String siteCode, SlotRange range) {
        if (range.to().isBefore(range.from())) {
            throw ProblemException.invalid("to", "must not be before from");
        }
        if (ChronoUnit.DAYS.between(range.from(), range.to()) >= MAX_DAYS) {
            throw ProblemException.invalid("to", "a range holds at most " + MAX_DAYS + " days");
        }
        return db.withTransaction(conn -> site(conn, siteCode).chain(site -> loadRules(conn, site).chain(rules -> {
            Map<SlotKey, LocalDate> wanted = wantedSlots(site, rules, range);
            OffsetDateTime from = range.from().atStartOfDay(site.zone()).toOffsetDateTime();
            OffsetDateTime until = range.to().plusDays(1).atStartOfDay(site.zone()).toOffsetDateTime();
            return conn.preparedQuery("""
                            select id, starts_at, ends_at, lane, state, release_id from slot
                            where site_id = $1 and starts_at >= $2 and starts_at < $3
                            for update""")
                    .execute(Tuple.of(site.id(), from, until))
                    .chain(existing -> reconcile(conn, site, wanted, existing));
        })));
    }

    private record SlotKey(OffsetDateTime startsAt, OffsetDateTime endsAt, int lane) {
    }

    private Uni<SlotChangeReport> reconcile(SqlConnection conn, SiteRef site, Map<SlotKey, LocalDate> wanted,
            Iterable<Row> existing) {
        Map<SlotKey, LocalDate> missing = new HashMap<>(wanted);
        List<Long> surplus = new ArrayList<>();
        List<SlotChangeReport.KeptSlot> kept = new ArrayList<>();
        int unchanged = 0;
        for (Row row : existing) {
            SlotKey key = new SlotKey(utc(row.getOffsetDateTime("starts_at")), utc(row.getOffsetDateTime("ends_at")),
                    row.getInteger("lane"));
            if (missing.remove(key) != null) {
                unchanged++;
            } else if (!"FREE".equals(row.getString("state"))) {
                kept.add(new SlotChangeReport.KeptSlot(row.getLong("id"), key.startsAt().toInstant(), key.lane(),
                        row.getString("state").toLowerCase()));
            } else if (row.getLong("release_id") != null) {
                kept.add(new SlotChangeReport.KeptSlot(row.getLong("id"), key.startsAt().toInstant(), key.lane(),
                        "held by release " + row.getLong("release_id")));
            } else {
                surplus.add(row.getLong("id"));
            }
        }
        int unchangedCount = unchanged;
        List<Map.Entry<SlotKey, LocalDate>> toCreate = new ArrayList<>(missing.entrySet());
        Uni<Integer> removed = surplus.isEmpty() ? Uni.createFrom().item(0)
                : conn.preparedQuery("delete from slot where id = any($1)").execute(Tuple.of(surplus.toArray(Long[]::new)))
                        .map(rows -> rows.rowCount());
        return removed.chain(removedCount -> insert(conn, site, toCreate)
                .map(created -> new SlotChangeReport(created, removedCount, unchangedCount, kept)));
    }

    private Uni<Integer> insert(SqlConnection conn, SiteRef site, List<Map.Entry<SlotKey, LocalDate>> slots) {
        if (slots.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        // A kept slot may still occupy a wanted start on its lane; that one is simply not created.
        return conn.preparedQuery("""
                        insert into slot (site_id, pool_key, starts_at, ends_at, lane)
                        select $1, p, s, e, l from unnest($2::text[], $3::timestamptz[], $4::timestamptz[], $5::int[]) as t(p, s, e, l)
                        on conflict do nothing""")
                .execute(Tuple.of(site.id(),
                        slots.stream().map(e -> new SlotPoolKey(site.id(), e.getValue()).value()).toArray(String[]::new),
                        slots.stream().map(e -> e.getKey().startsAt()).toArray(OffsetDateTime[]::new),
                        slots.stream().map(e -> e.getKey().endsAt()).toArray(OffsetDateTime[]::new),
                        slots.stream().map(e -> e.getKey().lane()).toArray(Integer[]::new)))
                .map(rows -> rows.rowCount());
    }

    /** Every slot the rules ask for on the range's days, with the local day that names its pool. */
    private static Map<SlotKey, LocalDate> wantedSlots(SiteRef site, List<CapacityRule> rules, SlotRange range) {
        Map<SlotKey, LocalDate> wanted = new HashMap<>();
        for (LocalDate day = range.from(); !day.isAfter(range.to()); day = day.plusDays(1)) {
            LocalDate date = day;
            List<CapacityRule> exceptions = rules.stream().filter(r -> date.equals(r.date())).toList();
            List<CapacityRule> today = !exceptions.isEmpty() ? exceptions : rules.stream()
                    .filter(r -> r.weekday() != null && r.weekday() == date.getDayOfWeek().getValue())
                    .toList();
            for (CapacityRule rule : today) {
                for (LocalTime start = rule.opens(); !start.plusMinutes(rule.slotMinutes()).isAfter(rule.closes())
                        && !start.plusMinutes(rule.slotMinutes()).isBefore(start); start = start.plusMinutes(rule.slotMinutes())) {
                    OffsetDateTime startsAt = utc(day.atTime(start).atZone(site.zone()).toOffsetDateTime());
                    OffsetDateTime endsAt = utc(day.atTime(start.plusMinutes(rule.slotMinutes())).atZone(site.zone()).toOffsetDateTime());
                    for (int lane = 1; lane <= rule.lanes(); lane++) {
                        wanted.put(new SlotKey(startsAt, endsAt, lane), day);
                    }
                }
            }
        }
        return wanted;
    }

    private static OffsetDateTime utc(OffsetDateTime time) {
        return time.withOffsetSameInstant(ZoneOffset.UTC);
    }

    private Uni<SiteRef> site(SqlConnection conn, String code) {
        return conn.preparedQuery("select id, time_zone from site where code = $1").execute(Tuple.of(code)).map(rows -> {
            if (rows.size() == 0) {
                throw ProblemException.notFound("site " + code);
            }
            Row row = rows.iterator().next();
            return new SiteRef(row.getLong("id"), ZoneId.of(row.getString("time_zone")));
        });
    }

    private Uni<List<CapacityRule>> loadRules(SqlConnection conn, SiteRef site) {
        return conn.preparedQuery("""
                        select weekday, on_date, opens, closes, slot_minutes, lanes from site_capacity
                        where site_id = $1 order by on_date nulls first, weekday, opens""")
                .execute(Tuple.of(site.id()))
                .map(rows -> {
                    List<CapacityRule> rules = new ArrayList<>();
                    for (Row row : rows) {
                        Short weekday = row.getShort("weekday");
                        rules.add(new CapacityRule(weekday == null ? null : weekday.intValue(), row.getLocalDate("on_date"),
                                row.getLocalTime("opens"), row.getLocalTime("closes"), row.getInteger("slot_minutes"),
                                row.getInteger("lanes")));
                    }
                    return rules;
                });
    }
}
