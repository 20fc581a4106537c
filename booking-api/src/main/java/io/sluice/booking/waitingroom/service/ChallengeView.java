package io.sluice.booking.waitingroom.service;

import java.time.Instant;

/** A proof-of-work puzzle to solve before joining: SHA-256(challenge + ":" + solution) with difficulty leading zero bits. */
public record ChallengeView(String challenge, int difficulty, Instant expiresAt) {
}
