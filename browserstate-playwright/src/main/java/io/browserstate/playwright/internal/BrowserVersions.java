package io.browserstate.playwright.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and compares browser version strings such as {@code 156.0.8078.108} or {@code Chromium 156.0.8078.108}. */
public final class BrowserVersions {

    private static final Pattern VERSION = Pattern.compile("(\\d+)(\\.\\d+)+");
    private static final long PROBE_TIMEOUT_SECONDS = 10;

    private BrowserVersions() {
    }

    /** The dotted version number inside {@code text} ({@code Chromium 156.0.8078.108} gives {@code 156.0.8078.108}). */
    public static Optional<String> extract(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = VERSION.matcher(text);
        return m.find() ? Optional.of(m.group()) : Optional.empty();
    }

    /** The major version: the first number of the dotted version inside {@code text}. */
    public static OptionalInt major(String text) {
        Optional<String> version = extract(text);
        if (version.isEmpty()) {
            return OptionalInt.empty();
        }
        String v = version.get();
        String first = v.substring(0, v.indexOf('.'));
        try {
            return OptionalInt.of(Integer.parseInt(first));
        } catch (NumberFormatException tooLong) {
            return OptionalInt.empty();
        }
    }

    /** Whether {@code saved} has a larger major version than {@code current}; false when either is unknown. */
    public static boolean isNewerMajor(String saved, String current) {
        OptionalInt s = major(saved);
        OptionalInt c = major(current);
        return s.isPresent() && c.isPresent() && s.getAsInt() > c.getAsInt();
    }

    /**
     * Asks the executable for its version ({@code --version}), without starting a browser. Empty when
     * it does not answer with a version within a few seconds (some builds print nothing).
     */
    public static Optional<String> probe(Path executable) {
        Process process;
        try {
            process = new ProcessBuilder(executable.toString(), "--version").redirectErrorStream(true).start();
        } catch (IOException e) {
            return Optional.empty();
        }
        try {
            process.getOutputStream().close();
            if (!process.waitFor(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return process.exitValue() == 0 ? extract(out) : Optional.empty();
        } catch (IOException e) {
            process.destroyForcibly();
            return Optional.empty();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
