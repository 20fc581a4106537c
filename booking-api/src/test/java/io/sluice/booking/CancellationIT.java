package io.sluice.booking;

import static io.sluice.booking.Api.citizen;
import static io.sluice.booking.Api.createOpenRelease;
import static io.sluice.booking.Api.createSite;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.events.BookingRequested;
import io.sluice.events.CancelLink;
import io.sluice.events.RequestKind;
import io.sluice.events.Topics;
import io.sluice.events.serde.BookingRequestedDeserializer;
import io.sluice.infra.SluiceInfraTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The cancel link of a confirmation mail: checked here, applied by the pool's allocator. */
@QuarkusTest
@QuarkusTestResource(SluiceInfraTestResource.class)
@QuarkusTestResource(TokenTestResource.class)
class CancellationIT {

    // The %test value of sluice.booking.cancel-link-secret, as the notifier would sign with it.
    private static final String SECRET = "test-cancel-link-secret-0001";

    @Inject
    Pool db;

    @Test
    void theHolderOfAValidLinkCancelsAndTheAllocatorIsAskedToFreeTheSlot() {
        String site = createSite();
        int releaseId = createOpenRelease(site, "09:00", "09:30");
        long slotId = ((Number) citizen().get("/api/releases/" + releaseId + "/free-slots").then().extract().path("[0].id")).longValue();
        String code = "CXL" + UUID.randomUUID().toString().substring(0, 1).toUpperCase() + "-" + UUID.randomUUID().toString().substring(0, 4).toUpperCase();
        String personKey = "pk-" + UUID.randomUUID();
        String poolKey = book(releaseId, slotId, code, personKey);
        String token = CancelLink.sign(code, SECRET);

        citizen().get("/api/bookings/" + code + "?token=" + token).then().statusCode(200)
                .body("state", equalTo("CONFIRMED")).body("siteName", equalTo("Impfzentrum " + site));
        citizen().get("/api/bookings/" + code + "?token=" + CancelLink.sign(code, "not-the-secret-at-all-0001")).then().statusCode(403);
        citizen().get("/api/bookings/" + code + "?token=" + CancelLink.sign("OTHR-CODE", SECRET)).then().statusCode(403);
        citizen().get("/api/bookings/NOPE-NOPE?token=" + CancelLink.sign("NOPE-NOPE", SECRET)).then().statusCode(404);
        citizen().get("/cancel/" + code + "?token=" + token).then().statusCode(200).body(containsString("/api/bookings/"));

        try (KafkaConsumer<String, BookingRequested> requests = requestConsumer()) {
            citizen().post("/api/bookings/" + code + "/cancel?token=" + token).then().statusCode(202)
                    .body("state", equalTo("CANCELLING"));

            List<BookingRequested> seen = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                requests.poll(Duration.ofMillis(300)).forEach(r -> {
                    if (r.value() != null && r.value().kind() == RequestKind.CANCEL && r.value().slotId() == slotId) {
                        assertThat(r.key()).isEqualTo(poolKey);
                        seen.add(r.value());
                    }
                });
                return !seen.isEmpty();
            });
            assertThat(seen.get(0).personKey()).isEqualTo(personKey);
        }

        // Once the allocator has applied it, a second press says so instead of asking again.
        db.preparedQuery("update booking set state = 'CANCELLED' where code = $1").execute(Tuple.of(code)).await().indefinitely();
        citizen().post("/api/bookings/" + code + "/cancel?token=" + token).then().statusCode(409)
                .body("detail", containsString("already cancelled"));
    }

    /** What the allocator writes for a confirmed booking; answers the slot's pool. */
    private String book(long releaseId, long slotId, String code, String personKey) {
        UUID requestId = UUID.randomUUID();
        String poolKey = db.preparedQuery("select pool_key from slot where id = $1").execute(Tuple.of(slotId))
                .await().indefinitely().iterator().next().getString("pool_key");
        db.preparedQuery("""
                        insert into booking_request (id, release_id, pool_key, kind, person_key, display_name, email, language,
                                                     outcome, booking_code, booked_slot_id, decided_at)
                        values ($1, $2, $3, 'EARLIEST_IN_POOL', $4, 'Test Person', 'test@example.org', 'en',
                                'CONFIRMED', $5, $6, now())""")
                .execute(Tuple.from(new Object[] {requestId, releaseId, poolKey, personKey, code, slotId})).await().indefinitely();
        db.preparedQuery("insert into booking (code, request_id, release_id, slot_id, person_key) values ($1, $2, $3, $4, $5)")
                .execute(Tuple.from(new Object[] {code, requestId, releaseId, slotId, personKey})).await().indefinitely();
        db.preparedQuery("update slot set state = 'BOOKED' where id = $1").execute(Tuple.of(slotId)).await().indefinitely();
        return poolKey;
    }

    private static KafkaConsumer<String, BookingRequested> requestConsumer() {
        var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SluiceInfraTestResource.infrastructure().kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "cancellation-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new BookingRequestedDeserializer());
        consumer.subscribe(List.of(Topics.BOOKING_REQUESTS));
        return consumer;
    }
}
