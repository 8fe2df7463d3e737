package io.browserstate.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.SessionId;
import io.browserstate.core.BrowserState;
import io.browserstate.redis.junit.RedisExtension;
import io.browserstate.redis.junit.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The README's Quickstart is this module's {@link Quickstart}, word for word, and it runs. */
@ExtendWith(RedisExtension.class)
class QuickstartTest {
    private static final String MARKER = "<!-- compiled and run by the build: browserstate-examples/src/main/java/io/browserstate/examples/Quickstart.java -->";

    @Test
    @DisplayName("the README's Quickstart block is Quickstart.java without its package line")
    void readmeShowsTheCompiledQuickstart() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        String readme = Files.readString(root.resolve("README.md"));
        int marker = readme.indexOf(MARKER);
        assertThat(marker).as("README.md holds the Quickstart marker").isPositive();
        int start = readme.indexOf("```java\n", marker) + "```java\n".length();
        String shown = readme.substring(start, readme.indexOf("```", start));
        String source = Files.readString(root.resolve("browserstate-examples/src/main/java/io/browserstate/examples/Quickstart.java"));
        String expected = source.substring(source.indexOf("import "));
        assertThat(shown).isEqualTo(expected);
    }

    @Test
    @DisplayName("the Quickstart runs against a real Redis: a mount saves version 1, the delta save version 2")
    void quickstartRuns(RedisServer redis, @TempDir Path temp) throws Exception {
        String uri = redis.uri() + "?keyPrefix=quickstart-" + UUID.randomUUID().toString().substring(0, 8);
        Quickstart.main(new String[] {uri, temp.toString()});
        assertThat(temp.resolve("alice-profile/Default/Bookmarks")).exists();
        try (BrowserStateManager states = BrowserState.open(uri)) {
            SessionId id = SessionId.of("alice", "checkout");
            assertThat(states.history(id, null, 10).items()).hasSize(2);
            states.restore(id, temp.resolve("again"));
        }
        assertThat(temp.resolve("again/Default/Preferences")).hasContent("{\"logged_in\":true}");
        assertThat(temp.resolve("again/Default/Bookmarks")).hasContent("{}");
    }
}
