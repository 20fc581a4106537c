package io.sluice.notifier.booking;

/** The messages about one appointment; each is sent at most once per booking and medium. */
public enum AppointmentMessage {
    CONFIRMATION("confirmation"),
    REMINDER("reminder"),
    CANCELLATION("cancellation");

    private final String template;

    AppointmentMessage(String template) {
        this.template = template;
    }

    /** The template's base name under {@code templates/mail} and {@code templates/sms}. */
    public String template() {
        return template;
    }

    /** The exactly-once key of the e-mail; the SMS gets its own, so either can be retried alone. */
    public String mailKey(String bookingCode) {
        return name() + ":" + bookingCode;
    }

    public String smsKey(String bookingCode) {
        return name() + "_SMS:" + bookingCode;
    }
}
