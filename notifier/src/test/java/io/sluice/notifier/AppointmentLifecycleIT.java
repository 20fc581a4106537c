package io.sluice.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.events.Topics;
import io.sluice.infra.MailServer;
import io.sluice.infra.SluiceInfraTestResource;
import io.sluice.notifier.booking.ReminderService;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Reminders the day before and cancellations, each once. */
@QuarkusTest
@QuarkusTestResource(NotifierTestResource.class)
class AppointmentLifecycleIT {

    @Inject
    Pool db;

    @Inject
    ReminderService reminders;

    @Test
    void tomorrowsAppointmentsBookedInGoodTimeAreRemindedOnce() throws Exception {
        TestData data = new TestData(db);
        TestData.Site site = data.site("Leipzig");
        Instant tomorrow = Instant.now().plus(20, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
        Instant threeDaysAgo = Instant.now().minus(3, ChronoUnit.DAYS);
        TestData.Booked due = data.confirmed(site, "de", null, tomorrow, threeDaysAgo, "CONFIRMED");
        TestData.Booked bookedJustNow = data.confirmed(site, "de", null, tomorrow, Instant.now().minus(1, ChronoUnit.HOURS),
                "CONFIRMED");
        TestData.Booked cancelled = data.confirmed(site, "de", null, tomorrow, threeDaysAgo, "CANCELLED");
        TestData.Booked nextWeek = data.confirmed(site, "en", null, Instant.now().plus(7, ChronoUnit.DAYS), threeDaysAgo,
                "CONFIRMED");

        reminders.sendDue().await().atMost(Duration.ofSeconds(30));
        reminders.sendDue().await().atMost(Duration.ofSeconds(30));

        MailServer mail = SluiceInfraTestResource.infrastructure().mail();
        List<MimeMessage> received = mail.receivedMessagesFor(due.email());
        assertThat(received).hasSize(1);
        MimeMessage reminder = received.get(0);
        assertThat(reminder.getSubject()).startsWith("Erinnerung: Ihr Termin morgen");
        assertThat(reminder.getMessageID()).isEqualTo("<reminder." + due.code() + "@sluice.invalid>");
        assertThat(reminder.getHeader("In-Reply-To")[0]).isEqualTo("<confirmation." + due.code() + "@sluice.invalid>");
        assertThat(Mails.text(reminder)).contains(due.code(), TestData.SITE_ADDRESS);
        assertThat(Mails.calendar(reminder).<VEvent>getComponent("VEVENT").orElseThrow().getUid().orElseThrow().getValue())
                .isEqualTo(due.code());
        assertThat(data.notificationState("REMINDER:" + due.code())).isEqualTo("SENT");
        assertThat(mail.receivedMessagesFor(bookedJustNow.email())).isEmpty();
        assertThat(mail.receivedMessagesFor(cancelled.email())).isEmpty();
        assertThat(mail.receivedMessagesFor(nextWeek.email())).isEmpty();
    }

    @Test
    void aCancelledBookingIsToldOnceWithACalendarFileThatRemovesTheEntry() throws Exception {
        TestData.Booked booked = new TestData(db).confirmed("en", null, Instant.parse("2031-03-04T10:00:00Z"));
        Kafka.publish(Topics.BOOKING_DECISIONS, booked.decision().requestId().toString(), List.of(booked.decision()));
        MailServer mail = SluiceInfraTestResource.infrastructure().mail();
        mail.awaitMessagesFor(booked.email(), 1, Duration.ofSeconds(60));

        Kafka.publish(Topics.BOOKING_CANCELLATIONS, booked.decision().requestId().toString(),
                List.of(booked.cancelled(), booked.cancelled()));

        MimeMessage cancellation = mail.awaitMessagesFor(booked.email(), 2, Duration.ofSeconds(60)).stream()
                .filter(m -> subject(m).contains("cancelled")).findFirst().orElseThrow();
        assertThat(cancellation.getSubject()).isEqualTo("Your appointment on Tuesday, 4 March 2031 at 11:00 is cancelled");
        assertThat(cancellation.getHeader("References")[0]).isEqualTo("<confirmation." + booked.code() + "@sluice.invalid>");
        Calendar calendar = Mails.calendar(cancellation);
        assertThat(calendar.getProperty("METHOD").orElseThrow().getValue()).isEqualTo("CANCEL");
        VEvent event = calendar.<VEvent>getComponent("VEVENT").orElseThrow();
        assertThat(event.getUid().orElseThrow().getValue()).isEqualTo(booked.code());
        assertThat(event.getProperty("STATUS").orElseThrow().getValue()).isEqualTo("CANCELLED");
        assertThat(event.getProperty("SEQUENCE").orElseThrow().getValue()).isEqualTo("1");

        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> new TestData(db).notificationState("CANCELLATION:" + booked.code()).equals("SENT"));
        assertThat(mail.receivedMessagesFor(booked.email())).hasSize(2);
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }
}
