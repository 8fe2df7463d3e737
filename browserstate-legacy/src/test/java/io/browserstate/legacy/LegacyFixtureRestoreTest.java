package io.browserstate.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.browserstate.api.CorruptDataException;
import io.browserstate.api.SessionId;
import io.browserstate.api.SessionNotFoundException;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Every public fixture case replayed into a real redis-server and restored (FORMAT.md section 6). */
class LegacyFixtureRestoreTest {

    /** What a refusal message must mention for the known public cases (hidden cases get the generic checks). */
    private static final Map<String, String> MESSAGE_MENTIONS = Map.of(
            "p09-evil-zip-dotdot", "../escape.txt",
            "p10-evil-zip-absolute", "/tmp/abs-escape.txt",
            "p11-evil-zip-symlink-escape", "Default/ext",
            "p12-evil-not-base64", "base64",
            "p13-evil-truncated-zip", "ZIP",
            "p14-evil-seed-dotdot", "../../etc/x",
            "p15-evil-seed-corrupt-json", "JSON");

    @RegisterExtension
    static final TestKeyspace redis = new TestKeyspace();

    @TempDir
    Path temp;

    static Stream<InteropFixtures.Case> validCases() {
        return InteropFixtures.cases().stream().filter(c -> !c.mustFail());
    }

    static Stream<InteropFixtures.Case> hostileCases() {
        return InteropFixtures.cases().stream().filter(InteropFixtures.Case::mustFail);
    }

    static Stream<InteropFixtures.Case> allCases() {
        return InteropFixtures.cases().stream();
    }

