package io.sluice.infra;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Demo data for the local run, created through booking-api's operator API exactly as a district
 * administration would: two sites of one district, a release opened live and one announced for later.
 */
public final class DemoData {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI bookingApi;
    private final String authorization;

    private DemoData(URI bookingApi, String operatorToken) {
        this.bookingApi = bookingApi;
        this.authorization = "Bearer " + operatorToken;
    }

    /** Seeds the demo district; returns a short description of what was created, for the console. */
    public static String seed(URI bookingApi, String operatorToken) {
        return new DemoData(bookingApi, operatorToken).seed();
    }

    private String seed() {
        LocalDate tomorrow = LocalDate.now(BERLIN).plusDays(1);
        post("/api/operator/sites", """
                {"code": "LEI-MESSE", "name": "Impfzentrum Leipziger Messe", "address": "Messe-Allee 1, 04356 Leipzig",
                 "district": "Leipzig", "timeZone": "Europe/Berlin"}""");
        post("/api/operator/sites", """
                {"code": "LEI-CENTRUM", "name": "Impfstelle Stadthaus", "address": "Burgplatz 1, 04109 Leipzig",
                 "district": "Leipzig", "timeZone": "Europe/Berlin"}""");
        String open = post("/api/operator/releases", """
                {"name": "Booster (open now)", "district": "Leipzig", "openNow": true, "expectedDemand": 500,
                 "slots": [{"siteCode": "LEI-MESSE", "day": "%s", "from": "08:00", "to": "12:00", "slotMinutes": 10, "lanes": 4},
                           {"siteCode": "LEI-CENTRUM", "day": "%s", "from": "09:00", "to": "11:00", "slotMinutes": 15, "lanes": 2}]}
                """.formatted(tomorrow, tomorrow));
        Instant later = Instant.now().plus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES);
        String upcoming = post("/api/operator/releases", """
                {"name": "Booster (announced)", "district": "Leipzig", "opensAt": "%s", "prequeueMinutes": 15,
                 "expectedDemand": 5000,
                 "slots": [{"siteCode": "LEI-MESSE", "day": "%s", "from": "13:00", "to": "18:00", "slotMinutes": 10, "lanes": 4}]}
                """.formatted(later, tomorrow));
        post("/api/operator/releases/" + idOf(upcoming) + "/announce", "");
        return "demo release open now: " + bookingApi.resolve("/api/releases/" + idOf(open))
                + System.lineSeparator() + "  demo release opening at " + later + ": "
                + bookingApi.resolve("/api/releases/" + idOf(upcoming));
    }

    private String post(String path, String json) {
        HttpRequest request = HttpRequest.newBuilder(bookingApi.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("demo data: POST " + path + " answered " + response.statusCode()
                        + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("demo data: POST " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while seeding demo data", e);
        }
    }

    /** The id of a created resource; a regex is enough for booking-api's own, flat answer. */
    private static String idOf(String json) {
        Matcher matcher = ID.matcher(json);
        return matcher.find() ? matcher.group(1) : "?";
    }
}
