package io.sluice.notifier;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay in front of the test SMTP server that a test can switch off: while off, it drops every open
 * connection and answers new ones like a relay that is down ({@code 421 Service not available}).
 */
final class SmtpSwitch implements AutoCloseable {

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final ExecutorService pumps = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "smtp-switch");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile boolean down;

    SmtpSwitch(String targetHost, int targetPort) throws IOException {
        this.server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        pumps.execute(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    void down() {
        down = true;
        for (Socket socket : open) {
            close(socket);
        }
        open.clear();
    }

    void up() {
        down = false;
    }

    /** Connections answered with 421 since the start. */
    int refused() {
        return refused.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                client.setTcpNoDelay(true);
                if (down) {
                    refused.incrementAndGet();
                    client.getOutputStream().write("421 4.3.2 Service not available\r\n".getBytes(StandardCharsets.US_ASCII));
                    client.close();
                    continue;
                }
                Socket target = new Socket(targetHost, targetPort);
                target.setTcpNoDelay(true);
                open.add(client);
                open.add(target);
                pumps.execute(() -> pump(client, target));
                pumps.execute(() -> pump(target, client));
            } catch (IOException e) {
                // The server socket closed, or one connection failed: the relay itself carries on.
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // A closed side ends the pair.
        } finally {
            close(from);
            close(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        down();
        pumps.shutdownNow();
    }
}
