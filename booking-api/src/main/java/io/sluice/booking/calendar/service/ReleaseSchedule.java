package io.sluice.booking.calendar.service;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Opens announced releases at their time and closes releases at theirs, recorded in the audit log
 * as done by "schedule". One statement each, so several booking-api instances never double a
 * transition: only one of them finds the row still in its old state.
 */
@ApplicationScoped
public class ReleaseSchedule {

    static final String ACTOR = "schedule";
    private static final Logger LOG = Logger.getLogger(ReleaseSchedule.class);

    private final Pool db;

    public ReleaseSchedule(Pool db) {
        this.db = db;
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> apply() {
        return db.query("""
                        with opened as (
                            update release set state = 'OPEN'
                            where state = 'ANNOUNCED' and opens_at <= now()
                              and (closes_at is null or closes_at > now())
                            returning id)
                        insert into release_transition (release_id, from_state, to_state, actor)
                        select id, 'ANNOUNCED', 'OPEN', 'schedule' from opened""")
                .execute()
                .chain(() -> db.query("""
                        with closed as (
                            update release r set state = 'CLOSED'
                            from release old
                            where old.id = r.id and r.state in ('ANNOUNCED', 'OPEN', 'PAUSED', 'SOLD_OUT')
                              and r.closes_at <= now()
                            returning r.id, old.state)
                        insert into release_transition (release_id, from_state, to_state, actor)
                        select id, state, 'CLOSED', 'schedule' from closed""").execute())
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("release schedule failed, next second retries: %s", failure.toString());
                    return Uni.createFrom().voidItem();
                });
    }
}
