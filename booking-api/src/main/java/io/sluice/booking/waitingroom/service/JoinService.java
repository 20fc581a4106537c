package io.sluice.booking.waitingroom.service;

import io.sluice.booking.booking.service.InvitationService;
import io.sluice.booking.waitingroom.Challenge;
import io.sluice.booking.waitingroom.Ticket;
import io.sluice.booking.waitingroom.repository.WaitingRoomRepository;
import io.sluice.booking.waitingroom.repository.WaitingRoomRepository.Place;
import io.sluice.problem.Problem;
import io.sluice.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Joins: one statement per join takes the next lottery number or position from the release's counter
 * row and spends the proof-of-work nonce, so numbers are unique across instances and one solved
 * challenge buys one ticket. Nothing is stored per ticket.
 */
@ApplicationScoped
public class JoinService {

    private final WaitingRoomRepository repository;
    private final Rooms rooms;
    private final ProofOfWork proofOfWork;
    private final TicketSigner signer;
    private final StatusService status;
    private final AdmissionGate gate;
    private final Clock clock;

    public JoinService(WaitingRoomRepository repository, Rooms rooms, ProofOfWork proofOfWork, TicketSigner signer,
            StatusService status, AdmissionGate gate, Clock clock) {
        this.gate = gate;
        this.repository = repository;
        this.rooms = rooms;
        this.proofOfWork = proofOfWork;
        this.signer = signer;
        this.status = status;
        this.clock = clock;
    }

    public Uni<ChallengeView> challenge(long releaseId) {
        return room(releaseId).map(room -> {
            requireJoinable(room);
            Challenge challenge = proofOfWork.issue(releaseId, room.powDifficulty());
            return new ChallengeView(signer.sign(challenge), challenge.difficulty(), proofOfWork.expiresAt(challenge));
        });
    }

    public Uni<TicketStatus> join(long releaseId, JoinRequest request) {
        return room(releaseId).chain(room -> {
            requireJoinable(room);
            Challenge challenge = proofOfWork.verify(releaseId, request.challenge(), request.solution(), room.powDifficulty());
            Instant spentUntil = proofOfWork.expiresAt(challenge);
            Instant now = clock.instant();
            Uni<Ticket> ticket;
            if (room.invitationOnly()) {
                if (request.invitationCode() == null || request.invitationCode().isBlank()) {
                    throw ProblemException.invalid("invitationCode", "is required: this release is by invitation only");
                }
                String codeHash = InvitationService.hash(request.invitationCode());
                ticket = placeForInvitation(releaseId, challenge.nonce(), spentUntil, codeHash)
                        .map(place -> new Ticket(releaseId, place.lottery(), place.number(), now, Ticket.bindingOf(codeHash)));
            } else {
                ticket = repository.join(repository.pool(), releaseId, challenge.nonce(), spentUntil)
                        .map(result -> toTicket(releaseId, result.orElseThrow(JoinService::spent), now, Ticket.NO_BINDING));
            }
            return ticket.map(issued -> status.statusOf(issued, signer.sign(issued)));
        });
    }

    public Uni<RoomView> view(long releaseId) {
        return room(releaseId).map(room -> RoomView.of(room, gate.required(room.prequeueMinutes(), room.expectedDemand())));
    }

    /** A release's waiting room, from memory once this instance knows it; created on first use. */
    Uni<RoomPicture> room(long releaseId) {
        Optional<RoomPicture> known = rooms.picture(releaseId);
        if (known.isPresent()) {
            return Uni.createFrom().item(known.get());
        }
        return repository.ensureRoom(releaseId)
                .chain(() -> repository.room(releaseId))
                .chain(found -> {
                    if (found.isPresent()) {
                        rooms.learn(found.get());
                        return Uni.createFrom().item(found.get());
                    }
                    return repository.releaseState(releaseId).map(state -> {
                        if (state.isEmpty() || "DRAFT".equals(state.get())) {
                            throw ProblemException.notFound("release " + releaseId);
                        }
                        throw ProblemException.conflict("release " + releaseId + " is " + state.get() + ": its waiting room is closed");
                    });
                });
    }

    private void requireJoinable(RoomPicture room) {
        Instant now = clock.instant();
        if (room.closedAt(now)) {
            throw ProblemException.conflict("release " + room.releaseId() + " is closed: its waiting room is closed");
        }
        if (now.isBefore(room.joinOpensAt())) {
            throw new ProblemException(Problem.of(409, "Conflict", "the waiting room of release " + room.releaseId()
                    + " opens at " + room.joinOpensAt()));
        }
    }

    /**
     * An invitation code holds one place: the first join with it takes a place, later joins get the
     * same place back. The code must be one of the release's and not yet used for a booking.
     */
    private Uni<Place> placeForInvitation(long releaseId, String nonce, Instant spentUntil, String codeHash) {
        return repository.pool().withTransaction(conn -> repository.invitationUsed(conn, releaseId, codeHash).chain(used -> {
            if (used.isEmpty()) {
                throw ProblemException.notEligible("the invitation code is unknown");
            }
            if (used.get()) {
                throw ProblemException.notEligible("the invitation code was already used for a booking");
            }
            return repository.heldPlace(conn, releaseId, codeHash).chain(held -> held.isPresent()
                    ? Uni.createFrom().item(held.get())
                    : takePlace(conn, releaseId, nonce, spentUntil, codeHash));
        }));
    }

    private Uni<Place> takePlace(SqlConnection conn, long releaseId, String nonce, Instant spentUntil, String codeHash) {
        return repository.join(conn, releaseId, nonce, spentUntil).chain(result -> {
            WaitingRoomRepository.JoinResult joined = result.orElseThrow(JoinService::spent);
            Place place = new Place(!joined.sealed(), joined.number());
            return repository.holdPlace(conn, releaseId, codeHash, place).chain(bound -> bound
                    ? Uni.createFrom().item(place)
                    // Another join with the same code won the race: both get its place.
                    : repository.heldPlace(conn, releaseId, codeHash).map(Optional::orElseThrow));
        });
    }

    private static Ticket toTicket(long releaseId, WaitingRoomRepository.JoinResult result, Instant now, String binding) {
        return new Ticket(releaseId, !result.sealed(), result.number(), now, binding);
    }

    private static ProblemException spent() {
        return ProblemException.conflict("this challenge was already used for a ticket; fetch a new one");
    }
}
