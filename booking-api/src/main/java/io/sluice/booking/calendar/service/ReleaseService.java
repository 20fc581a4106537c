package io.sluice.booking.calendar.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.sluice.booking.calendar.Release;
import io.sluice.booking.calendar.ReleaseState;
import io.sluice.booking.calendar.Site;
import io.sluice.booking.calendar.repository.OutboxRepository;
import io.sluice.booking.calendar.repository.ReleaseRepository;
import io.sluice.booking.calendar.repository.SiteRepository;
import io.sluice.booking.calendar.repository.SlotRepository;
import io.sluice.events.ReleaseAnnounced;
import io.sluice.events.Topics;
import io.sluice.problem.ProblemException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Releases: planned, announced, opened live, paused, closed — every change recorded with who made it. */
@ApplicationScoped
public class ReleaseService {

    private static final int MAX_LISTED_SLOTS = 500;

    private final SiteRepository sites;
    private final ReleaseRepository releases;
    private final SlotRepository slots;
    private final OutboxRepository outbox;
    private final Clock clock;

    public ReleaseService(SiteRepository sites, ReleaseRepository releases, SlotRepository slots,
            OutboxRepository outbox, Clock clock) {
        this.sites = sites;
        this.releases = releases;
        this.slots = slots;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** What an operator can do to a release, each a move to one target state. */
    public enum Action {
        ANNOUNCE(ReleaseState.ANNOUNCED),
        OPEN(ReleaseState.OPEN),
        PAUSE(ReleaseState.PAUSED),
        RESUME(ReleaseState.OPEN),
        CLOSE(ReleaseState.CLOSED);

        final ReleaseState target;

        Action(ReleaseState target) {
            this.target = target;
        }
    }

    @WithTransaction
    public Uni<ReleaseView> create(ReleaseRequest request, String operator) {
        Instant now = clock.instant();
        if (request.opensNow() && request.opensAt() != null) {
            throw ProblemException.invalid("opensAt", "must be left out when openNow is true");
        }
        if (!request.opensNow() && request.opensAt() == null) {
            throw ProblemException.invalid("opensAt", "is required unless openNow is true");
        }
        if (request.opensAt() != null && !request.opensAt().isAfter(now)) {
            throw ProblemException.invalid("opensAt", "lies in the past; use openNow to open a release at once");
        }
        Instant opensAt = request.opensNow() ? now : request.opensAt();
        if (request.closesAt() != null && !request.closesAt().isAfter(opensAt)) {
            throw ProblemException.invalid("closesAt", "must be after opensAt");
        }
        Eligibility eligibility = request.eligibility() == null ? Eligibility.EVERYONE : request.eligibility();
        if (eligibility.minAge() != null && eligibility.maxAge() != null && eligibility.minAge() > eligibility.maxAge()) {
            throw ProblemException.invalid("eligibility.minAge", "must not be above maxAge");
        }
        validateBlocks("slots", request.slots());

        Release release = new Release();
        release.name = request.name();
        release.district = request.district();
        release.opensAt = opensAt;
        release.closesAt = request.closesAt();
        release.prequeueMinutes = request.prequeueMinutes() == null ? 0 : request.prequeueMinutes();
        release.expectedDemand = request.expectedDemand();
        release.createdBy = operator;
        release.minAge = eligibility.minAge();
        release.maxAge = eligibility.maxAge();
        release.priorityGroups = eligibility.priorityGroups() == null || eligibility.priorityGroups().isEmpty()
                ? null : String.join(",", eligibility.priorityGroups());
        release.invitationOnly = Boolean.TRUE.equals(eligibility.invitationOnly());
        release.state = request.opensNow() ? ReleaseState.OPEN : ReleaseState.DRAFT;
        if (request.opensNow()) {
            release.announcedAt = now;
        }
        return loadSites("slots", request.slots())
                .call(() -> releases.persist(release))
                .call(() -> releases.flush())
                .call(() -> releases.recordTransition(release, null, operator))
                .chain(sitesByCode -> attachSlots(release, "slots", request.slots(), sitesByCode))
                .call(count -> request.opensNow() ? announce(release) : Uni.createFrom().voidItem())
                .map(count -> ReleaseView.of(release, count, count));
    }

    @WithTransaction
    public Uni<ReleaseView> act(long id, Action action, String operator) {
        Instant now = clock.instant();
        return require(id).chain(release -> {
            ReleaseState from = release.state;
            if (!from.canMoveTo(action.target) || (action == Action.RESUME && from != ReleaseState.PAUSED)
                    || (action == Action.OPEN && from == ReleaseState.PAUSED)) {
                return Uni.createFrom().failure(ProblemException.conflict(
                        "release " + id + " is " + from + ": cannot " + action.name().toLowerCase() + " it"));
            }
            boolean tellPeople = false;
            switch (action) {
                case ANNOUNCE -> {
                    if (!release.opensAt.isAfter(now)) {
                        return Uni.createFrom().failure(ProblemException.invalid("opensAt",
                                "lies in the past; open the release instead of announcing it"));
                    }
                    release.announcedAt = now;
                    tellPeople = true;
                }
                case OPEN -> {
                    if (release.opensAt.isAfter(now)) {
                        release.opensAt = now;
                    }
                    tellPeople = release.announcedAt == null;
                    if (tellPeople) {
                        release.announcedAt = now;
                    }
                }
                case CLOSE -> {
                    if (release.closesAt == null || release.closesAt.isAfter(now)) {
                        release.closesAt = now;
                    }
                }
                default -> {
                }
            }
            release.state = action.target;
            Uni<Void> event = tellPeople ? announce(release) : Uni.createFrom().voidItem();
            return releases.flush()
                    .call(() -> releases.recordTransition(release, from, operator))
                    .call(() -> event)
                    .chain(() -> view(release));
        });
    }

    @WithTransaction
    public Uni<ReleaseView> addSlots(long id, SlotAddition addition, String operator) {
        validateBlocks("slots", addition.slots());
        return require(id).chain(release -> {
            if (release.state == ReleaseState.CLOSED) {
                return Uni.createFrom().failure(ProblemException.conflict("release " + id + " is closed"));
            }
            ReleaseState from = release.state;
            return loadSites("slots", addition.slots())
                    .chain(sitesByCode -> attachSlots(release, "slots", addition.slots(), sitesByCode))
                    .chain(count -> {
                        release.slotsVersion++;
                        if (from == ReleaseState.SOLD_OUT) {
                            release.state = ReleaseState.OPEN;
                        }
                        return releases.flush()
                                .call(() -> from == release.state ? Uni.createFrom().voidItem()
                                        : releases.recordTransition(release, from, operator));
                    })
                    .chain(() -> view(release));
        });
    }

    /** A release as the public sees it: drafts do not exist outside the administration. */
    @WithSession
    public Uni<ReleaseView> publicRelease(long id) {
        return requirePublic(id).chain(this::view);
    }

    @WithSession
    public Uni<List<ReleaseView>> list(String district) {
        Uni<List<Release>> found = district == null
                ? releases.list("order by opensAt desc")
                : releases.list("district = ?1 order by opensAt desc", district);
        return found.chain(all -> Multi.createFrom().iterable(all)
                .onItem().transformToUniAndConcatenate(this::view)
                .collect().asList());
    }

    @WithSession
    public Uni<List<AuditEntry>> audit(long id) {
        return require(id).chain(release -> releases.transitions(id)).map(rows -> rows.stream()
                .map(row -> new AuditEntry(row[0] == null ? null : ReleaseState.valueOf((String) row[0]),
                        ReleaseState.valueOf((String) row[1]), (String) row[2], Times.toInstant(row[3])))
                .toList());
    }

    /** Announced, open and paused releases that have not closed, soonest first; no login needed. */
    @WithSession
    public Uni<List<CalendarEntry>> publicCalendar(String district) {
        String query = "state in ?1 and (closesAt is null or closesAt > ?2)"
                + (district == null ? "" : " and district = ?3") + " order by opensAt";
        List<ReleaseState> shown = List.of(ReleaseState.ANNOUNCED, ReleaseState.OPEN, ReleaseState.PAUSED,
                ReleaseState.SOLD_OUT);
        Uni<List<Release>> found = district == null
                ? releases.list(query, shown, clock.instant())
                : releases.list(query, shown, clock.instant(), district);
        return found.chain(live -> slots.countsBySite(live.stream().map(r -> r.id).toList()).map(rows -> {
            Map<Long, List<CalendarEntry.CalendarSite>> sitesByRelease = new HashMap<>();
            for (Object[] row : rows) {
                sitesByRelease.computeIfAbsent(((Number) row[0]).longValue(), r -> new ArrayList<>())
                        .add(new CalendarEntry.CalendarSite((String) row[1], (String) row[2], (String) row[3],
                                (String) row[4], ((Number) row[5]).longValue()));
            }
            return live.stream().map(release -> {
                List<CalendarEntry.CalendarSite> releaseSites = sitesByRelease.getOrDefault(release.id, List.of());
                return new CalendarEntry(release.id, release.name, release.district, release.state, release.opensAt,
                        release.closesAt, release.expectedDemand,
                        releaseSites.stream().mapToLong(CalendarEntry.CalendarSite::slotCount).sum(), releaseSites);
            }).toList();
        }));
    }

    @WithSession
    public Uni<List<FreeSlotView>> freeSlots(long releaseId) {
        return requirePublic(releaseId)
                .chain(release -> slots.freeSlots(releaseId, MAX_LISTED_SLOTS))
                .map(rows -> rows.stream()
                        .map(row -> new FreeSlotView(((Number) row[0]).longValue(), (String) row[1],
                                Times.toInstant(row[2]), Times.toInstant(row[3])))
                        .toList());
    }

    private Uni<Release> require(long id) {
        return releases.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("release " + id));
    }

