package io.sluice.booking;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.sluice.booking.waitingroom.service.ProofOfWork;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;

/**
 * A citizen in the waiting room, as their browser acts: own client address (the tests stand for many
 * people behind X-Forwarded-For), solves the join puzzle, keeps the ticket the server hands out.
 */
final class Citizen {

    final long releaseId;
    final String address;
    String ticket;
    Map<String, Object> lastStatus;

    Citizen(long releaseId) {
        this.releaseId = releaseId;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        this.address = "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }

    /** A citizen who joined the release's queue. */
    static Citizen joining(long releaseId) {
        return joining(releaseId, null);
    }

    static Citizen joining(long releaseId, String invitationCode) {
        Citizen citizen = new Citizen(releaseId);
        Response joined = citizen.tryJoin(invitationCode);
        joined.then().statusCode(201);
        citizen.ticket = joined.path("ticket");
        citizen.lastStatus = joined.jsonPath().getMap("");
        return citizen;
    }

    /** A new citizen's join attempt, whatever the answer. */
    static Response attempt(long releaseId, String invitationCode) {
        return new Citizen(releaseId).tryJoin(invitationCode);
    }

    Response tryJoin(String invitationCode) {
        Map<String, Object> challenge = challenge();
        Map<String, Object> body = new HashMap<>();
        body.put("challenge", challenge.get("challenge"));
        body.put("solution", ProofOfWork.solve((String) challenge.get("challenge"), (Integer) challenge.get("difficulty")));
        if (invitationCode != null) {
            body.put("invitationCode", invitationCode);
        }
        return from().body(body).post("/api/releases/" + releaseId + "/waiting-room/tickets");
    }

    Map<String, Object> challenge() {
        return from().get("/api/releases/" + releaseId + "/waiting-room/challenge").then().statusCode(200)
                .extract().jsonPath().getMap("");
    }

    RequestSpecification from() {
        return given().header("X-Forwarded-For", address).contentType(ContentType.JSON);
    }

    /** Asks for the ticket's status and keeps the ticket the answer hands out, as the page does. */
    Map<String, Object> status() {
        Map<String, Object> status = from().header("Sluice-Ticket", ticket)
                .get("/api/releases/" + releaseId + "/waiting-room/status")
                .then().statusCode(200).extract().jsonPath().getMap("");
        if (status.get("ticket") != null) {
            ticket = (String) status.get("ticket");
        }
        lastStatus = status;
        return status;
    }

    String phase() {
        return (String) status().get("phase");
    }

    long position() {
        return ((Number) status().get("position")).longValue();
    }

    /** Waits until admitted and answers the admission (the booking token). */
    String awaitAdmission() {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> "ADMITTED".equals(phase()));
        return (String) lastStatus.get("admission");
    }

    /** Books the earliest slot at the site on Api.DAY with the admission. */
    Response book(String siteCode, String email, String admission) {
        return from().header("Sluice-Admission", admission)
                .body(Map.of("siteCode", siteCode, "day", Api.DAY.toString(), "name", "Queued Person", "email", email))
                .post("/api/releases/" + releaseId + "/booking-requests");
    }

    /** A release opened live whose expected demand makes it admit through the waiting room. */
    static int releaseWithWaitingRoom(String siteCode, String from, String to) {
        return Api.operator().body(Map.of("name", "Queued " + siteCode, "district", "Leipzig", "openNow", true,
                        "expectedDemand", 66000, "slots", List.of(Api.block(siteCode, from, to))))
                .post("/api/operator/releases").then().statusCode(201).extract().path("id");
    }
}
