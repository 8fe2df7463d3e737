package io.browserstate.faults;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.MountedSession;
import io.browserstate.api.RestoreResult;
import io.browserstate.api.SaveOptions;
import io.browserstate.api.SaveResult;
import io.browserstate.api.SessionConflictException;
import io.browserstate.api.SessionId;
import io.browserstate.core.BrowserState;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The JVM a campaign starts and kills. {@code save-loop URI USER/SESSION DIR FIRST_K OWNER}: saves tree
 * FIRST_K, FIRST_K+1, ... of {@link FaultTrees} until killed, printing {@code SAVING k} before and
 * {@code SAVED k version ms} after each save ({@code OWNER} {@code -} for a name of the manager's own; a
 * seventh argument stops after that many saves).
 * {@code race URI USER/SESSION WORKDIR NAME CYCLES}: runs {@link Racer} cycles, printing each outcome.
 */
public final class FaultWorker {
    private FaultWorker() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        String[] s = args[2].split("/", 2);
        SessionId id = SessionId.of(s[0], s[1]);
        Map<String, String> options = new HashMap<>(Map.of("leaseTtl", "1s", "gcGrace", "3s", "keepSnapshots", "3"));
        if (args[0].equals("save-loop")) {
            options.put("leaseTtl", "4s");
            if (!args[5].equals("-")) {
                options.put("leaseOwner", args[5]);
            }
            try (BrowserStateManager states = BrowserState.open(URI.create(args[1]), options)) {
                saveLoop(states, id, Path.of(args[3]), Long.parseLong(args[4]), args.length > 6 ? Long.parseLong(args[6]) : Long.MAX_VALUE,
                        out);
            }
        } else {
            options.put("keepSnapshots", "1000");
            try (BrowserStateManager states = BrowserState.open(URI.create(args[1]), options)) {
                Racer racer = new Racer(states, id, Path.of(args[3]), args[4]);
                int cycles = Integer.parseInt(args[5]);
                for (int i = 0; i < cycles; i++) {
                    out.println(racer.cycle(i).line());
                }
            }
        }
        out.println("DONE");
    }

    private static void saveLoop(BrowserStateManager states, SessionId id, Path dir, long first, long saves, PrintStream out) {
        for (long k = first; k - first < saves; k++) {
            FaultTrees.write(dir, k, FaultTrees.Size.PROFILE);
            out.println("SAVING " + k);
            while (true) {
                try {
                    long t0 = System.nanoTime();
                    SaveResult r = states.save(id, dir);
                    out.println("SAVED " + k + " " + r.version() + " " + (System.nanoTime() - t0) / 1_000_000);
                    break;
                } catch (SessionConflictException e) {
                    // the killed predecessor's lease, until its TTL passes (or at once with a stable owner): the lease
                    // lapsing is what the campaign measures, in these 50 ms retries
                    out.println("CONFLICT " + k);
                    pause();
                }
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * One writer of the racing campaign: each cycle either mounts the session, appends its line to the
     * ledger and closes (which saves), or restores, appends and saves based on the restored version. A
     * line in the ledger is acknowledged when its close or save returned.
     */
    static final class Racer {
        enum Outcome { PUBLISHED, CONFLICT_AT_MOUNT, CONFLICT_AT_SAVE, STALE_SAVE_REFUSED }

        record Result(Outcome outcome, String entry) {
            String line() {
                return outcome + " " + entry;
            }
        }

        private final BrowserStateManager states;
        private final SessionId id;
        private final Path work;
        private final String name;

        Racer(BrowserStateManager states, SessionId id, Path work, String name) {
            this.states = states;
            this.id = id;
            this.work = work;
            this.name = name;
        }

        Result cycle(int n) throws IOException {
            String entry = name + ":" + n;
            if (n % 3 == 2) {
                return restoreChangeSave(entry);
            }
            MountedSession m;
            try {
                m = states.mount(id);
            } catch (SessionConflictException e) {
                return new Result(Outcome.CONFLICT_AT_MOUNT, entry);
            }
            try {
                append(m.directory(), entry);
                m.close();
                return new Result(Outcome.PUBLISHED, entry);
            } catch (SessionConflictException e) {
                m.discard();
                return new Result(Outcome.CONFLICT_AT_SAVE, entry);
            }
        }

        private Result restoreChangeSave(String entry) throws IOException {
            Path dir = work.resolve(name + "-copy");
            FaultTrees.clear(dir);
            RestoreResult restored;
            try {
                restored = states.restore(id, dir);
            } catch (io.browserstate.api.SessionNotFoundException e) {
                restored = null;
            }
            append(dir, entry);
            try {
                states.save(id, dir, restored == null ? SaveOptions.basedOn(0) : SaveOptions.basedOn(restored));
                return new Result(Outcome.PUBLISHED, entry);
            } catch (SessionConflictException e) {
                return new Result(e.getMessage().contains("in use") ? Outcome.CONFLICT_AT_SAVE : Outcome.STALE_SAVE_REFUSED, entry);
            }
        }

        private static void append(Path dir, String entry) throws IOException {
            Path ledger = dir.resolve("Default/ledger.txt");
            Files.createDirectories(ledger.getParent());
            Files.writeString(ledger, entry + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }
}
