package io.sluice.infra;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A single-node Apache Kafka broker (KRaft, broker and controller in one process) running as a child JVM
 * from the kafka_2.13 jars on the class path, or an external broker named by {@code SLUICE_KAFKA_BOOTSTRAP}.
 *
 * <p>A separate process, not an in-JVM cluster, so that fault tests can SIGKILL it like a real broker and
 * the broker's threads and heap never compete with the JVM under test.
 */
public final class KafkaBroker implements AutoCloseable {

    public static final String EXTERNAL_BOOTSTRAP = "SLUICE_KAFKA_BOOTSTRAP";

    private static final String HOST = "127.0.0.1";
    /** ~5 s on an idle machine; a minute was not enough on two cores while several builds ran. */
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final List<String> JVM_OPTIONS = List.of(
            "-Xms64m", "-Xmx512m", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-XX:+ExitOnOutOfMemoryError",
            "-Djava.awt.headless=true");

    private final String bootstrapServers;
    private final boolean external;
    private final Path dir;
    private final BiFunction<String, Object, Object> owner;
    private final String clusterId = Uuid.randomUuid().toString();
    private ChildProcess process;

    private KafkaBroker(String bootstrapServers, boolean external, Path dir, BiFunction<String, Object, Object> owner) {
        this.bootstrapServers = bootstrapServers;
        this.external = external;
        this.dir = dir;
        this.owner = owner;
    }

    /** The external broker when {@code SLUICE_KAFKA_BOOTSTRAP} is set, otherwise a fresh local one. */
    public static KafkaBroker start(Path workDir, int defaultPartitions) {
        return ExternalSettings.get(EXTERNAL_BOOTSTRAP)
                .map(KafkaBroker::external)
                .orElseGet(() -> startLocal(workDir, defaultPartitions));
    }

    public static KafkaBroker external(String bootstrapServers) {
        return new KafkaBroker(bootstrapServers, true, null, null);
    }

    /** A broker started by another class loader of this JVM, controlled through {@code owner}. */
    static KafkaBroker view(String bootstrapServers, boolean external, BiFunction<String, Object, Object> owner) {
        return new KafkaBroker(bootstrapServers, external, null, owner);
    }

