package io.sluice.infra;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * SLF4J backend writing plain lines to stdout: for the Kafka broker child JVM (whose stdout is its log
 * file) and for {@link LocalStack}.
 *
 * <p>The broker inherits the test class path, which may hold any SLF4J binding (Quarkus tests bring
 * jboss-logmanager's, plain runs none, which silences the broker). This one is therefore chosen explicitly
 * with {@code -Dslf4j.provider}, and deliberately not registered in META-INF/services, so that it never
 * competes with the binding of a JVM that merely has this library on its class path.
 * Level: {@code -Dsluice.log.level} (default INFO).
 */
public final class ConsoleLogProvider implements SLF4JServiceProvider {

    public static final String LEVEL_PROPERTY = "sluice.log.level";

    private ILoggerFactory loggerFactory;
    private IMarkerFactory markerFactory;
    private MDCAdapter mdcAdapter;

    @Override
    public void initialize() {
        Level level = Level.valueOf(System.getProperty(LEVEL_PROPERTY, "INFO").toUpperCase(Locale.ROOT));
        ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
        loggerFactory = name -> loggers.computeIfAbsent(name, n -> new LineLogger(n, level, System.out));
        markerFactory = new BasicMarkerFactory();
        mdcAdapter = new NOPMDCAdapter();
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggerFactory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markerFactory;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdcAdapter;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    private static final class LineLogger extends LegacyAbstractLogger {

        private static final long serialVersionUID = 1L;

        private final transient Level threshold;
        private final transient PrintStream out;

        LineLogger(String name, Level threshold, PrintStream out) {
            this.name = name;
            this.threshold = threshold;
            this.out = out;
        }

        private boolean enabled(Level level) {
            // SLF4J numbers levels upwards from TRACE (0) to ERROR (40).
            return level.toInt() >= threshold.toInt();
        }

        @Override
        public boolean isTraceEnabled() {
            return enabled(Level.TRACE);
        }

        @Override
        public boolean isDebugEnabled() {
            return enabled(Level.DEBUG);
        }

        @Override
        public boolean isInfoEnabled() {
            return enabled(Level.INFO);
        }

        @Override
        public boolean isWarnEnabled() {
            return enabled(Level.WARN);
        }

        @Override
        public boolean isErrorEnabled() {
            return enabled(Level.ERROR);
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern,
                Object[] arguments, Throwable throwable) {
            String message = MessageFormatter.basicArrayFormat(messagePattern, arguments);
            synchronized (out) {
                out.println(Instant.now() + " " + level + " [" + Thread.currentThread().getName() + "] " + name
                        + " - " + message);
                if (throwable != null) {
                    throwable.printStackTrace(out);
                }
            }
        }
    }
}
