package io.browserstate.core.internal;

import io.browserstate.api.BrowserStateException;
import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.BrowserStateOptions;
import io.browserstate.api.SessionId;
import io.browserstate.api.SnapshotInfo;
import io.browserstate.core.BrowserState;
import io.browserstate.core.memory.MemoryStorageProvider;
import io.browserstate.spi.Blob;
import io.browserstate.spi.BlobSpace;
import io.browserstate.spi.Head;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Run in a JVM with a 128 MB heap by {@link HostileManifestMemoryTest}: plants hostile manifests in a
 * memory store (each published as a real head with a record, so that only the manifest is wrong), tries
 * to restore each and prints {@code CASE name: ExceptionType: message}, then restores a genuine snapshot
 * of 10,000 files within the same limits and prints {@code GENUINE files}. Any {@code OutOfMemoryError}
 * ends the JVM with its own message and a non-zero status.
 */
public final class HostileManifests {
    private static final int PART = ManifestStore.MANIFEST_PART_BYTES;

    private final StorePlanter planter;
    private final String user;

    private HostileManifests(MemoryStorageProvider provider, BrowserStateOptions options, String user) {
        this.planter = new StorePlanter(provider, options, user);
        this.user = user;
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Path work = Path.of(args[0]);
        BrowserStateOptions options = BrowserStateOptions.builder().workDirectory(work.resolve("mounts")).maxRestoreFiles(100_000)
                .maxRestoreBytes(1L << 30).build();
        MemoryStorageProvider provider = MemoryStorageProvider.open("hostile-" + ProcessHandle.current().pid());
        HostileManifests h = new HostileManifests(provider, options, "hostile");
        try (BrowserStateManager states = BrowserState.create(provider, options)) {
            h.run(states, work, out, "1.1 million entries", session -> h.parts(session, 1_100_000, i -> "{\"path\":\"d" + i + "\",\"type\":\"dir\"}"));
            h.run(states, work, out, "255 MB of whitespace in parts", session -> h.whitespace(session, 255L << 20));
            h.run(states, work, out, "300 MB of whitespace in parts", session -> h.whitespace(session, 300L << 20));
            h.run(states, work, out, "one 255 MB manifest blob", session -> h.single(session, 255 << 20));
            h.run(states, work, out, "one part named 10,000 times", session -> h.repeatedPart(session, 10_000));
            h.run(states, work, out, "one file with 500,000 chunks", session -> h.parts(session, 1, i -> null));
            h.run(states, work, out, "nesting 100,000 deep", session -> h.nested(session, 100_000));
            h.run(states, work, out, "an 8 MB path", session -> h.longPath(session, 8 << 20));
            h.run(states, work, out, "a chunk claiming 1.5 GB", session -> h.bomb(session));
            Path tree = work.resolve("genuine");
            for (int i = 0; i < 10_000; i++) {
                Path f = tree.resolve("Default/IndexedDB/" + (i % 100) + "/" + i + ".ldb");
                Files.createDirectories(f.getParent());
                Files.writeString(f, "value " + i);
            }
            SessionId genuine = SessionId.of(h.user, "genuine");
            states.save(genuine, tree);
            Path restored = work.resolve("genuine-restored");
            out.println("GENUINE " + states.restore(genuine, restored).fileCount());
        }
        out.println("DONE");
    }

    private interface Planter {
        String plant(SessionId session) throws IOException;
    }

    private void run(BrowserStateManager states, Path work, PrintStream out, String name, Planter planter) throws IOException {
        SessionId session = SessionId.of(user, "case-" + Integer.toHexString(name.hashCode()));
        String manifestId = planter.plant(session);
        this.planter.publish(session, manifestId);
        Path target = work.resolve("target-" + session.sessionId());
        try {
            states.restore(session, target);
            out.println("CASE " + name + ": restored without an error");
        } catch (BrowserStateException e) {
            out.println("CASE " + name + ": " + e.getClass().getSimpleName() + ": " + e.getMessage().replace('\n', ' '));
        }
        out.println("TARGET " + name + ": " + (Files.exists(target) ? "exists" : "untouched"));
        System.gc();
    }

    private String put(byte[] plain) {
        return planter.put(plain);
    }

