package io.sluice.events.serde;

import io.sluice.events.ServiceStats;

public class ServiceStatsDeserializer extends JsonEventDeserializer<ServiceStats> {

    public ServiceStatsDeserializer() {
        super(ServiceStats.class);
    }
}
