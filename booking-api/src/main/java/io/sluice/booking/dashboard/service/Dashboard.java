package io.sluice.booking.dashboard.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.StartupEvent;
import io.sluice.booking.calendar.ReleaseState;
import io.sluice.booking.dashboard.repository.DashboardRepository;
import io.sluice.booking.dashboard.repository.DashboardRepository.ReleaseRow;
import io.sluice.booking.dashboard.service.DashboardView.AllocatorFigures;
import io.sluice.booking.dashboard.service.DashboardView.Errors;
import io.sluice.booking.dashboard.service.DashboardView.NextRelease;
import io.sluice.booking.dashboard.service.DashboardView.NotifierFigures;
import io.sluice.booking.dashboard.service.DashboardView.ReleaseFigures;
import io.sluice.booking.dashboard.service.DashboardView.Sample;
import io.sluice.booking.dashboard.service.DashboardView.SiteFigures;
import io.sluice.booking.dashboard.service.DashboardView.Totals;
import io.sluice.booking.waitingroom.service.Availability;
import io.sluice.booking.waitingroom.service.PoolAvailability;
import io.sluice.booking.waitingroom.service.RoomPicture;
import io.sluice.booking.waitingroom.service.Rooms;
import io.sluice.events.RejectionReason;
import io.sluice.events.ServiceStats;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The live picture behind every staff dashboard of this instance. Four times a second it is computed once
 * from memory (the waiting rooms' pictures, the decisions seen on Kafka, the allocators' and notifiers'
 * stats, this instance's HTTP metrics) and serialised once; viewers only read the result, so fifty of
 * them cost the database nothing. PostgreSQL is read independently of viewers: the release list every
 * few seconds, and free slots per site at most once a second per release while anyone watches.
 */
@ApplicationScoped
public class Dashboard {

    private static final Logger LOG = Logger.getLogger(Dashboard.class);

    /** A view is never older than this when sent; well within the second the page promises. */
    public static final Duration EVERY = Duration.ofMillis(250);
    static final Duration RELEASES_EVERY = Duration.ofSeconds(3);
    /** The charts' span. */
    static final int HISTORY_SECONDS = 300;
    /** Samples an update repeats, so that a viewer that missed an update still gets every second. */
    static final int RECENT_SAMPLES = 5;
    /** Window of the per-second rates shown as figures. */
    static final int RATE_SECONDS = 5;
    /** Window of the confirmation rate behind the time to sell-out, and of the error rate. */
    static final int TREND_SECONDS = 10;

    private final Rooms rooms;
    private final DecisionTally decisions;
    private final ServiceFigures services;
    private final HttpErrors http;
    private final Availability availability;
    private final DashboardRepository repository;
    private final MeterRegistry registry;
    private final ObjectMapper json;
    private final Clock clock;

    private final AtomicInteger viewers = new AtomicInteger();
    private final Map<Long, List<PoolAvailability>> sites = new ConcurrentHashMap<>();
    private final Set<Long> countedReleases = ConcurrentHashMap.newKeySet();
    private final Deque<Sample> history = new ArrayDeque<>();
    private final Deque<HttpErrors.Totals> httpTotals = new ArrayDeque<>();
    private final Map<String, MultiGauge> gauges = new ConcurrentHashMap<>();
    /** What the gauges read when scraped; rows are registered once per release, never re-registered per tick. */
    private volatile Map<Long, ReleaseFigures> exported = Map.of();
    private volatile List<ReleaseRow> releases = List.of();
    private volatile long sampledSecond;
    private volatile DashboardView latest;
    private volatile String latestJson;
    private volatile String latestUpdateJson;

    public Dashboard(Rooms rooms, DecisionTally decisions, ServiceFigures services, HttpErrors http, Availability availability,
            DashboardRepository repository, MeterRegistry registry, ObjectMapper json, Clock clock) {
        this.rooms = rooms;
        this.decisions = decisions;
        this.services = services;
        this.http = http;
        this.availability = availability;
        this.repository = repository;
        this.registry = registry;
        this.json = json;
        this.clock = clock;
        Gauge.builder("sluice.dashboard.viewers", viewers, AtomicInteger::get)
                .description("Staff dashboards streaming from this instance").register(registry);
    }

    void start(@Observes StartupEvent start, Vertx vertx) {
        refreshReleases();
        tick();
        vertx.setPeriodic(EVERY.toMillis(), id -> tick());
        vertx.setPeriodic(RELEASES_EVERY.toMillis(), id -> refreshReleases());
    }

    public DashboardView latest() {
        return latest;
    }

    /** The latest view as JSON with the charts' whole history, serialised once for every viewer: a viewer's first event. */
    public String latestJson() {
        return latestJson;
    }

    /** The latest view with only the last few samples of history: every later event, a fraction of the size. */
    public String latestUpdateJson() {
        return latestUpdateJson;
    }

    public void viewerJoined() {
        viewers.incrementAndGet();
    }

    public void viewerLeft() {
        viewers.decrementAndGet();
    }

    private void refreshReleases() {
        repository.releases().subscribe().with(rows -> releases = rows,
                failure -> LOG.warnf("dashboard keeps its release list, reading it failed: %s", failure.toString()));
    }

    /** Free slots per site; {@link Availability} counts in PostgreSQL at most once a second per release and takes fresher snapshots. */
    private void refreshSites(long releaseId) {
        availability.pools(releaseId).subscribe().with(pools -> sites.put(releaseId, pools),
                failure -> LOG.debugf("free slots of release %d not read: %s", releaseId, failure.toString()));
    }

    synchronized void tick() {
        try {
            Instant now = clock.instant();
            long second = now.getEpochSecond();
            if (viewers.get() > 0) {
                releases.stream().filter(r -> !ReleaseState.ANNOUNCED.name().equals(r.state()))
                        .forEach(r -> refreshSites(r.id()));
            }
            List<ReleaseFigures> figures = releases.stream().map(release -> figures(release, now, second)).toList();
            Totals overall = overall(figures, second);
            AllocatorFigures allocator = allocator();
            if (second != sampledSecond) {
                sample(second, overall, allocator);
            }
            List<Sample> samples = List.copyOf(history);
            DashboardView view = new DashboardView(now, overall, figures, allocator, notifier(), errors(), nextRelease(now),
                    samples);
            latestJson = json.writeValueAsString(view);
            latestUpdateJson = json.writeValueAsString(new DashboardView(now, overall, figures, allocator, view.notifier(),
                    view.errors(), view.nextRelease(), samples.subList(Math.max(0, samples.size() - RECENT_SAMPLES), samples.size())));
            latest = view;
            export(figures);
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warnf("dashboard not updated: %s", e.toString());
        }
    }

    private ReleaseFigures figures(ReleaseRow release, Instant now, long second) {
        RoomPicture room = rooms.picture(release.id()).orElse(null);
        DecisionTally.Tally tally = decisions.release(release.id());
        List<PoolAvailability> pools = sites.getOrDefault(release.id(), List.of());
        Long slotsLeft = !pools.isEmpty() ? Long.valueOf(pools.stream().mapToLong(PoolAvailability::freeSlots).sum())
                : room != null && room.freeSlots() != null ? Long.valueOf(room.freeSlots()) : null;
        long prequeue = 0;
        long queue = 0;
        double admittedPerSecond = 0;
        if (room != null) {
            prequeue = room.sealed() ? 0 : room.lotteryDrawn();
            boolean over = room.soldOut() || room.closedAt(now);
            queue = room.sealed() && !over ? Math.max(0, room.joined() - room.serving()) : 0;
            admittedPerSecond = rooms.history(release.id()).rate(now, Duration.ofSeconds(RATE_SECONDS));
        }
        double confirmedTrend = tally.confirmedPerSecond.average(second, TREND_SECONDS);
        Totals totals = new Totals(prequeue, queue, admittedPerSecond,
                room == null || room.claims() == null ? 0 : room.claims(),
                room == null || room.inFlight() == null ? 0 : room.inFlight(),
                tally.confirmed.sum(), rejected(tally), tally.confirmedPerSecond.average(second, RATE_SECONDS),
                tally.rejectedPerSecond.average(second, RATE_SECONDS), slotsLeft, toSellOut(slotsLeft, confirmedTrend));
        List<SiteFigures> siteFigures = pools.stream()
                .map(p -> new SiteFigures(p.siteCode(), p.siteName(), p.day().toString(), p.freeSlots(), p.slotCount()))
                .toList();
        return new ReleaseFigures(release.id(), release.name(), release.state(), release.opensAt(),
                room != null && room.soldOut(), room == null ? null : room.heldBy(), room == null ? 0 : room.joined(),
                room == null ? 0 : room.serving(), room == null ? null : room.slotCount(), siteFigures, totals);
    }

    private Totals overall(List<ReleaseFigures> figures, long second) {
        DecisionTally.Tally tally = decisions.overall();
        List<Totals> all = figures.stream().map(ReleaseFigures::figures).toList();
        Long slotsLeft = all.stream().map(Totals::slotsLeft).filter(Objects::nonNull).reduce(Long::sum).orElse(null);
        return new Totals(sum(all, Totals::prequeue), sum(all, Totals::queue),
                all.stream().mapToDouble(Totals::admittedPerSecond).sum(), sum(all, Totals::admittedNotDecided),
                sum(all, Totals::undecided), tally.confirmed.sum(), rejected(tally),
                tally.confirmedPerSecond.average(second, RATE_SECONDS), tally.rejectedPerSecond.average(second, RATE_SECONDS),
                slotsLeft, toSellOut(slotsLeft, tally.confirmedPerSecond.average(second, TREND_SECONDS)));
    }

    private static long sum(List<Totals> all, Function<Totals, Long> figure) {
        return all.stream().mapToLong(figure::apply).sum();
    }

    private static Map<String, Long> rejected(DecisionTally.Tally tally) {
        Map<String, Long> byReason = new LinkedHashMap<>();
        for (RejectionReason reason : RejectionReason.values()) {
            byReason.put(reason.name(), tally.rejected.get(reason).sum());
        }
        return byReason;
    }

    private static Long toSellOut(Long slotsLeft, double confirmedPerSecond) {
        if (slotsLeft == null) {
            return null;
        }
        if (slotsLeft == 0) {
            return 0L;
        }
        return confirmedPerSecond > 0 ? (long) Math.ceil(slotsLeft / confirmedPerSecond) : null;
    }

    private AllocatorFigures allocator() {
        List<ServiceStats.Allocator> live = services.live(ServiceStats.SLOT_ALLOCATOR).stream()
                .map(ServiceStats::allocator).filter(Objects::nonNull).toList();
        Map<Integer, Long> lag = new TreeMap<>();
        live.forEach(a -> a.partitionLag().forEach((partition, records) -> lag.merge(partition, records, Math::max)));
        return new AllocatorFigures(live.size(), lag, lag.values().stream().mapToLong(Long::longValue).sum(),
                worst(live, ServiceStats.Allocator::latencyP50Ms), worst(live, ServiceStats.Allocator::latencyP95Ms),
                worst(live, ServiceStats.Allocator::latencyP99Ms));
    }

    /** Percentiles of two instances cannot be merged; the worst one is what staff must see. */
    private static Double worst(List<ServiceStats.Allocator> live, Function<ServiceStats.Allocator, Double> percentile) {
        return live.stream().map(percentile).filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
    }

    private NotifierFigures notifier() {
        List<ServiceStats.Notifier> live = services.live(ServiceStats.NOTIFIER).stream()
                .map(ServiceStats::notifier).filter(Objects::nonNull).toList();
        return new NotifierFigures(live.size(), live.stream().mapToLong(ServiceStats.Notifier::backlog).sum(),
                live.stream().mapToLong(ServiceStats.Notifier::sent).sum(),
                live.stream().mapToLong(ServiceStats.Notifier::failed).sum(),
                live.stream().mapToLong(ServiceStats.Notifier::deadLetters).sum());
    }

    private Errors errors() {
        if (httpTotals.size() < 2) {
            return new Errors(0, 0);
        }
        HttpErrors.Totals first = httpTotals.peekFirst();
        HttpErrors.Totals last = httpTotals.peekLast();
        long errors = last.errors() - first.errors();
        long all = last.all() - first.all();
        return new Errors(errors / (double) (httpTotals.size() - 1), all == 0 ? 0 : errors / (double) all);
    }

    private NextRelease nextRelease(Instant now) {
        return releases.stream()
                .filter(r -> ReleaseState.ANNOUNCED.name().equals(r.state()) && r.opensAt().isAfter(now))
                .min(Comparator.comparing(ReleaseRow::opensAt))
                .map(r -> new NextRelease(r.id(), r.name(), r.opensAt(), Duration.between(now, r.opensAt()).toSeconds()))
                .orElse(null);
    }

    /** One sample per second for the charts, describing the second that just ended. */
    private void sample(long second, Totals overall, AllocatorFigures allocator) {
        long ended = second - 1;
        HttpErrors.Totals before = httpTotals.peekLast();
        HttpErrors.Totals totals = http.totals();
        httpTotals.addLast(totals);
        while (httpTotals.size() > TREND_SECONDS + 1) {
            httpTotals.removeFirst();
        }
        long admitted = 0;
        for (ReleaseRow release : releases) {
            if (rooms.picture(release.id()).isPresent()) {
                var steps = rooms.history(release.id());
                admitted += steps.servingAt(Instant.ofEpochSecond(second)) - steps.servingAt(Instant.ofEpochSecond(ended));
            }
        }
        history.addLast(new Sample(ended, overall.queue(), admitted, decisions.overall().confirmedPerSecond.at(ended),
                decisions.overall().rejectedPerSecond.at(ended), allocator.lag(), allocator.latencyP95Ms(),
                before == null ? 0 : totals.errors() - before.errors()));
        while (history.size() > HISTORY_SECONDS) {
            history.removeFirst();
        }
        sampledSecond = second;
    }

    /** The same figures for Prometheus, per release. */
    private void export(List<ReleaseFigures> figures) {
        Map<Long, ReleaseFigures> byRelease = new HashMap<>();
        figures.forEach(release -> byRelease.put(release.id(), release));
        exported = byRelease;
        gauge("sluice.waiting.room.prequeue", "People in the pre-queue", figures, f -> f.figures().prequeue());
        gauge("sluice.waiting.room.queue", "People waiting behind the serving position", figures, f -> f.figures().queue());
        gauge("sluice.booking.undecided", "Booking requests accepted and not yet decided", figures,
                f -> f.figures().undecided());
        gauge("sluice.waiting.room.admitted.undecided", "Admissions neither used nor expired plus undecided requests",
                figures, f -> f.figures().admittedNotDecided());
        gauge("sluice.release.slots.left", "Free slots of the release", figures, f -> f.figures().slotsLeft());
        gauge("sluice.release.seconds.to.sell.out", "Slots left at the recent confirmation rate", figures,
                f -> f.figures().secondsToSellOut());
        for (ReleaseFigures release : figures) {
            if (rooms.picture(release.id()).isPresent() && countedReleases.add(release.id())) {
                long id = release.id();
                FunctionCounter.builder("sluice.waiting.room.admitted", rooms,
                                r -> r.picture(id).map(RoomPicture::serving).orElse(0L))
                        .description("People admitted (the serving position)")
                        .tag("release", Long.toString(id))
                        .register(registry);
            }
        }
    }

    private void gauge(String name, String description, List<ReleaseFigures> figures, Function<ReleaseFigures, Number> value) {
        MultiGauge gauge = gauges.computeIfAbsent(name, n -> MultiGauge.builder(n).description(description).register(registry));
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (ReleaseFigures release : figures) {
            if (value.apply(release) != null) {
                long id = release.id();
                rows.add(MultiGauge.Row.of(Tags.of("release", Long.toString(id)), () -> {
                    ReleaseFigures now = exported.get(id);
                    Number number = now == null ? null : value.apply(now);
                    return number == null ? Double.NaN : number;
                }));
            }
        }
        // Overwriting would remove and re-add every row four times a second, and a scrape in between would miss it.
        gauge.register(rows, false);
    }
}
