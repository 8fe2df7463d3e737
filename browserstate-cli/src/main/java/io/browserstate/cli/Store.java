package io.browserstate.cli;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.InvalidConfigurationException;
import io.browserstate.api.SessionId;
import io.browserstate.core.BrowserState;
import io.browserstate.core.BrowserStateConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Where the store is, configured exactly like the library; and how to print. Mixed into every command. */
final class Store {
    @Option(names = "--uri", paramLabel = "URI", description = "storage URI (default: $BROWSERSTATE_URI), e.g. redis://localhost:6379/0")
    @Nullable String uri;

    @Option(names = {"-o", "--option"}, paramLabel = "KEY=VALUE", description = "an engine or provider option (repeatable), e.g. redis.ttl=7d")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--config", paramLabel = "FILE", description = "a properties file with storage.uri and storage.* options")
    @Nullable Path config;

    @Option(names = "--json", description = "print JSON for scripts instead of tables")
    boolean json;

    BrowserStateConfig config() {
        BrowserStateConfig c;
        if (config != null) {
            c = BrowserStateConfig.fromProperties(config);
        } else if (uri != null) {
            c = BrowserStateConfig.of(uri);
        } else if (System.getenv(BrowserStateConfig.ENV_URI) != null) {
            c = BrowserStateConfig.fromEnvironment();
        } else {
            throw new InvalidConfigurationException("No store named: give --uri URI (e.g. redis://localhost:6379/0), --config FILE, or set "
                    + BrowserStateConfig.ENV_URI);
        }
        if (uri != null && config != null) {
            c = new BrowserStateConfig(URI.create(uri), c.options());
        }
        for (Map.Entry<String, String> e : options.entrySet()) {
            c = c.withOption(e.getKey(), e.getValue());
        }
        return c;
    }

    BrowserStateManager open() {
        return BrowserState.open(config());
    }

    Output out() {
        return new Output(json);
    }

    /** {@code user/session} as a session id. */
    static SessionId session(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not USER/SESSION (e.g. alice/checkout)");
        }
        return SessionId.of(text.substring(0, slash), text.substring(slash + 1));
    }
}
