package io.sluice.infra;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.function.BiFunction;

/**
 * Reaches a {@link LocalInfrastructure} owned by another class loader of this JVM (see
 * {@link SharedInfrastructure}). Classes of this library differ between class loaders, so nothing of
 * theirs crosses: the owner serves commands as a {@code BiFunction<String, Object, Object>} taking and
 * returning JDK types only, and mail travels as RFC 822 bytes.
 */
final class InfrastructureLink {

    private InfrastructureLink() {
    }

    /** The owner's side. */
    static BiFunction<String, Object, Object> serve(LocalInfrastructure infra) {
        Database database = infra.database();
        KafkaBroker kafka = infra.kafka();
        MailServer mail = infra.mail();
        return (command, argument) -> switch (command) {
            case "describe" -> describe(infra);
            case "database.pid" -> boxed(database.pid());
            case "database.logFile" -> database.logFile().toString();
            case "database.stop" -> done(database::stop);
            case "database.restart" -> done(database::restart);
            case "database.startAgain" -> done(database::startAgain);
            case "kafka.pid" -> boxed(kafka.pid());
            case "kafka.logFile" -> kafka.logFile().toString();
            case "kafka.stop" -> done(kafka::stop);
            case "kafka.kill" -> done(kafka::kill);
            case "kafka.restart" -> done(kafka::restart);
            case "kafka.startAgain" -> done(kafka::startAgain);
            case "mail.messages" -> toBytes(mail.receivedMessages());
            case "mail.messagesFor" -> toBytes(mail.receivedMessagesFor((String) argument));
            case "mail.deleteAll" -> done(mail::deleteAllMessages);
            default -> throw new IllegalArgumentException("Unknown command " + command);
        };
    }

    /** A view on the owner's infrastructure, in the caller's class loader. */
    @SuppressWarnings("unchecked")
    static LocalInfrastructure attach(BiFunction<String, Object, Object> owner) {
        Map<String, String> d = (Map<String, String>) owner.apply("describe", null);
        Database database = Database.view(d.get("database.host"), Integer.parseInt(d.get("database.port")),
                d.get("database.name"), d.get("database.username"), d.get("database.password"),
                Boolean.parseBoolean(d.get("database.external")), owner);
        KafkaBroker kafka = KafkaBroker.view(d.get("kafka.bootstrap"), Boolean.parseBoolean(d.get("kafka.external")),
                owner);
        MailServer mail = MailServer.view(d.get("mail.host"), Integer.parseInt(d.get("mail.port")),
                Boolean.parseBoolean(d.get("mail.external")), owner);
        return new LocalInfrastructure(database, kafka, mail, Duration.ofMillis(Long.parseLong(d.get("startMillis"))),
                false);
    }

    static OptionalLong pid(BiFunction<String, Object, Object> owner, String command) {
        Long pid = (Long) owner.apply(command, null);
        return pid == null ? OptionalLong.empty() : OptionalLong.of(pid);
    }

    static Path path(BiFunction<String, Object, Object> owner, String command) {
        return Path.of((String) owner.apply(command, null));
    }

    @SuppressWarnings("unchecked")
    static List<MimeMessage> messages(BiFunction<String, Object, Object> owner, String command, String argument) {
        List<byte[]> received = (List<byte[]>) owner.apply(command, argument);
        // jakarta.mail finds its implementation through the context class loader: make it this copy's.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(InfrastructureLink.class.getClassLoader());
        try {
            Session session = Session.getInstance(new Properties());
            List<MimeMessage> messages = new ArrayList<>();
            for (byte[] bytes : received) {
                messages.add(new MimeMessage(session, new ByteArrayInputStream(bytes)));
            }
            return messages;
        } catch (MessagingException e) {
            throw new IllegalStateException("Could not parse a received message", e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static Map<String, String> describe(LocalInfrastructure infra) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("database.host", infra.database().host());
        d.put("database.port", Integer.toString(infra.database().port()));
        d.put("database.name", infra.database().name());
        d.put("database.username", infra.database().username());
        d.put("database.password", infra.database().password());
        d.put("database.external", Boolean.toString(infra.database().isExternal()));
        d.put("kafka.bootstrap", infra.kafka().bootstrapServers());
        d.put("kafka.external", Boolean.toString(infra.kafka().isExternal()));
        d.put("mail.host", infra.mail().smtpHost());
        d.put("mail.port", Integer.toString(infra.mail().smtpPort()));
        d.put("mail.external", Boolean.toString(infra.mail().isExternal()));
        d.put("startMillis", Long.toString(infra.startTime().toMillis()));
        return d;
    }

    private static Object done(Runnable action) {
        action.run();
        return null;
    }

    private static Long boxed(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }

    private static List<byte[]> toBytes(List<MimeMessage> messages) {
        List<byte[]> result = new ArrayList<>();
        for (MimeMessage message : messages) {
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                message.writeTo(out);
                result.add(out.toByteArray());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (MessagingException e) {
                throw new IllegalStateException("Could not serialise a received message", e);
            }
        }
        return result;
    }
}
