package io.sluice.booking.calendar.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.sluice.booking.calendar.Release;
import io.sluice.booking.calendar.ReleaseState;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
@WithSession
public class ReleaseRepository implements PanacheRepositoryBase<Release, Long> {

    public Uni<List<Object[]>> transitions(long releaseId) {
        return getSession().chain(session -> session.createNativeQuery(
                        "select from_state, to_state, actor, at from release_transition where release_id = :release order by at, id",
                        Object[].class)
                .setParameter("release", releaseId)
                .getResultList());
    }

    /** Every state change is recorded with who made it: staff read this as the release's audit log. */
    public Uni<Void> recordTransition(Release release, ReleaseState from, String actor) {
        return getSession().chain(session -> session.createNativeQuery(
                        "insert into release_transition (release_id, from_state, to_state, actor) values (:release, :from, :to, :actor)")
                .setParameter("release", release.id)
                .setParameter("from", from == null ? null : from.name())
                .setParameter("to", release.state.name())
                .setParameter("actor", actor)
                .executeUpdate())
                .replaceWithVoid();
    }
}
