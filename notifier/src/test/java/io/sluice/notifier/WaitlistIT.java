package io.sluice.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.events.SlotsFreed;
import io.sluice.events.Topics;
import io.sluice.infra.MailServer;
import io.sluice.infra.SluiceInfraTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The waitlist: the double opt-in mail of a sign-up, and offers of freed slots to those who confirmed. */
@QuarkusTest
@QuarkusTestResource(NotifierTestResource.class)
class WaitlistIT {

    // 07:00 UTC in winter is 08:00 in Berlin, the site's zone.
    private static final Instant SLOT_STARTS_AT = Instant.parse("2031-01-14T07:00:00Z");

    @Inject
    Pool db;

    @Test
    void aSignUpGetsOneConfirmationLinkAndARepeatedSignUpAnotherOne() throws Exception {
        TestData data = new TestData(db);
        long release = data.soldOutRelease(data.site(TestData.unique("District-")), "Booster Winter");
        TestData.WaitlistEntry entry = data.waitlistEntry(release, "de", false);
        MailServer mail = SluiceInfraTestResource.infrastructure().mail();

        MimeMessage message = mail.awaitMessagesFor(entry.email(), 1, Duration.ofSeconds(30)).get(0);
        assertThat(message.getSubject()).isEqualTo("Bitte bestätigen: Warteliste für Booster Winter");
        String link = "http://localhost:8080/waiting-room/?confirm=" + entry.confirmToken();
        assertThat(Mails.text(message)).contains(link);
        assertThat(Mails.html(message)).contains("href=\"" + link + "\"");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> confirmationSent(entry) != null);

        // The row lost its mark after the mail was recorded SENT (the process died in between): the next
        // poll marks it again and sends nothing.
        db.preparedQuery("update waitlist_entry set confirmation_sent_at = null where id = $1")
                .execute(Tuple.of(entry.id())).await().indefinitely();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> confirmationSent(entry) != null);
        assertThat(mail.receivedMessagesFor(entry.email())).hasSize(1);

        // A repeated sign-up, as booking-api re-arms it, is a new request for the link.
        db.preparedQuery("update waitlist_entry set confirmation_sent_at = null, requested_at = now() where id = $1")
                .execute(Tuple.of(entry.id())).await().indefinitely();
        List<MimeMessage> both = mail.awaitMessagesFor(entry.email(), 2, Duration.ofSeconds(30));
        assertThat(both.get(1).getMessageID()).isNotEqualTo(both.get(0).getMessageID());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> confirmationSent(entry) != null);
        assertThat(mail.receivedMessagesFor(entry.email())).hasSize(2);
    }

    @Test
    void freedSlotsAreOfferedOnceToTheConfirmedEntriesAndARedeliveryMailsNobody() throws Exception {
        TestData data = new TestData(db);
        TestData.Site site = data.site(TestData.unique("District-"));
        long release = data.soldOutRelease(site, "Booster Winter");
        TestData.WaitlistEntry first = data.waitlistEntry(release, "de", true);
        TestData.WaitlistEntry second = data.waitlistEntry(release, "en", true);
        TestData.WaitlistEntry unconfirmed = data.waitlistEntry(release, "en", false);
        // Signed up, then caught a slot of the release before it was freed (upper case: addresses match whatever the case).
        TestData.WaitlistEntry booked = data.waitlistEntry(release, "de", true);
        data.confirmed(site, release, booked.email().toUpperCase(Locale.ROOT), "de", null, SLOT_STARTS_AT.plusSeconds(600),
                Instant.now(), "CONFIRMED");
        MailServer mail = SluiceInfraTestResource.infrastructure().mail();
        SlotsFreed freed = new SlotsFreed(UUID.randomUUID(), release, site.id() + "@2031-01-14", 1, SLOT_STARTS_AT,
                Instant.now());

        Kafka.publish(Topics.SLOTS_FREED, Long.toString(release), List.of(freed));

        MimeMessage toFirst = mail.awaitMessagesFor(first.email(), 1, Duration.ofSeconds(60)).get(0);
        assertThat(toFirst.getSubject()).isEqualTo("Ein Termin frei geworden: Booster Winter");
        assertThat(Mails.text(toFirst)).contains("Dienstag, 14. Januar 2031, 08:00 Uhr (Europe/Berlin), Impfzentrum Messe",
                "Wer zuerst kommt", "http://localhost:8080/waiting-room/?release=" + release);
        MimeMessage toSecond = mail.awaitMessagesFor(second.email(), 1, Duration.ofSeconds(60)).get(0);
        assertThat(toSecond.getSubject()).isEqualTo("A slot became free: Booster Winter");
        assertThat(Mails.html(toSecond)).contains("Tuesday, 14 January 2031, 08:00", "First come, first served",
                "href=\"http://localhost:8080/waiting-room/?release=" + release + "\"");

        // The same event again, then a second offer of the release, which lands behind it. Someone who
        // confirmed after the first offer gets the second; those offered a moment ago do not.
        TestData.WaitlistEntry latecomer = data.waitlistEntry(release, "en", true);
        SlotsFreed again = new SlotsFreed(UUID.randomUUID(), release, freed.poolKey(), 1, SLOT_STARTS_AT, Instant.now());
        Kafka.publish(Topics.SLOTS_FREED, Long.toString(release), List.of(freed, again));
        mail.awaitMessagesFor(latecomer.email(), 1, Duration.ofSeconds(60));

        assertThat(mail.receivedMessagesFor(first.email())).hasSize(1);
        assertThat(mail.receivedMessagesFor(second.email())).hasSize(1);
        assertThat(mail.receivedMessagesFor(latecomer.email())).hasSize(1);
        assertThat(mail.receivedMessagesFor(booked.email())).as("offers to someone who has booked in the release").isEmpty();
        // The unconfirmed entry gets its confirmation link and nothing else.
        assertThat(mail.awaitMessagesFor(unconfirmed.email(), 1, Duration.ofSeconds(30)))
                .extracting(WaitlistIT::subject).containsExactly("Please confirm: waitlist for Booster Winter");
    }

    private Instant confirmationSent(TestData.WaitlistEntry entry) {
        var row = db.preparedQuery("select confirmation_sent_at from waitlist_entry where id = $1")
                .execute(Tuple.of(entry.id())).await().indefinitely().iterator().next();
        return row.getOffsetDateTime("confirmation_sent_at") == null ? null : row.getOffsetDateTime("confirmation_sent_at").toInstant();
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }
}
