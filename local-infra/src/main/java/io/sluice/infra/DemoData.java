package io.sluice.infra;

import java.net.URI;

/** Demo sites, capacity and a release for the local run, created through booking-api's public API. */
public final class DemoData {

    private DemoData() {
    }

    /** Seeds the demo data through booking-api at {@code bookingApi}. Not written yet: does nothing. */
    public static void seed(URI bookingApi) {
        // Intentionally empty for now.
    }
}
