package io.sluice.booking;

import static io.sluice.booking.Api.citizen;
import static io.sluice.booking.Api.createOpenRelease;
import static io.sluice.booking.Api.createSite;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.booking.privacy.PersonalDataService;
import io.sluice.infra.SluiceInfraTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A citizen sees and erases their data with the booking's link; the rest is erased after the retention period. */
@QuarkusTest
@QuarkusTestResource(SluiceInfraTestResource.class)
@QuarkusTestResource(TokenTestResource.class)
class PersonalDataIT {

    @Inject
    Pool db;

    @Inject
    PersonalDataService personalData;

    @Test
    void theHolderOfTheLinkSeesTheirDataAndErasesItOnceTheBookingIsCancelled() {
        int releaseId = createOpenRelease(createSite(), "09:00", "09:30");
        List<Long> slots = freeSlots(releaseId);
        String ada = Bookings.newCode();
        String bob = Bookings.newCode();
        Bookings.book(db, releaseId, slots.get(0), ada, "pk-" + UUID.randomUUID(), "Ada Lovelace", "ada@example.org");
        Bookings.book(db, releaseId, slots.get(1), bob, "pk-" + UUID.randomUUID(), "Bob Babbage", "bob@example.org");

        citizen().get(personalDataOf(ada, Bookings.cancelToken(ada))).then().statusCode(200)
                .body("name", equalTo("Ada Lovelace")).body("email", equalTo("ada@example.org"))
                .body("bookingState", equalTo("CONFIRMED")).body("erasedAutomaticallyAfter", notNullValue());
        citizen().get(personalDataOf(ada, Bookings.cancelToken(bob))).then().statusCode(403)
                .contentType(startsWith("application/problem+json"))
                .body(not(containsString("Bob")));
        citizen().delete(personalDataOf(ada, Bookings.cancelToken(bob))).then().statusCode(403);
        citizen().get(personalDataOf(ada, null)).then().statusCode(403);

        citizen().delete(personalDataOf(ada, Bookings.cancelToken(ada))).then().statusCode(409)
                .body("detail", containsString("cancel it first"));
        assertThat(contactOf(ada)).containsExactly("Ada Lovelace", "ada@example.org");

        db.preparedQuery("update booking set state = 'CANCELLED' where code = $1").executeAndAwait(Tuple.of(ada));
        citizen().delete(personalDataOf(ada, Bookings.cancelToken(ada))).then().statusCode(200)
                .body("name", nullValue()).body("email", nullValue()).body("erasedAt", notNullValue());

        assertThat(contactOf(ada)).containsExactly("", "");
        assertThat(contactOf(bob)).as("another person's data is untouched").containsExactly("Bob Babbage", "bob@example.org");
        citizen().get(personalDataOf(ada, Bookings.cancelToken(ada))).then().statusCode(200)
                .body("name", nullValue()).body("bookingCode", equalTo(ada));
    }

    @Test
    void afterARebookingTheOldLinkErasesNothingWhileTheNewAppointmentStandsAndThenErasesBoth() {
        int releaseId = createOpenRelease(createSite(), "09:00", "09:30");
        List<Long> slots = freeSlots(releaseId);
        String person = "pk-" + UUID.randomUUID();
        String moved = Bookings.newCode();
        String current = Bookings.newCode();
        Bookings.book(db, releaseId, slots.get(0), moved, person, "Eve Moved", "eve@example.org");
        db.preparedQuery("update booking set state = 'CANCELLED' where code = $1").executeAndAwait(Tuple.of(moved));
        Bookings.book(db, releaseId, slots.get(1), current, person, "Eve Moved", "eve@example.org");

        citizen().delete(personalDataOf(moved, Bookings.cancelToken(moved))).then().statusCode(409)
                .body("detail", containsString(current));
        assertThat(contactOf(current)).containsExactly("Eve Moved", "eve@example.org");

        db.preparedQuery("update booking set state = 'CANCELLED' where code = $1").executeAndAwait(Tuple.of(current));
        citizen().delete(personalDataOf(moved, Bookings.cancelToken(moved))).then().statusCode(200);
        assertThat(contactOf(moved)).containsExactly("", "");
        assertThat(contactOf(current)).as("the rebooking's copy of the contact").containsExactly("", "");
    }

    @Test
    void dataPastItsRetentionIsErasedAndNewerDataIsKept() {
        int releaseId = createOpenRelease(createSite(), "09:00", "09:30");
        List<Long> slots = freeSlots(releaseId);
        String past = Bookings.newCode();
        String upcoming = Bookings.newCode();
        Bookings.book(db, releaseId, slots.get(0), past, "pk-" + UUID.randomUUID(), "Carl Past", "carl@example.org");
        Bookings.book(db, releaseId, slots.get(1), upcoming, "pk-" + UUID.randomUUID(), "Dora Soon", "dora@example.org");
        // The appointment took place 31 days ago: one day beyond the default retention of 30 days.
        db.preparedQuery("""
                        update slot set starts_at = now() - interval '31 days', ends_at = now() - interval '31 days' + interval '10 minutes'
                        where id = $1""")
                .executeAndAwait(Tuple.of(slots.get(0)));
        String waitlisted = "old-" + UUID.randomUUID() + "@example.org";
        db.preparedQuery("""
                        insert into waitlist_entry (id, release_id, district, email, language, state, requested_at)
                        values ($1, $2, 'Leipzig', $3, 'en', 'PENDING', now() - interval '31 days')""")
                .executeAndAwait(Tuple.of(UUID.randomUUID(), releaseId, waitlisted));

        personalData.eraseExpired().await().indefinitely();

        assertThat(contactOf(past)).containsExactly("", "");
        assertThat(contactOf(upcoming)).containsExactly("Dora Soon", "dora@example.org");
        assertThat(db.preparedQuery("select count(*) from waitlist_entry where email = $1").executeAndAwait(Tuple.of(waitlisted))
                .iterator().next().getLong(0)).isZero();
    }

    private static String personalDataOf(String code, String token) {
        return "/api/bookings/" + code + "/personal-data" + (token == null ? "" : "?token=" + token);
    }

    private static List<Long> freeSlots(int releaseId) {
        return citizen().get("/api/releases/" + releaseId + "/free-slots").then().statusCode(200)
                .extract().jsonPath().getList("id", Long.class);
    }

    private List<String> contactOf(String code) {
        Row row = db.preparedQuery("select r.display_name, r.email from booking_request r join booking b on b.request_id = r.id where b.code = $1")
                .executeAndAwait(Tuple.of(code)).iterator().next();
        return List.of(row.getString("display_name"), row.getString("email"));
    }
}
