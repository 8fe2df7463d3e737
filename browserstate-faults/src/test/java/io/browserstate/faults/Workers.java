package io.browserstate.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A {@link FaultWorker} JVM with its output read line by line as it comes. */
final class Workers implements AutoCloseable {
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final BlockingQueue<String> fresh = new LinkedBlockingQueue<>();
    private final Thread reader;

    private Workers(Process process) {
        this.process = process;
        this.reader = new Thread(this::read, "fault-worker-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@link FaultWorker} with {@code args} on this JVM's class path, with a small heap and a quick start. */
    static Workers start(String... args) {
        return start(List.of(), args);
    }

    /** Starts {@link FaultWorker} with extra JVM options. */
    static Workers start(List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), FaultWorker.class.getName()));
        command.addAll(List.of(args));
        try {
            return new Workers(new ProcessBuilder(command).redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                lines.add(line);
                fresh.add(line);
            }
        } catch (IOException e) {
            // the process died: what it printed is in lines
        }
    }

    /** Waits for a line matching {@code p} (at most {@code seconds}); fails with what the worker printed when none comes. */
    String await(Predicate<String> p, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            String line = fresh.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && p.test(line)) {
                return line;
            }
            if (line == null && !process.isAlive() && fresh.isEmpty() && !reader.isAlive()) {
                break;
            }
        }
        throw new AssertionError("the worker printed no matching line within " + seconds + " s; it printed: "
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
    }

    /** SIGKILL, then waits until the process and its output are gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        reader.join(10_000);
    }

    /** Waits for a normal end (at most {@code seconds}). */
    void awaitExit(int seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("the worker did not end within " + seconds + " s; it printed: " + String.join("\n", lines));
        }
        reader.join(10_000);
    }

    /** Every line printed so far. */
    List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
