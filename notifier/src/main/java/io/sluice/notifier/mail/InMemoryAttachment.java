package io.sluice.notifier.mail;

import io.quarkus.mailer.Attachment;

/**
 * An attachment whose bytes {@link MailClient} hands to the SMTP client as they are. Quarkus's own mailer
 * turns a byte array into a stream of single bytes and collects it again, one context-propagating
 * callback per byte: for the calendar file of every confirmation a tenth of the notifier's CPU.
 */
public final class InMemoryAttachment extends Attachment {

    private final byte[] bytes;

    public InMemoryAttachment(String name, byte[] bytes, String contentType) {
        super(name, bytes, contentType);
        this.bytes = bytes;
    }

    byte[] bytes() {
        return bytes;
    }
}
