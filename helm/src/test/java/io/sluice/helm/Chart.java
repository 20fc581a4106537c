package io.sluice.helm;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The chart under {@code helm/sluice}, rendered in this JVM by helm-java (Helm's Go library, no helm binary and
 * no cluster), and its manifests parsed into the fabric8 Kubernetes model.
 */
final class Chart {

    static final Path DIR = locate();
    static final String RELEASE = "termine";
    /** The chart's prefix of object names: "{release}-sluice". */
    static final String FULLNAME = RELEASE + "-sluice";
    static final String NAMESPACE = "booking";
    /** helm-java renders for Kubernetes 1.20 unless told otherwise; the chart needs 1.25 or later. */
    static final String KUBE_VERSION = "1.30.0";

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Chart() {
    }

    static Helm helm() {
        return new Helm(DIR);
    }

    /** Renders with the chart's defaults, then each values file in order, then the {@code --set} pairs. */
    static Manifests render(List<String> valuesFiles, Map<String, Object> sets) {
        TemplateCommand template = helm().template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        for (String file : valuesFiles) {
            template = template.withValuesFile(DIR.resolve(file));
        }
        for (Map.Entry<String, Object> set : sets.entrySet()) {
            template = template.set(set.getKey(), set.getValue());
        }
        return new Manifests(parse(template.call()));
    }

    static Manifests render(String... valuesFiles) {
        return render(List.of(valuesFiles), Map.of());
    }

    static Manifests render(Map<String, Object> sets) {
        return render(List.of(), sets);
    }

    /** What {@code helm install} prints after installing: the rendered NOTES.txt (a client-side dry run). */
    static String notes(List<String> valuesFiles, Map<String, Object> sets) {
        InstallCommand install = helm().install().withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION)
                .dryRun().withDryRunOption(DryRun.CLIENT).clientOnly();
        for (String file : valuesFiles) {
            install = install.withValuesFile(DIR.resolve(file));
        }
        for (Map.Entry<String, Object> set : sets.entrySet()) {
            install = install.set(set.getKey(), set.getValue());
        }
        String output = install.call().getOutput();
        return output.substring(output.indexOf("NOTES:"));
    }

    /** One object per YAML document; custom resources (Strimzi, Prometheus Operator) come back generic. */
    private static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\\s*$")) {
            boolean empty = document.lines().map(String::strip).allMatch(line -> line.isEmpty() || line.startsWith("#"));
            if (!empty) {
                objects.add(SERIALIZATION.unmarshal(document, HasMetadata.class));
            }
        }
        return objects;
    }

    private static Path locate() {
        for (Path candidate : List.of(Path.of("sluice"), Path.of("helm/sluice"))) {
            if (Files.isRegularFile(candidate.resolve("Chart.yaml"))) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("helm/sluice not found from " + Path.of("").toAbsolutePath());
    }
}
