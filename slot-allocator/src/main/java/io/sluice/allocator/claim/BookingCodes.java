package io.sluice.allocator.claim;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;

/**
 * Booking codes people read out at the desk: eight characters without 0/O or 1/I, grouped by four.
 * Random, so a code cannot be guessed from another one.
 */
@ApplicationScoped
public class BookingCodes {

    private static final char[] ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ".toCharArray();

    private final SecureRandom random = new SecureRandom();

    public String next() {
        char[] code = new char[9];
        for (int i = 0; i < code.length; i++) {
            code[i] = i == 4 ? '-' : ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(code);
    }
}
