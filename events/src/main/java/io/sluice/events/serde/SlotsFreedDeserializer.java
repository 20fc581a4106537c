package io.sluice.events.serde;

import io.sluice.events.SlotsFreed;

public class SlotsFreedDeserializer extends JsonEventDeserializer<SlotsFreed> {

    public SlotsFreedDeserializer() {
        super(SlotsFreed.class);
    }
}
