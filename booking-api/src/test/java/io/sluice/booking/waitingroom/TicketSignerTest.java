package io.sluice.booking.waitingroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.booking.waitingroom.service.TicketSigner;
import io.sluice.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TicketSignerTest {

    private final TicketSigner signer = new TicketSigner("unit-test-secret".getBytes(StandardCharsets.UTF_8));
    private final Instant now = Instant.parse("2026-12-05T07:00:00Z");

    @Test
    void aTicketReadsBackAsSigned() {
        Ticket ticket = Ticket.position(42, 1234, now, Ticket.NO_BINDING);
        assertThat(signer.readTicket(signer.sign(ticket), 42)).isEqualTo(ticket);
        Ticket lottery = Ticket.lottery(42, 17, now, "0123456789abcdef");
        assertThat(signer.readTicket(signer.sign(lottery), 42)).isEqualTo(lottery);
    }

    @Test
    void aChangedPositionOrSignatureIsRefused() {
        String text = signer.sign(Ticket.position(42, 1234, now, Ticket.NO_BINDING));
        assertRefused(() -> signer.readTicket(text.replace(".P1234.", ".P1."), 42), 400, "altered");
        assertRefused(() -> signer.readTicket(text.substring(0, text.length() - 2) + "AA", 42), 400, "altered");
        assertRefused(() -> signer.readTicket("garbage", 42), 400, "ticket");
        assertRefused(() -> signer.readTicket(null, 42), 400, "ticket");
        assertRefused(() -> new TicketSigner("other".getBytes(StandardCharsets.UTF_8)).readTicket(text, 42), 400, "altered");
    }

    @Test
    void aTicketOfAnotherReleaseIsRefused() {
        String text = signer.sign(Ticket.position(42, 1, now, Ticket.NO_BINDING));
        assertRefused(() -> signer.readTicket(text, 43), 400, "release 42");
    }

    @Test
    void aTicketIsNoAdmissionAndAnAdmissionNoTicket() {
        String ticket = signer.sign(Ticket.position(42, 7, now, Ticket.NO_BINDING));
        String admission = signer.sign(new Admission(42, 7, now, Ticket.NO_BINDING));
        assertRefused(() -> signer.readAdmission(ticket, 42), 403, "altered");
        assertRefused(() -> signer.readTicket(admission, 42), 400, "altered");
        assertThat(signer.readAdmission(admission, 42).position()).isEqualTo(7);
        assertRefused(() -> signer.readAdmission(admission, 41), 403, "release 42");
    }

    private void assertRefused(Runnable read, int status, String detail) {
        assertThatThrownBy(read::run).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.problem().status()).isEqualTo(status);
            assertThat(e.problem().detail()).contains(detail);
        });
    }
}
