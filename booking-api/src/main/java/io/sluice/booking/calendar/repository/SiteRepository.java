package io.sluice.booking.calendar.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.sluice.booking.calendar.Site;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
@WithSession
public class SiteRepository implements PanacheRepositoryBase<Site, Long> {

    public Uni<Site> findByCode(String code) {
        return find("code", code).firstResult();
    }
}
