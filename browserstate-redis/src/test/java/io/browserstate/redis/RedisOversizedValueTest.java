package io.browserstate.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.CorruptDataException;
import io.browserstate.api.SessionId;
import io.browserstate.core.BrowserState;
import io.browserstate.redis.junit.RedisExtension;
import io.browserstate.redis.junit.RedisServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chunk's value grown to 400 MB in Redis (by something that is not BrowserState) is refused after
 * reading at most 8 MiB + 1 of it, with {@code CorruptDataException} naming the key; the target stays
 * untouched. Reading it whole (as {@code GET} did) exhausted the direct memory of a small JVM first.
 */
@ExtendWith(RedisExtension.class)
class RedisOversizedValueTest {

    @Test
    @DisplayName("a 400 MB value under a chunk's key: CorruptDataException without reading it whole, target untouched")
    void oversizedValueIsRefused(RedisServer redis, @TempDir Path temp) throws Exception {
        SessionId id = SessionId.of("oversized", "profile");
        byte[] content = "{\"oversized\":true}".getBytes(StandardCharsets.UTF_8);
        String chunk = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        try (BrowserStateManager states = BrowserState.open(redis.uri(), Map.of("workDirectory", temp.toString()))) {
            Path profile = Files.createDirectories(temp.resolve("profile"));
            Files.write(profile.resolve("Preferences"), content);
            states.save(id, profile);
            List<String> keys = redis.cli("--scan", "--pattern", "browserstate:*" + chunk).lines().filter(k -> !k.isBlank()).toList();
            assertThat(keys).as("the chunk's key").hasSize(1);
            redis.cli("SETRANGE", keys.get(0), Long.toString(400L * 1024 * 1024 - 1), "x");
            assertThat(redis.cli("STRLEN", keys.get(0)).trim()).isEqualTo(Long.toString(400L * 1024 * 1024));
            Path target = temp.resolve("target");
            assertThatThrownBy(() -> states.restore(id, target))
                    .isInstanceOf(CorruptDataException.class)
                    .hasMessageContaining(keys.get(0))
                    .hasMessageContaining("holds more than 8388608 bytes");
            assertThat(target).doesNotExist();
        } finally {
            redis.deleteKeys("browserstate:*");
        }
    }
}
