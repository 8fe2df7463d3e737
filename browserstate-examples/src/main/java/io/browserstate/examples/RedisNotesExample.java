package io.browserstate.examples;

import com.microsoft.playwright.Page;
import io.browserstate.api.BrowserStateException;
import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.InvalidConfigurationException;
import io.browserstate.api.RestoreResult;
import io.browserstate.api.SaveResult;
import io.browserstate.api.SessionId;
import io.browserstate.api.SessionInfo;
import io.browserstate.core.BrowserState;
import io.browserstate.playwright.BrowserExecutable;
import io.browserstate.playwright.BrowserSession;
import io.browserstate.playwright.BrowserSessionLauncher;
import io.browserstate.playwright.LaunchSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Redis notes example: a browser's localStorage saved to Redis and brought back.
 *
 * <ol>
 *   <li>connect to Redis (configured, running locally, or an embedded one with its data kept on disk);
 *   <li>create or restore the session (user and session id from the arguments);
 *   <li>open Chromium on a notes page served locally, which keeps its notes in localStorage;
 *   <li>add a note;
 *   <li>close the browser and save the profile to Redis;
 *   <li>reopen from a fresh directory with the restored profile, and show the notes;
 *   <li>add another note;
 *   <li>close and save the final state.
 * </ol>
 *
 * Run it twice: the second run starts with the first run's notes. Usage:
 * {@code RedisNotesExample [userId [sessionId]] [--headed] [--port=N] [--redis=URI] [--embedded-dir=DIR] [--note=TEXT]}.
 *
 * @since 0.1
 */
public final class RedisNotesExample {

    /** Exit status when something must be installed or configured first. */
    public static final int EXIT_SETUP = 2;
    /** Exit status when the run failed. */
    public static final int EXIT_FAILED = 1;

    static final String CHROMIUM_MISSING = "Chromium not found: apt-get install chromium (or set " + LaunchSettings.EXECUTABLE_ENV + ")";

    private final PrintStream out;
    private final Options options;

    private RedisNotesExample(PrintStream out, Options options) {
        this.out = out;
        this.options = options;
    }

