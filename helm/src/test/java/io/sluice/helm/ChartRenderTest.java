package io.sluice.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every rendering of the chart must give an operator, with the defaults and with each example values file
 * under {@code helm/sluice/ci}: workloads that upgrade, are probed, locked down and sized, and configured the way the
 * services read their configuration.
 */
class ChartRenderTest {

    private static final Map<String, Manifests> RENDERED = new ConcurrentHashMap<>();

    static Stream<Arguments> renderings() {
        return Stream.of(
                Arguments.of("defaults", List.of()),
                Arguments.of("production", List.of("ci/production-values.yaml")),
                Arguments.of("chart-made secrets", List.of("ci/chart-secret-values.yaml")),
                Arguments.of("fixed replicas", List.of("ci/fixed-replicas-values.yaml")));
    }

    private static Manifests rendered(String name, List<String> files) {
        return RENDERED.computeIfAbsent(name, n -> Chart.render(files, Map.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void selectorsAreTheStableIdentityOfEachServiceAndNeverCarryAVersion(String name, List<String> files) {
        Manifests manifests = rendered(name, files);
        assertThat(manifests.all(Deployment.class)).extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(Manifests.COMPONENTS.stream().map(Manifests::nameOf).toList());
        for (String component : Manifests.COMPONENTS) {
            Deployment deployment = manifests.deployment(component);
            Map<String, String> selector = deployment.getSpec().getSelector().getMatchLabels();
            // Exactly these three: a selector is immutable, anything that changes between releases would block upgrades.
            assertThat(selector).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "app.kubernetes.io/name", "sluice",
                    "app.kubernetes.io/instance", Chart.RELEASE,
                    "app.kubernetes.io/component", component));
            assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                    .containsAllEntriesOf(selector)
                    .containsKey("app.kubernetes.io/version");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void servicesBudgetsAndTheAutoscalerReachExactlyTheirOwnPods(String name, List<String> files) {
        Manifests manifests = rendered(name, files);
        for (String component : Manifests.COMPONENTS) {
            Service service = manifests.service(component);
            List<String> selected = podsSelectedBy(manifests, service.getSpec().getSelector());
            assertThat(selected).as("pods behind Service %s", component).containsExactly(component);
            assertThat(service.getSpec().getPorts()).singleElement()
                    .satisfies(port -> assertThat(port.getTargetPort().getStrVal()).isEqualTo("http"));
        }
        for (PodDisruptionBudget budget : manifests.all(PodDisruptionBudget.class)) {
            String component = budget.getMetadata().getLabels().get("app.kubernetes.io/component");
            assertThat(podsSelectedBy(manifests, budget.getSpec().getSelector().getMatchLabels()))
                    .as("pods of budget %s", budget.getMetadata().getName()).containsExactly(component);
        }
        for (HorizontalPodAutoscaler autoscaler : manifests.all(HorizontalPodAutoscaler.class)) {
            assertThat(autoscaler.getSpec().getScaleTargetRef().getName()).isEqualTo(Manifests.nameOf("booking-api"));
            // The HPA owns the replica count; a count in the Deployment would reset it on every upgrade.
            assertThat(manifests.deployment("booking-api").getSpec().getReplicas()).isNull();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void everyServiceIsProbedOnQuarkusHealthEndpoints(String name, List<String> files) {
        Manifests manifests = rendered(name, files);
        for (String component : Manifests.COMPONENTS) {
            Container container = manifests.container(component);
            assertThat(probePath(container.getStartupProbe())).as("%s startup", component).isEqualTo("/q/health/started");
            assertThat(probePath(container.getLivenessProbe())).as("%s liveness", component).isEqualTo("/q/health/live");
            assertThat(probePath(container.getReadinessProbe())).as("%s readiness", component).isEqualTo("/q/health/ready");
            for (Probe probe : List.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())) {
                assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
                assertThat(probe.getPeriodSeconds()).isPositive();
                assertThat(probe.getFailureThreshold()).isPositive();
            }
            // The container listens where Quarkus is told to, on the port the probes and the Service name.
            assertThat(container.getPorts()).singleElement().satisfies(port -> {
                assertThat(port.getName()).isEqualTo("http");
                assertThat(env(container, "QUARKUS_HTTP_PORT").getValue()).isEqualTo(port.getContainerPort().toString());
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void everyPodRunsLockedDown(String name, List<String> files) {
        Manifests manifests = rendered(name, files);
        List<PodSpec> pods = new ArrayList<>();
        manifests.all(Deployment.class).forEach(d -> pods.add(d.getSpec().getTemplate().getSpec()));
        manifests.all(CronJob.class).forEach(c -> pods.add(c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec()));
        for (PodSpec pod : pods) {
            PodSecurityContext podSecurity = pod.getSecurityContext();
            assertThat(podSecurity.getRunAsNonRoot()).isTrue();
            assertThat(podSecurity.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            for (Container container : pod.getContainers()) {
                SecurityContext security = container.getSecurityContext();
                assertThat(security.getReadOnlyRootFilesystem()).as("%s read-only root", container.getName()).isTrue();
                assertThat(security.getAllowPrivilegeEscalation()).isFalse();
                assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
                assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
            }
        }
        for (String component : Manifests.COMPONENTS) {
            PodSpec pod = manifests.deployment(component).getSpec().getTemplate().getSpec();
            // Quarkus and the JVM need a writable /tmp on the read-only root.
            assertThat(manifests.container(component).getVolumeMounts())
                    .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
            assertThat(pod.getVolumes()).filteredOn(v -> v.getEmptyDir() != null).extracting(Volume::getName)
                    .contains("tmp");
            // The services never call the Kubernetes API: no token in their pods.
            assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void everyContainerIsSized(String name, List<String> files) {
        Manifests manifests = rendered(name, files);
        List<Container> containers = new ArrayList<>();
        manifests.all(Deployment.class).forEach(d -> containers.addAll(d.getSpec().getTemplate().getSpec().getContainers()));
        manifests.all(CronJob.class).forEach(c -> containers.addAll(
                c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers()));
        for (Container container : containers) {
            assertThat(container.getResources().getRequests()).as("%s requests", container.getName())
                    .containsKeys("cpu", "memory");
            assertThat(container.getResources().getLimits()).as("%s limits", container.getName()).containsKey("memory");
        }
        for (String component : Manifests.COMPONENTS) {
            // The heap follows the container's memory limit instead of the JVM's guess.
            assertThat(env(manifests.container(component), "JAVA_TOOL_OPTIONS").getValue()).contains("MaxRAMPercentage");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void allocatorsNeverOutnumberThePartitionsOfTheRequestTopic(String name, List<String> files) {
        Manifests manifests = rendered(name, files);
        int partitions = Values.of(files).integer("kafka.topics.bookingRequests.partitions");
        assertThat(manifests.deployment("slot-allocator").getSpec().getReplicas()).isBetween(1, partitions);
        manifests.prescaler().ifPresent(prescaler -> assertThat(Integer.parseInt(
                env(prescaler.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0),
                        "ALLOCATOR_WINDOW_REPLICAS").getValue())).isBetween(0, partitions));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void servicesGetTheSettingsTheyReadAndSecretsOnlyFromSecrets(String name, List<String> files) {
        Manifests manifests = rendered(name, files);
        assertThat(manifests.configMap().getData()).containsKeys("QUARKUS_DATASOURCE_JDBC_URL",
                        "QUARKUS_DATASOURCE_REACTIVE_URL", "KAFKA_BOOTSTRAP_SERVERS", "QUARKUS_MAILER_HOST",
                        "QUARKUS_MAILER_PORT", "SLUICE_JSON_LOGS", "MP_JWT_VERIFY_ISSUER", "SLUICE_NOTIFIER_PUBLIC_BASE_URL")
                .allSatisfy((key, value) -> assertThat(key).doesNotContain("PASSWORD", "SECRET"));
        assertThat(manifests.configMap().getData().get("QUARKUS_DATASOURCE_JDBC_URL")).startsWith("jdbc:postgresql://");
        assertThat(manifests.configMap().getData().get("QUARKUS_DATASOURCE_REACTIVE_URL")).startsWith("postgresql://");

        Map<String, List<String>> secretsByComponent = Map.of(
                "booking-api", List.of("QUARKUS_DATASOURCE_PASSWORD", "SLUICE_BOOKING_PERSON_KEY_SECRET",
                        "SLUICE_CANCEL_LINK_SECRET", "SLUICE_WAITING_ROOM_TICKET_SECRET"),
                "slot-allocator", List.of("QUARKUS_DATASOURCE_PASSWORD"),
                "notifier", List.of("QUARKUS_DATASOURCE_PASSWORD", "SLUICE_CANCEL_LINK_SECRET"));
        secretsByComponent.forEach((component, names) -> {
            Container container = manifests.container(component);
            assertThat(container.getEnvFrom()).singleElement()
                    .satisfies(from -> assertThat(from.getConfigMapRef().getName()).isEqualTo(Chart.FULLNAME));
            for (String secret : names) {
                EnvVar variable = env(container, secret);
                assertThat(variable.getValue()).as("%s of %s is never a literal", secret, component).isNull();
                assertThat(variable.getValueFrom().getSecretKeyRef().getName()).isNotBlank();
            }
        });
        if (!name.equals("production")) {
            // Forwarded addresses are believed only from a configured ingress controller.
            assertThat(manifests.container("booking-api").getEnv()).extracting(EnvVar::getName)
                    .noneMatch(variable -> variable.startsWith("QUARKUS_HTTP_PROXY_"));
        }
        // Only booking-api turns e-mail addresses into person keys.
        assertThat(manifests.container("slot-allocator").getEnv()).extracting(EnvVar::getName)
                .doesNotContain("SLUICE_BOOKING_PERSON_KEY_SECRET", "SLUICE_CANCEL_LINK_SECRET");
    }

    private static List<String> podsSelectedBy(Manifests manifests, Map<String, String> selector) {
        return manifests.all(Deployment.class).stream()
                .filter(d -> d.getSpec().getTemplate().getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                .map(d -> d.getMetadata().getLabels().get("app.kubernetes.io/component"))
                .toList();
    }

    private static String probePath(Probe probe) {
        assertThat(probe).isNotNull();
        return probe.getHttpGet().getPath();
    }

    static EnvVar env(Container container, String name) {
        return container.getEnv().stream().filter(e -> name.equals(e.getName())).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no " + name + " in "
                        + container.getEnv().stream().map(EnvVar::getName).toList()));
    }
}
