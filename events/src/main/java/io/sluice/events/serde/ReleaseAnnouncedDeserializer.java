package io.sluice.events.serde;

import io.sluice.events.ReleaseAnnounced;

public class ReleaseAnnouncedDeserializer extends JsonEventDeserializer<ReleaseAnnounced> {

    public ReleaseAnnouncedDeserializer() {
        super(ReleaseAnnounced.class);
    }
}