    private Uni<Release> requirePublic(long id) {
        return require(id).invoke(release -> {
            if (release.state == ReleaseState.DRAFT) {
                throw ProblemException.notFound("release " + id);
            }
        });
    }

    private Uni<ReleaseView> view(Release release) {
        return slots.countSlots(release.id).map(counts -> ReleaseView.of(release, counts[0], counts[1]));
    }

    /** The event the notifier turns into messages for staff and subscribers, in this transaction. */
    private Uni<Void> announce(Release release) {
        return slots.countsBySite(List.of(release.id)).chain(rows -> {
            List<ReleaseAnnounced.AnnouncedSite> announced = rows.stream()
                    .map(row -> new ReleaseAnnounced.AnnouncedSite((String) row[1], (String) row[2], (String) row[3],
                            (String) row[4], ((Number) row[5]).longValue()))
                    .toList();
            long slotCount = announced.stream().mapToLong(ReleaseAnnounced.AnnouncedSite::slotCount).sum();
            return outbox.add(Topics.RELEASE_ANNOUNCEMENTS, Long.toString(release.id), new ReleaseAnnounced(release.id,
                    release.name, release.district, release.opensAt, release.closesAt, slotCount, announced,
                    release.announcedAt));
        });
    }

    private static void validateBlocks(String field, List<SlotBlock> blocks) {
        for (int i = 0; i < blocks.size(); i++) {
            SlotBlock block = blocks.get(i);
            String at = field + "[" + i + "]";
            if (!block.definesSlots()) {
                continue;
            }
            if (block.count() != null) {
                throw ProblemException.invalid(at + ".count", "only applies when slots are taken from capacity; "
                        + "leave out from, to, slotMinutes and lanes");
            }
            for (var required : Map.of("from", block.from() != null, "to", block.to() != null,
                    "slotMinutes", block.slotMinutes() != null, "lanes", block.lanes() != null).entrySet()) {
                if (!required.getValue()) {
                    throw ProblemException.invalid(at + "." + required.getKey(),
                            "is required when a block defines new slots");
                }
            }
            if (!block.from().isBefore(block.to()) || block.from().plusMinutes(block.slotMinutes()).isAfter(block.to())
                    || block.from().plusMinutes(block.slotMinutes()).isBefore(block.from())) {
                throw ProblemException.invalid(at, "from..to must hold at least one slot of slotMinutes");
            }
        }
    }

