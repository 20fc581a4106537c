package io.sluice.infra;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * An SMTP server that accepts any sender and recipient without authentication and keeps every message,
 * so tests can read what the notifier sent (GreenMail, in this JVM); or an external server named by
 * {@code SLUICE_SMTP_HOST}, whose mail cannot be read here.
 */
public final class MailServer implements AutoCloseable {

    public static final String EXTERNAL_HOST = "SLUICE_SMTP_HOST";
    public static final String EXTERNAL_PORT = "SLUICE_SMTP_PORT";

    private static final String HOST = "127.0.0.1";
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long STARTUP_TIMEOUT_MS = 30_000;

    private final String host;
    private final int port;
    private final boolean external;
    private final GreenMail greenMail;
    private final BiFunction<String, Object, Object> owner;

    private MailServer(String host, int port, boolean external, GreenMail greenMail,
            BiFunction<String, Object, Object> owner) {
        this.host = host;
        this.port = port;
        this.external = external;
        this.greenMail = greenMail;
        this.owner = owner;
    }

    /** The external server when {@code SLUICE_SMTP_HOST} is set, otherwise a local one on a free port. */
    public static MailServer start() {
        return ExternalSettings.get(EXTERNAL_HOST)
                .map(host -> external(host, ExternalSettings.getInt(EXTERNAL_PORT, 25)))
                .orElseGet(MailServer::startLocal);
    }

    public static MailServer external(String host, int port) {
        return new MailServer(host, port, true, null, null);
    }

    /** A server started by another class loader of this JVM, read through {@code owner}. */
    static MailServer view(String host, int port, boolean external, BiFunction<String, Object, Object> owner) {
        return new MailServer(host, port, external, null, owner);
    }

    public static MailServer startLocal() {
        // Without a named provider jakarta.mail searches the class path for every MIME part it parses,
        // which costs GreenMail two thirds of its CPU in a Quarkus test JVM.
        if (System.getProperty("jakarta.mail.util.StreamProvider") == null) {
            System.setProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
        }
        IllegalStateException failure = null;
        // A free port may be taken by another process before GreenMail binds it; then another one is tried.
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = FreePorts.next();
            ServerSetup setup = new ServerSetup(port, HOST, ServerSetup.PROTOCOL_SMTP);
            // GreenMail's 2 s were not enough once in a cold JVM on a slow two-core machine.
            setup.setServerStartupTimeout(STARTUP_TIMEOUT_MS);
            GreenMail greenMail = new GreenMail(setup)
                    .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
            try {
                greenMail.start();
                return new MailServer(HOST, port, false, greenMail, null);
            } catch (IllegalStateException e) {
                greenMail.stop();
                failure = e;
            }
        }
        throw failure;
    }

    public String smtpHost() {
        return host;
    }

    public int smtpPort() {
        return port;
    }

    public boolean isExternal() {
        return external;
    }

    /**
     * Every message received since the start (or the last {@link #deleteAllMessages()}): one copy per
     * recipient mailbox, as GreenMail delivers them.
     */
    public List<MimeMessage> receivedMessages() {
        if (owner != null) {
            return InfrastructureLink.messages(owner, "mail.messages", null);
        }
        return Arrays.asList(local().getReceivedMessages());
    }

    /** The messages delivered to {@code address} (To, Cc or Bcc: the SMTP envelope decides). */
    public List<MimeMessage> receivedMessagesFor(String address) {
        if (owner != null) {
            return InfrastructureLink.messages(owner, "mail.messagesFor", address);
        }
        return local().findReceivedMessages(user -> address.equalsIgnoreCase(user.getEmail()), message -> true)
                .toList();
    }

    /** Waits until at least {@code count} messages have arrived; fails with what did arrive on timeout. */
    public List<MimeMessage> awaitMessages(int count, Duration timeout) {
        return await(count, timeout, this::receivedMessages, "messages");
    }

    /** Waits until at least {@code count} messages for {@code address} have arrived. */
    public List<MimeMessage> awaitMessagesFor(String address, int count, Duration timeout) {
        return await(count, timeout, () -> receivedMessagesFor(address), "messages for " + address);
    }

    /** Forgets all messages, e.g. between test cases sharing the server. */
    public void deleteAllMessages() {
        if (owner != null) {
            owner.apply("mail.deleteAll", null);
            return;
        }
        try {
            local().purgeEmailFromAllMailboxes();
        } catch (Exception e) {
            throw new IllegalStateException("Could not delete the received messages", e);
        }
    }

    public void stop() {
        if (greenMail != null) {
            greenMail.stop();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private List<MimeMessage> await(int count, Duration timeout, Supplier<List<MimeMessage>> messages, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<MimeMessage> matching = messages.get();
            if (matching.size() >= count || System.nanoTime() > deadline) {
                if (matching.size() < count) {
                    throw new AssertionError("Expected " + count + " " + what + " within " + timeout + " but got "
                            + matching.size() + "; all received: " + describe(receivedMessages()));
                }
                return matching;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + what, e);
            }
        }
    }

    private static String describe(List<MimeMessage> messages) {
        return messages.stream().map(message -> {
            try {
                return Arrays.toString(message.getRecipients(Message.RecipientType.TO)) + " '" + message.getSubject()
                        + "'";
            } catch (MessagingException e) {
                return "(unreadable: " + e.getMessage() + ")";
            }
        }).toList().toString();
    }

    private GreenMail local() {
        if (external) {
            throw new UnsupportedOperationException("The SMTP server " + host + ":" + port + " is external ("
                    + EXTERNAL_HOST + "); its mail cannot be read here");
        }
        return greenMail;
    }

    @Override
    public String toString() {
        return "SMTP " + host + ":" + port + (isExternal() ? " (external)" : "");
    }
}
