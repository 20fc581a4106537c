package io.sluice.booking;

import static io.sluice.booking.Api.citizen;
import static io.sluice.booking.Api.createSite;
import static io.sluice.booking.Api.operator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.sluice.booking.booking.service.InvitationService;
import io.sluice.booking.waitingroom.Admission;
import io.sluice.booking.waitingroom.Ticket;
import io.sluice.booking.waitingroom.service.ProofOfWork;
import io.sluice.booking.waitingroom.service.TicketSigner;
import io.sluice.infra.SluiceInfraTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The waiting room against the real PostgreSQL and Kafka: tickets, admission, sold out, waitlist, abuse. */
@QuarkusTest
@QuarkusTestResource(SluiceInfraTestResource.class)
@QuarkusTestResource(TokenTestResource.class)
class WaitingRoomIT {

    /** The %test secret of application.properties: lets the test forge what only the server should sign. */
    private static final TicketSigner SIGNER = new TicketSigner("test-ticket-secret".getBytes(StandardCharsets.UTF_8));

    @Inject
    Pool db;

    @Test
    void ticketsThatWereAlteredExpiredOrIssuedForAnotherReleaseAreRefused() {
        String site = createSite();
        int release = Citizen.releaseWithWaitingRoom(site, "08:00", "09:00");
        int other = Citizen.releaseWithWaitingRoom(site, "10:00", "11:00");
        Citizen ada = Citizen.joining(release);
        String status = "/api/releases/" + release + "/waiting-room/status";

        String altered = ada.ticket.replaceFirst("\\.P(\\d+)\\.", ".P1$1.");
        citizen().header("Sluice-Ticket", altered).get(status).then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("violations[0].field", equalTo("ticket"))
                .body("detail", containsString("altered"));
        citizen().header("Sluice-Ticket", ada.ticket).get("/api/releases/" + other + "/waiting-room/status")
                .then().statusCode(400).body("detail", containsString("belongs to release " + release));
        citizen().get(status).then().statusCode(400).body("violations[0].field", equalTo("ticket"));
        String expired = SIGNER.sign(Ticket.position(release, 1, Instant.now().minus(Duration.ofHours(13)), Ticket.NO_BINDING));
        citizen().header("Sluice-Ticket", expired).get(status).then().statusCode(410)
                .contentType(startsWith("application/problem+json"))
                .body("detail", containsString("expired"));

        String booking = "/api/releases/" + release + "/booking-requests";
        Map<String, Object> body = Map.of("siteCode", site, "day", Api.DAY.toString(), "name", "Ada", "email", "ada@example.org");
        citizen().body(body).post(booking).then().statusCode(403)
                .body("title", equalTo("Not admitted")).body("detail", containsString("waiting room"));
        String lateAdmission = SIGNER.sign(new Admission(release, 1, Instant.now().minusSeconds(1), Ticket.NO_BINDING));
        citizen().header("Sluice-Admission", lateAdmission).body(body).post(booking).then().statusCode(403)
                .body("detail", containsString("expired"));
        String foreign = SIGNER.sign(new Admission(other, 1, Instant.now().plusSeconds(60), Ticket.NO_BINDING));
        citizen().header("Sluice-Admission", foreign).body(body).post(booking).then().statusCode(403)
                .body("detail", containsString("release " + other));
        String forged = foreign.replaceFirst("^" + other + "\\.", release + ".");
        citizen().header("Sluice-Admission", forged).body(body).post(booking).then().statusCode(403)
                .body("detail", containsString("altered"));
    }

    @Test
    void afterOpeningEveryoneIsServedInTheOrderTheyJoined() {
        int release = Citizen.releaseWithWaitingRoom(createSite(), "08:00", "09:00");
        List<Long> positions = IntStream.range(0, 6)
                .mapToObj(i -> ((Number) Citizen.joining(release).lastStatus.get("position")).longValue())
                .toList();
        assertThat(positions).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }

