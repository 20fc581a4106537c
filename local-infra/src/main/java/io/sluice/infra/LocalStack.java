package io.sluice.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs all of Sluice on this machine until Ctrl-C: PostgreSQL, Kafka, an SMTP server and the three built
 * services, with demo data. Data and logs live in {@code <project root>/.sluice/}, emptied on every start.
 *
 * <p>Options, as arguments or system properties:
 * {@code --root=DIR} ({@code sluice.root}, default: the current directory),
 * {@code --booking-api-port=N} ({@code sluice.bookingApi.port}, default 8080),
 * {@code --slot-allocator-port=N} ({@code sluice.slotAllocator.port}, default 8081),
 * {@code --notifier-port=N} ({@code sluice.notifier.port}, default 8082),
 * {@code --kafka-partitions=N} ({@code sluice.kafka.partitions}, default 1).
 */
public final class LocalStack {

    private LocalStack() {
    }

    public static void main(String[] args) throws InterruptedException, IOException {
        // No logging backend of its own: show the libraries' warnings as plain lines, before anything logs.
        System.setProperty("slf4j.provider", System.getProperty("slf4j.provider", ConsoleLogProvider.class.getName()));
        System.setProperty(ConsoleLogProvider.LEVEL_PROPERTY, System.getProperty(ConsoleLogProvider.LEVEL_PROPERTY,
                "WARN"));
        Path root = Path.of(option(args, "root", "sluice.root", System.getProperty("user.dir"))).toAbsolutePath();
        SluiceStack.Ports defaults = SluiceStack.Ports.defaults();
        SluiceStack.Ports ports = new SluiceStack.Ports(
                intOption(args, "booking-api-port", "sluice.bookingApi.port", defaults.bookingApi()),
                intOption(args, "slot-allocator-port", "sluice.slotAllocator.port", defaults.slotAllocator()),
                intOption(args, "notifier-port", "sluice.notifier.port", defaults.notifier()));
        int partitions = intOption(args, "kafka-partitions", "sluice.kafka.partitions", 1);
        if (!Files.isDirectory(root.resolve("booking-api"))) {
            System.err.println(root + " is not the Sluice project root (no booking-api/); pass --root=DIR");
            System.exit(2);
        }

        // The stack makes fresh secrets and signing keys for every run.
        SluiceStack stack = new SluiceStack(root, root.resolve(".sluice")).withPorts(ports)
                .withKafkaPartitions(partitions);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping Sluice ...");
            stack.stop();
            stopped.countDown();
            System.out.println("Sluice stopped.");
        }, "stop-sluice"));

        long started = System.nanoTime();
        System.out.println("Starting Sluice from " + root + " ...");
        try {
            stack.start();
        } catch (RuntimeException e) {
            System.err.println("Sluice did not start: " + e.getMessage());
            System.exit(1);
        }
        writePidFile(root.resolve(".sluice/stack.pid"));
        Path operatorToken = writeToken(stack, root.resolve(".sluice/operator.jwt"), "operator");
        writeToken(stack, root.resolve(".sluice/staff.jwt"), "staff");
        String demo = DemoData.seed(stack.bookingApi().baseUri(), Files.readString(operatorToken));
        printSummary(stack, (System.nanoTime() - started) / 1_000_000, demo);
        stopped.await();
    }

    /** Lets {@code bin/sluice down} stop a stack running in another terminal. */
    private static void writePidFile(Path pidFile) {
        try {
            Files.writeString(pidFile, Long.toString(ProcessHandle.current().pid()));
            pidFile.toFile().deleteOnExit();
        } catch (IOException e) {
            System.err.println("Could not write " + pidFile + ": " + e.getMessage());
        }
    }

    /** A token valid for this run's working day, for curl and the operator page. */
    private static Path writeToken(SluiceStack stack, Path file, String role) {
        try {
            Files.writeString(file, stack.tokens().token("local-" + role, List.of(role), Duration.ofHours(12)));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void printSummary(SluiceStack stack, long startMillis, String demo) {
        LocalInfrastructure infra = stack.infrastructure();
        String line = System.lineSeparator();
        System.out.println(line
                + "Sluice is running (started in " + startMillis + " ms). Ctrl-C stops everything." + line
                + "  booking-api     " + stack.bookingApi().baseUri() + line
                + "    Swagger UI    " + stack.bookingApi().uri("/q/swagger-ui") + line
                + "    health        " + stack.bookingApi().uri("/q/health") + line
                + "    tokens        .sluice/operator.jwt, .sluice/staff.jwt (valid 12 h), e.g." + line
                + "                  curl -H \"Authorization: Bearer $(cat .sluice/operator.jwt)\" "
                + stack.bookingApi().uri("/api/operator/releases") + line
                + "  " + demo + line
                + "  slot-allocator  " + stack.slotAllocator().uri("/q/health") + line
                + "  notifier        " + stack.notifier().uri("/q/health") + line
                + "  PostgreSQL      " + infra.database().jdbcUrl() + " (user " + infra.database().username()
                + ", password " + infra.database().password() + ")" + line
                + "  Kafka           " + infra.kafka().bootstrapServers() + line
                + "  SMTP            " + infra.mail().smtpHost() + ":" + infra.mail().smtpPort() + line
                + "  logs            " + stack.workDir() + " (logs/, kafka/broker.log, postgres/postgres.log)" + line);
    }

    private static String option(String[] args, String name, String property, String defaultValue) {
        String prefix = "--" + name + "=";
        for (String arg : args) {
            if (arg.startsWith(prefix)) {
                return arg.substring(prefix.length());
            }
        }
        return System.getProperty(property, defaultValue);
    }

    private static int intOption(String[] args, String name, String property, int defaultValue) {
        String value = option(args, name, property, Integer.toString(defaultValue));
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number, was '" + value + "'", e);
        }
    }
}