    public static void main(String[] args) {
        // the library logs through SLF4J, bound here to java.util.logging: one line each, indented under the steps
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "          [%4$s] %5$s%6$s%n");
        }
        int status = run(args, System.out, System.getenv());
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs the example, printing to {@code out}; returns the exit status (0 on success).
     *
     * @param env the environment to read the Redis configuration from
     */
    public static int run(String[] args, PrintStream out, Map<String, String> env) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            out.println(Options.USAGE);
            return EXIT_SETUP;
        }
        if (options.help()) {
            out.println(Options.USAGE);
            return 0;
        }
        BrowserExecutable browser;
        try {
            browser = BrowserExecutable.resolve(null);
        } catch (InvalidConfigurationException e) {
            out.println(e.getMessage());
            return EXIT_SETUP;
        }
        if (!browser.isSystemBrowser()) {
            out.println(CHROMIUM_MISSING);
            return EXIT_SETUP;
        }
        try {
            new RedisNotesExample(out, options).run(browser, env);
            return 0;
        } catch (SetupException e) {
            out.println(e.getMessage());
            return EXIT_SETUP;
        } catch (BrowserStateException e) {
            out.println("Failed: " + e.getMessage());
            return EXIT_FAILED;
        }
    }

    private void run(BrowserExecutable browser, Map<String, String> env) {
        SessionId id = SessionId.of(options.userId(), options.sessionId());
        out.println("BrowserState notes example: session " + id + ", browser " + browser);

        long t0 = System.nanoTime();
        RedisSelection redis;
        try {
            redis = RedisSelection.select(options.redisUri(), env, RedisSelection.DEFAULT_LOCAL, options.embeddedDirectory());
        } catch (BrowserStateException e) {
            throw new SetupException(e.getMessage(), e);
        }
        try (redis;
             BrowserStateManager manager = BrowserState.open(redis.config());
             NotesSite site = startSite();
             Keys keys = keysFor(redis, id)) {
            step(1, "Connected to Redis in " + millis(t0) + ": " + redis.description());

            Optional<SessionInfo> existing = manager.info(id);
            step(2, existing.map(info -> "Session " + id + " exists: version " + info.version() + ", " + info.fileCount() + " files, "
                            + bytes(info.sizeBytes()) + ", saved " + info.updatedAt() + info.browser().map(v -> " by Chromium " + v).orElse("")
                            + "; restoring it")
                    .orElse("Session " + id + " is new: nothing stored yet, starting with an empty profile"));

            LaunchSettings settings = LaunchSettings.builder().executable(browser.path()).headless(!headed()).build();
            BrowserSessionLauncher launcher = BrowserSessionLauncher.builder(manager).settings(settings).build();

            long t3 = System.nanoTime();
            BrowserSession first = launcher.open(id);
            List<String> notesAtStart;
            try {
                Page page = first.page();
                page.navigate(site.url());
                notesAtStart = notes(page);
                step(3, "Chromium " + first.browserVersion() + " opened " + site.url() + " in " + millis(t3) + " ("
                        + restored(first.profile().restored()) + ")");
                printNotes(notesAtStart);

                String note = options.note() != null ? options.note() : "Written at " + now() + ", before the save";
                addNote(page, note);
                step(4, "Added a note: \"" + note + "\" (" + notes(page).size() + " on the page)");
            } catch (RuntimeException e) {
                first.discard();
                throw e;
            }

            Set<String> keysBefore = keys.list();
            SaveResult save1 = first.closeAndSave();
            step(5, "Closed the browser and saved: " + saved(save1));
            keys.printWritten(keysBefore);

            long t6 = System.nanoTime();
            BrowserSession second = launcher.open(id);
            try {
                Page page = second.page();
                page.navigate(site.url());
                List<String> restoredNotes = notes(page);
                step(6, "Reopened from a fresh directory (" + second.profile().directory() + ") in " + millis(t6) + ": "
                        + restored(second.profile().restored()));
                printNotes(restoredNotes);

                String note = "Written at " + now() + ", after the restore";
                addNote(page, note);
                step(7, "Added another note: \"" + note + "\" (" + notes(page).size() + " on the page)");
                // what a worker that dies from here on would come back to: the running browser's storage, without closing it
                SaveResult checkpoint = second.checkpoint();
                out.println("          checkpointed the running browser (cookies, localStorage, IndexedDB; it stays open): "
                        + saved(checkpoint));
            } catch (RuntimeException e) {
                second.discard();
                throw e;
            }

            keysBefore = keys.list();
            SaveResult save2 = second.closeAndSave();
            step(8, "Closed and saved the final state: " + saved(save2));
            keys.printWritten(keysBefore);

            SessionInfo info = manager.info(id).orElseThrow();
            out.println();
            out.println("Done in " + millis(t0) + ". Session " + id + " is at version " + info.version() + " with "
                    + (notesAtStart.size() + 2) + " notes. Run the same command again: they come back from Redis.");
        }
    }

    private Keys keysFor(RedisSelection redis, SessionId id) {
        return new Keys(RedisKeys.supports(redis.config().storageUri()) ? RedisKeys.connect(redis.config().storageUri()) : null, id);
    }

    private NotesSite startSite() {
        try {
            return NotesSite.start(options.port());
        } catch (BrowserStateException e) {
            throw new SetupException(e.getMessage(), e);
        }
    }

    private boolean headed() {
        if (!options.headed()) {
            return false;
        }
        String display = System.getenv("DISPLAY");
        String wayland = System.getenv("WAYLAND_DISPLAY");
        if ((display == null || display.isBlank()) && (wayland == null || wayland.isBlank())) {
            out.println("--headed: no display found (DISPLAY and WAYLAND_DISPLAY are not set); running headless");
            return false;
        }
        return true;
    }

    private static List<String> notes(Page page) {
        page.waitForSelector("body[data-ready=true]");
        return page.locator("#notes li .text").allTextContents();
    }

    private static void addNote(Page page, String text) {
        int before = notes(page).size();
        page.fill("#note", text);
        page.click("#add");
        page.waitForFunction("n => document.querySelectorAll('#notes li').length > n", before);
    }

    private void printNotes(List<String> notes) {
        if (notes.isEmpty()) {
            out.println("          no notes on the page yet");
            return;
        }
        out.println("          " + (notes.size() == 1 ? "1 note" : notes.size() + " notes") + " on the page:");
        for (int i = 0; i < notes.size(); i++) {
            out.println("            " + (i + 1) + ". " + notes.get(i));
        }
    }

    private void step(int n, String text) {
        out.println("Step " + n + "/8  " + text);
    }

    private static String restored(RestoreResult r) {
        if (r.version() == 0) {
            return "new profile, nothing to restore";
        }
        return "restored version " + r.version() + ": " + r.fileCount() + " files, " + bytes(r.totalBytes()) + " from "
                + bytes(r.bytesRead()) + " read from Redis in " + duration(r.duration());
    }

    private static String saved(SaveResult r) {
        return "version " + r.version() + " in " + duration(r.duration()) + "; profile " + r.fileCount() + " files, "
                + bytes(r.totalBytes()) + "; uploaded " + r.blobsWritten() + " blobs (" + bytes(r.bytesWritten()) + "), reused "
                + r.blobsReused() + (r.skipped().isEmpty() ? "" : ", skipped " + r.skipped().size() + " files")
                + (r.garbageCollected() == 0 ? "" : ", collected " + r.garbageCollected() + " old blobs");
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        if (n < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
    }

    private static String duration(Duration d) {
        long ms = d.toMillis();
        return ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.2f s", ms / 1000.0);
    }

    private static String millis(long startNanos) {
        return duration(Duration.ofNanos(System.nanoTime() - startNanos));
    }

    private static String now() {
        return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
    }

    /** Lists the session's Redis keys when the store is Redis, to show what each save wrote. */
    private final class Keys implements AutoCloseable {
        private final RedisKeys redisKeys;
        private final SessionId id;

        private Keys(RedisKeys redisKeys, SessionId id) {
            this.redisKeys = redisKeys;
            this.id = id;
        }

        Set<String> list() {
            return redisKeys == null ? Set.of() : redisKeys.keysOf(id);
        }

        void printWritten(Set<String> before) {
            if (redisKeys == null) {
                out.println("          (the store is not Redis: no keys to show)");
                return;
            }
            Set<String> after = list();
            Set<String> added = new TreeSet<>(after);
            added.removeAll(before);
            Set<String> removed = new TreeSet<>(before);
            removed.removeAll(after);
            out.println("          Redis keys of the session: " + after.size() + " (" + added.size() + " new, " + removed.size()
                    + " removed):");
            List<String> newBlobs = added.stream().filter(Keys::isBlob).toList();
            added.stream().filter(k -> !isBlob(k)).forEach(k -> out.println("            + " + k));
            after.stream().filter(k -> k.endsWith("}:head") && before.contains(k))
                    .forEach(k -> out.println("            ~ " + k + " (updated in place: it names the new snapshot)"));
            if (!newBlobs.isEmpty()) {
                String first = newBlobs.get(0);
                out.println("            + " + first.substring(0, first.lastIndexOf(':') + 1) + "<sha-256> x " + newBlobs.size()
                        + " (content chunks, the manifest and the snapshot record, in the user's shared space, e.g. " + first.substring(first.lastIndexOf(':') + 1, first.lastIndexOf(':') + 13)
                        + "...)");
            }
            long removedBlobs = removed.stream().filter(Keys::isBlob).count();
            removed.stream().filter(k -> !isBlob(k))
                    .forEach(k -> out.println("            - " + k + (k.endsWith("}:lease") ? " (the lease, given back)" : "")));
            if (removedBlobs > 0) {
                out.println("            - ...:c:<sha-256> x " + removedBlobs + " (collected: no kept snapshot of the user uses them any more)");
            }
        }

        /** A blob of the user's shared space (format 2) or of the session's own (format 1). */
        private static boolean isBlob(String key) {
            return key.contains("}:c:") || key.contains("}:blob:");
        }

        @Override
        public void close() {
            if (redisKeys != null) {
                redisKeys.close();
            }
        }
    }

    /** Something to install or configure before the example can run; reported in one line. */
    private static final class SetupException extends BrowserStateException {
        private static final long serialVersionUID = 1L;

        SetupException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Command-line options. */
    record Options(String userId, String sessionId, boolean headed, int port, String redisUri, Path embeddedDirectory, String note,
            boolean help) {

        static final String USAGE = "Usage: RedisNotesExample [userId [sessionId]] [--headed] [--port=N] [--redis=URI]"
                + " [--embedded-dir=DIR] [--note=TEXT]\n"
                + "  userId, sessionId  the session to use (default: demo notes)\n"
                + "  --headed           show the browser window (needs a display)\n"
                + "  --port=N           serve the notes page on 127.0.0.1:N (default " + NotesSite.DEFAULT_PORT
                + "; notes belong to that origin)\n"
                + "  --redis=URI        the Redis to use (else BROWSERSTATE_URI, REDIS_URL, 127.0.0.1:6379, or an embedded one)\n"
                + "  --embedded-dir=DIR data directory of the embedded Redis (default ./.embedded-redis)\n"
                + "  --note=TEXT        the text of the first note";

        static Options parse(String[] args) {
            String user = "demo";
            String session = "notes";
            boolean headed = false;
            int port = NotesSite.DEFAULT_PORT;
            String redis = null;
            Path embedded = Path.of(".embedded-redis");
            String note = null;
            boolean help = false;
            int positional = 0;
            for (String arg : args) {
                if (arg.equals("--headed")) {
                    headed = true;
                } else if (arg.equals("--help") || arg.equals("-h")) {
                    help = true;
                } else if (arg.startsWith("--port=")) {
                    try {
                        port = Integer.parseInt(arg.substring("--port=".length()));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--port needs a number, was " + arg);
                    }
                    if (port < 1 || port > 65535) {
                        throw new IllegalArgumentException("--port must be between 1 and 65535, was " + port);
                    }
                } else if (arg.startsWith("--redis=")) {
                    redis = arg.substring("--redis=".length());
                } else if (arg.startsWith("--embedded-dir=")) {
                    embedded = Path.of(arg.substring("--embedded-dir=".length()));
                } else if (arg.startsWith("--note=")) {
                    note = arg.substring("--note=".length());
                } else if (arg.startsWith("-")) {
                    throw new IllegalArgumentException("Unknown option " + arg);
                } else if (positional == 0) {
                    user = arg;
                    positional++;
                } else if (positional == 1) {
                    session = arg;
                    positional++;
                } else {
                    throw new IllegalArgumentException("Too many arguments: " + arg);
                }
            }
            try {
                SessionId.of(user, session);
            } catch (BrowserStateException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            return new Options(user, session, headed, port, redis, embedded, note, help);
        }
    }
}
