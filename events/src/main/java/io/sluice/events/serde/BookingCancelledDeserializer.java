package io.sluice.events.serde;

import io.sluice.events.BookingCancelled;

public class BookingCancelledDeserializer extends JsonEventDeserializer<BookingCancelled> {

    public BookingCancelledDeserializer() {
        super(BookingCancelled.class);
    }
}
