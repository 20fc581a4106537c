package io.sluice.helm;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import java.util.List;
import java.util.Optional;

/** The objects of one rendering, with look-ups by kind and by the chart's component names. */
record Manifests(List<HasMetadata> objects) {

    static final List<String> COMPONENTS = List.of("booking-api", "slot-allocator", "notifier");

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<GenericKubernetesResource> custom(String kind) {
        return all(GenericKubernetesResource.class).stream().filter(r -> kind.equals(r.getKind())).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name
                + " among " + objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList()));
    }

    /** Objects of a component are named "{release}-sluice-{component}". */
    static String nameOf(String component) {
        return Chart.FULLNAME + "-" + component;
    }

    Deployment deployment(String component) {
        return get(Deployment.class, nameOf(component));
    }

    Container container(String component) {
        return deployment(component).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    Service service(String component) {
        return get(Service.class, nameOf(component));
    }

    ConfigMap configMap() {
        return get(ConfigMap.class, Chart.FULLNAME);
    }

    Optional<CronJob> prescaler() {
        return find(CronJob.class, Chart.FULLNAME + "-prescaler");
    }
}
