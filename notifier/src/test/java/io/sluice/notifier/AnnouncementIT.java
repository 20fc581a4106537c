package io.sluice.notifier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.sluice.events.ReleaseAnnounced;
import io.sluice.events.Topics;
import io.sluice.infra.MailServer;
import io.sluice.infra.SluiceInfraTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Release announcements to staff and to subscribers who confirmed, and one-click unsubscribing. */
@QuarkusTest
@QuarkusTestResource(NotifierTestResource.class)
class AnnouncementIT {

    private static final Pattern LINK = Pattern.compile("(http\\S+/api/subscriptions/\\w+\\?token=\\S+)");
    // Release ids of these tests' announcements, far from the ones the database hands out.
    private static final AtomicLong RELEASES = new AtomicLong(System.currentTimeMillis());

    @Inject
    Pool db;

    @Test
    @TestSecurity(user = "operator-olga", roles = "operator")
    void staffAndConfirmedSubscribersHearOfAReleaseOnceAndASubscriberLeavesWithOneClick() throws Exception {
        String district = TestData.unique("District-");
        TestData.Site site = new TestData(db).site(district);
        String staff = "staff." + TestData.unique("") + "@example.org";
        String subscriber = "sub." + TestData.unique("") + "@example.org";
        String undecided = "undecided." + TestData.unique("") + "@example.org";
        MailServer mail = SluiceInfraTestResource.infrastructure().mail();

        given().contentType("application/json")
                .body(Map.of("displayName", "Dr. Lena Weiss", "email", staff, "language", "de"))
                .post("/api/notifier/sites/" + site.code() + "/staff-contacts")
                .then().statusCode(201).body("email", equalTo(staff));

        subscribe(subscriber, district, "en");
        subscribe(subscriber, district, "en"); // asking twice sends one confirmation mail
        subscribe(undecided, district, "de");
        MimeMessage confirmation = mail.awaitMessagesFor(subscriber, 1, Duration.ofSeconds(30)).get(0);
        assertThat(confirmation.getSubject()).isEqualTo("Please confirm: news about new appointments in " + district);
        URI confirm = link(Mails.text(confirmation));
        // The link opens a page; only its button confirms, so a mail scanner following links confirms nothing.
        given().get(path(confirm)).then().statusCode(200).body(containsString("<form method=\"post\""));
        given().post(path(confirm)).then().statusCode(200).body(containsString("Confirmed"));
        mail.awaitMessagesFor(undecided, 1, Duration.ofSeconds(30));

        ReleaseAnnounced release = announcement(district, site);
        Kafka.publish(Topics.RELEASE_ANNOUNCEMENTS, Long.toString(release.releaseId()), List.of(release, release));

        MimeMessage toStaff = mail.awaitMessagesFor(staff, 1, Duration.ofSeconds(60)).get(0);
        assertThat(toStaff.getSubject()).isEqualTo("Neue Termine im Bezirk " + district
                + ": Booster Winter, 120 Termine ab Samstag, 6. Dezember 2031, 08:00 Uhr (Europe/Berlin)");
        assertThat(Mails.text(toStaff)).contains("Guten Tag Dr. Lena Weiss", "Impfzentrum Messe, "
                + TestData.SITE_ADDRESS + ": 120 Termine").doesNotContain("unsubscribe", "Abbestellen");
        MimeMessage toSubscriber = mail.awaitMessagesFor(subscriber, 2, Duration.ofSeconds(60)).get(1);
        assertThat(toSubscriber.getSubject()).startsWith("New appointments in " + district + ": Booster Winter, 120 slots");
        assertThat(toSubscriber.getHeader("List-Unsubscribe-Post")[0]).isEqualTo("List-Unsubscribe=One-Click");
        String unsubscribeHeader = toSubscriber.getHeader("List-Unsubscribe")[0];
        URI unsubscribe = link(Mails.text(toSubscriber));
        assertThat(unsubscribeHeader).isEqualTo("<" + unsubscribe + ">");

        // A mail client's one-click button: a POST to the header's URL.
        given().contentType("application/x-www-form-urlencoded").body("List-Unsubscribe=One-Click")
                .post(path(unsubscribe)).then().statusCode(200).body(containsString("Unsubscribed"));
        assertThat(subscriptions(subscriber)).isZero();

        ReleaseAnnounced next = announcement(district, site);
        Kafka.publish(Topics.RELEASE_ANNOUNCEMENTS, Long.toString(next.releaseId()), List.of(next));
        mail.awaitMessagesFor(staff, 2, Duration.ofSeconds(60));
        assertThat(mail.receivedMessagesFor(staff)).hasSize(2);
        assertThat(mail.receivedMessagesFor(subscriber)).hasSize(2);
        assertThat(mail.receivedMessagesFor(undecided)).hasSize(1); // the confirmation request only
    }

    @Test
    void tamperedLinksAndUnknownDistrictsAreRefused() {
        given().post("/api/subscriptions/confirm?token=00000000-0000-0000-0000-000000000000.AAAA")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("token: not a valid confirmation link"));
        given().post("/api/subscriptions/unsubscribe?token=garbage").then().statusCode(400);
        given().contentType("application/json").body(Map.of("email", "x@example.org", "district", "Atlantis"))
                .post("/api/subscriptions").then().statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("district: no site in this district"));
        given().contentType("application/json").body(Map.of("email", "not-an-address", "district", "Leipzig"))
                .post("/api/subscriptions").then().statusCode(400).body("violations[0].field", equalTo("email"));
    }

    @Test
    void staffContactsAreForOperatorsOnly() {
        given().get("/api/notifier/sites/ANY/staff-contacts").then().statusCode(401);
    }

    private static void subscribe(String email, String district, String language) {
        given().contentType("application/json").body(Map.of("email", email, "district", district, "language", language))
                .post("/api/subscriptions").then().statusCode(202);
    }

    private static ReleaseAnnounced announcement(String district, TestData.Site site) {
        return new ReleaseAnnounced(RELEASES.incrementAndGet(), "Booster Winter", district,
                Instant.parse("2031-12-06T07:00:00Z"), null, 120,
                List.of(new ReleaseAnnounced.AnnouncedSite(site.code(), "Impfzentrum Messe", TestData.SITE_ADDRESS,
                        "Europe/Berlin", 120)), Instant.now());
    }

    private static URI link(String text) {
        Matcher matcher = LINK.matcher(text);
        assertThat(matcher.find()).as("a subscription link in: " + text).isTrue();
        return URI.create(matcher.group(1));
    }

    private static String path(URI uri) {
        return uri.getRawPath() + "?" + uri.getRawQuery();
    }

    private long subscriptions(String email) {
        return db.preparedQuery("select count(*) as n from district_subscription where email = $1").execute(Tuple.of(email))
                .await().indefinitely().iterator().next().getLong("n");
    }
}
