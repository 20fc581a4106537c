package io.sluice.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every value an operator can set is explained twice: by a "# --" comment in values.yaml and by a row of the
 * values table in the chart README, and the two name the same keys.
 */
class ValuesDocumentationTest {

    private static final Pattern KEY = Pattern.compile("^( *)([A-Za-z0-9_.\\-]+):");
    private static final Pattern README_ROW = Pattern.compile("(?m)^\\| `([A-Za-z0-9_.\\-]+)` \\|");

    @Test
    void everyValueIsDocumentedInValuesYaml() throws IOException {
        Set<String> documented = documentedKeys();
        List<String> undocumented = new ArrayList<>();
        collectUndocumented("", Values.read("values.yaml"), documented, undocumented);

        assertThat(undocumented).as("values without a '# --' comment (document them, or a parent map)").isEmpty();
    }

    @Test
    void theReadmeValuesTableListsExactlyTheDocumentedValues() throws IOException {
        String readme = Files.readString(Chart.DIR.resolve("README.md"));
        Set<String> rows = new LinkedHashSet<>();
        Matcher row = README_ROW.matcher(readme);
        while (row.find()) {
            rows.add(row.group(1));
        }

        assertThat(rows).containsExactlyElementsOf(documentedKeys());
    }

    /** Keys preceded by a "# --" comment, as dotted paths, in file order. */
    static Set<String> documentedKeys() throws IOException {
        Set<String> documented = new LinkedHashSet<>();
        Deque<Map.Entry<Integer, String>> path = new ArrayDeque<>();
        boolean commented = false;
        for (String line : Files.readAllLines(Chart.DIR.resolve("values.yaml"))) {
            String stripped = line.strip();
            if (stripped.startsWith("# --")) {
                commented = true;
                continue;
            }
            Matcher key = KEY.matcher(line);
            if (stripped.startsWith("#") || stripped.startsWith("- ") || !key.find()) {
                continue;
            }
            int indent = key.group(1).length();
            while (!path.isEmpty() && path.peekLast().getKey() >= indent) {
                path.removeLast();
            }
            path.addLast(Map.entry(indent, key.group(2)));
            if (commented) {
                documented.add(String.join(".", path.stream().map(Map.Entry::getValue).toList()));
                commented = false;
            }
        }
        return documented;
    }

    /** A value is documented itself or, when it is a map of settings, through each of its entries. */
    private static void collectUndocumented(String prefix, Map<String, Object> values, Set<String> documented,
            List<String> undocumented) {
        values.forEach((key, value) -> {
            String path = prefix.isEmpty() ? key : prefix + "." + key;
            if (documented.contains(path)) {
                return;
            }
            if (value instanceof Map<?, ?> map && !map.isEmpty()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> nested = (Map<String, Object>) map;
                collectUndocumented(path, nested, documented, undocumented);
            } else {
                undocumented.add(path);
            }
        });
    }
}
