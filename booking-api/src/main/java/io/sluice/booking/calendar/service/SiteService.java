package io.sluice.booking.calendar.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.sluice.booking.calendar.Site;
import io.sluice.booking.calendar.repository.SiteRepository;
import io.sluice.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;

/** Sites: where appointments happen. */
@ApplicationScoped
public class SiteService {

    private final SiteRepository sites;

    public SiteService(SiteRepository sites) {
        this.sites = sites;
    }

    @WithTransaction
    public Uni<SiteView> createSite(SiteRequest request) {
        try {
            ZoneId.of(request.timeZone());
        } catch (DateTimeException e) {
            throw ProblemException.invalid("timeZone", "is not a known time zone, e.g. Europe/Berlin");
        }
        return sites.findByCode(request.code()).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().failure(ProblemException.conflict("a site with code " + request.code() + " exists"));
            }
            Site site = new Site();
            site.code = request.code();
            site.name = request.name();
            site.address = request.address();
            site.district = request.district();
            site.timeZone = request.timeZone();
            return sites.persist(site).map(SiteView::of);
        });
    }

    @WithSession
    public Uni<List<SiteView>> listSites() {
        return sites.listAll().map(all -> all.stream().map(SiteView::of).toList());
    }

    @WithSession
    public Uni<Site> require(String code) {
        return sites.findByCode(code).onItem().ifNull().failWith(() -> ProblemException.notFound("site " + code));
    }
}
