package io.sluice.booking;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.infra.SluiceInfraTestResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OpenAPI document is what integrators read first: every endpoint says what it does and shows its body. */
@QuarkusTest
@QuarkusTestResource(SluiceInfraTestResource.class)
@QuarkusTestResource(TokenTestResource.class)
class OpenApiIT {

    @Test
    @SuppressWarnings("unchecked")
    void everyApiOperationHasASummaryAndEveryRequestBodyAnExample() {
        Map<String, Map<String, Map<String, Object>>> paths = given().get("/q/openapi?format=json")
                .then().statusCode(200).extract().jsonPath().getMap("paths");
        List<String> undocumented = new ArrayList<>();
        List<String> withoutExample = new ArrayList<>();
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            String name = method.toUpperCase() + " " + path;
            if (operation.get("summary") == null) {
                undocumented.add(name);
            }
            Map<String, Object> body = (Map<String, Object>) operation.get("requestBody");
            if (body != null) {
                Map<String, Object> json = ((Map<String, Map<String, Object>>) body.get("content")).get("application/json");
                if (json == null || json.get("examples") == null) {
                    withoutExample.add(name);
                }
            }
        }));

        assertThat(paths.keySet()).contains("/api/operator/releases", "/api/calendar/releases",
                "/api/releases/{releaseId}/booking-requests");
        assertThat(undocumented).as("operations without a summary").isEmpty();
        assertThat(withoutExample).as("request bodies without an example").isEmpty();
    }
}
