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

    private static final String SECRET = Bookings.CANCEL_LINK_SECRET;

    @Inject
    Pool db;

    @Test
    void theHolderOfAValidLinkCancelsAndTheAllocatorIsAskedToFreeTheSlot() {
        String site = createSite();
        int releaseId = createOpenRelease(site, "09:00", "09:30");
        long slotId = ((Number) citizen().get("/api/releases/" + releaseId + "/free-slots").then().extract().path("[0].id")).longValue();
        String code = "CXL" + UUID.randomUUID().toString().substring(0, 1).toUpperCase() + "-" + UUID.randomUUID().toString().substring(0, 4).toUpperCase();
        String personKey = "pk-" + UUID.randomUUID();
        String poolKey = Bookings.book(db, releaseId, slotId, code, personKey, "Test Person", "test@example.org");
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

    @Test
    void theHolderOfAValidLinkAsksToMoveTheBookingAndTheAllocatorGetsARebookingCarryingTheContact() {
        String site = createSite();
        int releaseId = createOpenRelease(site, "09:00", "09:30");
        List<Long> slots = citizen().get("/api/releases/" + releaseId + "/free-slots").then().extract()
                .jsonPath().getList("id", Long.class);
        String code = "RBK" + UUID.randomUUID().toString().substring(0, 1).toUpperCase() + "-" + UUID.randomUUID().toString().substring(0, 4).toUpperCase();
        String personKey = "pk-" + UUID.randomUUID();
        String poolKey = Bookings.book(db, releaseId, slots.get(0), code, personKey, "Test Person", "test@example.org");
        String token = CancelLink.sign(code, SECRET);
        String rebook = "/api/bookings/" + code + "/rebook?token=" + token;

        citizen().body(Map.of("slotId", slots.get(1))).post("/api/bookings/" + code + "/rebook?token="
                + CancelLink.sign(code, "not-the-secret-at-all-0001")).then().statusCode(403);
        citizen().body(Map.of("slotId", slots.get(1), "siteCode", site)).post(rebook).then().statusCode(422)
                .body("violations[0].field", equalTo("slotId"));
        citizen().body(Map.of("slotId", slots.get(0))).post(rebook).then().statusCode(422)
                .body("violations[0].message", containsString("already has"));
        citizen().body(Map.of("siteCode", site)).post(rebook).then().statusCode(422)
                .body("violations[0].field", equalTo("day"));
        citizen().body(Map.of("slotId", Long.MAX_VALUE)).post(rebook).then().statusCode(422);
        citizen().body("{\"slotId\": \"soon\"}").post(rebook).then().statusCode(400);
        citizen().post(rebook).then().statusCode(400);

        try (KafkaConsumer<String, BookingRequested> requests = requestConsumer()) {
            String requestId = citizen().body(Map.of("slotId", slots.get(1))).post(rebook).then().statusCode(202)
                    .body("status", equalTo("PENDING")).header("Location", containsString("/api/booking-requests/"))
                    .extract().path("requestId");

            List<BookingRequested> seen = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                requests.poll(Duration.ofMillis(300)).forEach(r -> {
                    if (r.value() != null && r.value().requestId().toString().equals(requestId)) {
                        assertThat(r.key()).isEqualTo(poolKey);
                        seen.add(r.value());
                    }
                });
                return !seen.isEmpty();
            });
            assertThat(seen.get(0).kind()).isEqualTo(RequestKind.REBOOK);
            assertThat(seen.get(0).slotId()).isEqualTo(slots.get(1));
            assertThat(seen.get(0).personKey()).isEqualTo(personKey);
            assertThat(db.preparedQuery("select email from booking_request where id = $1").execute(Tuple.of(UUID.fromString(requestId)))
                    .await().indefinitely().iterator().next().getString("email")).as("the new confirmation's address")
                    .isEqualTo("test@example.org");
            citizen().get("/api/booking-requests/" + requestId).then().statusCode(200).body("status", equalTo("PENDING"));
        }

        citizen().body(Map.of("slotId", slots.get(2))).post(rebook).then().statusCode(409)
                .body("detail", containsString("still being decided"));
        db.preparedQuery("update booking set state = 'CANCELLED' where code = $1").execute(Tuple.of(code)).await().indefinitely();
        citizen().body(Map.of("slotId", slots.get(2))).post(rebook).then().statusCode(409)
                .body("detail", containsString("cancelled"));
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
