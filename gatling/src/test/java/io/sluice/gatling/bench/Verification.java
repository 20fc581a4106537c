package io.sluice.gatling.bench;

import io.sluice.infra.Database;
import io.sluice.infra.MailServer;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The outcome of a release, from where it is recorded rather than from what the clients saw: PostgreSQL
 * (bookings, requests, decisions) and the SMTP server (the mails that arrived).
 */
final class Verification {

    /** What the database says about one release. */
    record ReleaseOutcome(long releaseId, long slots, long requests, long confirmed, long rejected, long undecided,
            long slotsBookedTwice, long personsBookedTwice, Instant openedAt, Instant firstAccepted, Instant lastConfirmed,
            Instant lastDecided, List<String> confirmedEmails) {

        /** Every eligible booker gets a slot while slots last: min(slots, people who sent a request). */
        boolean confirmedAsExpected() {
            return confirmed == Math.min(slots, requests);
        }
    }

    private final Database database;
    private final MailServer mail;

    Verification(Database database, MailServer mail) {
        this.database = database;
        this.mail = mail;
    }

    ReleaseOutcome release(long releaseId) throws SQLException {
        try (Connection db = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password())) {
            String id = Long.toString(releaseId);
            List<String> emails = new ArrayList<>();
            try (Statement statement = db.createStatement();
                 ResultSet rows = statement.executeQuery("select email from booking_request r left join request_decision d on d.request_id = r.id where release_id = " + id
                         + " and outcome = 'CONFIRMED'")) {
                while (rows.next()) {
                    emails.add(rows.getString(1));
                }
            }
            return new ReleaseOutcome(releaseId,
                    count(db, "select count(*) from slot where release_id = " + id),
                    count(db, "select count(*) from booking_request where release_id = " + id),
                    emails.size(),
                    count(db, "select count(*) from booking_request r left join request_decision d on d.request_id = r.id where release_id = " + id + " and outcome = 'REJECTED'"),
                    count(db, "select count(*) from booking_request r left join request_decision d on d.request_id = r.id where release_id = " + id + " and outcome is null"),
                    count(db, "select count(*) - count(distinct slot_id) from booking where release_id = " + id
                            + " and state = 'CONFIRMED'"),
                    count(db, "select count(*) - count(distinct person_key) from booking where release_id = " + id
                            + " and state = 'CONFIRMED'"),
                    instant(db, "select coalesce(w.sealed_at, t.at) from release r left join waiting_room w on w.release_id = r.id"
                            + " left join release_transition t on t.release_id = r.id and t.to_state = 'OPEN' where r.id = " + id
                            + " order by t.at limit 1"),
                    instant(db, "select min(accepted_at) from booking_request where release_id = " + id),
                    instant(db, "select max(decided_at) from booking_request r left join request_decision d on d.request_id = r.id where release_id = " + id + " and outcome = 'CONFIRMED'"),
                    instant(db, "select max(decided_at) from booking_request r left join request_decision d on d.request_id = r.id where release_id = " + id),
                    emails);
        }
    }

    /** Waits until the SMTP server holds at least {@code expected} mails or the time is up; answers how many it holds. */
    int awaitMails(int expected, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        int received = mail.receivedMessages().size();
        while (received < expected && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            received = mail.receivedMessages().size();
        }
        return received;
    }

    /** Confirmed bookings whose address did not get exactly one mail (missing or more than one), and mails nobody booked for. */
    record MailCheck(int received, long withoutMail, long withSeveral, long unexpected) {

        boolean oneMailPerBooking() {
            return withoutMail == 0 && withSeveral == 0 && unexpected == 0;
        }
    }

    MailCheck mails(List<String> confirmedEmails) throws MessagingException {
        Map<String, Integer> perRecipient = new HashMap<>();
        List<MimeMessage> messages = mail.receivedMessages();
        for (MimeMessage message : messages) {
            for (Address to : message.getAllRecipients()) {
                perRecipient.merge(((InternetAddress) to).getAddress().toLowerCase(), 1, Integer::sum);
            }
        }
        Set<String> booked = new HashSet<>();
        confirmedEmails.forEach(email -> booked.add(email.toLowerCase()));
        long without = booked.stream().filter(email -> !perRecipient.containsKey(email)).count();
        long several = booked.stream().filter(email -> perRecipient.getOrDefault(email, 0) > 1).count();
        long unexpected = perRecipient.keySet().stream().filter(email -> !booked.contains(email)).count();
        return new MailCheck(messages.size(), without, several, unexpected);
    }

    private static long count(Connection db, String sql) throws SQLException {
        try (Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static Instant instant(Connection db, String sql) throws SQLException {
        try (Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            if (!rows.next()) {
                return null;
            }
            Timestamp value = rows.getTimestamp(1);
            return value == null ? null : value.toInstant();
        }
    }
}
