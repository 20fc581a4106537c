package io.sluice.notifier;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/** The tests' side of {@link TestHarness}: switch the SMTP relay, read what the SMS gateway received. */
final class Harness {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;

    Harness(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    void smtpDown() {
        call("POST", "/_smtp/down");
    }

    void smtpUp() {
        call("POST", "/_smtp/up");
    }

    /** Connection attempts the switched-off relay refused so far. */
    int smtpRefusals() {
        return Integer.parseInt(call("GET", "/_smtp/refused"));
    }

    /** Every call the SMS gateway received: method, contentType, authorization, body. */
    List<Map<String, String>> smsCalls() {
        try {
            return JSON.readValue(call("GET", "/_sms"), new TypeReference<>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String call(String method, String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