    @Test
    void anAdmittedCitizenBooksOnceWithTheirAdmission() {
        String site = createSite();
        int release = Citizen.releaseWithWaitingRoom(site, "08:00", "09:00");
        Citizen ada = Citizen.joining(release);
        String admission = ada.awaitAdmission();
        assertThat(ada.lastStatus.get("admissionExpiresAt")).isNotNull();

        ada.book(site, "ada." + UUID.randomUUID() + "@example.org", admission).then().statusCode(202)
                .body("status", equalTo("PENDING"));
        Row stored = db.preparedQuery("select admission_position from booking_request where release_id = $1")
                .execute(Tuple.of(release)).await().indefinitely().iterator().next();
        assertThat(stored.getLong("admission_position")).isEqualTo(((Number) ada.lastStatus.get("position")).longValue());

        ada.book(site, "bob." + UUID.randomUUID() + "@example.org", admission).then().statusCode(409)
                .body("detail", containsString("already used"));
    }

    @Test
    void admissionNeverExceedsTheFreeSlotsPlusTheMargin() {
        String site = createSite();
        int release = Citizen.releaseWithWaitingRoom(site, "08:00", "08:20"); // 4 slots; the test margin is 2
        List<Citizen> queue = joinMany(release, 12);

        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
                .until(() -> admitted(queue) == 6);
        // Two of them ask for slots: their undecided requests take the place of their admissions.
        queue.get(0).book(site, "first." + UUID.randomUUID() + "@example.org", (String) queue.get(0).lastStatus.get("admission"))
                .then().statusCode(202);
        queue.get(1).book(site, "second." + UUID.randomUUID() + "@example.org", (String) queue.get(1).lastStatus.get("admission"))
                .then().statusCode(202);
        Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(400))
                .until(() -> admitted(queue) == 6);
        assertThat(queue.subList(6, 12)).allSatisfy(c -> assertThat(c.lastStatus.get("phase")).isEqualTo("WAITING"));
        assertThat(queue.get(6).lastStatus.get("peopleAhead")).isEqualTo(0);

