package io.sluice.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceProcessIT {

    @TempDir
    static Path moduleDir;

    @TempDir
    Path logs;

    @BeforeAll
    static void buildFakeQuarkusApp() throws IOException {
        buildFakeQuarkusApp(moduleDir);
    }

    /** A jar shaped like Quarkus' fast-jar launcher whose classes are this module's test classes. */
    static void buildFakeQuarkusApp(Path moduleDir) throws IOException {
        Path jar = moduleDir.resolve("target/quarkus-app/quarkus-run.jar");
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeService.class.getName());
        Path testClasses = Path.of(FakeService.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, testClasses.toUri().toString());
        try (OutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
    }

    @Test
    void startsWithTheGivenEnvironmentAndPortAndStopsGracefully() throws IOException {
        int port = FreePorts.next();
        ServiceProcess service = new ServiceProcess("fake", moduleDir, port,
                Map.of("FAKE_GREETING", "hello", "FAKE_STARTUP_MILLIS", "500"), logs).start();
        try {
            service.awaitReady(Duration.ofSeconds(30));

            assertThat(service.pid()).isPresent();
            assertThat(service.baseUri()).hasToString("http://localhost:" + port);
            service.stop();
            assertThat(service.isAlive()).isFalse();
            assertThat(Files.readString(service.logFile())).contains("greeting=hello", "shut down gracefully");
        } finally {
            service.kill();
        }
    }

    @Test
    void killGivesNoChanceToShutDownAndStartRunsItAgain() throws IOException {
        ServiceProcess service = new ServiceProcess("fake", moduleDir, FreePorts.next(), Map.of(), logs).start();
        try {
            service.awaitReady(Duration.ofSeconds(30));
            long firstPid = service.pid().orElseThrow();

            service.kill();

            assertThat(ProcessHandle.of(firstPid).filter(ProcessHandle::isAlive)).isEmpty();
            assertThat(Files.readString(service.logFile())).doesNotContain("shut down gracefully");
            service.start().awaitReady(Duration.ofSeconds(30));
            assertThat(service.pid().orElseThrow()).isNotEqualTo(firstPid);
        } finally {
            service.kill();
        }
    }

    @Test
    void aServiceThatDiesWhileStartingFailsFastWithItsLog() {
        ServiceProcess service = new ServiceProcess("fake", moduleDir, FreePorts.next(),
                Map.of("FAKE_FAIL", "true"), logs).start();

        assertThatThrownBy(() -> service.awaitReady(Duration.ofSeconds(30)))
                .hasMessageContaining("fake ended before it was ready")
                .hasMessageContaining("exit code 3")
                .hasMessageContaining("Failed to start: datasource unreachable");
    }

    @Test
    void aMissingBuildIsExplained() {
        ServiceProcess service = new ServiceProcess("never-built", logs.resolve("never-built"), FreePorts.next(),
                Map.of(), logs);

        assertThatThrownBy(service::start).hasMessageContaining("build never-built first");
    }
}
