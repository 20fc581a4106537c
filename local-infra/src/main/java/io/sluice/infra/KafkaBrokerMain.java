package io.sluice.infra;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Entry point of the Kafka broker child JVM: formats the log directory on first start, then runs
 * {@code kafka.Kafka}. It also ends the broker when the JVM that started it is gone, because a test JVM
 * killed by a timeout runs no shutdown hook and would otherwise leave a broker holding its ports.
 *
 * <p>Arguments: parent pid, path of server.properties, cluster id.
 */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws IOException {
        long parentPid = Long.parseLong(args[0]);
        String config = args[1];
        String clusterId = args[2];

        ProcessHandle.of(parentPid).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> {
                    System.out.println("Parent JVM " + parentPid + " has ended; stopping the broker");
                    System.exit(1);
                }),
                () -> System.exit(1));

        if (!Files.exists(Path.of(logDir(config), "meta.properties"))) {
            int exitCode = kafka.tools.StorageTool.execute(
                    new String[] {"format", "--cluster-id", clusterId, "--config", config, "--ignore-formatted"},
                    System.out);
            if (exitCode != 0) {
                System.out.println("Formatting the log directory failed with exit code " + exitCode);
                System.exit(exitCode);
            }
        }
        kafka.Kafka.main(new String[] {config});
    }

    private static String logDir(String config) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(config))) {
            properties.load(in);
        }
        return properties.getProperty("log.dirs");
    }
}
