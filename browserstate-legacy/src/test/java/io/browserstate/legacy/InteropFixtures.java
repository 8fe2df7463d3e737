package io.browserstate.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.browserstate.api.SessionId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The golden fixtures of {@code shared/interop/public}: found through {@code BROWSERSTATE_INTEROP_DIR}, else
 * in a {@code shared/} found by walking up from the module directory (CI puts one beside the clone), else
 * in this module's copy under {@code src/test/fixtures} (for a plain clone); a missing set fails loudly.
 */
final class InteropFixtures {

    static final String ENV = "BROWSERSTATE_INTEROP_DIR";
    private static final ObjectMapper JSON = new ObjectMapper();

    private InteropFixtures() {
    }

    /** The {@code public} fixture directory (the one holding {@code index.json}). */
    static Path directory() {
        List<Path> tried = new ArrayList<>();
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            Path dir = Path.of(env).toAbsolutePath();
            for (Path candidate : List.of(dir, dir.resolve("public"), dir.resolve("interop/public"))) {
                tried.add(candidate);
                if (Files.isRegularFile(candidate.resolve("index.json"))) {
                    return candidate;
                }
            }
            throw new IllegalStateException(ENV + "=" + env + " holds no index.json (looked in " + tried + ")");
        }
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/interop/public");
            tried.add(candidate);
            if (Files.isRegularFile(candidate.resolve("index.json"))) {
                return candidate;
            }
        }
        // the copy kept in this module, for a clone without shared/ beside it
        Path vendored = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = vendored; p != null; p = p.getParent()) {
            for (Path candidate : List.of(p.resolve("src/test/fixtures/interop/public"), p.resolve("browserstate-legacy/src/test/fixtures/interop/public"))) {
                tried.add(candidate);
                if (Files.isRegularFile(candidate.resolve("index.json"))) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("The interop fixtures (shared/interop/public/index.json) were not found. Put a copy of "
                + "shared/ beside the repository clone or set " + ENV + " to its interop/public directory. Looked in: " + tried);
    }

    /** One case of {@code index.json}, with its {@code case.json}. */
    record Case(String name, Path dir, JsonNode meta) {

        boolean mustFail() {
            return meta.path("must_fail").asBoolean();
        }

        boolean browser() {
            return meta.has("browser") && meta.get("browser").isObject();
        }

        String writer() {
            return meta.path("writer").asText();
        }

        SessionId id() {
            return SessionId.of(meta.path("userId").asText(), meta.path("sessionId").asText());
        }

        String keyPrefix() {
            return meta.path("keyPrefix").asText();
        }

        List<String> strings(String field) {
            List<String> out = new ArrayList<>();
            meta.path(field).forEach(n -> out.add(n.asText()));
            return out;
        }

        /** The {@code redis-dump.json} keys: key to (value, ttl ms). */
        Map<String, Dumped> dump() {
            JsonNode keys = read(dir.resolve("redis-dump.json")).path("keys");
            Map<String, Dumped> out = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : keys.properties()) {
                out.put(e.getKey(), new Dumped(e.getValue().path("value").asText(), e.getValue().path("ttl_ms").asLong(-1)));
            }
            return out;
        }

        /** {@code expected-files.json} as a tree. */
        Map<String, FileTree.Node> expected() {
            Map<String, FileTree.Node> out = new java.util.TreeMap<>();
            for (JsonNode n : read(dir.resolve("expected-files.json"))) {
                out.put(n.path("path").asText(), new FileTree.Node(n.path("type").asText(), n.path("size").asLong(),
                        n.path("sha256").isNull() ? null : n.path("sha256").asText(),
                        n.path("target").isNull() ? null : n.path("target").asText()));
            }
            return out;
        }

        @Override
        public String toString() {
            return name + " [" + writer() + (mustFail() ? ", hostile" : "") + "]: " + meta.path("description").asText();
        }
    }

    /** One dumped key. */
    record Dumped(String value, long ttlMs) {
    }

    static List<Case> cases() {
        Path dir = directory();
        List<Case> cases = new ArrayList<>();
        for (JsonNode c : read(dir.resolve("index.json")).path("cases")) {
            String name = c.path("case").asText();
            cases.add(new Case(name, dir.resolve(name), read(dir.resolve(name).resolve("case.json"))));
        }
        if (cases.isEmpty()) {
            throw new IllegalStateException("index.json in " + dir + " lists no cases");
        }
        return cases;
    }

    static JsonNode read(Path file) {
        try {
            return JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture file " + file, e);
        }
    }
}
