package io.sluice.gatling.bench;

import io.sluice.infra.ServiceProcess;
import io.sluice.infra.SluiceStack;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * CPU time each part of the stack used, read from the operating system before and after a phase: on two
 * shared cores this, not the wall clock, says which process limited a figure.
 */
final class CpuMeter {

    private final SluiceStack stack;

    CpuMeter(SluiceStack stack) {
        this.stack = stack;
    }

    /** CPU milliseconds so far per part: the three services, Kafka, PostgreSQL (all its processes), this JVM (SMTP server). */
    Map<String, Long> sample() {
        Map<String, Long> cpu = new LinkedHashMap<>();
        for (ServiceProcess service : stack.services()) {
            cpu.put(service.name(), cpuOf(service.pid()));
        }
        cpu.put("kafka", cpuOf(stack.infrastructure().kafka().pid()));
        cpu.put("postgresql", postgresql());
        cpu.put("smtp+bench", cpuMillis(ProcessHandle.current()));
        return cpu;
    }

    /** The CPU each part used between two samples. */
    static Map<String, Long> between(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> used = new LinkedHashMap<>();
        after.forEach((part, millis) -> used.put(part, millis - before.getOrDefault(part, 0L)));
        return used;
    }

    static String describe(Map<String, Long> used, Duration wall) {
        StringBuilder text = new StringBuilder();
        used.forEach((part, millis) -> text.append(String.format("%s %.0f%% ", part, 100.0 * millis / Math.max(1, wall.toMillis()))));
        return text.append("(of one core, over ").append(wall.toSeconds()).append(" s)").toString().trim();
    }

    /** The postmaster is the process whose command line names the stack's data directory; backends are its children. */
    private long postgresql() {
        String workDir = stack.workDir().toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(line -> line.contains("postgres") && line.contains(workDir)).orElse(false))
                .flatMap(postmaster -> Stream.concat(Stream.of(postmaster), postmaster.descendants()))
                .mapToLong(CpuMeter::cpuMillis)
                .sum();
    }

    private static long cpuOf(OptionalLong pid) {
        return pid.isPresent() ? ProcessHandle.of(pid.getAsLong()).map(CpuMeter::cpuMillis).orElse(0L) : 0L;
    }

    private static long cpuMillis(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
    }
}
