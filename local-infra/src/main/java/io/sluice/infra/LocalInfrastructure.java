package io.sluice.infra;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL, Kafka and an SMTP server for Sluice on this machine, each replaced by an external one when
 * configured ({@code SLUICE_DB_HOST}, {@code SLUICE_KAFKA_BOOTSTRAP}, {@code SLUICE_SMTP_HOST}). Local
 * servers start with empty data in their subdirectory of the work directory.
 */
public final class LocalInfrastructure implements AutoCloseable {

    private final Database database;
    private final KafkaBroker kafka;
    private final MailServer mail;
    private final Duration startTime;
    private final boolean owning;

    LocalInfrastructure(Database database, KafkaBroker kafka, MailServer mail, Duration startTime, boolean owning) {
        this.database = database;
        this.kafka = kafka;
        this.mail = mail;
        this.startTime = startTime;
        this.owning = owning;
    }

    public static LocalInfrastructure start(Path workDir) {
        return start(workDir, 1);
    }

    /**
     * Starts everything in {@code workDir}; {@code kafkaPartitions} is the partition count of auto-created
     * topics. PostgreSQL and Kafka start in parallel: each takes seconds, mostly waiting.
     */
    public static LocalInfrastructure start(Path workDir, int kafkaPartitions) {
        long started = System.nanoTime();
        // SLF4J initialises on first use; from three threads at once it warns about substitute loggers.
        LoggerFactory.getILoggerFactory();
        CompletableFuture<Database> database = startAsync("postgres", () -> Database.start(workDir));
        CompletableFuture<KafkaBroker> kafka = startAsync("kafka", () -> KafkaBroker.start(workDir, kafkaPartitions));
        MailServer mail = null;
        try {
            mail = MailServer.start();
            return new LocalInfrastructure(join(database), join(kafka), mail,
                    Duration.ofNanos(System.nanoTime() - started), true);
        } catch (RuntimeException e) {
            // Whatever did start must not outlive the failure.
            closeWhenStarted(database);
            closeWhenStarted(kafka);
            if (mail != null) {
                mail.close();
            }
            throw e;
        }
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private static void closeWhenStarted(CompletableFuture<? extends AutoCloseable> future) {
        try {
            future.join().close();
        } catch (Exception failedToStartOrStop) {
            // Already failing: the first failure is the one to report; shutdown hooks retry a failed stop.
        }
    }

    private static <T> CompletableFuture<T> startAsync(String name, Supplier<T> starter) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(starter.get());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "start-" + name);
        thread.start();
        return result;
    }

    public Database database() {
        return database;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public MailServer mail() {
        return mail;
    }

    /** How long {@link #start} took, for the curious and for the logs. */
    public Duration startTime() {
        return startTime;
    }

    /** Configuration for a Quarkus application in this JVM (a {@code @QuarkusTest}). */
    public Map<String, String> quarkusConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.datasource.jdbc.url", database.jdbcUrl());
        config.put("quarkus.datasource.reactive.url", database.reactiveUrl());
        config.put("quarkus.datasource.username", database.username());
        config.put("quarkus.datasource.password", database.password());
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        config.put("quarkus.mailer.host", mail.smtpHost());
        config.put("quarkus.mailer.port", Integer.toString(mail.smtpPort()));
        // The test profile mocks the mailer by default; Sluice's tests read the real mail from the server.
        config.put("quarkus.mailer.mock", "false");
        return config;
    }

    /** The same configuration as environment variables, for services started as child processes. */
    public Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        quarkusConfig().forEach((key, value) -> environment.put(toEnvironmentName(key), value));
        return environment;
    }

    /** Quarkus' mapping of a property name to an environment variable: non-alphanumerics become '_'. */
    static String toEnvironmentName(String property) {
        return property.replaceAll("[^a-zA-Z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /**
     * Stops the local servers (external ones are left alone); safe to call twice. A no-op on the view that
     * {@link SluiceInfraTestResource#infrastructure()} may return: the JVM's shutdown stops the shared servers.
     */
    @Override
    public void close() {
        if (!owning) {
            return;
        }
        mail.close();
        kafka.close();
        database.close();
    }

    @Override
    public String toString() {
        return database + ", " + kafka + ", " + mail;
    }
}
