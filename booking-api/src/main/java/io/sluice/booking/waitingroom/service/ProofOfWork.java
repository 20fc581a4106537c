package io.sluice.booking.waitingroom.service;

import io.sluice.booking.waitingroom.Challenge;
import io.sluice.booking.waitingroom.WaitingRoomConfig;
import io.sluice.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;

/**
 * Makes a join cost the joining browser some work (a few hundred thousand hashes at the default
 * difficulty, well under a second on a phone) and the server one hash, so that buying many places
 * costs many CPUs. The operator raises the difficulty of a release live; challenges issued at a lower
 * difficulty are refused from then on.
 */
@ApplicationScoped
public class ProofOfWork {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final TicketSigner signer;
    private final WaitingRoomConfig config;
    private final Clock clock;

    public ProofOfWork(TicketSigner signer, WaitingRoomConfig config, Clock clock) {
        this.signer = signer;
        this.config = config;
        this.clock = clock;
    }

    public Challenge issue(long releaseId, int difficulty) {
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        return new Challenge(releaseId, clock.instant(), difficulty, Base64.getUrlEncoder().withoutPadding().encodeToString(nonce));
    }

    public Instant expiresAt(Challenge challenge) {
        return challenge.issuedAt().plus(config.challengeTtl());
    }

    /** The checked challenge, when it is this service's, fresh, as hard as the release now asks, and solved. */
    public Challenge verify(long releaseId, String text, String solution, int requiredDifficulty) {
        Challenge challenge = signer.readChallenge(text, releaseId);
        if (clock.instant().isAfter(expiresAt(challenge))) {
            throw ProblemException.invalid("challenge", "has expired; fetch a new one");
        }
        if (challenge.difficulty() < requiredDifficulty) {
            throw ProblemException.invalid("challenge", "the difficulty was raised to " + requiredDifficulty + "; fetch a new challenge");
        }
        if (solution == null || !solution.matches("[0-9]{1,20}") || leadingZeroBits(text + ":" + solution) < challenge.difficulty()) {
            throw ProblemException.invalid("solution", "does not solve the challenge");
        }
        return challenge;
    }

    static int leadingZeroBits(String input) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        int bits = 0;
        for (byte b : digest) {
            if (b == 0) {
                bits += 8;
                continue;
            }
            return bits + Integer.numberOfLeadingZeros(b & 0xff) - 24;
        }
        return bits;
    }

    /** What a browser does; used by tests and tools that join without one. */
    public static String solve(String challenge, int difficulty) {
        for (long candidate = 0; ; candidate++) {
            String solution = Long.toString(candidate);
            if (leadingZeroBits(challenge + ":" + solution) >= difficulty) {
                return solution;
            }
        }
    }
}
