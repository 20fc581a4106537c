package io.sluice.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;

/**
 * The PostgreSQL database {@code sluice}: an embedded server (zonky's PostgreSQL binaries, run as a real
 * server process) on a free port, or an external one named by {@code SLUICE_DB_HOST} and friends.
 */
public final class Database implements AutoCloseable {

    /** {@code on} for a database that syncs every commit to disk, as production does; tests leave it off. */
    public static final String FSYNC_PROPERTY = "sluice.postgres.fsync";

    public static final String EXTERNAL_HOST = "SLUICE_DB_HOST";
    public static final String EXTERNAL_PORT = "SLUICE_DB_PORT";
    public static final String EXTERNAL_NAME = "SLUICE_DB_NAME";
    public static final String EXTERNAL_USER = "SLUICE_DB_USER";
    public static final String EXTERNAL_PASSWORD = "SLUICE_DB_PASSWORD";

    private static final String NAME = "sluice";
    private static final String USER = "sluice";
    private static final String PASSWORD = "sluice";

    private final String host;
    private final int port;
    private final String name;
    private final String username;
    private final String password;
    private final boolean external;
    private final Path dir;
    private final BiFunction<String, Object, Object> owner;
    private EmbeddedPostgres postgres;

    private Database(String host, int port, String name, String username, String password, boolean external,
            Path dir, BiFunction<String, Object, Object> owner) {
        this.host = host;
        this.port = port;
        this.name = name;
        this.username = username;
        this.password = password;
        this.external = external;
        this.dir = dir;
        this.owner = owner;
    }

    /** The external database when {@code SLUICE_DB_HOST} is set, otherwise a fresh local one. */
    public static Database start(Path workDir) {
        return ExternalSettings.get(EXTERNAL_HOST)
                .map(host -> external(host,
                        ExternalSettings.getInt(EXTERNAL_PORT, 5432),
                        ExternalSettings.get(EXTERNAL_NAME, NAME),
                        ExternalSettings.get(EXTERNAL_USER, USER),
                        ExternalSettings.get(EXTERNAL_PASSWORD, PASSWORD)))
                .orElseGet(() -> startLocal(workDir));
    }

    public static Database external(String host, int port, String name, String username, String password) {
        return new Database(host, port, name, username, password, true, null, null);
    }

    /** A database started by another class loader of this JVM, controlled through {@code owner}. */
    static Database view(String host, int port, String name, String username, String password, boolean external,
            BiFunction<String, Object, Object> owner) {
        return new Database(host, port, name, username, password, external, null, owner);
    }

    /**
     * Starts PostgreSQL with an empty cluster in {@code workDir/postgres} on a free port and creates the
     * database {@code sluice}, owned by the role {@code sluice} (password {@code sluice}). A server left
     * running there by an earlier, killed run is stopped first.
     */
    public static Database startLocal(Path workDir) {
        Path dir = workDir.resolve("postgres").toAbsolutePath();
        Database database = new Database("localhost", FreePorts.next(), NAME, USER, PASSWORD, false, dir, null);
        try {
            StaleProcesses.stop(database.dataDir().resolve("postmaster.pid"), database.dataDir().toString());
            StaleProcesses.deleteRecursively(dir);
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare the PostgreSQL directory " + dir, e);
        }
        database.launch();
        database.createDatabase();
        return database;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + name;
    }

    /** The form Quarkus' {@code quarkus.datasource.reactive.url} expects. */
    public String reactiveUrl() {
        return "postgresql://" + host + ":" + port + "/" + name;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String name() {
        return name;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    public boolean isExternal() {
        return external;
    }

    /** The postmaster's process id while it runs here; empty for an external or stopped database. */
    public synchronized OptionalLong pid() {
        if (owner != null) {
            return InfrastructureLink.pid(owner, "database.pid");
        }
        if (postgres == null) {
            return OptionalLong.empty();
        }
        try {
            List<String> lines = Files.readAllLines(dataDir().resolve("postmaster.pid"));
            return lines.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    public Path logFile() {
        requireLocal();
        return owner != null ? InfrastructureLink.path(owner, "database.logFile") : dir.resolve("postgres.log");
    }

    /** Fast shutdown: open sessions are ended, committed data stays. */
    public synchronized void stop() {
        requireLocal();
        if (owner != null) {
            owner.apply("database.stop", null);
        } else if (postgres != null) {
            OptionalLong pid = pid();
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not stop PostgreSQL", e);
            }
            postgres = null;
            // pg_ctl gives up waiting after 5 s while the shutdown goes on; a restart needs the port back.
            pid.ifPresent(Database::awaitExit);
        }
    }

    /** Stops the server if it runs and starts it again on the same port with the same data. */
    public synchronized void restart() {
        if (owner != null) {
            owner.apply("database.restart", null);
            return;
        }
        stop();
        launch();
    }

    /**
     * Starts a server that {@link #stop()} stopped, on the same port with the same data: with {@code stop()}, an
     * outage as long as a test needs to look at what the services do meanwhile.
     */
    public synchronized void startAgain() {
        if (owner != null) {
            owner.apply("database.startAgain", null);
            return;
        }
        requireLocal();
        if (postgres != null) {
            throw new IllegalStateException("PostgreSQL on port " + port + " is running");
        }
        launch();
    }

    /** Stops a server started here; leaves external ones, and those owned by another class loader, alone. */
    @Override
    public synchronized void close() {
        if (dir != null) {
            stop();
        }
    }

    private synchronized void launch() {
        requireLocal();
        ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(logFile().toFile());
        try {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir())
                    // Kept across restart(); startLocal() wipes it before the first start.
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    // zonky turns this off for speed; on, a commit survives a crash of the server process.
                    .setServerConfig("synchronous_commit", "on")
                    // zonky also starts the server with -F (no fsync): fine for tests, which kill processes,
                    // not machines. The local run and the benchmarks set it on (bin/sluice), so a commit
                    // costs what it costs in production and what it costs the SKIP LOCKED baseline.
                    .setServerConfig("fsync", System.getProperty(FSYNC_PROPERTY, "off"))
                    // As the SKIP LOCKED baseline's server has it (../shared/bench/pg-claim-baseline.sh), so both
                    // sides of that comparison run with the same cache; zonky's default is 128 MB.
                    .setServerConfig("shared_buffers", "512MB")
                    .setOutputRedirector(log)
                    .setErrorRedirector(log)
                    .setPGStartupWait(Duration.ofSeconds(30))
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("PostgreSQL did not start on port " + port + ": " + e.getMessage()
                    + System.lineSeparator() + "--- last lines of " + logFile() + System.lineSeparator()
                    + ChildProcess.tail(logFile(), 40), e);
        }
    }

    private void createDatabase() {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
            statement.execute("CREATE DATABASE " + NAME + " OWNER " + USER);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the database " + NAME, e);
        }
    }

    private Path dataDir() {
        return dir.resolve("data");
    }

    private static void awaitExit(long pid) {
        ProcessHandle.of(pid).ifPresent(process -> {
            try {
                process.onExit().get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("PostgreSQL (pid " + pid + ") did not stop within 30 s", e);
            }
        });
    }

    private void requireLocal() {
        if (isExternal()) {
            throw new IllegalStateException("PostgreSQL at " + host + ":" + port + " is external (" + EXTERNAL_HOST
                    + "); it is not started or stopped here");
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL " + jdbcUrl() + (isExternal() ? " (external)" : "");
    }
}
