package io.sluice.infra;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Quarkus loads test code once per test profile in a class loader of its own; the test resource must still
 * start one infrastructure per JVM. An isolated class loader over the same class path plays Quarkus here.
 */
class SharedInfrastructureIT {

    @Test
    void anotherClassLoaderGetsTheSameServersAndCanReadTheirMail() throws Exception {
        LocalInfrastructure owned = SluiceInfraTestResource.infrastructure();
        assertThat(SluiceInfraTestResource.infrastructure()).isSameAs(owned);
        String citizen = "shared-" + System.nanoTime() + "@example.org";
        send(owned.mail(), citizen, "Release announced");

        try (URLClassLoader profile = isolatedClassLoader()) {
            Class<?> resourceClass = profile.loadClass(SluiceInfraTestResource.class.getName());
            assertThat(resourceClass).isNotSameAs(SluiceInfraTestResource.class);

            Object resource = resourceClass.getConstructor().newInstance();
            assertThat(call(resource, "start")).isEqualTo(owned.quarkusConfig());

            Object view = resourceClass.getMethod("infrastructure").invoke(null);
            Object kafka = call(view, "kafka");
            assertThat(call(kafka, "pid")).isEqualTo(owned.kafka().pid());
            List<?> mail = (List<?>) call(call(view, "mail"), "awaitMessagesFor",
                    new Class<?>[] {String.class, int.class, Duration.class}, citizen, 1, Duration.ofSeconds(10));
            assertThat(mail).hasSize(1);
            assertThat(call(mail.get(0), "getSubject")).isEqualTo("Release announced");

            call(view, "close");
            assertThat(owned.kafka().pid()).as("a view's close() leaves the shared servers running").isPresent();

            call(kafka, "restart");
            OptionalLong restarted = owned.kafka().pid();
            assertThat(call(kafka, "pid")).isEqualTo(restarted);
        }
    }

    private static URLClassLoader isolatedClassLoader() throws MalformedURLException {
        List<URL> urls = new ArrayList<>();
        for (Path entry : JavaClassPath.current()) {
            urls.add(entry.toUri().toURL());
        }
        return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    private static void send(MailServer mail, String to, String subject) throws Exception {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", mail.smtpHost());
        properties.put("mail.smtp.port", Integer.toString(mail.smtpPort()));
        MimeMessage message = new MimeMessage(Session.getInstance(properties));
        message.setFrom(new InternetAddress("no-reply@sluice.example"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject);
        message.setText("Saturday 08:00");
        Transport.send(message);
    }

    private static Object call(Object target, String method) throws Exception {
        return call(target, method, new Class<?>[0]);
    }

    private static Object call(Object target, String method, Class<?>[] types, Object... args) throws Exception {
        return target.getClass().getMethod(method, types).invoke(target, args);
    }
}
