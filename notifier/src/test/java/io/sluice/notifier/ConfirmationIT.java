package io.sluice.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.events.BookingDecided;
import io.sluice.events.Outcome;
import io.sluice.events.RejectionReason;
import io.sluice.events.Topics;
import io.sluice.events.serde.JsonEventSerializer;
import io.sluice.infra.MailServer;
import io.sluice.infra.SluiceInfraTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The notifier against the real broker, database and SMTP server. */
@QuarkusTest
@QuarkusTestResource(SluiceInfraTestResource.class)
class ConfirmationIT {

    // 07:00 UTC on a winter day is 08:00 in Berlin: the mail must show the site's local time.
    private static final Instant STARTS_AT = Instant.parse("2031-01-14T07:00:00Z");

    @Inject
    Pool db;

    @Test
    void aConfirmedBookingDeliveredThreeTimesSendsOneMailInTheCitizensLanguage() throws Exception {
        String email = "grace." + UUID.randomUUID() + "@example.org";
        String code = "C" + UUID.randomUUID().toString().substring(0, 3).toUpperCase() + "-TEST";
        BookingDecided decision = storeConfirmedBooking(email, "de", code);
        BookingDecided otherRejection = new BookingDecided(UUID.randomUUID(), decision.releaseId(), decision.poolKey(),
                Outcome.REJECTED, RejectionReason.SOLD_OUT, null, null, null, Instant.now());

        publish(List.of(decision, otherRejection, decision, decision));

        MailServer mail = SluiceInfraTestResource.infrastructure().mail();
        List<MimeMessage> received = mail.awaitMessagesFor(email, 1, Duration.ofSeconds(60));
        MimeMessage message = received.get(0);
        assertThat(message.getSubject()).contains(code).contains("Termin");
        assertThat(message.getMessageID()).isEqualTo("<confirmation." + code + "@sluice.invalid>");
        String body = message.getContent().toString();
        assertThat(body).contains("Grace Hopper").contains("08:00").contains("Messeplatz 1").contains(code);

        // The duplicates were consumed too: wait until the notifier has recorded the send, then recount.
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> sentState(code).equals("SENT"));
        assertThat(mail.receivedMessagesFor(email)).hasSize(1);
    }

    private String sentState(String code) {
        var rows = db.preparedQuery("select state from notification where message_key = $1")
                .execute(Tuple.of("CONFIRMATION:" + code)).await().indefinitely();
        return rows.size() == 0 ? "" : rows.iterator().next().getString("state");
    }

    private BookingDecided storeConfirmedBooking(String email, String language, String code) {
        long siteId = db.preparedQuery("""
                        insert into site (code, name, address, district, time_zone)
                        values ($1, 'Impfzentrum Messe', 'Messeplatz 1, 04356 Leipzig', 'Leipzig', 'Europe/Berlin')
                        returning id""")
                .execute(Tuple.of("N-" + UUID.randomUUID().toString().substring(0, 8)))
                .await().indefinitely().iterator().next().getLong("id");
        long releaseId = db.preparedQuery("""
                        insert into release (name, district, state, opens_at, created_by)
                        values ('Booster', 'Leipzig', 'OPEN', now(), 'test') returning id""")
                .execute().await().indefinitely().iterator().next().getLong("id");
        String poolKey = siteId + "@2031-01-14";
        long slotId = db.preparedQuery("""
                        insert into slot (site_id, release_id, pool_key, starts_at, ends_at, lane, state)
                        values ($1, $2, $3, $4, $5, 1, 'BOOKED') returning id""")
                .execute(Tuple.of(siteId, releaseId, poolKey, OffsetDateTime.ofInstant(STARTS_AT, ZoneOffset.UTC),
                        OffsetDateTime.ofInstant(STARTS_AT.plusSeconds(600), ZoneOffset.UTC)))
                .await().indefinitely().iterator().next().getLong("id");
        UUID requestId = UUID.randomUUID();
        db.preparedQuery("""
                        insert into booking_request (id, release_id, pool_key, kind, person_key, display_name, email,
                                                     language, outcome, booking_code, booked_slot_id, decided_at)
                        values ($1, $2, $3, 'EARLIEST_IN_POOL', $4, 'Grace Hopper', $5, $6, 'CONFIRMED', $7, $8, now())""")
                .execute(Tuple.from(new Object[] {requestId, releaseId, poolKey, "pk-" + requestId, email, language, code, slotId}))
                .await().indefinitely();
        return new BookingDecided(requestId, releaseId, poolKey, Outcome.CONFIRMED, null, code, slotId, STARTS_AT, Instant.now());
    }

    private static void publish(List<BookingDecided> decisions) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SluiceInfraTestResource.infrastructure().kafka().bootstrapServers()),
                new StringSerializer(), new JsonEventSerializer<BookingDecided>())) {
            decisions.forEach(d -> producer.send(new ProducerRecord<>(Topics.BOOKING_DECISIONS, d.requestId().toString(), d)));
            producer.flush();
        }
    }
}
