package io.sluice.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

/**
 * The optional parts, as {@code ci/production-values.yaml} switches them on: Strimzi topics, Prometheus Operator
 * monitoring, the Ingress and the pre-scaler's permissions.
 */
class ProductionValuesTest {

    private static final Manifests MANIFESTS = Chart.render("ci/production-values.yaml");

    @Test
    void strimziCreatesEveryTopicTheServicesUseWithTheConfiguredPartitions() {
        List<GenericKubernetesResource> topics = MANIFESTS.custom("KafkaTopic");

        assertThat(topics).extracting(t -> t.getMetadata().getName()).containsExactlyInAnyOrder("booking-requests",
                "booking-decisions", "release-announcements", "booking-cancellations", "slots-freed", "availability",
                "booking-decisions-dead-letter", "service-stats");
        for (GenericKubernetesResource topic : topics) {
            assertThat(topic.getApiVersion()).startsWith("kafka.strimzi.io/");
            assertThat(topic.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "sluice");
            // Uninstalling the release must not delete undecided requests with their topic.
            assertThat(topic.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
            assertThat(spec(topic).get("replicas")).isEqualTo(3);
        }
        GenericKubernetesResource requests = topics.stream()
                .filter(t -> t.getMetadata().getName().equals("booking-requests")).findFirst().orElseThrow();
        assertThat(spec(requests)).containsEntry("partitions", 24).containsEntry("topicName", "booking-requests");
        assertThat(spec(requests).get("config")).isEqualTo(Map.of("min.insync.replicas", "2", "retention.ms", "604800000"));
        // booking-api only needs the latest free-slot count of each pool.
        GenericKubernetesResource availability = topics.stream()
                .filter(t -> t.getMetadata().getName().equals("availability")).findFirst().orElseThrow();
        assertThat(spec(availability).get("config")).asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("cleanup.policy", "compact");
    }

    @Test
    void theServiceMonitorScrapesQuarkusMetricsOfAllThreeServices() {
        GenericKubernetesResource monitor = MANIFESTS.custom("ServiceMonitor").get(0);
        @SuppressWarnings("unchecked")
        Map<String, String> selector = (Map<String, String>) ((Map<String, Object>) spec(monitor).get("selector"))
                .get("matchLabels");

        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
        assertThat(MANIFESTS.all(Service.class)).allSatisfy(service ->
                assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(selector));
        assertThat(spec(monitor).get("endpoints")).asInstanceOf(InstanceOfAssertFactories.LIST).singleElement()
                .isEqualTo(Map.of("port", "http", "path", "/q/metrics", "interval", "15s", "scrapeTimeout", "10s"));
    }

    @Test
    void alertsWatchTheServicesOfThisReleaseAndKnowThePartitionCount() {
        GenericKubernetesResource rule = MANIFESTS.custom("PrometheusRule").get(0);
        List<Map<String, Object>> rules = Monitoring.rules(rule);

        assertThat(rules).extracting(r -> r.get("alert")).contains("SluiceServiceDown", "SluiceBookingApiErrors",
                "SluiceAllocatorLag", "SluiceAllocatorPartitionsUnowned");
        assertThat(rules).allSatisfy(r -> assertThat((String) r.get("expr")).contains("namespace=\"booking\""));
        assertThat(rules).filteredOn(r -> "SluiceAllocatorPartitionsUnowned".equals(r.get("alert")))
                .singleElement().satisfies(r -> assertThat((String) r.get("expr")).endsWith("< 24"));
    }

    @Test
    void theIngressSendsCitizensToBookingApiAndSubscriptionsToTheNotifier() {
        Ingress ingress = MANIFESTS.get(Ingress.class, Manifests.nameOf("booking-api"));

        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(ingress.getSpec().getTls()).singleElement()
                .satisfies(tls -> assertThat(tls.getHosts()).containsExactly("termine.example.org"));
        List<HTTPIngressPath> paths = ingress.getSpec().getRules().get(0).getHttp().getPaths();
        assertThat(paths).extracting(HTTPIngressPath::getPath, p -> p.getBackend().getService().getName())
                .containsExactly(
                        tuple("/api/subscriptions", Manifests.nameOf("notifier")),
                        tuple("/", Manifests.nameOf("booking-api")));
        // Behind the ingress, booking-api sees the citizen's address only through the trusted controller.
        assertThat(MANIFESTS.container("booking-api").getEnv()).filteredOn(e -> e.getName().startsWith("QUARKUS_HTTP_PROXY_"))
                .extracting(e -> e.getName() + "=" + e.getValue()).containsExactlyInAnyOrder(
                        "QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING=true", "QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED=true",
                        "QUARKUS_HTTP_PROXY_TRUSTED_PROXIES=10.42.0.0/16");
        // Links in mails point where citizens reach Sluice.
        assertThat(MANIFESTS.configMap().getData()).containsEntry("SLUICE_NOTIFIER_PUBLIC_BASE_URL",
                "https://termine.example.org");
    }

    @Test
    void thePrescalerMayOnlyTouchThisReleasesAutoscalerAndAllocators() {
        Role role = MANIFESTS.get(Role.class, Chart.FULLNAME + "-prescaler");
        RoleBinding binding = MANIFESTS.get(RoleBinding.class, Chart.FULLNAME + "-prescaler");

        assertThat(role.getRules()).extracting(PolicyRule::getResources, PolicyRule::getResourceNames, PolicyRule::getVerbs)
                .containsExactlyInAnyOrder(
                        tuple(List.of("horizontalpodautoscalers"),
                                List.of(Manifests.nameOf("booking-api")), List.of("get", "patch")),
                        tuple(List.of("deployments/scale"),
                                List.of(Manifests.nameOf("slot-allocator")), List.of("get", "patch")));
        assertThat(binding.getSubjects()).singleElement()
                .satisfies(subject -> assertThat(subject.getName()).isEqualTo(Chart.FULLNAME + "-prescaler"));
        assertThat(MANIFESTS.prescaler()).get().satisfies(cron -> {
            assertThat(cron.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
            assertThat(cron.getSpec().getTimeZone()).isEqualTo("Europe/Berlin");
        });
    }

    @Test
    void imagesComeFromTheConfiguredRegistryAndTag() {
        for (String component : Manifests.COMPONENTS) {
            assertThat(MANIFESTS.container(component).getImage())
                    .isEqualTo("registry.example.org/sluice/" + component + ":1.0.0");
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> spec(GenericKubernetesResource resource) {
        return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
    }
}