    private Uni<Map<String, Site>> loadSites(String field, List<SlotBlock> blocks) {
        List<String> codes = blocks.stream().map(SlotBlock::siteCode).distinct().toList();
        return sites.list("code in ?1", codes).map(found -> {
            Map<String, Site> byCode = found.stream().collect(Collectors.toMap(site -> site.code, Function.identity()));
            for (int i = 0; i < blocks.size(); i++) {
                if (!byCode.containsKey(blocks.get(i).siteCode())) {
                    throw ProblemException.invalid(field + "[" + i + "].siteCode", "no site has this code");
                }
            }
            return byCode;
        });
    }

    private Uni<Long> attachSlots(Release release, String field, List<SlotBlock> blocks, Map<String, Site> sitesByCode) {
        // Sequential on purpose: one session runs one statement at a time.
        return Multi.createFrom().range(0, blocks.size())
                .onItem().transformToUniAndConcatenate(i -> {
                    SlotBlock block = blocks.get(i);
                    Site site = sitesByCode.get(block.siteCode());
                    String at = field + "[" + i + "]";
                    if (!block.definesSlots()) {
                        return slots.assignFromCapacity(site, release.id, block).chain(count -> count > 0
                                ? Uni.createFrom().item(count)
                                : Uni.createFrom().<Integer>failure(ProblemException.conflict(at + ": site " + site.code
                                        + " has no capacity slots on " + block.day() + " that no release holds")));
                    }
                    return slots.overlapsExisting(site, block).chain(overlaps -> overlaps
                            ? Uni.createFrom().<Integer>failure(ProblemException.conflict(
                                    at + " overlaps slots that already exist at site " + site.code))
                            : slots.generate(site, release.id, block));
                })
                .collect().with(Collectors.summingLong(Integer::longValue));
    }
}
