package io.sluice.notifier.mail;

import io.quarkus.mailer.Mail;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Who Sluice's mails come from ({@code quarkus.mailer.from}); calendar files name it as organiser. */
@ApplicationScoped
public class Sender {

    private final String from;

    public Sender(@ConfigProperty(name = "quarkus.mailer.from") String from) {
        this.from = from;
    }

    /** The bare address of {@code Name <address>}. */
    public String address() {
        int open = from.indexOf('<');
        int close = from.indexOf('>', open + 1);
        return open >= 0 && close > open ? from.substring(open + 1, close).strip() : from.strip();
    }

    public Mail from(Mail mail) {
        return mail.setFrom(from);
    }
}
