package io.sluice.events.serde;

import io.sluice.events.BookingRequested;

public class BookingRequestedDeserializer extends JsonEventDeserializer<BookingRequested> {

    public BookingRequestedDeserializer() {
        super(BookingRequested.class, BookingJson::readRequested);
    }
}
