package io.sluice.booking;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.sluice.booking.Api.createSite;
import static io.sluice.booking.Api.operator;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ViewportSize;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.events.BookingDecided;
import io.sluice.events.Outcome;
import io.sluice.events.Topics;
import io.sluice.events.serde.JsonEventSerializer;
import io.sluice.infra.SluiceInfraTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The citizen's page in a real Chromium (Debian's), on a phone-sized screen: join, wait, get admitted,
 * book, and see the confirmation; or wait, learn that everything is gone, and leave an address for
 * the waitlist. booking-api runs without the allocator here, so the test publishes the allocator's
 * decision to Kafka itself. Screenshots stay in target/screenshots.
 */
@QuarkusTest
@QuarkusTestResource(SluiceInfraTestResource.class)
@QuarkusTestResource(TokenTestResource.class)
class CitizenPageIT {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final ViewportSize PHONE = new ViewportSize(390, 844);

    private static Chromium chromium;
    private static Browser browser;

    @TestHTTPResource("/")
    URL base;

    @Inject
    Pool db;

    @BeforeAll
    static void startChromium() {
        chromium = Chromium.launch();
        browser = chromium.browser();
    }

    @AfterAll
    static void stopChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void aCitizenQueuesIsAdmittedBooksAndSeesTheConfirmation() {
        String site = createSite();
        int release = Citizen.releaseWithWaitingRoom(site, "08:00", "09:00");
        admit(release, 0); // hold the door, so that the waiting page can be seen
        Page page = phone("en");
        page.navigate(base + "waiting-room/?release=" + release);
        assertThat(page.locator("#release-name")).hasText("Queued " + site);
        page.click("#join");

        assertThat(page.locator("#view-waiting")).isVisible();
        assertThat(page.locator("#waiting-title")).hasText("You are in the queue");
        assertThat(page.locator("#position")).hasText("1");
        assertThat(page.locator("#ahead")).hasText("0");
        assertThat(page.locator("#slots-left")).hasText("12");
        shoot(page, "citizen-1-waiting.png");

        admit(release, null);
        assertThat(page.locator("#view-admitted")).isVisible();
        assertThat(page.locator("#admitted-title")).hasText("It is your turn");
        assertThat(page.locator("#admission-countdown")).containsText("Please request your appointment within");
        assertThat(page.locator("#pools")).containsText("Impfzentrum " + site);
        assertThat(page.locator("#pools")).containsText("12 free");
        page.fill("#name", "Ada Lovelace");
        page.fill("#email", "ada." + UUID.randomUUID() + "@example.org");
        shoot(page, "citizen-2-admitted.png");
        page.click("#book");
        assertThat(page.locator("#view-pending")).isVisible();
        assertThat(page.locator("#pending-title")).hasText("Your request is being processed …");

        // The allocator's part: the request it would have decided.
        Row request = db.preparedQuery("select id, pool_key from booking_request where release_id = $1")
                .execute(Tuple.of(release)).await().indefinitely().iterator().next();
        Row slot = db.preparedQuery("select id, starts_at from slot where release_id = $1 order by starts_at, lane limit 1")
                .execute(Tuple.of(release)).await().indefinitely().iterator().next();
        decide(new BookingDecided(request.getUUID("id"), release, request.getString("pool_key"), Outcome.CONFIRMED, null,
                "SLC-PAGE-1", slot.getLong("id"), slot.getOffsetDateTime("starts_at").toInstant(), Instant.now()));

        assertThat(page.locator("#view-confirmed")).isVisible();
        assertThat(page.locator("#confirmed-title")).hasText("Your appointment is confirmed");
        assertThat(page.locator("#booking-code-value")).hasText("SLC-PAGE-1");
        shoot(page, "citizen-3-confirmed.png");
        page.context().close();
    }

    @Test
    void aWaitingCitizenLearnsThatEverythingIsGoneAndJoinsTheWaitlist() {
        int release = Citizen.releaseWithWaitingRoom(createSite(), "08:00", "08:10"); // 2 slots
        admit(release, 0);
        Page page = phone("de");
        page.navigate(base + "waiting-room/?release=" + release);
        page.click("#join");
        assertThat(page.locator("#view-waiting")).isVisible();
        assertThat(page.locator("#waiting-title")).hasText("Sie sind in der Warteschlange");

        db.preparedQuery("update slot set state = 'BOOKED' where release_id = $1").execute(Tuple.of(release)).await().indefinitely();
        assertThat(page.locator("#view-soldout")).isVisible();
        assertThat(page.locator("#soldout-title")).hasText("Alle Termine sind vergeben");
        assertThat(page.locator("#soldout-detail")).hasText("Alle 2 Termine sind vergeben. Sie hatten Platz 1.");
        String email = "wait." + UUID.randomUUID() + "@example.org";
        page.fill("#waitlist-email", email);
        page.click("#waitlist-form button");
        assertThat(page.locator("#waitlist-done")).isVisible();
        shoot(page, "citizen-4-sold-out-waitlist.png");
        page.context().close();

        Row entry = db.preparedQuery("select state, language from waitlist_entry where release_id = $1 and email = $2")
                .execute(Tuple.of(release, email)).await().indefinitely().iterator().next();
        assertThat(entry.getString("state")).isEqualTo("PENDING");
        assertThat(entry.getString("language")).isEqualTo("de");
    }

    @Test
    void beforeOpeningThePreQueueCountsDownAndIsUsableByKeyboard() {
        String site = createSite();
        int release = operator().body(Map.of("name", "Booster Samstag", "district", "Leipzig",
                        "opensAt", Instant.now().plus(Duration.ofHours(1)).toString(), "prequeueMinutes", 90,
                        "slots", List.of(Api.block(site, "08:00", "09:00"))))
                .post("/api/operator/releases").then().statusCode(201).extract().path("id");
        operator().post("/api/operator/releases/" + release + "/announce").then().statusCode(200);
        Page page = phone("de");
        page.navigate(base + "waiting-room/?release=" + release);
        assertThat(page.locator("#join-countdown")).hasText("Die Warteschlange ist geöffnet.");

        // Keyboard only: the release's heading has the focus, the join button is the next stop.
        assertThat(page.locator("#release-name")).isFocused();
        page.keyboard().press("Tab");
        assertThat(page.locator("#join")).isFocused();
        page.keyboard().press("Enter");
        assertThat(page.locator("#view-waiting")).isVisible();
        assertThat(page.locator("#prequeue-note")).isVisible();
        assertThat(page.locator("#opening-countdown")).containsText("Öffnung und Auslosung in 59:");
        assertThat(page.locator("#waiting-title")).isFocused();
        shoot(page, "citizen-5-prequeue.png");
        page.context().close();
    }

    private Page phone(String language) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(PHONE).setLocale(language));
        Page page = context.newPage();
        page.addInitScript("localStorage.setItem('sluice.language', '" + language + "')");
        return page;
    }

    /** The operator sets the release's admission ceiling; null goes back to the default. */
    private static void admit(int release, Integer perSecond) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("maxAdmissionRate", perSecond);
        operator().body(settings).put("/api/operator/releases/" + release + "/waiting-room").then().statusCode(200);
    }

    private static void decide(BookingDecided decision) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SluiceInfraTestResource.infrastructure().kafka().bootstrapServers()),
                new StringSerializer(), new JsonEventSerializer<BookingDecided>())) {
            producer.send(new ProducerRecord<>(Topics.BOOKING_DECISIONS, decision.requestId().toString(), decision));
            producer.flush();
        }
    }

    private static void shoot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name)).setFullPage(true));
    }
}
