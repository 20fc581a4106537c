package io.sluice.booking;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Requests as operators, staff and citizens send them, and the bodies the tests reuse. */
final class Api {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final LocalDate DAY = LocalDate.now(BERLIN).plusDays(3);

    private Api() {
    }

    static RequestSpecification operator() {
        return as("operator");
    }

    static RequestSpecification staff() {
        return as("staff");
    }

    static RequestSpecification as(String role) {
        return given().header("Authorization", TokenTestResource.bearer(role)).contentType(ContentType.JSON);
    }

    /**
     * A citizen with an address of their own: the per-address rate limits count people, and every test
     * class of the suite would otherwise share the test JVM's one address and its booking bucket.
     */
    static RequestSpecification citizen() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return given().header("X-Forwarded-For", "172." + (16 + random.nextInt(16)) + "." + random.nextInt(256) + "."
                + (1 + random.nextInt(254))).contentType(ContentType.JSON);
    }

    static String uniqueCode() {
        return "S-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Map<String, Object> site(String code) {
        return site(code, "Europe/Berlin");
    }

    static Map<String, Object> site(String code, String zone) {
        return Map.of("code", code, "name", "Impfzentrum " + code, "address", "Messeplatz 1, 04356 Leipzig",
                "district", "Leipzig", "timeZone", zone);
    }

    /** Creates a site and answers its code. */
    static String createSite() {
        String code = uniqueCode();
        operator().body(site(code)).post("/api/operator/sites").then().statusCode(201);
        return code;
    }

    static Map<String, Object> block(String siteCode, String from, String to) {
        return Map.of("siteCode", siteCode, "day", DAY.toString(), "from", from, "to", to, "slotMinutes", 10, "lanes", 2);
    }

    /** A release opened live over one block of new slots: 10-minute slots on two lanes. */
    static Map<String, Object> openRelease(String siteCode, String from, String to) {
        return Map.of("name", "Booster " + siteCode, "district", "Leipzig", "openNow", true,
                "slots", List.of(block(siteCode, from, to)));
    }

    static int createOpenRelease(String siteCode, String from, String to) {
        return operator().body(openRelease(siteCode, from, to)).post("/api/operator/releases")
                .then().statusCode(201).extract().path("id");
    }
}
