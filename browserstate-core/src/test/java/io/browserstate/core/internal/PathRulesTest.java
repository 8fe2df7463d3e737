package io.browserstate.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.browserstate.api.BrowserStateOptions;
import io.browserstate.core.tree.LinkResolver;
import io.browserstate.core.tree.TreeNames;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathRulesTest {

    @ParameterizedTest(name = "''{0}'' is refused: {1}")
    @CsvSource(delimiter = '|', value = {
        "../x|'..' segment", "a/../../b|'..' segment", "/etc/passwd|absolute name", "C:/x|drive prefix", "C:drive|drive prefix",
        "a//b|empty segment", "a/./b|'.' segment", "a\\b|backslash", "''|empty name"})
    void unsafePathsAreRefused(String path, String reason) {
        assertThat(TreeNames.problem(path)).contains(reason);
    }

    @Test
    void ordinaryProfilePathsAreAccepted() {
        assertThat(TreeNames.problem("Default/Local Storage/leveldb/000003.log")).isNull();
        assertThat(TreeNames.problem("Default/Ünïcödé 名前 🍪.txt")).isNull();
        assertThat(TreeNames.problem("Default/C:not-a-drive")).isNull();
    }

    @Test
    void segmentsAreLimitedInBytesNotCharacters() {
        assertThat(TreeNames.problem("d/" + "é".repeat(127))).isNull();
        assertThat(TreeNames.problem("d/" + "é".repeat(128))).contains("255 bytes");
        assertThat(TreeNames.problem("x".repeat(255))).isNull();
        assertThat(TreeNames.problem("x".repeat(256))).contains("255 bytes");
    }

    @Test
    void symlinkTargetsMustStayInsideTheTree() {
        LinkResolver alone = new LinkResolver(Map.of());
        assertThat(alone.problem("links/readme", "../docs/readme.txt")).isNull();
        assertThat(alone.problem("a/b/link", "../../c")).isNull();
        assertThat(alone.problem("a/link", "../../c")).contains("leaves the tree");
        assertThat(alone.problem("link", "/etc/hostname")).contains("absolute");
        assertThat(alone.problem("link", "")).contains("empty");
    }

    @Test
    void chainsOfLinksAreResolvedAsTheKernelDoes() {
        Map<String, String> first = Map.of("m", ".", "x/y/l", "../../m/..");
        assertThat(new LinkResolver(first).problem("m", ".")).isNull();
        assertThat(new LinkResolver(first).problem("x/y/l", "../../m/..")).contains("leaves the tree");
        Map<String, String> second = Map.of("Default/x/root", "../..", "Default/Cookies", "x/root/../../outside/c");
        assertThat(new LinkResolver(second).problem("Default/x/root", "../..")).isNull();
        assertThat(new LinkResolver(second).problem("Default/Cookies", "x/root/../../outside/c")).contains("leaves the tree");
        Map<String, String> loop = Map.of("a", "b", "b", "a");
        assertThat(new LinkResolver(loop).problem("a", "b")).contains("cycle");
    }

    @Test
    void defaultPolicyExcludesCachesAndSingletonFilesButKeepsProfileData() {
        ExcludePolicy p = ExcludePolicy.of(BrowserStateOptions.defaults());
        for (String excluded : List.of("SingletonLock", "Default/Cache", "Default/Cache/Cache_Data/data_0", "Default/Code Cache/js/x",
                "GPUCache", "ShaderCache/x", "Crashpad/reports", "component_crx_cache")) {
            assertThat(p.excludes(excluded)).as(excluded).isTrue();
        }
        for (String kept : List.of("Default/Cookies", "Default/Local Storage/leveldb/CURRENT", "Default/IndexedDB/x/000005.ldb",
                "Local State", "Default/Service Worker/Database/CURRENT", "Default/CacheStorage-notacache")) {
            assertThat(p.excludes(kept)).as(kept).isFalse();
        }
    }

    @Test
    void userGlobsAddToTheDefaults() {
        ExcludePolicy p = ExcludePolicy.of(BrowserStateOptions.builder().defaultExcludes(false).excludes(List.of("**/*.tmp", "Default/History*")).build());
        assertThat(p.excludes("a/b/c.tmp")).isTrue();
        assertThat(p.excludes("Default/History-journal")).isTrue();
        assertThat(p.excludes("Default/Cache/x")).isFalse();
        assertThat(p.excludes("SingletonCookie")).isTrue();
    }
}
