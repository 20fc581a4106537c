package io.sluice.infra.load;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * What a citizen's browser does before joining a waiting room (booking-api README, "Abuse"): find a
 * number whose SHA-256 over {@code challenge + ":" + number} starts with {@code difficulty} zero bits.
 * For load generators, which join without a browser.
 */
public final class JoinPuzzle {

    private JoinPuzzle() {
    }

    public static String solve(String challenge, int difficulty) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        for (long candidate = 0; ; candidate++) {
            String solution = Long.toString(candidate);
            byte[] digest = sha256.digest((challenge + ":" + solution).getBytes(StandardCharsets.UTF_8));
            if (leadingZeroBits(digest) >= difficulty) {
                return solution;
            }
        }
    }

    private static int leadingZeroBits(byte[] digest) {
        int bits = 0;
        for (byte b : digest) {
            if (b != 0) {
                return bits + Integer.numberOfLeadingZeros(b & 0xff) - 24;
            }
            bits += 8;
        }
        return bits;
    }
}
