package io.sluice.booking;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.infra.SluiceInfraTestResource;
import java.net.URL;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator page in a real Chromium (Debian's): an operator plans a release from capacity,
 * announces and opens it, and it appears on the public calendar. Screenshots stay in
 * target/screenshots.
 */
@QuarkusTest
@QuarkusTestResource(SluiceInfraTestResource.class)
@QuarkusTestResource(TokenTestResource.class)
class OperatorPageIT {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static Chromium chromium;
    private static Browser browser;

    @TestHTTPResource("/")
    URL base;

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
    void anOperatorPlansAnnouncesAndOpensAReleaseThatThePublicCalendarThenShows() {
        String site = "PW-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        String releaseName = "Booster " + site;
        LocalDate day = LocalDate.now(Api.BERLIN).plusWeeks(2).with(DayOfWeek.TUESDAY);
        Page page = browser.newPage();
        page.navigate(base + "operator/");
        page.selectOption("#language", "en");
        assertThat(page.locator("h1")).hasText("Sluice – Administration");

        page.fill("#token", TokenTestResource.tokens().token("page-operator", List.of("operator"), Duration.ofMinutes(30)));
        page.click("#sign-in");
        assertThat(page.locator("#who")).containsText("Signed in as page-operator");

        page.fill("#site-code", site);
        page.fill("#site-name", "Impfzentrum Messe");
        page.fill("#site-address", "Messe-Allee 1, 04356 Leipzig");
        page.fill("#site-district", "Leipzig");
        page.click("#site-form button");
        assertThat(page.locator("#messages p").first()).hasText("Saved.");

        page.fill("#capacity-site", site);
        page.fill("#capacity-opens", "08:00");
        page.fill("#capacity-closes", "10:00");
        page.fill("#capacity-minutes", "30");
        page.fill("#capacity-lanes", "2");
        page.click("#capacity-form button");
        // Each answer adds a message on top; wait for the capacity's before generating from it.
        assertThat(page.locator("#messages p")).hasCount(2);
        page.fill("#generate-from", day.toString());
        page.fill("#generate-to", day.toString());
        page.click("#generate-form button");
        assertThat(page.locator("#messages p")).hasCount(3);
        assertThat(page.locator("#messages p").first()).hasText("+8 / −0 / 0 kept");

        page.fill("#release-name", releaseName);
        page.fill("#release-district", "Leipzig");
        page.fill("#release-site", site);
        page.fill("#release-day", day.toString());
        page.fill("#release-count", "6");
        page.fill("#release-opens", day.minusDays(3) + "T08:00");
        page.click("#release-form button");
        Locator row = page.locator("#release-rows tr", new Page.LocatorOptions().setHasText(releaseName));
        assertThat(row).containsText("Draft");
        assertThat(row).containsText("6 (6 free)");

        row.getByText("Announce").click();
        assertThat(row).containsText("Announced");
        row.getByText("Open", new Locator.GetByTextOptions().setExact(true)).click();
        assertThat(row.locator(".badge")).hasText("Open");
        page.locator("#grid").scrollIntoViewIfNeeded();
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("operator-page.png")).setFullPage(true));

        page.navigate(base + "calendar/");
        page.selectOption("#language", "en");
        Locator entry = page.locator("#entries tr", new Page.LocatorOptions().setHasText(releaseName));
        assertThat(entry).containsText("Open");
        assertThat(entry).containsText("Impfzentrum Messe (6)");
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("public-calendar.png")).setFullPage(true));
        page.close();
    }

    @Test
    void withoutATokenThePageSaysWhyNothingWasSaved() {
        Page page = browser.newPage();
        page.navigate(base + "operator/");
        page.selectOption("#language", "en");
        page.fill("#site-code", "NOPE-1");
        page.fill("#site-name", "x");
        page.fill("#site-address", "x");
        page.fill("#site-district", "x");
        page.click("#site-form button");
        assertThat(page.locator("#messages p.error").first()).containsText("needs a valid bearer token");
        page.close();
    }
}