        operator().get("/api/operator/releases/" + release + "/waiting-room").then().statusCode(200)
                .body("room.servingPosition", equalTo(6))
                .body("room.slotsLeft", equalTo(4))
                .body("claims", equalTo(6))
                .body("inFlight", equalTo(2))
                .body("heldBy", equalTo("INVENTORY"));
    }

    @Test
    void anAdmissionUnusedInTimeGoesToTheNextInLine() {
        String site = createSite();
        int release = Citizen.releaseWithWaitingRoom(site, "08:00", "08:10"); // 2 slots + margin 2
        operator().body(Map.of("admissionTtlSeconds", 5)).put("/api/operator/releases/" + release + "/waiting-room")
                .then().statusCode(200).body("admissionTtlSeconds", equalTo(5));
        List<Citizen> queue = joinMany(release, 6);
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
                .until(() -> admitted(queue) == 4);
        String unused = (String) queue.get(0).lastStatus.get("admission");
        assertThat(queue.get(5).phase()).isEqualTo("WAITING");

        Awaitility.await().atMost(Duration.ofSeconds(12)).pollInterval(Duration.ofMillis(500))
                .until(() -> "ADMITTED".equals(queue.get(5).phase()) && "ADMITTED".equals(queue.get(4).phase()));
        assertThat(queue.get(0).phase()).isEqualTo("EXPIRED");
        queue.get(0).book(site, "late." + UUID.randomUUID() + "@example.org", unused).then().statusCode(403)
                .body("detail", containsString("expired"));
    }

    @Test
    void whenTheLastSlotGoesEveryWaitingTicketHearsSoWithinTwoSeconds() {
        int release = Citizen.releaseWithWaitingRoom(createSite(), "08:00", "08:10"); // 2 slots
        List<Citizen> queue = joinMany(release, 20);
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
                .until(() -> admitted(queue) == 4);

        // The allocator's batch commit, as far as the waiting room can tell: the release's slots are booked.
        db.preparedQuery("update slot set state = 'BOOKED' where release_id = $1").execute(Tuple.of(release))
                .await().indefinitely();
        Awaitility.await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> queue.stream().allMatch(c -> "SOLD_OUT".equals(c.phase())));
        assertThat(queue).allSatisfy(c -> {
            assertThat(c.lastStatus.get("position")).isNotNull();
            assertThat(c.lastStatus.get("slotCount")).isEqualTo(2);
            assertThat(c.lastStatus.get("slotsLeft")).isEqualTo(0);
        });
        citizen().get("/api/releases/" + release + "/waiting-room").then().statusCode(200).body("soldOut", equalTo(true));
    }

    @Test
    void theWaitlistNeedsATicketAndIsConfirmedThroughTheMailedLink() {
        int release = Citizen.releaseWithWaitingRoom(createSite(), "08:00", "08:10");
        Citizen ada = Citizen.joining(release);
        String email = "ada." + UUID.randomUUID() + "@example.org";
        String waitlist = "/api/releases/" + release + "/waitlist";

        citizen().body(Map.of("email", email)).post(waitlist).then().statusCode(400).body("violations[0].field", equalTo("ticket"));
        citizen().header("Sluice-Ticket", ada.ticket).body(Map.of("email", "not-an-address")).post(waitlist)
                .then().statusCode(400).body("violations[0].field", equalTo("email"));
        ada.from().header("Sluice-Ticket", ada.ticket).body(Map.of("email", email, "language", "en")).post(waitlist)
                .then().statusCode(202).body("state", equalTo("PENDING"));
        ada.from().header("Sluice-Ticket", ada.ticket).body(Map.of("email", email.toUpperCase(), "language", "en")).post(waitlist)
                .then().statusCode(202);

        List<Row> rows = new ArrayList<>();
        db.preparedQuery("select state, confirm_token, confirmation_sent_at, language from waitlist_entry where release_id = $1")
                .execute(Tuple.of(release)).await().indefinitely().forEach(rows::add);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getString("state")).isEqualTo("PENDING");
        assertThat(rows.get(0).getValue("confirmation_sent_at")).as("left for the notifier to mail").isNull();

        citizen().body(Map.of("token", "guessed")).post("/api/waitlist/confirmations").then().statusCode(404);
        citizen().body(Map.of("token", rows.get(0).getString("confirm_token"))).post("/api/waitlist/confirmations")
                .then().statusCode(200).body("state", equalTo("CONFIRMED")).body("releaseId", equalTo(release));
    }

    @Test
    void joiningCostsWorkOnceAndAnOperatorCanRaiseIt() {
        int release = Citizen.releaseWithWaitingRoom(createSite(), "08:00", "09:00");
        Citizen bot = Citizen.joining(release);
        Map<String, Object> challenge = bot.challenge();
        String puzzle = (String) challenge.get("challenge");
        String tickets = "/api/releases/" + release + "/waiting-room/tickets";

        bot.from().body(Map.of("challenge", puzzle, "solution", unsolved(puzzle, (Integer) challenge.get("difficulty"))))
                .post(tickets).then().statusCode(422).body("violations[0].field", equalTo("solution"));
        String solution = ProofOfWork.solve(puzzle, (Integer) challenge.get("difficulty"));
        bot.from().body(Map.of("challenge", puzzle, "solution", solution)).post(tickets).then().statusCode(201);
        bot.from().body(Map.of("challenge", puzzle, "solution", solution)).post(tickets).then().statusCode(409)
                .body("detail", containsString("already used"));

        Map<String, Object> easy = bot.challenge();
        operator().body(Map.of("powDifficulty", 9)).put("/api/operator/releases/" + release + "/waiting-room")
                .then().statusCode(200).body("room.powDifficulty", equalTo(9));
        Awaitility.await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(300))
                .until(() -> (Integer) bot.challenge().get("difficulty") == 9);
        String easyPuzzle = (String) easy.get("challenge");
        bot.from().body(Map.of("challenge", easyPuzzle, "solution",
                        ProofOfWork.solve(easyPuzzle, (Integer) easy.get("difficulty"))))
                .post(tickets).then().statusCode(422).body("detail", containsString("raised to 9"));
        assertThat(Citizen.joining(release).lastStatus.get("position")).isNotNull();
    }

    @Test
    void oneAddressThatJoinsTooOftenIsToldToWait() {
        int release = Citizen.releaseWithWaitingRoom(createSite(), "08:00", "09:00");
        Citizen hammer = Citizen.joining(release);
        Response refused = null;
        for (int i = 0; i < 60 && refused == null; i++) {
            Response answer = hammer.tryJoin(null);
            if (answer.statusCode() == 429) {
                refused = answer;
            } else {
                assertThat(answer.statusCode()).isEqualTo(201);
            }
        }
        assertThat(refused).as("a join refused for its rate").isNotNull();
        refused.then().contentType(startsWith("application/problem+json")).body("status", equalTo(429));
        assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive();
        // Another address is not affected.
        Citizen.joining(release);
    }

    @Test
    void anInvitationCodeHoldsOnePlaceAndBooksOnlyWithThatCode() {
        String site = createSite();
        int release = operator().body(Map.of("name", "Invited", "district", "Leipzig", "openNow", true, "expectedDemand", 500,
                        "eligibility", Map.of("invitationOnly", true), "slots", List.of(Api.block(site, "08:00", "09:00"))))
                .post("/api/operator/releases").then().statusCode(201).extract().path("id");
        operator().body(Map.of("codeHashes", List.of(InvitationService.hash("INV-A"), InvitationService.hash("INV-B"))))
                .post("/api/operator/releases/" + release + "/invitations").then().statusCode(200);

        Citizen.attempt(release, null).then().statusCode(422).body("violations[0].field", equalTo("invitationCode"));
        Citizen.attempt(release, "INV-GUESS").then().statusCode(403).body("detail", containsString("unknown"));
        Citizen holder = Citizen.joining(release, "INV-A");
        Citizen again = Citizen.joining(release, "inv-a");
        Citizen other = Citizen.joining(release, "INV-B");
        assertThat(again.lastStatus.get("position")).isEqualTo(holder.lastStatus.get("position"));
        assertThat(other.lastStatus.get("position")).isNotEqualTo(holder.lastStatus.get("position"));

        String admission = holder.awaitAdmission();
        Map<String, Object> withB = Map.of("siteCode", site, "day", Api.DAY.toString(), "name", "Holder", "email",
                "holder." + UUID.randomUUID() + "@example.org", "invitationCode", "INV-B");
        holder.from().header("Sluice-Admission", admission).body(withB).post("/api/releases/" + release + "/booking-requests")
                .then().statusCode(403).body("detail", containsString("another invitation code"));
        Map<String, Object> withA = Map.of("siteCode", site, "day", Api.DAY.toString(), "name", "Holder", "email",
                "holder." + UUID.randomUUID() + "@example.org", "invitationCode", "INV-A");
        holder.from().header("Sluice-Admission", admission).body(withA).post("/api/releases/" + release + "/booking-requests")
                .then().statusCode(202);
        Citizen.attempt(release, "INV-A").then().statusCode(403).body("detail", containsString("already used"));
    }

    private static List<Citizen> joinMany(int release, int count) {
        List<Citizen> queue = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            queue.add(Citizen.joining(release));
        }
        Set<Object> positions = new HashSet<>();
        queue.forEach(c -> positions.add(c.lastStatus.get("position")));
        assertThat(positions).hasSize(count);
        return queue;
    }

    private static long admitted(List<Citizen> queue) {
        return queue.stream().filter(c -> "ADMITTED".equals(c.phase())).count();
    }

    /** A number that does not solve the puzzle. */
    private static String unsolved(String puzzle, int difficulty) {
        for (long candidate = 0; ; candidate++) {
            byte[] digest;
            try {
                digest = MessageDigest.getInstance("SHA-256").digest((puzzle + ":" + candidate).getBytes(StandardCharsets.UTF_8));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            if (Integer.numberOfLeadingZeros(digest[0] & 0xff) - 24 < Math.min(difficulty, 8)) {
                return Long.toString(candidate);
            }
        }
    }
}