    /**
     * Starts a broker with empty data in {@code workDir/kafka}, on free ports, and waits until it serves.
     * A broker left running there by an earlier, killed run is stopped first.
     */
    public static KafkaBroker startLocal(Path workDir, int defaultPartitions) {
        Path dir = workDir.resolve("kafka").toAbsolutePath();
        int port = FreePorts.next();
        int controllerPort = FreePorts.next();
        KafkaBroker broker = new KafkaBroker(HOST + ":" + port, false, dir, null);
        try {
            StaleProcesses.stop(dir.resolve("broker.pid"), dir.resolve("server.properties").toString());
            StaleProcesses.deleteRecursively(dir);
            Files.createDirectories(dir);
            broker.writeConfig(port, controllerPort, defaultPartitions);
            Files.write(dir.resolve("classpath.args"),
                    List.of("-cp \"" + escape(JavaClassPath.join(JavaClassPath.current())) + "\""));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare the Kafka directory " + dir, e);
        }
        broker.launch();
        return broker;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public boolean isExternal() {
        return external;
    }

    /** The broker's process id while it runs here; empty for an external or stopped broker. */
    public synchronized OptionalLong pid() {
        if (owner != null) {
            return InfrastructureLink.pid(owner, "kafka.pid");
        }
        return process != null && process.isAlive() ? OptionalLong.of(process.pid()) : OptionalLong.empty();
    }

    public Path logFile() {
        requireLocal();
        return owner != null ? InfrastructureLink.path(owner, "kafka.logFile") : dir.resolve("broker.log");
    }

    /** Creates the topic unless it exists; topics are otherwise auto-created with the default partition count. */
    public void createTopic(String name, int partitions) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not create topic " + name, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + name, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out creating topic " + name, e);
        }
    }

    /** Graceful stop (SIGTERM, the broker shuts down cleanly); SIGKILL after 30 s. */
    public synchronized void stop() {
        requireLocal();
        if (owner != null) {
            owner.apply("kafka.stop", null);
        } else if (process != null) {
            process.stop(STOP_GRACE);
            process = null;
        }
    }

    /** SIGKILL, as in a crash: the next start recovers the logs. */
    public synchronized void kill() {
        requireLocal();
        if (owner != null) {
            owner.apply("kafka.kill", null);
        } else if (process != null) {
            process.kill();
            process = null;
        }
    }

    /** Stops the broker if it runs and starts it again on the same ports with the same data. */
    public synchronized void restart() {
        if (owner != null) {
            owner.apply("kafka.restart", null);
            return;
        }
        stop();
        launch();
    }

    /**
     * Starts a broker that {@link #stop()} or {@link #kill()} ended, on the same ports with the same data: with
     * those, an outage as long as a test needs to look at what the services do meanwhile.
     */
    public synchronized void startAgain() {
        if (owner != null) {
            owner.apply("kafka.startAgain", null);
            return;
        }
        requireLocal();
        if (process != null) {
            throw new IllegalStateException("The Kafka broker at " + bootstrapServers + " is running");
        }
        launch();
    }

    /** Stops a broker started here; leaves external ones, and those owned by another class loader, alone. */
    @Override
    public synchronized void close() {
        if (dir != null) {
            stop();
        }
    }

    private synchronized void launch() {
        requireLocal();
        List<String> command = new ArrayList<>();
        command.add(ChildProcess.java().toString());
        command.addAll(JVM_OPTIONS);
        command.add("-Dslf4j.provider=" + ConsoleLogProvider.class.getName());
        // Kafka calls Log4j's API directly in a few places; without this it looks for a backend and warns.
        command.add("-Dlog4j2.loggerContextFactory=org.apache.logging.log4j.simple.SimpleLoggerContextFactory");
        command.add("@" + dir.resolve("classpath.args"));
        command.add(KafkaBrokerMain.class.getName());
        command.add(Long.toString(ProcessHandle.current().pid()));
        command.add(dir.resolve("server.properties").toString());
        command.add(clusterId);

        process = ChildProcess.start("kafka", command, Map.of(), dir, logFile());
        try {
            Files.writeString(dir.resolve("broker.pid"), Long.toString(process.pid()));
            awaitReady();
        } catch (IOException | RuntimeException e) {
            process.kill();
            throw new IllegalStateException("Kafka broker did not start: " + e.getMessage() + System.lineSeparator()
                    + "--- last lines of " + logFile() + System.lineSeparator() + process.logTail(40), e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        // Wait for the listener first: an admin client polling a closed port logs a warning per attempt.
        while (!acceptsConnections()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the broker process ended: " + process.describe());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no listener on " + bootstrapServers + " after " + READY_TIMEOUT);
            }
            ChildProcess.pause(Duration.ofMillis(100));
        }
        try (Admin admin = admin()) {
            long remaining = Math.max(1, deadline - System.nanoTime());
            int brokers = admin.describeCluster().nodes().get(remaining, TimeUnit.NANOSECONDS).size();
            if (brokers == 0) {
                throw new IllegalStateException("the cluster reports no broker");
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("describeCluster failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private boolean acceptsConnections() {
        String[] hostPort = bootstrapServers.split(":");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Admin admin() {
        // Kafka loads its plugin classes through the context class loader; under Quarkus' test class loaders
        // that may hold a second copy of kafka-clients, which fails with a ClassCastException.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(Admin.class.getClassLoader());
        try {
            return Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private void writeConfig(int port, int controllerPort, int defaultPartitions) throws IOException {
        Properties config = new Properties();
        config.setProperty("process.roles", "broker,controller");
        config.setProperty("node.id", "1");
        // A static quorum of one: formatting needs no --standalone and restarts need no voter bookkeeping.
        config.setProperty("controller.quorum.voters", "1@" + HOST + ":" + controllerPort);
        config.setProperty("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":"
                + controllerPort);
        config.setProperty("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        config.setProperty("controller.listener.names", "CONTROLLER");
        config.setProperty("inter.broker.listener.name", "PLAINTEXT");
        config.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.setProperty("log.dirs", dir.resolve("data").toString());
        config.setProperty("num.partitions", Integer.toString(defaultPartitions));
        config.setProperty("auto.create.topics.enable", "true");
        // One broker: every internal topic must be satisfied by a single replica.
        config.setProperty("offsets.topic.replication.factor", "1");
        config.setProperty("transaction.state.log.replication.factor", "1");
        config.setProperty("transaction.state.log.min.isr", "1");
        config.setProperty("share.coordinator.state.topic.replication.factor", "1");
        config.setProperty("share.coordinator.state.topic.min.isr", "1");
        // Fewer internal partitions than the default 50: faster first consumer group, fewer open files.
        config.setProperty("offsets.topic.num.partitions", "10");
        config.setProperty("transaction.state.log.num.partitions", "10");
        // After a SIGKILL the restarted broker can only register once its old session has expired (9 s by
        // default); controller and broker share this process, so a short session is safe.
        config.setProperty("broker.heartbeat.interval.ms", "500");
        config.setProperty("broker.session.timeout.ms", "3000");
        // Tests and the local stack start consumer groups one member at a time; don't wait for more.
        config.setProperty("group.initial.rebalance.delay.ms", "0");
        try (OutputStream out = Files.newOutputStream(dir.resolve("server.properties"))) {
            config.store(out, "Single-node KRaft broker for Sluice (generated)");
        }
    }

    private void requireLocal() {
        if (isExternal()) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " is external (" + EXTERNAL_BOOTSTRAP
                    + "); it is not started or stopped here");
        }
    }

    private static String escape(String argFileValue) {
        return argFileValue.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Override
    public String toString() {
        return "Kafka " + bootstrapServers + (isExternal() ? " (external)" : "");
    }
}
