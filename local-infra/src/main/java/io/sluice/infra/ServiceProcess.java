package io.sluice.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One built Quarkus service ({@code <module>/target/quarkus-app/quarkus-run.jar}) running as a child
 * process on a given HTTP port, with its output in a log file. Can be stopped, killed and started again,
 * which is what the system tests' fault scenarios do to it.
 */
public final class ServiceProcess implements AutoCloseable {

    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xmx256m");

    /**
     * Added for the slot-allocator wherever it runs (the Helm chart sets the same): C1 only. C2 compiling
     * took half the allocator's CPU in the first minute of a release, and without it the allocator
     * decided more per second (docs/benchmarks.md).
     */
    public static final List<String> ALLOCATOR_JIT_OPTIONS = List.of("-XX:TieredStopAtLevel=1");

    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(250);

    private final String name;
    private final Path jar;
    private final int httpPort;
    private final Map<String, String> environment;
    private final List<String> jvmOptions;
    private final Path logFile;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private ChildProcess process;

    /**
     * @param moduleDir   the service's Maven module, built with {@code package}
     * @param environment added to this JVM's environment, typically {@link LocalInfrastructure#environment()}
     * @param logDir      receives {@code <name>.log} (appended across restarts) and {@code <name>.pid}
     */
    public ServiceProcess(String name, Path moduleDir, int httpPort, Map<String, String> environment,
            List<String> jvmOptions, Path logDir) {
        this.name = name;
        this.jar = moduleDir.resolve("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
        this.httpPort = httpPort;
        this.environment = Map.copyOf(environment);
        this.jvmOptions = List.copyOf(jvmOptions);
        this.logFile = logDir.resolve(name + ".log").toAbsolutePath();
    }

    public ServiceProcess(String name, Path moduleDir, int httpPort, Map<String, String> environment, Path logDir) {
        this(name, moduleDir, httpPort, environment, DEFAULT_JVM_OPTIONS, logDir);
    }

    /** Launches the service; returns at once, see {@link #awaitReady(Duration)}. */
    public synchronized ServiceProcess start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running: " + process.describe());
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: build " + name + " first (mvn package)");
        }
        Path pidFile = logFile.resolveSibling(name + ".pid");
        List<String> command = new ArrayList<>();
        command.add(ChildProcess.java().toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        Map<String, String> env = new HashMap<>(environment);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        try {
            StaleProcesses.stop(pidFile, jar.toString());
            // Not the module directory: a developer's .env or config/ there must not change what runs.
            process = ChildProcess.start(name, command, env, logFile.getParent(), logFile);
            Files.writeString(pidFile, Long.toString(process.pid()));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name, e);
        }
        return this;
    }

    /** Waits until {@code /q/health/ready} answers 200; fails early, with the log's end, if the process dies. */
    public void awaitReady(Duration timeout) {
        ChildProcess running = running();
        URI ready = uri("/q/health/ready");
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastAnswer = "no answer yet";
        while (true) {
            if (!running.isAlive()) {
                throw failure("ended before it was ready", running);
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                lastAnswer = response.statusCode() + " " + response.body();
            } catch (ConnectException e) {
                lastAnswer = "connection refused";
            } catch (IOException e) {
                lastAnswer = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + name, e);
            }
            if (System.nanoTime() > deadline) {
                throw failure("was not ready within " + timeout + " (last answer from " + ready + ": " + lastAnswer
                        + ")", running);
            }
            ChildProcess.pause(POLL);
        }
    }

    /** SIGTERM, so Quarkus shuts down gracefully; SIGKILL if it has not ended within 20 s. */
    public synchronized void stop() {
        if (process != null) {
            process.stop(STOP_GRACE);
        }
    }

    /** SIGKILL, as in a crash. */
    public synchronized void kill() {
        if (process != null) {
            process.kill();
        }
    }

    @Override
    public void close() {
        stop();
    }

    public synchronized OptionalLong pid() {
        return process != null && process.isAlive() ? OptionalLong.of(process.pid()) : OptionalLong.empty();
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public String name() {
        return name;
    }

    public int httpPort() {
        return httpPort;
    }

    /** {@code http://localhost:<port>} */
    public URI baseUri() {
        return URI.create("http://localhost:" + httpPort);
    }

    public URI uri(String path) {
        return baseUri().resolve(path);
    }

    public Path logFile() {
        return logFile;
    }

    private synchronized ChildProcess running() {
        if (process == null) {
            throw new IllegalStateException(name + " has not been started");
        }
        return process;
    }

    private IllegalStateException failure(String what, ChildProcess running) {
        return new IllegalStateException(name + " " + what + ": " + running.describe() + System.lineSeparator()
                + "--- last lines of " + logFile + System.lineSeparator() + running.logTail(60));
    }

    @Override
    public String toString() {
        return name + " on " + baseUri();
    }
}
