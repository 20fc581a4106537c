package io.sluice.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stack's wiring, with stand-ins for the three services (the real ones are exercised by system-tests). */
class SluiceStackIT {

    @TempDir
    Path projectRoot;

    @Test
    void startsInfrastructureAndServicesWiredToItAndStopsEverything() throws IOException {
        for (String module : List.of("booking-api", "slot-allocator", "notifier")) {
            ServiceProcessIT.buildFakeQuarkusApp(projectRoot.resolve(module));
        }
        SluiceStack stack = new SluiceStack(projectRoot, projectRoot.resolve(".sluice"))
                .withEnvironment(Map.of("FAKE_GREETING", "from-the-stack"));
        long broker;
        List<Long> services;
        try {
            stack.start();

            String bootstrap = stack.infrastructure().kafka().bootstrapServers();
            assertThat(stack.services()).extracting(ServiceProcess::name)
                    .containsExactly("booking-api", "slot-allocator", "notifier");
            for (ServiceProcess service : stack.services()) {
                assertThat(Files.readString(service.logFile()))
                        .contains("kafka=" + bootstrap, "greeting=from-the-stack");
            }
            assertThat(stack.bookingApi().httpPort()).isEqualTo(stack.ports().bookingApi());
            broker = stack.infrastructure().kafka().pid().orElseThrow();
            services = stack.services().stream().map(service -> service.pid().orElseThrow()).toList();
        } finally {
            stack.stop();
        }

        assertThat(ProcessHandle.of(broker).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(services)
                .allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty());
    }
}
