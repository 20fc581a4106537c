package io.sluice.booking.calendar.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.sluice.booking.calendar.Site;
import io.sluice.booking.calendar.service.SlotBlock;
import io.sluice.events.SlotPoolKey;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDateTime;
import java.util.List;

/** Slots are many and uniform, so they are written and read with set-based SQL, not entity by entity. */
@ApplicationScoped
@WithSession
public class SlotRepository {

    /**
     * Generates the slots of one block in the site's local time; the database converts each local
     * start to an instant with the site's zone, so days with a clock change come out right.
     */
    public Uni<Integer> generate(Site site, Long releaseId, SlotBlock block) {
        LocalDateTime firstStart = block.day().atTime(block.from());
        LocalDateTime lastStart = block.day().atTime(block.to()).minusMinutes(block.slotMinutes());
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into slot (site_id, release_id, pool_key, starts_at, ends_at, lane)
                        select :site, cast(:release as bigint), :pool, t at time zone :zone,
                               (t + :minutes * interval '1 minute') at time zone :zone, lane
                        from generate_series(cast(:first as timestamp), cast(:last as timestamp),
                                             :minutes * interval '1 minute') t,
                             generate_series(1, :lanes) lane
                        """)
                .setParameter("site", site.id)
                .setParameter("release", releaseId)
                .setParameter("pool", new SlotPoolKey(site.id, block.day()).value())
                .setParameter("zone", site.timeZone)
                .setParameter("first", firstStart)
                .setParameter("last", lastStart)
                .setParameter("minutes", block.slotMinutes())
                .setParameter("lanes", block.lanes())
                .executeUpdate());
    }

    /** Whether any slot of the site already starts inside the block's hours. */
    public Uni<Boolean> overlapsExisting(Site site, SlotBlock block) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        select count(*) from slot
                        where site_id = :site
                          and starts_at >= cast(:from as timestamp) at time zone :zone
                          and starts_at < cast(:to as timestamp) at time zone :zone
                        """, Long.class)
                .setParameter("site", site.id)
                .setParameter("zone", site.timeZone)
                .setParameter("from", block.day().atTime(block.from()))
                .setParameter("to", block.day().atTime(block.to()))
                .getSingleResult())
                .map(count -> count > 0);
    }

    public Uni<List<Object[]>> freeSlots(long releaseId, int limit) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        select s.id, site.code, s.starts_at, s.ends_at, s.pool_key
                        from slot s join site on site.id = s.site_id
                        where s.release_id = :release and s.state = 'FREE'
                        order by s.starts_at, site.code, s.lane
                        limit :limit
                        """, Object[].class)
                .setParameter("release", releaseId)
                .setParameter("limit", limit)
                .getResultList());
    }

    /**
     * Gives the release the site's capacity slots of that day that no release holds yet, earliest
     * first, at most {@code count} (all when null).
     */
    public Uni<Integer> assignFromCapacity(Site site, long releaseId, SlotBlock block) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        update slot set release_id = :release
                        where id in (select id from slot
                                     where pool_key = :pool and release_id is null and state = 'FREE'
                                     order by starts_at, lane
                                     limit :count)
                        """)
                .setParameter("release", releaseId)
                .setParameter("pool", new SlotPoolKey(site.id, block.day()).value())
                .setParameter("count", block.count() == null ? Integer.MAX_VALUE : block.count())
                .executeUpdate());
    }

    /** Slot counts of releases per site, for the public calendar. */
    public Uni<List<Object[]>> countsBySite(List<Long> releaseIds) {
        if (releaseIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        select s.release_id, site.code, site.name, site.address, site.time_zone, count(*)
                        from slot s join site on site.id = s.site_id
                        where s.release_id in (:releases)
                        group by s.release_id, site.code, site.name, site.address, site.time_zone
                        order by site.code
                        """, Object[].class)
                .setParameter("releases", releaseIds)
                .getResultList());
    }

    public Uni<long[]> countSlots(long releaseId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select count(*), count(*) filter (where state = 'FREE') from slot where release_id = :release",
                        Object[].class)
                .setParameter("release", releaseId)
                .getSingleResult())
                .map(row -> new long[] {((Number) row[0]).longValue(), ((Number) row[1]).longValue()});
    }
}
