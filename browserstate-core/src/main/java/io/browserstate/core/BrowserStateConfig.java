package io.browserstate.core;

import io.browserstate.api.InvalidConfigurationException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Where sessions are stored and how: one storage URI plus options. The same program switches backend
 * by changing this alone. Options named like engine options (see {@link io.browserstate.api.BrowserStateOptions})
 * configure the engine; all others go to the provider, which refuses those it does not know.
 *
 * @param storageUri e.g. {@code redis://localhost:6379/0?ttl=7d} or {@code file:///var/lib/browserstate}
 * @param options further options; they win over the URI's query
 * @since 0.1
 */
public record BrowserStateConfig(URI storageUri, Map<String, String> options) {

    /** Environment variable holding the storage URI. */
    public static final String ENV_URI = "BROWSERSTATE_URI";
    /** Environment variable holding further options as {@code k=v&k=v}. */
    public static final String ENV_OPTIONS = "BROWSERSTATE_OPTIONS";

    /**
     * A configuration; {@code options} is copied.
     *
     * @param storageUri e.g. {@code redis://localhost:6379/0?ttl=7d} or {@code file:///var/lib/browserstate}; not {@code null}
     * @param options further options; they win over the URI's query
     */
    public BrowserStateConfig {
        Objects.requireNonNull(storageUri, "storageUri");
        options = Map.copyOf(options);
    }

    /**
     * A configuration from a URI string, with no further options.
     *
     * @param storageUri the storage URI, e.g. {@code redis://localhost:6379/0?ttl=7d}
     * @return the configuration
     * @throws InvalidConfigurationException when {@code storageUri} is not a valid URI
     */
    public static BrowserStateConfig of(String storageUri) {
        return new BrowserStateConfig(parse(storageUri, "storage URI"), Map.of());
    }

    /**
     * This configuration with one more option; this one is not changed.
     *
     * @param key the option's name
     * @param value the option's value; it replaces any earlier value of {@code key}
     * @return a new configuration with the option added
     */
    public BrowserStateConfig withOption(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(options);
        m.put(key, value);
        return new BrowserStateConfig(storageUri, m);
    }

    /**
     * From {@value #ENV_URI} and {@value #ENV_OPTIONS} of this process's environment.
     *
     * @return the configuration
     * @throws InvalidConfigurationException when {@value #ENV_URI} is missing or invalid, or {@value #ENV_OPTIONS} is malformed
     */
    public static BrowserStateConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * From {@value #ENV_URI} and {@value #ENV_OPTIONS} of the given environment.
     *
     * @param env environment variables by name
     * @return the configuration
     * @throws InvalidConfigurationException when {@value #ENV_URI} is missing or invalid, or {@value #ENV_OPTIONS} is malformed
     */
    public static BrowserStateConfig fromEnvironment(Map<String, String> env) {
        String uri = env.get(ENV_URI);
        if (uri == null || uri.isBlank()) {
            throw new InvalidConfigurationException(ENV_URI + " is not set; set it to a storage URI such as redis://localhost:6379/0 or file:///var/lib/browserstate");
        }
        Map<String, String> options = new LinkedHashMap<>();
        String raw = env.get(ENV_OPTIONS);
        if (raw != null && !raw.isBlank()) {
            for (String part : raw.split("&")) {
                if (part.isBlank()) {
                    continue;
                }
                int eq = part.indexOf('=');
                if (eq <= 0) {
                    throw new InvalidConfigurationException(ENV_OPTIONS + " entry '" + part + "' is not key=value");
                }
                options.put(URLDecoder.decode(part.substring(0, eq).trim(), StandardCharsets.UTF_8),
                        URLDecoder.decode(part.substring(eq + 1).trim(), StandardCharsets.UTF_8));
            }
        }
        return new BrowserStateConfig(parse(uri.trim(), ENV_URI), options);
    }

    /**
     * From a properties file: {@code storage.uri} and {@code storage.<option>} keys.
     *
     * @param file the properties file, read as UTF-8
     * @return the configuration
     * @throws InvalidConfigurationException when the file has no valid {@code storage.uri}
     * @throws UncheckedIOException when the file cannot be read
     */
    public static BrowserStateConfig fromProperties(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read configuration file " + file, e);
        }
        String uri = p.getProperty("storage.uri");
        if (uri == null || uri.isBlank()) {
            throw new InvalidConfigurationException("Configuration file " + file + " has no storage.uri");
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (String name : p.stringPropertyNames()) {
            if (name.startsWith("storage.") && !name.equals("storage.uri")) {
                options.put(name.substring("storage.".length()), p.getProperty(name).trim());
            }
        }
        return new BrowserStateConfig(parse(uri.trim(), "storage.uri in " + file), options);
    }

    private static URI parse(String uri, String what) {
        try {
            return new URI(uri);
        } catch (URISyntaxException e) {
            throw new InvalidConfigurationException(what + " is not a valid URI: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "BrowserStateConfig[" + StorageProviders.redact(storageUri) + ", options=" + options.keySet() + "]";
    }
}
