package io.sluice.helm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The values a rendering used: the chart's values.yaml with the given files merged over it, as Helm does. */
record Values(Map<String, Object> tree) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static Values of(List<String> files) {
        Map<String, Object> merged = read("values.yaml");
        for (String file : files) {
            merge(merged, read(file));
        }
        return new Values(merged);
    }

    Object get(String dottedPath) {
        Object node = tree;
        for (String key : dottedPath.split("\\.")) {
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(key)) {
                throw new IllegalArgumentException("no value " + dottedPath);
            }
            node = map.get(key);
        }
        return node;
    }

    int integer(String dottedPath) {
        return ((Number) get(dottedPath)).intValue();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> read(String file) {
        try {
            Map<String, Object> values = YAML.readValue(Chart.DIR.resolve(file).toFile(), LinkedHashMap.class);
            return values == null ? new LinkedHashMap<>() : values;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> into, Map<String, Object> from) {
        from.forEach((key, value) -> {
            if (value instanceof Map<?, ?> nested && into.get(key) instanceof Map<?, ?> existing) {
                merge((Map<String, Object>) existing, (Map<String, Object>) nested);
            } else {
                into.put(key, value);
            }
        });
    }
}
