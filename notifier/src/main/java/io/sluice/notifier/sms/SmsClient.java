package io.sluice.notifier.sms;

import io.sluice.notifier.NotifierConfig;
import io.sluice.notifier.delivery.SendRate;
import io.sluice.notifier.delivery.Unavailable;
import io.sluice.notifier.delivery.Undeliverable;
import io.smallrye.faulttolerance.api.AsynchronousNonBlocking;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * The one way out to the SMS gateway: a JSON POST {@code {"from", "to", "text"}} to the configured
 * URL with basic or bearer credentials, paced, bounded in time, retried with backoff and cut off by a
 * circuit breaker while the gateway is down. A 4xx other than 429 is the gateway refusing this message
 * (a bad number): not retried.
 */
@ApplicationScoped
public class SmsClient {

    private final NotifierConfig.Sms config;
    private final WebClient client;
    private final SendRate rate;

    public SmsClient(Vertx vertx, NotifierConfig config) {
        this.config = config.sms();
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout(5_000)
                .setIdleTimeout(30)
                .setUserAgent("sluice-notifier"));
        this.rate = new SendRate(this.config.rate());
    }

    /** False when no gateway is configured: then nobody is sent an SMS. */
    public boolean enabled() {
        return config.url().isPresent();
    }

    @AsynchronousNonBlocking
    @Timeout(10_000)
    @Retry(maxRetries = 8, delay = 500, jitter = 250, maxDuration = 300_000,
            abortOn = Undeliverable.class)
    @ExponentialBackoff(factor = 2, maxDelay = 30_000)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10_000,
            skipOn = Undeliverable.class)
    public Uni<Void> send(String phone, String text) {
        URI url = config.url().orElseThrow(() -> new IllegalStateException("no SMS gateway configured"));
        return rate.permit().chain(() -> {
            HttpRequest<Buffer> request = client.postAbs(url.toString()).timeout(8_000);
            if (config.token().isPresent()) {
                request.bearerTokenAuthentication(config.token().get());
            } else if (config.username().isPresent()) {
                request.basicAuthentication(config.username().get(), config.password().orElse(""));
            }
            return request.sendJsonObject(new JsonObject()
                    .put("from", config.sender())
                    .put("to", phone)
                    .put("text", text));
        }).invoke(response -> {
            int status = response.statusCode();
            if (status >= 400 && status < 500 && status != 408 && status != 429) {
                throw new Undeliverable("SMS gateway " + status);
            }
            if (status < 200 || status >= 300) {
                throw new Unavailable("SMS gateway " + status, null);
            }
        }).onFailure(failure -> !(failure instanceof Undeliverable) && !(failure instanceof Unavailable))
                // Vert.x reports connection failures as bare Throwables, which would not be retried.
                .transform(failure -> new Unavailable("SMS gateway " + failure.getClass().getSimpleName(), failure))
                .replaceWithVoid();
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
