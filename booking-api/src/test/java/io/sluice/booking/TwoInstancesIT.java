package io.sluice.booking;

import static io.sluice.booking.Api.createSite;
import static io.sluice.booking.Api.operator;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.booking.waitingroom.WaitingRoomConfig;
import io.sluice.booking.waitingroom.repository.WaitingRoomRepository;
import io.sluice.booking.waitingroom.service.AdmissionController;
import io.sluice.booking.waitingroom.service.AdmissionGate;
import io.sluice.booking.waitingroom.service.DecisionRate;
import io.sluice.booking.waitingroom.service.JoinRequest;
import io.sluice.booking.waitingroom.service.JoinService;
import io.sluice.booking.waitingroom.service.ProofOfWork;
import io.sluice.booking.waitingroom.service.RoomPicture;
import io.sluice.booking.waitingroom.service.Rooms;
import io.sluice.booking.waitingroom.service.StatusService;
import io.sluice.booking.waitingroom.service.TicketSigner;
import io.sluice.booking.waitingroom.service.TicketStatus;
import io.sluice.infra.SluiceInfraTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two booking-api instances on one database: the application under test, and a second instance built
 * from the same classes inside the test, with its own room pictures, its own admission controller
 * competing for the lease, and its own join path. Whoever a citizen reaches, positions are unique and
 * both see the same serving position within a second.
 */
@QuarkusTest
@QuarkusTestResource(SluiceInfraTestResource.class)
@QuarkusTestResource(TokenTestResource.class)
class TwoInstancesIT {

    @Inject
    Pool db;
    @Inject
    WaitingRoomConfig config;
    @Inject
    TicketSigner signer;
    @Inject
    Rooms rooms;
    @Inject
    AdmissionController admission;
    @Inject
    Clock clock;

    private Rooms secondRooms;
    private AdmissionController secondAdmission;
    private JoinService secondJoins;
    private StatusService secondStatus;
    private ProofOfWork proofOfWork;
    private ExecutorService threads;
    private ScheduledExecutorService timers;

    @BeforeEach
    void startSecondInstance() {
        WaitingRoomRepository repository = new WaitingRoomRepository(db, config);
        secondRooms = new Rooms(repository, clock);
        secondAdmission = new AdmissionController(repository, new DecisionRate(clock), config, "second-instance");
        secondStatus = new StatusService(signer, secondRooms, config, clock);
        proofOfWork = new ProofOfWork(signer, config, clock);
        secondJoins = new JoinService(repository, secondRooms, proofOfWork, signer, secondStatus,
                new AdmissionGate(signer, config, clock), clock);
        threads = Executors.newFixedThreadPool(6);
        timers = Executors.newScheduledThreadPool(2);
        // The second instance's timers, as WaitingRoomClock runs them in the application.
        every(Duration.ofMillis(250), () -> secondRooms.refresh().await().indefinitely());
        every(Duration.ofMillis(500), () -> secondAdmission.run().await().indefinitely());
    }

    @AfterEach
    void stopSecondInstance() {
        timers.shutdownNow();
        threads.shutdownNow();
    }

    @Test
    void positionsAreUniqueAndBothInstancesAgreeOnTheServingPositionWithinASecond() throws Exception {
        int release = Citizen.releaseWithWaitingRoom(createSite(), "08:00", "12:00"); // 48 slots
        operator().body(Map.of("maxAdmissionRate", 4)).put("/api/operator/releases/" + release + "/waiting-room")
                .then().statusCode(200);

        List<Future<Long>> joins = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            joins.add(threads.submit(() -> ((Number) Citizen.joining(release).lastStatus.get("position")).longValue()));
            joins.add(threads.submit(() -> secondJoin(release).position()));
        }
        List<Long> positions = new ArrayList<>();
        for (Future<Long> join : joins) {
            positions.add(join.get());
        }
        assertThat(positions).containsExactlyInAnyOrder(LongStream.rangeClosed(1, 40).boxed().toArray(Long[]::new));

        // While serving advances four positions a second, each value it takes is seen by both within a second.
        for (int sample = 0; sample < 6; sample++) {
            long serving = servingInDatabase(release);
            Awaitility.await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50))
                    .until(() -> serving(rooms, release) >= serving && serving(secondRooms, release) >= serving);
            Awaitility.await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
                    .until(() -> servingInDatabase(release) > serving || serving >= 40);
        }
        assertThat(admission.leading() ^ secondAdmission.leading()).as("exactly one instance admits").isTrue();

        TicketStatus viaSecond = secondJoin(release);
        Citizen viaFirst = new Citizen(release);
        viaFirst.ticket = viaSecond.ticket();
        Awaitility.await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> viaFirst.status().get("servingPosition") != null);
        assertThat(((Number) viaFirst.lastStatus.get("position")).longValue()).isEqualTo(viaSecond.position());
    }

    private TicketStatus secondJoin(long release) {
        String challenge = signer.sign(proofOfWork.issue(release, config.powDifficulty()));
        return secondJoins.join(release, new JoinRequest(challenge, ProofOfWork.solve(challenge, config.powDifficulty()), null))
                .await().indefinitely();
    }

    private long servingInDatabase(long release) {
        return db.preparedQuery("select serving from waiting_room where release_id = $1").execute(Tuple.of(release))
                .await().indefinitely().iterator().next().getLong("serving");
    }

    private static long serving(Rooms rooms, long release) {
        return rooms.picture(release).map(RoomPicture::serving).orElse(-1L);
    }

    private void every(Duration period, Runnable work) {
        timers.scheduleWithFixedDelay(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                // A run that fails is retried by the next, as in the application.
            }
        }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }
}
