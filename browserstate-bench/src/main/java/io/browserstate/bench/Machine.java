package io.browserstate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Facts about the machine, and a monitor of what else runs on it during the benchmark. */
final class Machine {

    private Machine() {
    }

    static Map<String, String> facts(String redisVersion, String redisKind) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("CPU", firstValue(Path.of("/proc/cpuinfo"), "model name").orElse("unknown"));
        m.put("cores (nproc)", Integer.toString(Runtime.getRuntime().availableProcessors()));
        m.put("memory", firstValue(Path.of("/proc/meminfo"), "MemTotal").map(Machine::kibToGib).orElse("unknown"));
        m.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + firstValue(Path.of("/etc/os-release"), "PRETTY_NAME").map(s -> s.replace("\"", "")).orElse(""));
        m.put("Java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("JVM heap (-Xmx)", ResultTable.bytes(Runtime.getRuntime().maxMemory()));
        m.put("Redis", redisVersion + " (" + redisKind + ", loopback, no persistence)");
        return m;
    }

    private static String kibToGib(String memTotal) {
        try {
            long kib = Long.parseLong(memTotal.replace("kB", "").trim());
            return String.format(java.util.Locale.ROOT, "%.1f GiB", kib / 1024.0 / 1024.0);
        } catch (NumberFormatException e) {
            return memTotal;
        }
    }

    private static Optional<String> firstValue(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                int sep = line.indexOf(line.contains(":") ? ':' : '=');
                if (sep > 0 && line.substring(0, sep).trim().equals(key)) {
                    return Optional.of(line.substring(sep + 1).trim());
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Other builds, tests and browsers on the machine (not this JVM, its children nor its ancestors). */
    static List<String> otherWork() {
        long self = ProcessHandle.current().pid();
        Set<Long> mine = ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
        // nor the shell that started it: run.sh's own command line says "--chromium none"
        for (java.util.Optional<ProcessHandle> p = ProcessHandle.current().parent(); p.isPresent(); p = p.get().parent()) {
            mine.add(p.get().pid());
        }
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self && !mine.contains(p.pid()))
                .map(p -> p.info().commandLine().orElse(""))
                .map(Machine::kindOf)
                .filter(k -> !k.isEmpty())
                .toList();
    }

    private static String kindOf(String commandLine) {
        if (commandLine.contains("surefire")) {
            return "surefire";
        }
        if (commandLine.contains("plexus-classworlds") || commandLine.contains("org.codehaus.classworlds")) {
            return "maven";
        }
        if (commandLine.contains("chromium") && !commandLine.contains("--type=")) {
            return "chromium";
        }
        return "";
    }

    /** Samples the load average and other work once a second until closed. */
    static final class Monitor implements AutoCloseable {
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-noise-monitor");
            t.setDaemon(true);
            return t;
        });
        private int samples;
        private int busySamples;
        private double maxLoad;
        private double loadSum;
        private final Map<String, Integer> seen = new LinkedHashMap<>();

        Monitor() {
            timer.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
        }

        private synchronized void sample() {
            double load = loadAverage();
            List<String> others = otherWork();
            samples++;
            loadSum += Math.max(0, load);
            maxLoad = Math.max(maxLoad, load);
            if (!others.isEmpty()) {
                busySamples++;
            }
            others.stream().distinct().forEach(k -> seen.merge(k, 1, Integer::sum));
        }

        synchronized Map<String, String> summary() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("seconds sampled", Integer.toString(samples));
            m.put("seconds with other builds/tests/browsers running", busySamples + " of " + samples
                    + (seen.isEmpty() ? "" : " " + seen));
            m.put("1-minute load average", String.format(java.util.Locale.ROOT, "mean %.2f, max %.2f (" + Runtime.getRuntime().availableProcessors() + " cores)",
                    samples == 0 ? 0 : loadSum / samples, maxLoad));
            return m;
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }
}
