package io.browserstate.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.browserstate.api.BrowserStateOptions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathRulesTest {

    @ParameterizedTest(name = "''{0}'' is refused: {1}")
    @CsvSource(delimiter = '|', value = {
        "../x|'..' segment", "a/../../b|'..' segment", "/etc/passwd|absolute path", "C:/x|drive prefix",
        "a//b|empty segment", "a/./b|'.' segment", "a\\b|backslash", "''|empty path"})
    void unsafePathsAreRefused(String path, String reason) {
        assertThat(SafePaths.problem(path)).contains(reason);
    }

    @Test
    void ordinaryProfilePathsAreAccepted() {
        assertThat(SafePaths.problem("Default/Local Storage/leveldb/000003.log")).isNull();
        assertThat(SafePaths.problem("Default/Ünïcödé 名前 🍪.txt")).isNull();
    }

    @Test
    void symlinkTargetsMustStayInsideTheTree() {
        assertThat(SafePaths.linkStaysInside("links/readme", "../docs/readme.txt")).isTrue();
        assertThat(SafePaths.linkStaysInside("a/b/link", "../../c")).isTrue();
        assertThat(SafePaths.linkStaysInside("a/link", "../../c")).isFalse();
        assertThat(SafePaths.linkStaysInside("link", "/etc/hostname")).isFalse();
        assertThat(SafePaths.linkStaysInside("link", "")).isFalse();
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
