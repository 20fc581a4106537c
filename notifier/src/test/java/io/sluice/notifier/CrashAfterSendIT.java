package io.sluice.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.infra.FreePorts;
import io.sluice.infra.MailServer;
import io.sluice.infra.ServiceProcess;
import io.sluice.infra.SluiceInfraTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The window the README documents under "Exactly once": the packaged notifier, run as a process, is killed
 * with SIGKILL after the SMTP server accepted a confirmation and before the notifier recorded it SENT. The
 * restarted notifier gets the decision again and resends the mail with the same Message-ID, once.
 */
@QuarkusTest
@QuarkusTestResource(NotifierTestResource.class)
class CrashAfterSendIT {

    private static final Instant STARTS_AT = Instant.parse("2031-02-03T08:00:00Z");

    @Inject
    Pool db;

    @Test
    void aNotifierKilledBetweenSendingAndRecordingResendsTheMailWithTheSameMessageId() throws Exception {
        TestData.Booked booked = new TestData(db).confirmed("en", null, STARTS_AT);
        MailServer mail = SluiceInfraTestResource.infrastructure().mail();
        // The process reads its own topic in its own consumer groups: the notifier of this test JVM, on the
        // same database, broker and SMTP server, must neither take its events nor hand it others.
        String run = UUID.randomUUID().toString().substring(0, 8);
        String topic = "crash-test-decisions-" + run;
        Map<String, String> env = new HashMap<>(SluiceInfraTestResource.infrastructure().environment());
        env.put("SLUICE_CANCEL_LINK_SECRET", "crash-test-cancel-link-secret");
        env.put("SLUICE_JSON_LOGS", "false");
        List<String> options = options(run, topic);
        SluiceInfraTestResource.infrastructure().kafka().createTopic(topic, 1);
        Path module = Path.of("").toAbsolutePath();
        Path logs = Path.of("target/crash-test").toAbsolutePath();

        List<String> holding = new ArrayList<>(options);
        holding.add("-Dsluice.notifier.hold-before-record=10m");
        ServiceProcess notifier = new ServiceProcess("notifier-" + run, module, FreePorts.next(), env, holding, logs);
        try {
            notifier.start().awaitReady(Duration.ofSeconds(120));
            Kafka.publish(topic, booked.decision().requestId().toString(), List.of(booked.decision()));

            MimeMessage first = mail.awaitMessagesFor(booked.email(), 1, Duration.ofSeconds(60)).get(0);
            assertThat(new TestData(db).notificationState("CONFIRMATION:" + booked.code())).isEqualTo("SENDING");
            notifier.kill();

            notifier = new ServiceProcess("notifier-" + run, module, FreePorts.next(), env, options, logs);
            notifier.start().awaitReady(Duration.ofSeconds(120));
            List<MimeMessage> both = mail.awaitMessagesFor(booked.email(), 2, Duration.ofSeconds(60));
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> new TestData(db).notificationState("CONFIRMATION:" + booked.code()).equals("SENT"));

            String messageId = "<confirmation." + booked.code() + "@sluice.invalid>";
            assertThat(both).extracting(CrashAfterSendIT::messageId).containsExactly(messageId, messageId);
            assertThat(messageId(first)).isEqualTo(messageId);
            assertThat(mail.receivedMessagesFor(booked.email())).hasSize(2);
        } finally {
            notifier.stop();
        }
    }

    /** System properties rather than environment variables: a channel name with a dash has no unambiguous variable. */
    private static List<String> options(String run, String topic) {
        List<String> options = new ArrayList<>(ServiceProcess.DEFAULT_JVM_OPTIONS);
        options.add("-Dmp.messaging.incoming.booking-decisions.topic=" + topic);
        options.add("-Dmp.messaging.incoming.booking-decisions.group.id=crash-test-" + run);
        for (String channel : List.of("booking-cancellations", "release-announcements", "slots-freed")) {
            options.add("-Dmp.messaging.incoming." + channel + ".group.id=crash-test-" + run + "-" + channel);
            options.add("-Dmp.messaging.incoming." + channel + ".auto.offset.reset=latest");
        }
        options.add("-Dsluice.notifier.waitlist.every=off");
        return options;
    }

    private static String messageId(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }
}
