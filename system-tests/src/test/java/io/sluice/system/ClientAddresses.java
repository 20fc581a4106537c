package io.sluice.system;

/**
 * A client address per simulated person, sent as X-Forwarded-For: booking-api limits requests per
 * address, and the tests stand for thousands of people, not one script on one address.
 */
final class ClientAddresses {

    static final String HEADER = "X-Forwarded-For";

    private ClientAddresses() {
    }

    /** The same address for the same person (or request) every time. */
    static String of(String person) {
        int hash = person.hashCode();
        return "10." + (hash >>> 16 & 0xff) + "." + (hash >>> 8 & 0xff) + "." + (1 + Math.floorMod(hash, 254));
    }
}
