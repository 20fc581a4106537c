package io.sluice.notifier;

import io.sluice.events.BookingDecided;
import io.sluice.events.Outcome;
import io.sluice.events.Topics;
import io.sluice.events.serde.JsonEventSerializer;
import io.sluice.infra.ConsoleLogProvider;
import io.sluice.infra.LocalInfrastructure;
import io.sluice.infra.MailServer;
import io.sluice.infra.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Confirmation throughput of the packaged notifier into the local SMTP server (GreenMail, in this JVM),
 * with real PostgreSQL and Kafka: a benchmark, not a test (see docs/benchmarks.md for the command).
 *
 * <ol>
 *   <li><b>backlog</b>: N confirmed decisions wait on the topic while the notifier is down; it starts, and
 *       the time from its first mail to the N-th is the drain time.</li>
 *   <li><b>burst</b>: with the notifier running, N decisions are published at once (a sell-out); the time
 *       from the first publication to the N-th mail.</li>
 * </ol>
 * Every mail is the full confirmation: text, HTML and the .ics attachment, one recipient each.
 * Options: {@code --mails=4000 --mail-rate=0 --concurrency=32 --smtp-pool=16 --partitions=1
 * --notifier-java-options=...} ({@code --mail-rate=0}: no send rate limit, to measure capacity).
 *
 * <p>With {@code SLUICE_SMTP_HOST}/{@code SLUICE_SMTP_PORT} set, the mail goes to that relay instead of
 * GreenMail (e.g. a local Postfix, which advertises PIPELINING), and {@code --relay-log=<file>} names the
 * relay's log, whose {@code message-id=} lines (Postfix's cleanup logs one per queued message) show that
 * exactly one mail per booking arrived; {@code --relay-pid=<pid>} (Postfix's master) adds the relay's CPU.
 */
public final class MailThroughputBenchmark {

    private MailThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("slf4j.provider", ConsoleLogProvider.class.getName());
        System.setProperty(ConsoleLogProvider.LEVEL_PROPERTY, "WARN");
        // GreenMail parses every mail with jakarta.mail, which otherwise searches the whole class path for
        // its stream provider once per MIME part: two thirds of the SMTP server's CPU in this JVM.
        System.setProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
        Map<String, String> options = options(args);
        int mails = Integer.parseInt(options.getOrDefault("mails", "4000"));
        String rate = options.getOrDefault("mail-rate", "0");
        String concurrency = options.getOrDefault("concurrency", "32");
        String pool = options.getOrDefault("smtp-pool", "16");
        int partitions = Integer.parseInt(options.getOrDefault("partitions", "1"));
        Path module = Path.of(options.getOrDefault("module", "notifier")).toAbsolutePath();
        Path work = module.resolve("target/benchmark");
        deleteRecursively(work);
        Files.createDirectories(work);

        try (LocalInfrastructure infra = LocalInfrastructure.start(work.resolve("infra"), partitions)) {
            Map<String, String> env = new HashMap<>(infra.environment());
            env.put("SLUICE_CANCEL_LINK_SECRET", UUID.randomUUID().toString());
            env.put("SLUICE_NOTIFIER_MAIL_RATE", rate);
            env.put("SLUICE_NOTIFIER_CONCURRENCY", concurrency);
            env.put("QUARKUS_MAILER_MAX_POOL_SIZE", pool);
            env.put("SLUICE_JSON_LOGS", "false");
            env.put("QUARKUS_LOG_LEVEL", "WARN");
            if (options.containsKey("notifier-java-options")) {
                env.put("JAVA_TOOL_OPTIONS", options.get("notifier-java-options")); // e.g. a flight recording
            }
            ServiceProcess notifier = new ServiceProcess("notifier", module, freePort(), env, work.resolve("logs"));
            // The first start migrates the schema.
            notifier.start().awaitReady(Duration.ofSeconds(120));
            notifier.stop();

            MailServer mail = infra.mail();
            Relay relay = new Relay(mail, options.get("relay-log"), options.get("relay-pid"));
            Seeded backlog = seed(infra, mails);
            publish(infra, backlog.decisions());
            long readyAt = System.nanoTime();
            notifier.start();
            Drain drained = awaitSent(infra, backlog.run(), mails, Duration.ofMinutes(10));
            notifier.awaitReady(Duration.ofSeconds(10));
            report("backlog", mails, drained, readyAt);
            relay.requireReceived(backlog.run(), mails);

            Seeded burst = seed(infra, mails);
            relay.forget();
            Duration notifierCpu = cpu(notifier);
            Duration ownCpu = ownCpu();
            Duration relayCpu = relay.cpu();
            long publishedAt = System.nanoTime();
            publish(infra, burst.decisions());
            Drain burstDrain = awaitSent(infra, burst.run(), mails, Duration.ofMinutes(10));
            report("burst", mails, burstDrain, publishedAt);
            // CPU per mail does not depend on what else runs on the machine, unlike the rates above.
            System.out.printf(Locale.ROOT, "burst CPU per mail: notifier %.2f ms, %s %.2f ms%s%n",
                    cpu(notifier).minus(notifierCpu).toNanos() / 1e6 / mails,
                    mail.isExternal() ? "load generator" : "SMTP server and load generator",
                    ownCpu().minus(ownCpu).toNanos() / 1e6 / mails,
                    relay.measuresCpu() ? String.format(Locale.ROOT, ", relay %.2f ms",
                            relay.cpu().minus(relayCpu).toNanos() / 1e6 / mails) : "");
            relay.requireReceived(burst.run(), mails);
            System.out.printf(Locale.ROOT, "settings: mail-rate=%s concurrency=%s smtp-pool=%s partitions=%d, %d cores%n",
                    rate, concurrency, pool, partitions, Runtime.getRuntime().availableProcessors());
            notifier.stop();
        }
        System.exit(0);
    }

    private static Duration cpu(ServiceProcess process) {
        return ProcessHandle.of(process.pid().orElseThrow()).flatMap(p -> p.info().totalCpuDuration()).orElse(Duration.ZERO);
    }

    private static Duration ownCpu() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** When the first and the last expected mail arrived (System.nanoTime). */
    private record Drain(long first, long last) {
    }

    private static void report(String scenario, int mails, Drain drain, long start) {
        double drainSeconds = (drain.last() - drain.first()) / 1e9;
        double totalSeconds = (drain.last() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%s: %d mails, first to last %.2f s = %.0f mails/s; from %s %.2f s%n", scenario,
                mails, drainSeconds, mails / drainSeconds, scenario.equals("backlog") ? "process start" : "publication",
                totalSeconds);
    }

    /**
     * Waits until the notifier has recorded all mails of a run as SENT, which it does once the SMTP server
     * accepted them. Counting in the database, not in GreenMail: listing GreenMail's mailboxes many
     * times a second would cost the server, in this JVM, more than receiving the mail.
     */
    private static Drain awaitSent(LocalInfrastructure infra, String run, int count, Duration timeout)
            throws SQLException, InterruptedException {
        try (Connection db = connect(infra);
                PreparedStatement sent = db.prepareStatement(
                        "select count(*) from notification where message_key like ? and state = 'SENT'")) {
            sent.setString(1, "CONFIRMATION:B" + run + "-%");
            long deadline = System.nanoTime() + timeout.toNanos();
            long first = 0;
            while (System.nanoTime() < deadline) {
                long done;
                try (ResultSet rows = sent.executeQuery()) {
                    rows.next();
                    done = rows.getLong(1);
                }
                long now = System.nanoTime();
                if (done > 0 && first == 0) {
                    first = now;
                }
                if (done >= count) {
                    return new Drain(first, now);
                }
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("not all " + count + " mails were sent within " + timeout);
    }

    /** Where the mail went: GreenMail in this JVM, or an external relay read through its log. */
    private record Relay(MailServer mail, String log, String pid) {

        /** Exactly one mail per booking of {@code run} arrived. */
        void requireReceived(String run, int count) throws IOException {
            if (!mail.isExternal()) {
                int received = mail.receivedMessages().size();
                if (received != count) {
                    throw new IllegalStateException(received + " mails arrived, expected " + count);
                }
                return;
            }
            if (log == null) {
                System.out.println("external relay without --relay-log: arrivals not verified");
                return;
            }
            // One line per message the relay queued; a duplicate would show its Message-ID twice.
            String marker = "message-id=<confirmation.b" + run + "-";
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            Map<String, Integer> seen;
            do {
                seen = new HashMap<>();
                for (String line : Files.readAllLines(Path.of(log))) {
                    int at = line.toLowerCase(Locale.ROOT).indexOf(marker);
                    if (at >= 0) {
                        seen.merge(line.substring(at, line.indexOf('>', at) + 1), 1, Integer::sum);
                    }
                }
            } while (seen.size() < count && System.nanoTime() < deadline && sleep());
            long twice = seen.values().stream().filter(n -> n > 1).count();
            if (seen.size() != count || twice > 0) {
                throw new IllegalStateException(seen.size() + " distinct mails in the relay's log (" + twice
                        + " more than once), expected " + count);
            }
            System.out.printf(Locale.ROOT, "relay log: %d distinct Message-IDs for %d bookings, none twice%n",
                    seen.size(), count);
        }

        void forget() {
            if (!mail.isExternal()) {
                mail.deleteAllMessages();
            }
        }

        boolean measuresCpu() {
            return pid != null;
        }

        /** The relay's processes: its master with the children it reaped, plus the children alive now. */
        Duration cpu() {
            if (pid == null) {
                return Duration.ZERO;
            }
            long ticks = ticks(Long.parseLong(pid), true);
            try (var children = Files.list(Path.of("/proc"))) {
                for (Path dir : children.toList()) {
                    String name = dir.getFileName().toString();
                    if (name.chars().allMatch(Character::isDigit) && parent(Long.parseLong(name)) == Long.parseLong(pid)) {
                        ticks += ticks(Long.parseLong(name), false);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Duration.ofMillis(ticks * 10); // USER_HZ = 100
        }

        private static String[] stat(long process) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(process), "stat"));
                return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            } catch (IOException e) {
                return null; // gone meanwhile
            }
        }

        private static long parent(long process) {
            String[] fields = stat(process);
            return fields == null ? -1 : Long.parseLong(fields[1]);
        }

        /** utime + stime (+ cutime + cstime), fields 14-17 of /proc/pid/stat. */
        private static long ticks(long process, boolean withReaped) {
            String[] fields = stat(process);
            if (fields == null) {
                return 0;
            }
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return withReaped ? ticks + Long.parseLong(fields[13]) + Long.parseLong(fields[14]) : ticks;
        }

        private static boolean sleep() {
            try {
                Thread.sleep(500);
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private record Seeded(String run, List<BookingDecided> decisions) {
    }

    private static Connection connect(LocalInfrastructure infra) throws SQLException {
        return DriverManager.getConnection(infra.database().jdbcUrl(), infra.database().username(),
                infra.database().password());
    }

    /** N confirmed bookings at one site, as the allocator leaves them, and their decisions. */
    private static Seeded seed(LocalInfrastructure infra, int count) throws SQLException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Instant day = Instant.parse("2031-05-05T06:00:00Z");
        try (Connection db = connect(infra)) {
            long site = single(db, "insert into site (code, name, address, district, time_zone) values (?, "
                    + "'Impfzentrum Messe', 'Messeplatz 1, 04356 Leipzig', 'Leipzig', 'Europe/Berlin') returning id",
                    "B-" + run);
            long release = single(db, "insert into release (name, district, state, opens_at, created_by) "
                    + "values (?, 'Leipzig', 'OPEN', now(), 'benchmark') returning id", "Benchmark " + run);
            String pool = site + "@2031-05-05";
            try (PreparedStatement insert = db.prepareStatement("""
                    with s as (
                        insert into slot (site_id, release_id, pool_key, starts_at, ends_at, lane, state)
                        select ?, ?, ?, ?::timestamptz + (g / 50) * interval '5 minutes', ?::timestamptz + (g / 50 + 1) * interval '5 minutes',
                               g % 50 + 1, 'BOOKED'
                        from generate_series(0, ?::int - 1) g
                        returning id),
                    r as (
                        insert into booking_request (id, release_id, pool_key, kind, person_key, display_name, email, language)
                        select gen_random_uuid(), ?, ?, 'EARLIEST_IN_POOL', 'bench-' || s.id, 'Person ' || s.id,
                               'bench-' || ?::text || '-' || s.id || '@example.org', case when s.id % 2 = 0 then 'de' else 'en' end
                        from s
                        returning id, person_key)
                    insert into request_decision (request_id, outcome, booking_code, booked_slot_id, decided_at)
                    select r.id, 'CONFIRMED', 'B' || ?::text || '-' || s.id, s.id, now()
                    from r join s on r.person_key = 'bench-' || s.id""")) {
                insert.setLong(1, site);
                insert.setLong(2, release);
                insert.setString(3, pool);
                insert.setTimestamp(4, Timestamp.from(day));
                insert.setTimestamp(5, Timestamp.from(day));
                insert.setInt(6, count);
                insert.setLong(7, release);
                insert.setString(8, pool);
                insert.setString(9, run);
                insert.setString(10, run);
                insert.executeUpdate();
            }
            List<BookingDecided> decisions = new ArrayList<>(count);
            try (PreparedStatement select = db.prepareStatement("""
                    select r.id, d.booking_code, s.id as slot_id, s.starts_at
                    from booking_request r join request_decision d on d.request_id = r.id
                    join slot s on s.id = d.booked_slot_id where r.release_id = ?""")) {
                select.setLong(1, release);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        decisions.add(new BookingDecided(rows.getObject("id", UUID.class), release, pool, Outcome.CONFIRMED,
                                null, rows.getString("booking_code"), rows.getLong("slot_id"),
                                rows.getTimestamp("starts_at").toInstant(), Instant.now()));
                    }
                }
            }
            return new Seeded(run, decisions);
        }
    }

    private static long single(Connection db, String sql, String parameter) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static void publish(LocalInfrastructure infra, List<BookingDecided> decisions) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafka().bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new JsonEventSerializer<BookingDecided>())) {
            decisions.forEach(d -> producer.send(new ProducerRecord<>(Topics.BOOKING_DECISIONS, d.requestId().toString(), d)));
            producer.flush();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (arg.startsWith("--") && arg.contains("=")) {
                options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            }
        }
        return options;
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var paths = Files.walk(path)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
