package io.sluice.booking.waitingroom;

import java.time.Instant;

/**
 * A place in a release's queue, as the signed ticket carries it: the server keeps nothing per ticket.
 * Joined in the pre-queue, the ticket holds a lottery number whose position is drawn at opening;
 * otherwise it holds the position itself.
 *
 * @param binding the first 16 hex digits of the invitation code's hash the place was taken with, or "-"
 */
public record Ticket(long releaseId, boolean lottery, long number, Instant issuedAt, String binding) {

    public static final String NO_BINDING = "-";

    public static Ticket lottery(long releaseId, long lotteryNumber, Instant issuedAt, String binding) {
        return new Ticket(releaseId, true, lotteryNumber, issuedAt, binding);
    }

    public static Ticket position(long releaseId, long position, Instant issuedAt, String binding) {
        return new Ticket(releaseId, false, position, issuedAt, binding);
    }

    /** The invitation binding of a code hash (hex SHA-256): short, as it only has to tell codes apart. */
    public static String bindingOf(String codeHash) {
        return codeHash == null ? NO_BINDING : codeHash.substring(0, 16);
    }
}
