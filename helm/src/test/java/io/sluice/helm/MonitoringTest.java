package io.sluice.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The dashboard and the alerts only query metrics the services export: a renamed or imagined metric would give an
 * empty panel or an alert that can never fire.
 */
class MonitoringTest {

    private static final Set<String> EXPORTED = Monitoring.exported();

    @Test
    void theDashboardShipsAsAConfigMapTheGrafanaSidecarPicksUp() throws Exception {
        ConfigMap dashboard = Chart.render().get(ConfigMap.class, Chart.FULLNAME + "-dashboard");

        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        JsonNode json = new ObjectMapper().readTree(dashboard.getData().get("sluice-overview.json"));
        assertThat(json.get("uid").asText()).isEqualTo("sluice-overview");
        assertThat(json.get("panels")).isNotEmpty();
    }

    @Test
    void everyDashboardPanelQueriesExportedMetrics() throws Exception {
        JsonNode json = new ObjectMapper().readTree(Chart.DIR.resolve("files/dashboards/sluice-overview.json").toFile());
        List<String> queries = new ArrayList<>();
        json.get("panels").forEach(panel -> panel.get("targets").forEach(target -> queries.add(target.get("expr").asText())));

        assertThat(queries).hasSizeGreaterThanOrEqualTo(json.get("panels").size());
        for (String query : queries) {
            assertThat(Monitoring.metricsIn(query)).as(query).isNotEmpty().isSubsetOf(EXPORTED);
        }
    }

    @Test
    void theAlertsWatchLagErrorsDeadLettersAndAdmission() {
        var rule = Chart.render(Map.of("metrics.prometheusRule.enabled", true)).custom("PrometheusRule").get(0);

        assertThat(Monitoring.rules(rule)).extracting(alert -> alert.get("alert")).contains("SluiceAllocatorLagGrowing",
                "SluiceBookingApiErrors", "SluiceNotifierDeadLetters", "SluiceAdmissionStalled");
    }

    @Test
    void theDashboardShowsWhatTheStaffPageShows() throws Exception {
        JsonNode json = new ObjectMapper().readTree(Chart.DIR.resolve("files/dashboards/sluice-overview.json").toFile());
        List<String> queries = new ArrayList<>();
        json.get("panels").forEach(panel -> panel.get("targets").forEach(target -> queries.add(target.get("expr").asText())));

        assertThat(String.join("\n", queries)).contains("sluice_waiting_room_queue", "sluice_waiting_room_prequeue",
                "sluice_waiting_room_admitted_total", "sluice_waiting_room_admitted_undecided", "sluice_allocator_decisions_total",
                "sluice_allocator_decision_latency_seconds_bucket", "sluice_release_slots_left",
                "sluice_release_seconds_to_sell_out", "sluice_allocator_partition_lag", "sluice_notifier_backlog",
                "sluice_notifier_dead_letters_total", "http_server_requests_seconds_count");
    }

    @Test
    void everyAlertQueriesExportedMetrics() {
        var rule = Chart.render(Map.of("metrics.prometheusRule.enabled", true)).custom("PrometheusRule").get(0);

        for (Map<String, Object> alert : Monitoring.rules(rule)) {
            String expr = (String) alert.get("expr");
            assertThat(Monitoring.metricsIn(expr)).as(expr).isSubsetOf(EXPORTED);
            assertThat(expr).as("%s needs a metric to watch", alert.get("alert")).containsPattern("[a-z_]+\\{");
        }
    }
}
