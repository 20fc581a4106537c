package io.sluice.helm;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The metric names the chart's dashboard and alerts query, and those the services really export. */
final class Monitoring {

    /** A metric name in PromQL: followed by a label matcher, as every query of the chart writes them. */
    private static final Pattern METRIC = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{");

    /** Series Prometheus makes itself rather than scraping them. */
    private static final Set<String> SYNTHETIC = Set.of("up");

    private Monitoring() {
    }

    /** Captured from the running services into src/test/resources/exported-metrics.txt. */
    static Set<String> exported() {
        try (var in = Monitoring.class.getResourceAsStream("/exported-metrics.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Set<String> metricsIn(String promql) {
        Set<String> names = new TreeSet<>();
        Matcher metric = METRIC.matcher(promql);
        while (metric.find()) {
            if (!SYNTHETIC.contains(metric.group(1))) {
                names.add(metric.group(1));
            }
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rules(GenericKubernetesResource prometheusRule) {
        Map<String, Object> spec = (Map<String, Object>) prometheusRule.getAdditionalProperties().get("spec");
        List<Map<String, Object>> groups = (List<Map<String, Object>>) spec.get("groups");
        return groups.stream().flatMap(group -> ((List<Map<String, Object>>) group.get("rules")).stream()).toList();
    }
}
