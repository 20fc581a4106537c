package io.sluice.booking.waitingroom.service;

import io.sluice.booking.BookingConfig;
import io.sluice.booking.waitingroom.Admission;
import io.sluice.booking.waitingroom.Challenge;
import io.sluice.booking.waitingroom.Ticket;
import io.sluice.booking.waitingroom.WaitingRoomConfig;
import io.sluice.problem.Problem;
import io.sluice.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * Signs and checks tickets, admissions and challenges. Each is a short dotted text ending in a
 * truncated HMAC-SHA256 over a purpose label and the text, so one kind can never pass for another:
 * <ul>
 * <li>ticket: {@code <release>.<L|P><number>.<issued epoch s>.<binding>.<mac>}</li>
 * <li>admission: {@code <release>.<position>.<expires epoch s>.<binding>.<mac>}</li>
 * <li>challenge: {@code <release>.<issued epoch ms>.<difficulty>.<nonce>.<mac>}</li>
 * </ul>
 * Every instance holds the same key, so any instance reads what another signed.
 */
@ApplicationScoped
public class TicketSigner {

    private static final Logger LOG = Logger.getLogger(TicketSigner.class);
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder UNBASE64 = Base64.getUrlDecoder();
    private static final int MAC_BYTES = 16;

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    @Inject
    public TicketSigner(WaitingRoomConfig config, BookingConfig booking) {
        this(config.ticketSecret().map(secret -> secret.getBytes(StandardCharsets.UTF_8)).orElseGet(() -> {
            LOG.info("sluice.waiting-room.ticket-secret is not set: deriving the ticket key from the person key secret");
            return derive(booking.personKeySecret());
        }));
    }

    /** For tests and tools that sign with a known key. */
    public TicketSigner(byte[] secret) {
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    public String sign(Ticket ticket) {
        return seal("ticket", ticket.releaseId() + "." + (ticket.lottery() ? "L" : "P") + ticket.number() + "."
                + ticket.issuedAt().getEpochSecond() + "." + ticket.binding());
    }

    public String sign(Admission admission) {
        return seal("admission", admission.releaseId() + "." + admission.position() + "."
                + admission.expiresAt().getEpochSecond() + "." + admission.binding());
    }

    public String sign(Challenge challenge) {
        return seal("challenge", challenge.releaseId() + "." + challenge.issuedAt().toEpochMilli() + "."
                + challenge.difficulty() + "." + challenge.nonce());
    }

    /** The ticket, if the text is one this service signed for this release; expiry is the caller's call. */
    public Ticket readTicket(String text, long releaseId) {
        String[] parts = open("ticket", text, "ticket");
        try {
            char kind = parts[1].charAt(0);
            if (kind != 'L' && kind != 'P') {
                throw invalid("ticket", "is not a valid ticket");
            }
            Ticket ticket = new Ticket(Long.parseLong(parts[0]), kind == 'L', Long.parseLong(parts[1].substring(1)),
                    Instant.ofEpochSecond(Long.parseLong(parts[2])), parts[3]);
            requireRelease(ticket.releaseId(), releaseId, "ticket");
            return ticket;
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw invalid("ticket", "is not a valid ticket");
        }
    }

    public Admission readAdmission(String text, long releaseId) {
        String[] parts = open("admission", text, "Sluice-Admission");
        try {
            Admission admission = new Admission(Long.parseLong(parts[0]), Long.parseLong(parts[1]),
                    Instant.ofEpochSecond(Long.parseLong(parts[2])), parts[3]);
            if (admission.releaseId() != releaseId) {
                throw notAdmitted("the admission belongs to release " + admission.releaseId() + ", not " + releaseId);
            }
            return admission;
        } catch (NumberFormatException e) {
            throw notAdmitted("the admission is not valid");
        }
    }

    public Challenge readChallenge(String text, long releaseId) {
        String[] parts = open("challenge", text, "challenge");
        try {
            Challenge challenge = new Challenge(Long.parseLong(parts[0]), Instant.ofEpochMilli(Long.parseLong(parts[1])),
                    Integer.parseInt(parts[2]), parts[3]);
            requireRelease(challenge.releaseId(), releaseId, "challenge");
            return challenge;
        } catch (NumberFormatException e) {
            throw invalid("challenge", "is not a valid challenge");
        }
    }

    static ProblemException notAdmitted(String detail) {
        return new ProblemException(Problem.of(403, "Not admitted", detail));
    }

    private static ProblemException invalid(String field, String message) {
        return new ProblemException(Problem.ofField(400, "Bad Request", field, message));
    }

    private static void requireRelease(long signedFor, long asked, String field) {
        if (signedFor != asked) {
            throw invalid(field, "belongs to release " + signedFor + ", not to release " + asked);
        }
    }

    private String seal(String purpose, String body) {
        return body + "." + BASE64.encodeToString(mac(purpose, body));
    }

    /** The four dotted fields before the MAC, if the MAC matches; a forgery learns nothing about why. */
    private String[] open(String purpose, String text, String field) {
        int dot = text == null ? -1 : text.lastIndexOf('.');
        if (text == null || text.length() > 200 || dot <= 0) {
            throw "admission".equals(purpose) ? notAdmitted("the admission is missing or not valid")
                    : invalid(field, "is missing or not valid");
        }
        String body = text.substring(0, dot);
        byte[] given;
        try {
            given = UNBASE64.decode(text.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            given = new byte[0];
        }
        String[] parts = body.split("\\.", -1);
        if (parts.length != 4 || !MessageDigest.isEqual(mac(purpose, body), given)) {
            throw "admission".equals(purpose) ? notAdmitted("the admission is not valid: it was altered or not issued here")
                    : invalid(field, "is not valid: it was altered or not issued here");
        }
        return parts;
    }

    private byte[] mac(String purpose, String body) {
        Mac mac = macs.get();
        mac.update(purpose.getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) '|');
        return Arrays.copyOf(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)), MAC_BYTES);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** A key of its own for tickets, derived from the person key secret when no ticket secret is set. */
    private static byte[] derive(String master) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(master.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal("sluice waiting-room ticket key".getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
