package io.sluice.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LocalInfrastructureIT {

    private static LocalInfrastructure infra;

    @BeforeAll
    static void start() {
        infra = LocalInfrastructure.start(Path.of("target", "it-infra"));
        System.out.println("Local infrastructure started in " + infra.startTime().toMillis() + " ms: " + infra);
    }

    @AfterAll
    static void closeLeavesNoProcessBehind() {
        long broker = infra.kafka().pid().orElseThrow();
        long postgres = infra.database().pid().orElseThrow();

        infra.close();

        assertThat(ProcessHandle.of(broker).filter(ProcessHandle::isAlive)).as("Kafka broker process").isEmpty();
        assertThat(ProcessHandle.of(postgres).filter(ProcessHandle::isAlive)).as("postmaster").isEmpty();
        assertThat(accepts(infra.database().port())).as("PostgreSQL port open").isFalse();
        assertThat(accepts(infra.mail().smtpPort())).as("SMTP port open").isFalse();
        infra.close();
    }

    @Test
    void databaseSluiceIsOwnedByUserSluiceAndRunsSql() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE greeting (id int PRIMARY KEY, text varchar NOT NULL)");
            statement.execute("INSERT INTO greeting VALUES (1, 'hello')");

            ResultSet result = statement.executeQuery(
                    "SELECT current_database(), current_user, (SELECT text FROM greeting WHERE id = 1)");
            assertThat(result.next()).isTrue();
            assertThat(result.getString(1)).isEqualTo("sluice");
            assertThat(result.getString(2)).isEqualTo("sluice");
            assertThat(result.getString(3)).isEqualTo("hello");
        }
    }

    @Test
    void databaseRestartKeepsCommittedDataAndPort() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE survivor (id int PRIMARY KEY)");
            statement.execute("INSERT INTO survivor VALUES (42)");
        }
        int port = infra.database().port();

        infra.database().restart();

        assertThat(infra.database().port()).isEqualTo(port);
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            ResultSet result = statement.executeQuery("SELECT id FROM survivor");
            assertThat(result.next()).isTrue();
            assertThat(result.getInt(1)).isEqualTo(42);
        }
    }

    @Test
    void recordRoundTripsThroughTheBroker() throws Exception {
        String topic = "round-trip-" + UUID.randomUUID();
        infra.kafka().createTopic(topic, 3);

        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(topic, "pool-1", "claim")).get(30, TimeUnit.SECONDS);
        }

        assertThat(readAll(topic, 3, 1)).containsExactly("claim");
    }

    @Test
    void producerWorksAgainAfterTheBrokerRestartsAndAfterItIsKilled() throws Exception {
        String topic = "restart-" + UUID.randomUUID();
        infra.kafka().createTopic(topic, 1);
        String bootstrap = infra.kafka().bootstrapServers();
        long pidBefore = infra.kafka().pid().orElseThrow();

        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(topic, "before")).get(30, TimeUnit.SECONDS);

            long restartStarted = System.nanoTime();
            infra.kafka().restart();
            System.out.println("Kafka restarted (graceful) in "
                    + Duration.ofNanos(System.nanoTime() - restartStarted).toMillis() + " ms");
            producer.send(new ProducerRecord<>(topic, "after-restart")).get(60, TimeUnit.SECONDS);

            infra.kafka().kill();
            assertThat(ProcessHandle.of(pidBefore).filter(ProcessHandle::isAlive)).isEmpty();
            long killRestartStarted = System.nanoTime();
            infra.kafka().restart();
            System.out.println("Kafka restarted after SIGKILL in "
                    + Duration.ofNanos(System.nanoTime() - killRestartStarted).toMillis() + " ms");
            producer.send(new ProducerRecord<>(topic, "after-kill")).get(60, TimeUnit.SECONDS);
        }

        assertThat(infra.kafka().bootstrapServers()).isEqualTo(bootstrap);
        assertThat(infra.kafka().pid().orElseThrow()).isNotEqualTo(pidBefore);
        assertThat(readAll(topic, 1, 3)).containsExactly("before", "after-restart", "after-kill");
    }

    @Test
    void mailSentOverSmtpArrivesAtTheMailServer() throws Exception {
        String citizen = "citizen-" + UUID.randomUUID() + "@example.org";
        Properties properties = new Properties();
        properties.put("mail.smtp.host", infra.mail().smtpHost());
        properties.put("mail.smtp.port", Integer.toString(infra.mail().smtpPort()));
        MimeMessage message = new MimeMessage(Session.getInstance(properties));
        message.setFrom(new InternetAddress("no-reply@sluice.example"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(citizen));
        message.setSubject("Your appointment is confirmed");
        message.setText("Saturday 08:15, vaccination centre 3");

        Transport.send(message);

        List<MimeMessage> received = infra.mail().awaitMessagesFor(citizen, 1, Duration.ofSeconds(10));
        assertThat(received).hasSize(1);
        assertThat(received.get(0).getSubject()).isEqualTo("Your appointment is confirmed");
        assertThat(received.get(0).getContent().toString()).contains("vaccination centre 3");
    }

    @Test
    void configurationNamesTheRunningServers() {
        Map<String, String> config = infra.quarkusConfig();
        Map<String, String> environment = infra.environment();

        assertThat(config)
                .containsEntry("quarkus.datasource.jdbc.url", infra.database().jdbcUrl())
                .containsEntry("quarkus.datasource.reactive.url",
                        "postgresql://localhost:" + infra.database().port() + "/sluice")
                .containsEntry("kafka.bootstrap.servers", infra.kafka().bootstrapServers())
                .containsEntry("quarkus.mailer.port", Integer.toString(infra.mail().smtpPort()))
                .containsEntry("quarkus.mailer.mock", "false");
        assertThat(environment)
                .containsEntry("QUARKUS_DATASOURCE_REACTIVE_URL", infra.database().reactiveUrl())
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", infra.kafka().bootstrapServers())
                .containsEntry("QUARKUS_MAILER_MOCK", "false")
                .hasSameSizeAs(config);
    }

    private static Connection connect() throws SQLException {
        Database database = infra.database();
        return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000),
                new StringSerializer(), new StringSerializer());
    }

    private static List<String> readAll(String topic, int partitions, int expected) {
        List<TopicPartition> assignment = new ArrayList<>();
        for (int partition = 0; partition < partitions; partition++) {
            assignment.add(new TopicPartition(topic, partition));
        }
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafka().bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(assignment);
            consumer.seekToBeginning(assignment);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
                return values.size() >= expected;
            });
        }
        return values;
    }

    private static boolean accepts(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
