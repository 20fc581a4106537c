package io.sluice.infra;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** Stands in for a built Quarkus service in {@link ServiceProcessIT}: answers /q/health/ready on QUARKUS_HTTP_PORT. */
public final class FakeService {

    private FakeService() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        System.out.println("greeting=" + System.getenv("FAKE_GREETING"));
        System.out.println("kafka=" + System.getenv("KAFKA_BOOTSTRAP_SERVERS"));
        if ("true".equals(System.getenv("FAKE_FAIL"))) {
            System.out.println("Failed to start: datasource unreachable");
            System.exit(3);
        }
        Thread.sleep(Long.parseLong(System.getenv().getOrDefault("FAKE_STARTUP_MILLIS", "0")));
        HttpServer server = HttpServer.create(
                new InetSocketAddress(Integer.parseInt(System.getenv("QUARKUS_HTTP_PORT"))), 0);
        server.createContext("/q/health/ready", exchange -> {
            byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(0);
            System.out.println("shut down gracefully");
        }));
        System.out.println("listening");
    }
}
