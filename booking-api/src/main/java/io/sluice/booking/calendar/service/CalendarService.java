package io.sluice.booking.calendar.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.sluice.booking.calendar.Release;
import io.sluice.booking.calendar.ReleaseState;
import io.sluice.booking.calendar.Site;
import io.sluice.booking.calendar.repository.ReleaseRepository;
import io.sluice.booking.calendar.repository.SiteRepository;
import io.sluice.booking.calendar.repository.SlotRepository;
import io.sluice.booking.problem.ProblemException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Sites and releases: what operators plan and everybody else reads. */
@ApplicationScoped
public class CalendarService {

    private static final int MAX_LISTED_SLOTS = 500;

    private final SiteRepository sites;
    private final ReleaseRepository releases;
    private final SlotRepository slots;
    private final Clock clock;

    public CalendarService(SiteRepository sites, ReleaseRepository releases, SlotRepository slots, Clock clock) {
        this.sites = sites;
        this.releases = releases;
        this.slots = slots;
        this.clock = clock;
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

    @WithTransaction
    public Uni<ReleaseView> createRelease(ReleaseRequest request, String operator) {
        Instant now = clock.instant();
        if (request.opensAt() != null && request.opensAt().isBefore(now.minusSeconds(60))) {
            throw ProblemException.invalid("opensAt", "lies in the past; leave it out to open the release now");
        }
        Instant opensAt = request.opensAt() == null ? now : request.opensAt();
        if (request.closesAt() != null && !request.closesAt().isAfter(opensAt)) {
            throw ProblemException.invalid("closesAt", "must be after opensAt");
        }
        for (int i = 0; i < request.slots().size(); i++) {
            SlotBlock block = request.slots().get(i);
            if (!block.from().plusMinutes(block.slotMinutes()).isAfter(block.from())
                    || block.from().plusMinutes(block.slotMinutes()).isAfter(block.to())
                    || !block.from().isBefore(block.to())) {
                throw ProblemException.invalid("slots[" + i + "]", "from..to must hold at least one slot of slotMinutes");
            }
        }
        return loadSites(request.slots()).chain(sitesByCode -> {
            Release release = new Release();
            release.name = request.name();
            release.district = request.district();
            release.opensAt = opensAt;
            release.closesAt = request.closesAt();
            release.prequeueMinutes = request.prequeueMinutes() == null ? 0 : request.prequeueMinutes();
            release.expectedDemand = request.expectedDemand();
            release.createdBy = operator;
            release.state = opensAt.isAfter(now) ? ReleaseState.ANNOUNCED : ReleaseState.OPEN;
            return releases.persist(release)
                    .call(() -> releases.flush())
                    .call(() -> releases.recordTransition(release, null, operator))
                    .chain(() -> generateSlots(release, request.slots(), sitesByCode))
                    .map(count -> ReleaseView.of(release, count, count));
        });
    }

    @WithSession
    public Uni<ReleaseView> release(long id) {
        return releases.findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("release " + id))
                .chain(release -> slots.countSlots(id).map(counts -> ReleaseView.of(release, counts[0], counts[1])));
    }

    @WithSession
    public Uni<List<FreeSlotView>> freeSlots(long releaseId) {
        return releases.findById(releaseId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("release " + releaseId))
                .chain(release -> slots.freeSlots(releaseId, MAX_LISTED_SLOTS))
                .map(rows -> rows.stream()
                        .map(row -> new FreeSlotView(((Number) row[0]).longValue(), (String) row[1],
                                toInstant(row[2]), toInstant(row[3])))
                        .toList());
    }

    private Uni<Map<String, Site>> loadSites(List<SlotBlock> blocks) {
        List<String> codes = blocks.stream().map(SlotBlock::siteCode).distinct().toList();
        return sites.list("code in ?1", codes).map(found -> {
            Map<String, Site> byCode = found.stream().collect(Collectors.toMap(site -> site.code, Function.identity()));
            for (int i = 0; i < blocks.size(); i++) {
                if (!byCode.containsKey(blocks.get(i).siteCode())) {
                    throw ProblemException.invalid("slots[" + i + "].siteCode", "no site has this code");
                }
            }
            return byCode;
        });
    }

    private Uni<Long> generateSlots(Release release, List<SlotBlock> blocks, Map<String, Site> sitesByCode) {
        // Sequential on purpose: one session runs one statement at a time.
        return Multi.createFrom().range(0, blocks.size())
                .onItem().transformToUniAndConcatenate(i -> {
                    SlotBlock block = blocks.get(i);
                    Site site = sitesByCode.get(block.siteCode());
                    return slots.overlapsExisting(site, block).chain(overlaps -> overlaps
                            ? Uni.createFrom().failure(ProblemException.conflict(
                                    "slots[" + i + "] overlaps slots that already exist at site " + site.code))
                            : slots.generate(site, release.id, block));
                })
                .collect().with(Collectors.summingLong(Integer::longValue));
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        return ((java.sql.Timestamp) value).toInstant();
    }
}
