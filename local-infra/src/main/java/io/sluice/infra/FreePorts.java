package io.sluice.infra;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds ports that are free right now, so parallel builds and a running local stack do not collide.
 *
 * <p>The ports come from below the kernel's ephemeral range. A port the kernel hands out with {@code bind(0)} is
 * from that range, and so is the local port of every outgoing connection. Between the check here and the
 * service's own bind (seconds, while a broker and databases start), any client connecting anywhere could take it:
 * a CI run once saw a service fail with "Address already in use" exactly so. Below the range only listeners that
 * ask for a port by number can take it.
 */
public final class FreePorts {

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** Above the well-known and most registered service ports. */
    private static final int LOWEST = 20000;
    /** Linux's default ephemeral range starts here; used where /proc does not say. */
    private static final int DEFAULT_EPHEMERAL_START = 32768;
    private static final int ATTEMPTS = 200;

    /** Ports handed out by this JVM: a port is not given twice although nothing listens on it yet. */
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private FreePorts() {
    }

    public static synchronized int next() {
        int below = ephemeralRangeStart();
        if (below - LOWEST < ATTEMPTS) {
            return kernelChosen();
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
            if (!HANDED_OUT.contains(port) && bindable(port)) {
                HANDED_OUT.add(port);
                return port;
            }
        }
        throw new IllegalStateException("No free local port between " + LOWEST + " and " + below + " after "
                + ATTEMPTS + " attempts");
    }

    static int ephemeralRangeStart() {
        // Read as lines: Files.readString on this /proc file returned only its first byte on this JDK.
        try (BufferedReader reader = Files.newBufferedReader(EPHEMERAL_RANGE)) {
            String[] range = reader.readLine().trim().split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException unreadable) {
            return DEFAULT_EPHEMERAL_START;
        }
    }

    private static boolean bindable(int port) {
        // The wildcard address: refused if anything listens on the port at any address.
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static int kernelChosen() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free local port", e);
        }
    }
}
