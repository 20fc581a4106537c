package io.sluice.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

class ChartLintTest {

    @Test
    void strictLintFindsNothingToWarnAbout() {
        LintResult lint = Chart.helm().lint().strict().call();

        assertThat(lint.isFailed()).as("lint failed: %s", lint.getMessages()).isFalse();
        // Strict lint already fails on warnings; informational notes ("icon is recommended") may stay.
        assertThat(lint.getMessages()).allMatch(message -> message.startsWith("[INFO]"), "only [INFO] messages");
    }
}
