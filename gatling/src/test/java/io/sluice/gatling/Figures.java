package io.sluice.gatling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What only the clients can see, for the benchmark's summary: how many people got which final answer
 * and when the last of them got it. Written by the simulation's {@code after()} to the file named by
 * {@code -Dfigures=...} (nothing when it is not set).
 */
final class Figures {

    /** A person's final answer. */
    enum Outcome {
        BOOKED,
        /** Admitted and sent a request, which was rejected (e.g. the chosen site had just sold out). */
        REJECTED,
        /** Told by the waiting room that nothing is left. */
        SOLD_OUT,
        /** Gave up waiting without a final answer: a missed target. */
        NO_ANSWER
    }

    private final Map<Outcome, LongAdder> outcomes = new ConcurrentHashMap<>();
    private final AtomicLong lastAnswerMillis = new AtomicLong();
    private final Map<String, String> extra = new ConcurrentHashMap<>();
    private final Map<String, Tally> tallies = new ConcurrentHashMap<>();

    /** How many times something happened, and over which span of time: a rate for one phase of a run. */
    private static final class Tally {
        final LongAdder count = new LongAdder();
        final AtomicLong first = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong last = new AtomicLong();
    }

    void answered(Outcome outcome) {
        outcomes.computeIfAbsent(outcome, o -> new LongAdder()).increment();
        if (outcome != Outcome.NO_ANSWER) {
            lastAnswerMillis.accumulateAndGet(System.currentTimeMillis(), Math::max);
        }
    }

    long count(Outcome outcome) {
        LongAdder adder = outcomes.get(outcome);
        return adder == null ? 0 : adder.sum();
    }

    void tally(String name) {
        long now = System.currentTimeMillis();
        Tally tally = tallies.computeIfAbsent(name, n -> new Tally());
        tally.count.increment();
        tally.first.accumulateAndGet(now, Math::min);
        tally.last.accumulateAndGet(now, Math::max);
    }

    void put(String key, Object value) {
        extra.put(key, String.valueOf(value));
    }

    void write() {
        String file = System.getProperty("figures");
        if (file == null || file.isBlank()) {
            return;
        }
        Map<String, String> values = new TreeMap<>(extra);
        for (Outcome outcome : Outcome.values()) {
            values.put("people." + outcome.name().toLowerCase(), Long.toString(count(outcome)));
        }
        tallies.forEach((name, tally) -> {
            values.put(name + ".count", Long.toString(tally.count.sum()));
            values.put(name + ".millis", Long.toString(tally.last.get() - tally.first.get()));
        });
        // The load generator's own CPU, to tell whether it was what limited a figure.
        ProcessHandle.current().info().totalCpuDuration()
                .ifPresent(cpu -> values.put("cpuMillis", Long.toString(cpu.toMillis())));
        if (lastAnswerMillis.get() > 0) {
            values.put("lastAnswerAt", Instant.ofEpochMilli(lastAnswerMillis.get()).toString());
        }
        Properties properties = new Properties();
        properties.putAll(values);
        try (Writer out = Files.newBufferedWriter(Path.of(file))) {
            properties.store(out, "client-side figures of one simulation run");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
