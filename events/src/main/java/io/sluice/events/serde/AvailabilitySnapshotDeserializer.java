package io.sluice.events.serde;

import io.sluice.events.AvailabilitySnapshot;

public class AvailabilitySnapshotDeserializer extends JsonEventDeserializer<AvailabilitySnapshot> {

    public AvailabilitySnapshotDeserializer() {
        super(AvailabilitySnapshot.class);
    }
}