    @Test
    @DisplayName("the public fixture set is found and holds valid and hostile cases")
    void fixturesWhenLocatedThenHoldBothKinds() {
        assertThat(validCases()).isNotEmpty();
        assertThat(hostileCases()).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validCases")
    @DisplayName("valid case restores exactly the expected tree")
    void restoreWhenValueIsValidThenTreeMatchesExpectedFiles(InteropFixtures.Case fixture) {
        redis.replay(fixture);
        Path target = temp.resolve("a/b/c/target");

        LegacyRestoreResult result = redis.legacy().restore(fixture.id(), target);

        Map<String, FileTree.Node> expected = fixture.expected();
        Set<String> optional = new HashSet<>(fixture.strings("optional_paths"));
        Map<String, FileTree.Node> actual = FileTree.of(target);
        Map<String, FileTree.Node> missing = new TreeMap<>(expected);
        missing.keySet().removeAll(actual.keySet());
        missing.keySet().removeAll(optional);
        Map<String, FileTree.Node> extra = new TreeMap<>(actual);
        extra.keySet().removeAll(expected.keySet());
        assertThat(missing).as("expected entries missing after restore").isEmpty();
        assertThat(extra).as("entries restored that expected-files.json does not list").isEmpty();
        for (Map.Entry<String, FileTree.Node> e : actual.entrySet()) {
            assertThat(e.getValue()).as("entry %s", e.getKey()).isEqualTo(expected.get(e.getKey()));
        }
        assertThat(result.id()).isEqualTo(fixture.id());
        assertThat(result.format()).isEqualTo(fixture.writer().equals("seed-json-v1") ? LegacyFormat.SEED_JSON_V1 : LegacyFormat.ZIP_V2);
        assertThat(result.fileCount()).isEqualTo(actual.values().stream().filter(n -> n.type().equals("file")).count());
        assertThat(FileTree.of(temp)).as("nothing but the target chain exists in the private temp dir")
                .allSatisfy((path, node) -> assertThat(path.equals("a") || path.equals("a/b") || path.equals("a/b/c")
                        || path.startsWith("a/b/c/target")).as(path).isTrue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileCases")
    @DisplayName("hostile case fails clearly and writes nothing outside the target")
    void restoreWhenValueIsHostileThenFailsAndWritesNothingOutsideTarget(InteropFixtures.Case fixture) {
        redis.replay(fixture);
        Path target = temp.resolve("a/b/c/target");
        List<JsonNode> forbidden = fixture.meta().path("forbidden_paths").findParents("absolute").stream().toList();
        for (JsonNode f : forbidden) {
            Path absolute = Path.of(f.path("absolute").asText());
            assertThat(Files.exists(absolute, LinkOption.NOFOLLOW_LINKS))
                    .as("forbidden path %s exists before the test; remove it so that the test can prove anything", absolute)
                    .isFalse();
        }

        assertThatThrownBy(() -> redis.legacy().restore(fixture.id(), target))
                .isInstanceOf(CorruptDataException.class)
                .satisfies(e -> {
                    CorruptDataException c = (CorruptDataException) e;
                    assertThat(c.sessionId()).isEqualTo(fixture.id());
                    assertThat(c.getMessage()).contains("Session " + fixture.id());
                    String mention = MESSAGE_MENTIONS.get(fixture.name());
                    if (mention != null) {
                        assertThat(c.getMessage()).contains(mention);
                    }
                });

        for (JsonNode f : fixture.meta().path("forbidden_paths")) {
            Path path = f.has("absolute") ? Path.of(f.path("absolute").asText()) : target.resolve(f.path("relative_to_target").asText());
            assertThat(Files.exists(path, LinkOption.NOFOLLOW_LINKS)).as("forbidden path %s (%s)", path, f).isFalse();
            assertThat(Files.isSymbolicLink(path)).as("forbidden path %s as a symlink", path).isFalse();
        }
        Map<String, FileTree.Node> allowed = fixture.expected();
        Map<String, FileTree.Node> left = FileTree.of(target);
        for (Map.Entry<String, FileTree.Node> e : left.entrySet()) {
            assertThat(allowed).as("entry left in the target after the failed restore").containsEntry(e.getKey(), e.getValue());
        }
        assertThat(left).as("the failed restore leaves the target untouched").isEmpty();
        assertThat(FileTree.of(temp)).as("nothing but the (empty) target chain exists in the private temp dir")
                .containsOnlyKeys("a", "a/b", "a/b/c");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validCases")
    @DisplayName("info reports the format from the value, the TTL and the metadata")
    void infoWhenReplayedThenReportsFormatTtlAndMetadata(InteropFixtures.Case fixture) {
        redis.replay(fixture);
        Map<String, InteropFixtures.Dumped> dump = fixture.dump();
        String key = fixture.meta().path("sessionKey").asText();

        LegacySessionInfo info = redis.legacy().info(fixture.id()).orElseThrow();

        assertThat(info.key()).isEqualTo(redis.key(fixture, key));
        assertThat(info.format()).isEqualTo(fixture.writer().equals("seed-json-v1") ? LegacyFormat.SEED_JSON_V1 : LegacyFormat.ZIP_V2);
        assertThat(info.valueBytes()).isEqualTo(dump.get(key).value().getBytes(StandardCharsets.UTF_8).length);
        long ttl = dump.get(key).ttlMs();
        if (ttl > 0) {
            assertThat(info.expiresIn()).hasValueSatisfying(d -> assertThat(d).isPositive().isLessThanOrEqualTo(Duration.ofMillis(ttl)));
        } else {
            assertThat(info.expiresIn()).isEmpty();
        }
        boolean metadataPresent = fixture.meta().path("metadata_present").asBoolean();
        assertThat(info.metadata().isPresent()).isEqualTo(metadataPresent);
        if (metadataPresent) {
            assertThat(info.metadataJson()).isEqualTo(dump.get(fixture.meta().path("metadataKey").asText()).value());
            assertThat(info.timestamp()).isNotNull();
            if (fixture.meta().path("generated_by").asText().startsWith("original")) {
                assertThat(info.writer()).isEqualTo(fixture.writer());
            }
        }
    }

    @Test
    @DisplayName("listing finds every replayed session by SCAN, without metadata keys or foreign keys")
    void listWhenAllCasesReplayedThenFindsEverySessionOnce() {
        List<InteropFixtures.Case> cases = InteropFixtures.cases();
        cases.forEach(redis::replay);
        String prefix = redis.prefix();
        redis.sync().hset(prefix + ":alice:index", "x", "1".getBytes(StandardCharsets.UTF_8));
        redis.sync().set(prefix + ":alice:s1:head:extra", new byte[] {1});
        redis.sync().set(prefix + "-other:alice:s2", new byte[] {1});
        // the native Redis provider's layout under the same prefix is not mistaken for legacy sessions
        redis.sync().set(prefix + ":{alice:s1}:lease", new byte[] {1});
        redis.sync().set(prefix + ":{alice:s1}:blob:" + "ab".repeat(32), new byte[] {1});
        redis.sync().zadd(prefix + ":user:{alice}:sessions", 0, "s1".getBytes(StandardCharsets.UTF_8));
        redis.sync().zadd(prefix + ":user:{alice}:chunks", 1, ("cd".repeat(32)).getBytes(StandardCharsets.UTF_8));
        redis.sync().set(prefix + ":user:{alice}:c:" + "cd".repeat(32), new byte[] {1});

        Set<SessionId> all = new HashSet<>();
        cases.stream().filter(c -> c.keyPrefix().equals(LegacyOptions.DEFAULT_KEY_PREFIX)).forEach(c -> all.add(c.id()));

        assertThatThrownBy(() -> redis.sync().keys("*")).as("this server refuses KEYS, so listing must use SCAN")
                .hasMessageContaining("unknown command");
        assertThat(redis.legacy().listAll()).containsExactlyInAnyOrderElementsOf(all).isSorted();
        assertThat(redis.legacy().list("alice")).containsExactlyInAnyOrderElementsOf(
                all.stream().filter(id -> id.userId().equals("alice")).toList());
        assertThat(redis.legacy().list("nobody")).isEmpty();
    }

    @Test
    @DisplayName("a non-default logical prefix, given with or without the trailing colon, builds and lists prefix:user:session keys")
    void listWhenPrefixIsCustomThenOnlyThoseKeysAreSessions() {
        InteropFixtures.Case p = validCases().filter(c -> c.writer().equals("ts-zip-v2")).findFirst().orElseThrow();
        String value = p.dump().get(p.meta().path("sessionKey").asText()).value();
        String custom = redis.prefix() + "-myapp";
        redis.sync().set(custom + ":dave:work", value.getBytes(StandardCharsets.UTF_8));
        redis.sync().set(redis.key(SessionId.of("dave", "other")), value.getBytes(StandardCharsets.UTF_8));

        for (String spelling : List.of(custom, custom + ":")) {
            LegacySessions sessions = redis.legacy(LegacyOptions.builder().keyPrefix(spelling));
            assertThat(sessions.listAll()).as(spelling).containsExactly(SessionId.of("dave", "work"));
            assertThat(sessions.info(SessionId.of("dave", "work"))).hasValueSatisfying(i -> assertThat(i.key()).isEqualTo(custom + ":dave:work"));
            LegacyRestoreResult restored = sessions.restore(SessionId.of("dave", "work"), temp.resolve("custom-" + spelling.length()));
            assertThat(restored.fileCount()).isPositive();
        }
    }

    @Test
    @DisplayName("a missing key or an empty value is SessionNotFoundException, never an empty profile")
    void restoreWhenKeyMissingOrEmptyThenSessionNotFound() {
        redis.sync().set(redis.key(SessionId.of("erin", "empty")), new byte[0]);
        Path target = temp.resolve("t");

        assertThatThrownBy(() -> redis.legacy().restore(SessionId.of("erin", "missing"), target)).isInstanceOf(SessionNotFoundException.class);
        assertThatThrownBy(() -> redis.legacy().restore(SessionId.of("erin", "empty"), target)).isInstanceOf(SessionNotFoundException.class);
        assertThat(redis.legacy().info(SessionId.of("erin", "missing"))).isEmpty();
        assertThat(target).doesNotExist();
    }

    @Test
    @DisplayName("a value longer than any value within the configured limits is refused by its length, before it is downloaded")
    void restoreWhenValueLongerThanLimitsAllowThenRefusedWithoutDownloading() {
        SessionId id = SessionId.of("erin", "too-long");
        redis.sync().set(redis.key(id), "A".repeat(100_000).getBytes(StandardCharsets.US_ASCII));
        // 16 KiB of files in at most 10 entries: no value of such a profile comes near 100 000 bytes
        LegacySessions limited = redis.legacy(redis.options().maxRestoreBytes(16 * 1024).maxRestoreEntries(10));
        Path target = temp.resolve("t");
        long getsBefore = getCommandsServed();

        assertThatThrownBy(() -> limited.restore(id, target))
                .isInstanceOfSatisfying(CorruptDataException.class, e -> {
                    assertThat(e.sessionId()).isEqualTo(id);
                    assertThat(e.getMessage()).startsWith("Session " + id).contains("100000 bytes").contains("maxRestoreBytes=16384");
                });

        assertThat(getCommandsServed()).as("GET commands the server answered").isEqualTo(getsBefore);
        assertThat(target).doesNotExist();
        assertThatThrownBy(() -> redis.legacy().restore(id, target)).as("the default limits download it and refuse its content instead")
                .isInstanceOf(CorruptDataException.class).hasMessageNotContaining("100000 bytes");
    }

    /** {@code cmdstat_get} calls from {@code INFO commandstats}. */
    private static long getCommandsServed() {
        return redis.sync().info("commandstats").lines().filter(l -> l.startsWith("cmdstat_get:")).findFirst()
                .map(l -> Long.parseLong(l.replaceFirst("^cmdstat_get:calls=(\\d+),.*$", "$1").strip()))
                .orElse(0L);
    }

    @Test
    @DisplayName("a restore into a non-empty directory is refused and the directory is left alone")
    void restoreWhenTargetNotEmptyThenRefusedAndUntouched() throws Exception {
        InteropFixtures.Case p = validCases().findFirst().orElseThrow();
        redis.replay(p);
        Path target = temp.resolve("busy");
        Files.createDirectories(target);
        Files.writeString(target.resolve("keep.txt"), "mine");

        assertThatThrownBy(() -> redis.legacy().restore(p.id(), target)).hasMessageContaining("not empty");
        assertThat(FileTree.of(target)).containsOnlyKeys("keep.txt");
    }
}
