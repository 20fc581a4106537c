package io.sluice.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void handsOutListenablePortsBelowTheRangeOutgoingConnectionsTakeTheirsFrom() throws IOException {
        int ephemeralStart = FreePorts.ephemeralRangeStart();
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ports.add(FreePorts.next());
        }

        assertThat(ports).doesNotHaveDuplicates().allSatisfy(port -> assertThat(port).isLessThan(ephemeralStart));
        try (ServerSocket listening = new ServerSocket(ports.get(0))) {
            assertThat(listening.getLocalPort()).isEqualTo(ports.get(0));
        }
    }
}
