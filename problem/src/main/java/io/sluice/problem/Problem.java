package io.sluice.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The one error shape of the whole API (RFC 9457 style), served as {@code application/problem+json}.
 *
 * @param violations which fields were wrong and why; empty when the problem is not about fields
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<Violation> violations) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public record Violation(String field, String message) {
    }

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, List.of());
    }

    public static Problem ofField(int status, String title, String field, String message) {
        return new Problem("about:blank", title, status, field + ": " + message, List.of(new Violation(field, message)));
    }
}
