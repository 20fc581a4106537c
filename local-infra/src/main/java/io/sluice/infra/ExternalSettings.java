package io.sluice.infra;

import java.util.Optional;

/**
 * Reads the settings that point Sluice at infrastructure it should not start itself
 * ({@code SLUICE_DB_HOST}, {@code SLUICE_KAFKA_BOOTSTRAP}, ...).
 */
final class ExternalSettings {

    private ExternalSettings() {
    }

    /** A system property wins over the environment so that a test can override a developer's shell. */
    static Optional<String> get(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = System.getenv(name);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    static String get(String name, String defaultValue) {
        return get(name).orElse(defaultValue);
    }

    static int getInt(String name, int defaultValue) {
        String value = get(name).orElse(null);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number, was '" + value + "'", e);
        }
    }
}
