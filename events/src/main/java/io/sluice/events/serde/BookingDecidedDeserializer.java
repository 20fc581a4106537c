package io.sluice.events.serde;

import io.sluice.events.BookingDecided;

public class BookingDecidedDeserializer extends JsonEventDeserializer<BookingDecided> {

    public BookingDecidedDeserializer() {
        super(BookingDecided.class, BookingJson::readDecided);
    }
}
