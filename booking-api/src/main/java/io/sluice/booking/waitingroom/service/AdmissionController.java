package io.sluice.booking.waitingroom.service;

import io.sluice.booking.waitingroom.WaitingRoomConfig;
import io.sluice.booking.waitingroom.repository.WaitingRoomRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Advances serving positions twice a second. One booking-api instance does it at a time: the one
 * holding the lease row in PostgreSQL (renewed every run, taken over two seconds after its holder
 * stopped). The serving position lives in PostgreSQL and every instance reads it with
 * {@link Rooms#refresh()}, so all instances agree within a refresh period. A move is written only if
 * serving is still what was read, so even a leader that overslept its lease cannot double an advance.
 */
@ApplicationScoped
public class AdmissionController {

    private static final Logger LOG = Logger.getLogger(AdmissionController.class);
    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final long CLEANUP_EVERY_RUNS = 120;

    private final WaitingRoomRepository repository;
    private final DecisionRate decisions;
    private final AdmissionPolicy policy;
    private final String instance;
    private final AtomicLong runs = new AtomicLong();
    private volatile boolean leading;

    @Inject
    public AdmissionController(WaitingRoomRepository repository, DecisionRate decisions, WaitingRoomConfig config) {
        this(repository, decisions, config, UUID.randomUUID().toString());
    }

    /** An instance with its own name; tests run two of them against one database. */
    public AdmissionController(WaitingRoomRepository repository, DecisionRate decisions, WaitingRoomConfig config,
            String instance) {
        this.repository = repository;
        this.decisions = decisions;
        this.policy = new AdmissionPolicy(config);
        this.instance = instance;
    }

    public boolean leading() {
        return leading;
    }

    /** One run: take or keep the lease, seal pre-queues that reached their opening, advance every room. */
    public Uni<Void> run() {
        return repository.lead(instance, LEASE).chain(lead -> {
            if (lead != leading) {
                LOG.info(lead ? "waiting room: this instance admits now" : "waiting room: another instance admits now");
            }
            leading = lead;
            if (!lead) {
                return Uni.createFrom().voidItem();
            }
            Uni<Integer> cleanup = runs.incrementAndGet() % CLEANUP_EVERY_RUNS == 0
                    ? repository.deleteSpentChallenges() : Uni.createFrom().item(0);
            return cleanup.chain(repository::sealDue)
                    .invoke(sealed -> {
                        if (sealed > 0) {
                            LOG.infof("waiting room: %d pre-queue(s) sealed and shuffled", sealed);
                        }
                    })
                    .chain(repository::figures)
                    .onItem().transformToMulti(rooms -> Multi.createFrom().iterable(rooms))
                    .onItem().transformToUniAndConcatenate(room ->
                            repository.record(policy.decide(room, decisions.perSecond(room.releaseId()))))
                    .collect().last()
                    .replaceWithVoid();
        });
    }
}
