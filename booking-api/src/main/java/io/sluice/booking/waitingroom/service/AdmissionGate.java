package io.sluice.booking.waitingroom.service;

import io.sluice.booking.booking.service.InvitationService;
import io.sluice.booking.waitingroom.Admission;
import io.sluice.booking.waitingroom.Ticket;
import io.sluice.booking.waitingroom.WaitingRoomConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Optional;

/**
 * The door between the waiting room and booking: a booking request for a release that uses the
 * waiting room must carry a valid, unexpired admission of that release. Whether the admission was
 * used already is settled when the request is stored (one request per admitted position).
 */
@ApplicationScoped
public class AdmissionGate {

    private final TicketSigner signer;
    private final WaitingRoomConfig config;
    private final Clock clock;

    public AdmissionGate(TicketSigner signer, WaitingRoomConfig config, Clock clock) {
        this.signer = signer;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Releases with a pre-queue or an expected demand use the waiting room (all releases when so
     * configured); a release opened live for a handful of people does not need one.
     */
    public boolean required(int prequeueMinutes, Integer expectedDemand) {
        return config.allReleases() || prequeueMinutes > 0 || (expectedDemand != null && expectedDemand > 0);
    }

    /**
     * The admission the request carries, checked; empty when it carries none and the release does not
     * require one. An admission bound to an invitation code only books with that code.
     */
    public Optional<Admission> check(long releaseId, boolean required, String token, String invitationCode) {
        if (token == null || token.isBlank()) {
            if (required) {
                throw TicketSigner.notAdmitted("release " + releaseId + " admits through its waiting room: join it at "
                        + "/api/releases/" + releaseId + "/waiting-room and send the admission as header Sluice-Admission");
            }
            return Optional.empty();
        }
        Admission admission = signer.readAdmission(token.strip(), releaseId);
        if (!clock.instant().isBefore(admission.expiresAt())) {
            throw TicketSigner.notAdmitted("the admission expired at " + admission.expiresAt() + "; join the queue again");
        }
        if (!Ticket.NO_BINDING.equals(admission.binding()) && (invitationCode == null || invitationCode.isBlank()
                || !Ticket.bindingOf(InvitationService.hash(invitationCode)).equals(admission.binding()))) {
            throw TicketSigner.notAdmitted("the admission was given for another invitation code");
        }
        return Optional.of(admission);
    }
}
