package io.sluice.booking;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.sluice.infra.JwtIssuer;
import io.sluice.infra.SluiceInfraTestResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every operator and staff operation of the OpenAPI document refuses callers without a token (401),
 * with a forged token (401) and with a valid token of another role (403), with a problem body. The
 * list comes from the document (tags "operator" and "staff"), so a new endpoint is checked the day
 * it is added; the tags and the paths must agree, so an operator endpoint cannot hide under a public
 * tag.
 */
@QuarkusTest
@QuarkusTestResource(SluiceInfraTestResource.class)
@QuarkusTestResource(TokenTestResource.class)
class AccessControlIT {

    /** A role no endpoint grants: a valid, signed token that must still be refused. */
    private static final String CITIZEN_ROLE = "citizen";

    @Test
    void everyOperatorAndStaffOperationRefusesAnonymousForgedAndWrongRoleCallers() {
        Map<String, String> privileged = new LinkedHashMap<>();
        operations().forEach((operation, tags) -> {
            if (tags.contains("operator")) {
                privileged.put(operation, "operator");
            } else if (tags.contains("staff")) {
                privileged.put(operation, "staff");
            }
        });
        assertThat(privileged.values()).as("the document lists operator and staff operations").contains("operator", "staff");

        List<String> failures = new ArrayList<>();
        privileged.forEach((operation, audience) -> {
            String method = operation.substring(0, operation.indexOf(' '));
            String path = operation.substring(operation.indexOf(' ') + 1).replaceAll("\\{[^}]+}", "1");

            expect(failures, operation + " anonymous", call(given(), method, path), 401);
            expect(failures, operation + " with a forged token",
                    call(given().header("Authorization", "Bearer " + forged()), method, path), 401);
            expect(failures, operation + " as " + CITIZEN_ROLE,
                    call(given().header("Authorization", TokenTestResource.bearer(CITIZEN_ROLE)), method, path), 403);
            if (audience.equals("operator")) {
                expect(failures, operation + " as staff",
                        call(given().header("Authorization", TokenTestResource.bearer("staff")), method, path), 403);
            }
        });
        assertThat(failures).as("operations that let a caller in or refused without a problem body").isEmpty();
    }

    @Test
    void operatorAndStaffPathsCarryTheirTagAndNoOtherPathDoes() {
        List<String> mismatched = new ArrayList<>();
        operations().forEach((operation, tags) -> {
            boolean privilegedPath = operation.contains(" /api/operator/") || operation.contains(" /api/staff/");
            boolean privilegedTag = tags.contains("operator") || tags.contains("staff");
            if (privilegedPath != privilegedTag) {
                mismatched.add(operation + " " + tags);
            }
        });
        assertThat(mismatched).as("operations whose path and tag disagree about who may call them").isEmpty();
    }

    private static void expect(List<String> failures, String what, Response response, int status) {
        if (response.statusCode() != status) {
            failures.add(what + ": " + response.statusCode() + " instead of " + status);
        } else if (!response.contentType().startsWith("application/problem+json")) {
            failures.add(what + ": " + status + " without a problem body (" + response.contentType() + ")");
        }
    }

    private static Response call(RequestSpecification request, String method, String path) {
        return request.contentType(ContentType.JSON).body("{}").request(method, path);
    }

    /** An operator token whose signature is from another key pair. */
    private static String forged() {
        return JwtIssuer.generate().token("mallory", List.of("operator"), Duration.ofMinutes(5));
    }

    /** Operation ("METHOD /path") → its tags. */
    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> operations() {
        Map<String, Map<String, Map<String, Object>>> paths = given().get("/q/openapi?format=json")
                .then().statusCode(200).extract().jsonPath().getMap("paths");
        Map<String, List<String>> result = new LinkedHashMap<>();
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            List<String> tags = (List<String>) operation.get("tags");
            result.put(method.toUpperCase() + " " + path, tags == null ? List.of() : tags);
        }));
        return result;
    }
}
