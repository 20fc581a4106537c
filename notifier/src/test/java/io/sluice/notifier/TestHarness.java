package io.sluice.notifier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the notifier's tests put around it, reachable over HTTP so that tests in any Quarkus class loader
 * reach the same instance: a fake SMS gateway that records every call ({@code POST /sms}, read back with
 * {@code GET /_sms}) and the switch of the SMTP relay ({@code POST /_smtp/down|up}, {@code GET /_smtp/refused}).
 */
final class TestHarness implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final SmtpSwitch smtp;
    private final List<Map<String, String>> smsCalls = new CopyOnWriteArrayList<>();

    TestHarness(String smtpHost, int smtpPort) throws IOException {
        this.smtp = new SmtpSwitch(smtpHost, smtpPort);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/sms", this::sms);
        server.createContext("/_sms", exchange -> respond(exchange, 200, JSON.writeValueAsString(smsCalls)));
        server.createContext("/_smtp/down", exchange -> {
            smtp.down();
            respond(exchange, 204, null);
        });
        server.createContext("/_smtp/up", exchange -> {
            smtp.up();
            respond(exchange, 204, null);
        });
        server.createContext("/_smtp/refused", exchange -> respond(exchange, 200, Integer.toString(smtp.refused())));
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int smtpPort() {
        return smtp.port();
    }

    private void sms(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        smsCalls.add(Map.of("method", exchange.getRequestMethod(),
                "contentType", String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")),
                "authorization", String.valueOf(authorization), "body", body));
        respond(exchange, 202, "{\"id\":\"sms-" + smsCalls.size() + "\"}");
    }

    private static void respond(HttpExchange exchange, int status, String body) {
        try (exchange) {
            if (body == null) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.stop(0);
        smtp.close();
    }
}
