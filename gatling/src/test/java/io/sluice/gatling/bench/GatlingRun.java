package io.sluice.gatling.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One simulation in a JVM of its own (Gatling's own runner, {@code io.gatling.app.Gatling}), so the load
 * generator's heap and CPU show as a process of their own, beside the services'. The HTML report stays
 * under {@code resultsDir}.
 */
final class GatlingRun {

    /** What the run left behind: Gatling's verdict (assertions), its report's statistics and the client-side figures. */
    record Result(String simulation, int exitCode, Path report, long requests, long failed, long p95Millis, long p99Millis,
            Properties figures) {

        boolean assertionsHeld() {
            return exitCode == 0;
        }

        long figure(String key) {
            return Long.parseLong(figures.getProperty(key, "0"));
        }
    }

    private static final Pattern GLOBAL_ROW = Pattern.compile("> ([a-z0-9 ()]+?)\\s*\\|([^|]+)\\|([^|]+)\\|([^|]+)");
    private static final long[] UNKNOWN = {-1, -1, -1};

    private GatlingRun() {
    }

    static Result run(Class<?> simulation, Map<String, String> properties, Path resultsDir, List<String> jvmOptions)
            throws IOException, InterruptedException {
        Files.createDirectories(resultsDir);
        Path figures = resultsDir.resolve(simulation.getSimpleName() + ".figures");
        Files.deleteIfExists(figures);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        properties.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.add("-Dfigures=" + figures);
        command.addAll(List.of("io.gatling.app.Gatling", "--simulation", simulation.getName(),
                "--results-folder", resultsDir.toString(), "--run-description", simulation.getSimpleName()));
        Path log = resultsDir.resolve(simulation.getSimpleName() + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int exitCode = process.waitFor();
        Properties clientFigures = new Properties();
        if (Files.exists(figures)) {
            try (Reader in = Files.newBufferedReader(figures)) {
                clientFigures.load(in);
            }
        }
        Map<String, long[]> global = globalInformation(log);
        return new Result(simulation.getSimpleName(), exitCode, latestReport(resultsDir, simulation),
                global.getOrDefault("request count", UNKNOWN)[0], global.getOrDefault("request count", UNKNOWN)[2],
                global.getOrDefault("response time 95th percentile (ms)", UNKNOWN)[0],
                global.getOrDefault("response time 99th percentile (ms)", UNKNOWN)[0],
                clientFigures);
    }

    /**
     * The last "Global Information" table Gatling printed: each line's total, OK and KO column ("-" is 0).
     * The console is the stable place for these; the HTML report keeps them in script.
     */
    private static Map<String, long[]> globalInformation(Path log) throws IOException {
        Map<String, long[]> lines = new HashMap<>();
        for (String line : Files.readAllLines(log)) {
            Matcher row = GLOBAL_ROW.matcher(line);
            if (row.matches()) {
                lines.put(row.group(1).trim(), new long[] {value(row.group(2)), value(row.group(3)), value(row.group(4))});
            }
        }
        return lines;
    }

    private static long value(String column) {
        String digits = column.trim().replace(",", "");
        return digits.equals("-") ? 0 : (long) Double.parseDouble(digits);
    }

    private static Path latestReport(Path resultsDir, Class<?> simulation) throws IOException {
        String prefix = simulation.getSimpleName().toLowerCase();
        try (Stream<Path> runs = Files.list(resultsDir)) {
            return runs.filter(Files::isDirectory)
                    .filter(dir -> dir.getFileName().toString().toLowerCase().startsWith(prefix))
                    .max(Path::compareTo)
                    .orElse(null);
        }
    }
}
