package io.sluice.notifier.mail;

import io.quarkus.mailer.Mail;
import java.util.List;

/**
 * Mails handed to the relay one after another as one fault-tolerance unit: the group is retried as a
 * whole, and remembers how far it got, so that a retry sends only the mails not yet accepted or refused.
 * Sending one mail at a time per group keeps each group on one pooled connection at a time.
 */
public final class MailGroup {

    private final List<Mail> mails;
    private final String[] refusals;
    private int next;

    public MailGroup(List<Mail> mails) {
        this.mails = List.copyOf(mails);
        this.refusals = new String[mails.size()];
    }

    public int size() {
        return mails.size();
    }

    boolean hasNext() {
        return next < mails.size();
    }

    Mail next() {
        return mails.get(next);
    }

    void accepted() {
        next++;
    }

    /** The relay refused the current mail for good (5xx): it is not sent again, the group goes on. */
    void refused(String reason) {
        refusals[next++] = reason;
    }

    /** Whether the relay accepted mail {@code index} (false: refused, or not reached before the group gave up). */
    public boolean accepted(int index) {
        return index < next && refusals[index] == null;
    }

    /** Why the relay refused mail {@code index}, or null when it did not refuse it. */
    public String refusal(int index) {
        return refusals[index];
    }
}
