package io.sluice.booking.waitingroom;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The pre-queue draw: the position of lottery number {@code n} among {@code size} pre-queue joins is
 * {@code 1 + P(n - 1)}, where P is a keyed pseudorandom permutation of {@code 0..size-1}: a balanced
 * six-round Feistel network over the smallest even bit width that holds {@code size - 1}, walked in
 * cycles until the value falls below {@code size}. Round {@code i} of half {@code r} is the first
 * eight bytes (big-endian) of HMAC-SHA256(seed, "sluice-shuffle-v1|size|i|r"), masked to the half
 * width. Nobody knows the seed before the seal (only its SHA-256 is public), and anyone can recompute
 * every position from the seed published afterwards. It needs no table of positions, so memory does
 * not grow with the pre-queue.
 */
public final class Shuffle {

    private static final int ROUNDS = 6;

    private Shuffle() {
    }

    /** The 1-based queue position of a 1-based lottery number. */
    public static long position(byte[] seed, long size, long lotteryNumber) {
        if (lotteryNumber < 1 || lotteryNumber > size) {
            throw new IllegalArgumentException("lottery number " + lotteryNumber + " is outside 1.." + size);
        }
        if (size == 1) {
            return 1;
        }
        int bits = Math.max(2, 64 - Long.numberOfLeadingZeros(size - 1));
        if (bits % 2 == 1) {
            bits++;
        }
        int half = bits / 2;
        long mask = (1L << half) - 1;
        Mac mac = mac(seed);
        long value = lotteryNumber - 1;
        do {
            value = permute(mac, size, half, mask, value);
        } while (value >= size);
        return value + 1;
    }

    private static long permute(Mac mac, long size, int half, long mask, long value) {
        long left = value >>> half;
        long right = value & mask;
        for (int round = 0; round < ROUNDS; round++) {
            long next = left ^ (roundValue(mac, size, round, right) & mask);
            left = right;
            right = next;
        }
        return (left << half) | right;
    }

    private static long roundValue(Mac mac, long size, int round, long half) {
        byte[] digest = mac.doFinal(("sluice-shuffle-v1|" + size + "|" + round + "|" + half).getBytes(StandardCharsets.US_ASCII));
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (digest[i] & 0xff);
        }
        return value;
    }

    private static Mac mac(byte[] seed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(seed, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