    private String pointer(List<String> parts) {
        StringBuilder json = new StringBuilder("{\"format\":1,\"createdAt\":\"2026-12-02T00:00:00Z\",\"compression\":\"zstd\","
                + "\"encryption\":\"none\",\"entries\":[],\"parts\":[");
        for (int i = 0; i < parts.size(); i++) {
            json.append(i == 0 ? "" : ",").append('"').append(parts.get(i)).append('"');
        }
        return put(json.append("]}").toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** A manifest in parts holding {@code count} entries, or with {@code entry} null one file with 500,000 chunks. */
    private String parts(SessionId session, int count, java.util.function.IntFunction<String> entry) {
        List<String> parts = new ArrayList<>();
        StringBuilder json = new StringBuilder("{\"format\":1,\"createdAt\":\"2026-12-02T00:00:00Z\",\"compression\":\"zstd\",\"encryption\":\"none\",\"entries\":[");
        Consumer<Boolean> flush = all -> {
            if (all || json.length() >= PART) {
                byte[] b = json.toString().getBytes(StandardCharsets.US_ASCII);
                int n = all ? b.length : PART;
                parts.add(put(java.util.Arrays.copyOf(b, n)));
                String rest = new String(b, n, b.length - n, StandardCharsets.US_ASCII);
                json.setLength(0);
                json.append(rest);
            }
        };
        if (entry.apply(0) == null) {
            json.append("{\"path\":\"big\",\"type\":\"file\",\"size\":1,\"chunkSize\":4096,\"chunks\":[");
            String zeros = "0".repeat(48);
            for (int i = 0; i < 500_000; i++) {
                json.append(i == 0 ? "" : ",").append('"').append(zeros).append(String.format("%016x", i)).append('"');
                flush.accept(false);
            }
            json.append("]}");
        } else {
            for (int i = 0; i < count; i++) {
                json.append(i == 0 ? "" : ",").append(entry.apply(i));
                flush.accept(false);
            }
        }
        json.append("]}");
        while (json.length() > PART) {
            flush.accept(false);
        }
        flush.accept(true);
        return pointer(parts);
    }

    private String whitespace(SessionId session, long bytes) {
        byte[] spaces = new byte[PART];
        java.util.Arrays.fill(spaces, (byte) ' ');
        String part = put(spaces);
        List<String> ids = new ArrayList<>();
        // distinct parts (a repeated one is refused on its own): each differs in its last byte
        for (long done = 0; done < bytes; done += PART) {
            byte[] b = spaces.clone();
            b[PART - 1] = (byte) ('\t' + (ids.size() % 2));
            b[PART - 2] = (byte) (ids.size() % 3 == 0 ? '\n' : ' ');
            b[PART - 3] = (byte) (ids.size() % 5 == 0 ? '\r' : ' ');
            b[PART - 4] = (byte) (ids.size() % 7 == 0 ? '\n' : ' ');
            b[0] = (byte) (ids.size() % 11 == 0 ? '\t' : ' ');
            b[1] = (byte) (ids.size() % 13 == 0 ? '\t' : ' ');
            ids.add(ids.isEmpty() ? part : put(b));
        }
        return pointer(new ArrayList<>(new java.util.LinkedHashSet<>(ids)));
    }

    /** A manifest blob whose header claims {@code bytes}: the reader must refuse it before it allocates them. */
    private String single(SessionId session, int bytes) {
        String id = String.format("%064x", 11);
        planter.putRaw(id, StorePlanter.claiming(bytes));
        return id;
    }


    private String repeatedPart(SessionId session, int times) {
        String part = put("{\"format\":1,\"entries\":[".getBytes(StandardCharsets.US_ASCII));
        return pointer(Collections.nCopies(times, part));
    }

    private String nested(SessionId session, int depth) {
        StringBuilder json = new StringBuilder("{\"format\":1,\"entries\":[{\"path\":\"x\",\"type\":\"dir\",\"extra\":");
        json.append("[".repeat(depth)).append("]".repeat(depth)).append("}]}");
        return put(json.toString().getBytes(StandardCharsets.US_ASCII));
    }

    private String longPath(SessionId session, int length) {
        StringBuilder json = new StringBuilder(length + 64).append("{\"format\":1,\"entries\":[{\"path\":\"");
        json.append("a".repeat(length)).append("\",\"type\":\"dir\"}]}");
        byte[] b = json.toString().getBytes(StandardCharsets.US_ASCII);
        json.setLength(0);
        List<String> parts = new ArrayList<>();
        for (int off = 0; off < b.length; off += PART) {
            parts.add(put(java.util.Arrays.copyOfRange(b, off, Math.min(b.length, off + PART))));
        }
        return pointer(parts);
    }

    private String bomb(SessionId session) {
        // a 16-byte file whose one chunk claims 1.5 GB once decompressed
        String chunk = String.format("%064x", 7);
        planter.putRaw(chunk, StorePlanter.claiming(1536 << 20));
        String json = "{\"format\":1,\"entries\":[{\"path\":\"f\",\"type\":\"file\",\"size\":16,\"chunkSize\":4096,\"chunks\":[\""
                + chunk + "\"]}]}";
        return put(json.getBytes(StandardCharsets.US_ASCII));
    }
}
