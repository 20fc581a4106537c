package io.sluice.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.events.BookingDecided;
import io.sluice.events.CancelLink;
import io.sluice.events.Outcome;
import io.sluice.events.RejectionReason;
import io.sluice.events.Topics;
import io.sluice.infra.MailServer;
import io.sluice.infra.SluiceInfraTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.DtStart;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Confirmations against the real broker, database and SMTP server, and the fake SMS gateway. */
@QuarkusTest
@QuarkusTestResource(NotifierTestResource.class)
class ConfirmationIT {

    // 07:00 UTC on a winter day is 08:00 in Berlin: the mail must show the site's local time.
    private static final Instant STARTS_AT = Instant.parse("2031-01-14T07:00:00Z");
    private static final Pattern CANCEL_LINK = Pattern.compile("href=\"([^\"]*/cancel/[^\"]*)\"");

    @Inject
    Pool db;

    @ConfigProperty(name = "sluice.notifier.cancel-link-secret")
    String cancelLinkSecret;

    @ConfigProperty(name = NotifierTestResource.HARNESS_URL)
    String harnessUrl;

    @Test
    void aConfirmedBookingDeliveredThreeTimesSendsOneGermanMailWithItsCalendarFile() throws Exception {
        TestData.Booked booked = new TestData(db).confirmed("de", null, STARTS_AT);
        BookingDecided otherRejection = new BookingDecided(UUID.randomUUID(), booked.decision().releaseId(),
                booked.decision().poolKey(), Outcome.REJECTED, RejectionReason.SOLD_OUT, null, null, null, Instant.now());

        Kafka.publish(Topics.BOOKING_DECISIONS, booked.decision().requestId().toString(),
                List.of(booked.decision(), otherRejection, booked.decision(), booked.decision()));

        MailServer mail = SluiceInfraTestResource.infrastructure().mail();
        MimeMessage message = mail.awaitMessagesFor(booked.email(), 1, Duration.ofSeconds(60)).get(0);
        assertThat(message.getSubject()).contains("Termin").contains(booked.code()).contains("08:00");
        assertThat(message.getMessageID()).isEqualTo("<confirmation." + booked.code() + "@sluice.invalid>");
        assertThat(Mails.text(message))
                .contains("Grace Hopper", "Dienstag, 14. Januar 2031", "08:00 bis 08:10 Uhr", "Europe/Berlin",
                        TestData.SITE_ADDRESS, booked.code(), "Lichtbildausweis");
        assertThat(Mails.html(message)).contains("Grace Hopper", "08:00", TestData.SITE_ADDRESS, booked.code());

        // The cancel link opens booking-api's cancel page with a token booking-api can verify.
        Matcher link = CANCEL_LINK.matcher(Mails.html(message));
        assertThat(link.find()).as("cancel link in the HTML part").isTrue();
        URI cancel = URI.create(link.group(1).replace("&amp;", "&"));
        assertThat(cancel.getPath()).isEqualTo("/cancel/" + booked.code());
        assertThat(cancel.getQuery()).startsWith("token=");
        assertThat(CancelLink.verify(booked.code(), cancel.getQuery().substring("token=".length()), cancelLinkSecret)).isTrue();
        assertThat(Mails.text(message)).contains(cancel.toString());

        // The calendar file: what a calendar app reads from it.
        assertThat(Mails.attachmentName(message)).isEqualTo("termin.ics");
        Calendar calendar = Mails.calendar(message);
        assertThat(calendar.getProperty("METHOD").orElseThrow().getValue()).isEqualTo("PUBLISH");
        VEvent event = calendar.<VEvent>getComponent("VEVENT").orElseThrow();
        assertThat(event.getUid().orElseThrow().getValue()).isEqualTo(booked.code());
        DtStart<Temporal> start = event.getDateTimeStart();
        assertThat(start.getParameter("TZID").orElseThrow().getValue()).isEqualTo("Europe/Berlin");
        ZonedDateTime local = ZonedDateTime.from(start.getDate());
        assertThat(local.toLocalTime()).hasToString("08:00");
        assertThat(local.toInstant()).isEqualTo(STARTS_AT);
        assertThat(calendar.getComponent("VTIMEZONE")).isPresent();
        assertThat(event.getLocation().getValue()).contains("Impfzentrum Messe", TestData.SITE_ADDRESS);

        // The duplicates were consumed too: wait until the notifier has recorded the send, then recount.
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> new TestData(db).notificationState("CONFIRMATION:" + booked.code()).equals("SENT"));
        assertThat(mail.receivedMessagesFor(booked.email())).hasSize(1);
    }

    @Test
    void aCitizenWithAPhoneNumberGetsAnEnglishMailAndOneSms() throws Exception {
        String phone = "+4915112345" + (100 + (int) (Math.random() * 800));
        TestData.Booked booked = new TestData(db).confirmed("en", phone, STARTS_AT);

        Kafka.publish(Topics.BOOKING_DECISIONS, booked.decision().requestId().toString(),
                List.of(booked.decision(), booked.decision()));

        MimeMessage message = SluiceInfraTestResource.infrastructure().mail()
                .awaitMessagesFor(booked.email(), 1, Duration.ofSeconds(60)).get(0);
        assertThat(message.getSubject()).startsWith("Your appointment on Tuesday, 14 January 2031 at 08:00");
        assertThat(Mails.text(message)).contains("08:00 to 08:10", "photo ID", booked.code());
        assertThat(Mails.attachmentName(message)).isEqualTo("appointment.ics");

        Harness harness = new Harness(harnessUrl);
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> new TestData(db).notificationState("CONFIRMATION_SMS:" + booked.code()).equals("SENT"));
        List<Map<String, String>> calls = harness.smsCalls().stream()
                .filter(call -> call.get("body").contains(phone)).toList();
        assertThat(calls).hasSize(1);
        Map<String, String> call = calls.get(0);
        assertThat(call.get("method")).isEqualTo("POST");
        assertThat(call.get("contentType")).startsWith("application/json");
        assertThat(call.get("authorization")).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString(("sluice:" + NotifierTestResource.SMS_PASSWORD).getBytes()));
        assertThat(call.get("body")).contains("\"to\":\"" + phone + "\"", "\"from\":\"Sluice\"",
                "Appointment confirmed: 14.01.2031 08:00", booked.code());
        assertThat(SluiceInfraTestResource.infrastructure().mail().receivedMessagesFor(booked.email())).hasSize(1);
    }

    @Test
    void theCalendarTimeFollowsTheSitesZoneInSummer() throws Exception {
        // 06:30 UTC in July is 08:30 in Berlin (CEST): the zone's rules, not a fixed offset.
        Instant summer = Instant.parse("2031-07-15T06:30:00Z");
        TestData.Booked booked = new TestData(db).confirmed("de", null, summer);

        Kafka.publish(Topics.BOOKING_DECISIONS, booked.decision().requestId().toString(), List.of(booked.decision()));

        MimeMessage message = SluiceInfraTestResource.infrastructure().mail()
                .awaitMessagesFor(booked.email(), 1, Duration.ofSeconds(60)).get(0);
        assertThat(Mails.text(message)).contains("08:30 bis 08:40 Uhr");
        VEvent event = Mails.calendar(message).<VEvent>getComponent("VEVENT").orElseThrow();
        ZonedDateTime local = ZonedDateTime.from(event.getDateTimeStart().getDate());
        assertThat(local.toLocalTime()).hasToString("08:30");
        assertThat(local.toInstant()).isEqualTo(summer);
        assertThat(local.withZoneSameInstant(ZoneId.of("Europe/Berlin")).getOffset().getTotalSeconds()).isEqualTo(7200);
    }
}
