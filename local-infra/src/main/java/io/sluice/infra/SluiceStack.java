package io.sluice.infra;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole of Sluice on this machine: {@link LocalInfrastructure} plus the three built services
 * (booking-api, slot-allocator, notifier) as child processes, configured to use it. Used by the local
 * run ({@link LocalStack}) and by the system tests.
 *
 * <pre>{@code
 * try (SluiceStack stack = new SluiceStack(projectRoot, workDir).withKafkaPartitions(4).start()) {
 *     URI api = stack.bookingApi().baseUri();
 *     stack.slotAllocator().kill();
 * }
 * }</pre>
 */
public final class SluiceStack implements AutoCloseable {

    /** Three JVMs starting at once on two cores take a while; this is generous on purpose. */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    /** HTTP ports of the services. */
    public record Ports(int bookingApi, int slotAllocator, int notifier) {

        /** The ports the local run uses and the READMEs name. */
        public static Ports defaults() {
            return new Ports(8080, 8081, 8082);
        }

        /** Free ports, so tests can run beside a local run. */
        public static Ports free() {
            return new Ports(FreePorts.next(), FreePorts.next(), FreePorts.next());
        }
    }

    private final Path projectRoot;
    private final Path workDir;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JwtIssuer tokens = JwtIssuer.generate();
    private Ports ports = Ports.free();
    private int kafkaPartitions = 1;
    private Map<String, String> environment = Map.of();
    private List<String> serviceJvmOptions = ServiceProcess.DEFAULT_JVM_OPTIONS;

    private LocalInfrastructure infrastructure;
    private ServiceProcess bookingApi;
    private ServiceProcess slotAllocator;
    private ServiceProcess notifier;

    /**
     * @param projectRoot the Sluice checkout, whose service modules have been built ({@code mvn package})
     * @param workDir     data and logs; its infrastructure subdirectories are emptied on start
     */
    public SluiceStack(Path projectRoot, Path workDir) {
        this.projectRoot = projectRoot.toAbsolutePath();
        this.workDir = workDir.toAbsolutePath();
    }

    public synchronized SluiceStack withPorts(Ports ports) {
        requireNotStarted();
        this.ports = ports;
        return this;
    }

    /** Partition count of topics the broker auto-creates (default 1). */
    public synchronized SluiceStack withKafkaPartitions(int kafkaPartitions) {
        requireNotStarted();
        this.kafkaPartitions = kafkaPartitions;
        return this;
    }

    /** Extra environment for all three services, e.g. shared secrets or tuning; wins over the infrastructure's. */
    public synchronized SluiceStack withEnvironment(Map<String, String> environment) {
        requireNotStarted();
        this.environment = Map.copyOf(environment);
        return this;
    }

    public synchronized SluiceStack withServiceJvmOptions(List<String> serviceJvmOptions) {
        requireNotStarted();
        this.serviceJvmOptions = List.copyOf(serviceJvmOptions);
        return this;
    }

    /** Starts the infrastructure, then the three services side by side, and waits until all are ready. */
    public synchronized SluiceStack start() {
        requireNotStarted();
        infrastructure = LocalInfrastructure.start(workDir, kafkaPartitions);
        try {
            Map<String, String> env = new HashMap<>(infrastructure.environment());
            env.putAll(tokens.verifierEnvironment());
            env.putAll(freshSecrets());
            env.putAll(environment);
            Path logs = workDir.resolve("logs");
            bookingApi = service("booking-api", ports.bookingApi(), env, logs);
            slotAllocator = service("slot-allocator", ports.slotAllocator(), env, logs);
            notifier = service("notifier", ports.notifier(), env, logs);
            for (ServiceProcess service : services()) {
                service.start();
            }
            for (ServiceProcess service : services()) {
                service.awaitReady(READY_TIMEOUT);
            }
            return this;
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    /** Stops the services (gracefully, side by side), then the infrastructure. Safe to call twice. */
    public synchronized void stop() {
        List<Thread> stopping = new ArrayList<>();
        for (ServiceProcess service : services()) {
            Thread thread = new Thread(service::stop, "stop-" + service.name());
            thread.start();
            stopping.add(thread);
        }
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (infrastructure != null) {
            infrastructure.close();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Mints operator and staff tokens that this stack's booking-api accepts. */
    public JwtIssuer tokens() {
        return tokens;
    }

    public synchronized LocalInfrastructure infrastructure() {
        return started(infrastructure);
    }

    public synchronized ServiceProcess bookingApi() {
        return started(bookingApi);
    }

    public synchronized ServiceProcess slotAllocator() {
        return started(slotAllocator);
    }

    public synchronized ServiceProcess notifier() {
        return started(notifier);
    }

    /** The services that have been created so far, in start order. */
    public synchronized List<ServiceProcess> services() {
        List<ServiceProcess> services = new ArrayList<>();
        for (ServiceProcess service : new ServiceProcess[] {bookingApi, slotAllocator, notifier}) {
            if (service != null) {
                services.add(service);
            }
        }
        return services;
    }

    public synchronized Ports ports() {
        return ports;
    }

    public Path workDir() {
        return workDir;
    }

    /** The services' secrets, new for every stack: nothing secret is read from the repository. */
    private static Map<String, String> freshSecrets() {
        Map<String, String> secrets = new HashMap<>();
        for (String name : List.of("SLUICE_BOOKING_PERSON_KEY_SECRET", "SLUICE_CANCEL_LINK_SECRET",
                "SLUICE_WAITING_ROOM_TICKET_SECRET")) {
            byte[] bytes = new byte[24];
            RANDOM.nextBytes(bytes);
            secrets.put(name, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        }
        return secrets;
    }

    private ServiceProcess service(String module, int port, Map<String, String> env, Path logs) {
        List<String> jvmOptions = new ArrayList<>(serviceJvmOptions);
        if (module.equals("slot-allocator")) {
            jvmOptions.addAll(ServiceProcess.ALLOCATOR_JIT_OPTIONS);
        }
        return new ServiceProcess(module, projectRoot.resolve(module), port, env, jvmOptions, logs);
    }

    private void requireNotStarted() {
        if (infrastructure != null) {
            throw new IllegalStateException("The stack has already been started");
        }
    }

    private static <T> T started(T component) {
        if (component == null) {
            throw new IllegalStateException("The stack has not been started");
        }
        return component;
    }
}
