package io.sluice.notifier;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;

/** Reads a received mail as its reader's client would: the text, the HTML, the calendar attachment. */
final class Mails {

    private Mails() {
    }

    static String text(MimeMessage message) {
        return part(message, "text/plain", false).map(Mails::content).orElseThrow();
    }

    static String html(MimeMessage message) {
        return part(message, "text/html", false).map(Mails::content).orElseThrow();
    }

    /** The attached calendar file, parsed by ical4j as a calendar app would. */
    static Calendar calendar(MimeMessage message) {
        Part attachment = part(message, "text/calendar", true).orElseThrow(() -> new AssertionError("no .ics attached"));
        try (InputStream in = attachment.getInputStream()) {
            return new CalendarBuilder().build(in);
        } catch (Exception e) {
            throw new AssertionError("the .ics does not parse", e);
        }
    }

    static String attachmentName(MimeMessage message) {
        try {
            return part(message, "text/calendar", true).orElseThrow().getFileName();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Optional<Part> part(Part part, String type, boolean attachment) {
        try {
            if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart child = multipart.getBodyPart(i);
                    Optional<Part> found = part(child, type, attachment);
                    if (found.isPresent()) {
                        return found;
                    }
                }
                return Optional.empty();
            }
            boolean isAttachment = Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || part.getFileName() != null;
            return part.isMimeType(type) && isAttachment == attachment ? Optional.of(part) : Optional.empty();
        } catch (Exception e) {
            throw new AssertionError("unreadable mail", e);
        }
    }

    private static String content(Part part) {
        try (InputStream in = part.getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException | MessagingException e) {
            throw new AssertionError(e);
        }
    }
}
