package io.sluice.gatling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** booking-api's JSON answers, read where Gatling's checks cannot express the rule (nullable fields, choices). */
final class Answer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Answer() {
    }

    static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("booking-api answered something that is not JSON", e);
        }
    }

    /** The text of a field, or null where it is missing or null. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
