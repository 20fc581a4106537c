package io.sluice.booking.waitingroom;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.WithDefault;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The waiting room's configuration with its declared defaults, some overridden: for unit tests without Quarkus. */
public final class TestConfig {

    private TestConfig() {
    }

    public static WaitingRoomConfig with(Map<String, Object> overrides) {
        return (WaitingRoomConfig) Proxy.newProxyInstance(WaitingRoomConfig.class.getClassLoader(),
                new Class<?>[] {WaitingRoomConfig.class}, (proxy, method, args) -> {
                    if (overrides.containsKey(method.getName())) {
                        return overrides.get(method.getName());
                    }
                    if (method.getReturnType() == Optional.class) {
                        return Optional.empty();
                    }
                    WithDefault fallback = method.getAnnotation(WithDefault.class);
                    if (fallback == null) {
                        throw new IllegalStateException(method.getName() + " has no default");
                    }
                    String value = fallback.value();
                    Class<?> type = method.getReturnType();
                    if (type == Duration.class) {
                        return DurationConverter.parseDuration(value);
                    }
                    if (type == int.class) {
                        return Integer.parseInt(value);
                    }
                    if (type == double.class) {
                        return Double.parseDouble(value);
                    }
                    if (type == boolean.class) {
                        return Boolean.parseBoolean(value);
                    }
                    return value;
                });
    }
}
