package io.browserstate.core;

import io.browserstate.api.InvalidConfigurationException;
import io.browserstate.core.internal.Discovery;
import io.browserstate.core.internal.OptionValues;
import io.browserstate.core.internal.Suggestions;
import io.browserstate.spi.Redaction;
import io.browserstate.spi.StorageProvider;
import io.browserstate.spi.StorageProviderFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds storage providers through {@code ServiceLoader} by URI scheme. An unknown scheme fails with the
 * list of registered ones; two factories claiming one scheme fail naming both; a broken registration
 * is reported. Nothing is cached between calls.
 *
 * @since 0.1
 */
public final class StorageProviders {
    private StorageProviders() {
    }

    /**
     * Every registered factory by scheme, from the context class loader (or this library's).
     *
     * @return the factories, keyed by lower-case scheme
     */
    public static Map<String, StorageProviderFactory> factories() {
        return factories(defaultLoader());
    }

    /**
     * Every registered factory by scheme visible to {@code loader}.
     *
     * @param loader the class loader to look up registrations in
     * @return the factories, keyed by lower-case scheme
     */
    public static Map<String, StorageProviderFactory> factories(ClassLoader loader) {
        return Discovery.byName(StorageProviderFactory.class, loader, StorageProviderFactory::schemes);
    }

    /**
     * The factory for the URI's scheme.
     *
     * @param uri the storage URI
     * @return the registered factory claiming the URI's scheme
     * @throws InvalidConfigurationException when the URI has no scheme or no factory claims it
     */
    public static StorageProviderFactory factoryFor(URI uri) {
        return factoryFor(uri, factories());
    }

    static StorageProviderFactory factoryFor(URI uri, Map<String, StorageProviderFactory> factories) {
        String scheme = uri.getScheme();
        if (scheme == null) {
            throw new InvalidConfigurationException("Storage URI '" + redact(uri) + "' has no scheme" + likely(uri)
                    + "; registered schemes: " + new TreeSet<>(factories.keySet()));
        }
        String lower = scheme.toLowerCase(Locale.ROOT);
        StorageProviderFactory factory = factories.get(lower);
        if (factory != null) {
            return factory;
        }
        String module = Suggestions.MODULE_BY_SCHEME.get(lower);
        if (module != null) {
            throw new InvalidConfigurationException("No storage provider for scheme '" + scheme + "' (URI " + redact(uri)
                    + ") is on the class path: " + module + " provides it; add that dependency. Registered schemes: "
                    + new TreeSet<>(factories.keySet()));
        }
        String hint = likely(uri);
        if (hint.isEmpty()) {
            TreeSet<String> known = new TreeSet<>(factories.keySet());
            known.addAll(Suggestions.MODULE_BY_SCHEME.keySet());
            hint = Suggestions.didYouMean(scheme, known);
        }
        throw new InvalidConfigurationException("No storage provider for scheme '" + scheme + "' (URI " + redact(uri) + ")" + hint
                + "; registered schemes: " + new TreeSet<>(factories.keySet())
                + ". A provider of your own registers a StorageProviderFactory in META-INF/services.");
    }

    private static String likely(URI uri) {
        return Suggestions.likelyUri(redact(uri)).map(u -> "; did you mean '" + u + "'?").orElse("");
    }

    /**
     * Opens a provider. {@code options} and the URI's query may hold only the factory's own options.
     *
     * @param uri the storage URI
     * @param options the factory's options; they win over the URI's query
     * @return a new provider; the caller closes it
     * @throws InvalidConfigurationException listing every unknown or invalid option
     */
    public static StorageProvider open(URI uri, Map<String, String> options) {
        Map<String, StorageProviderFactory> factories = factories();
        StorageProviderFactory factory = factoryFor(uri, factories);
        Map<String, String> merged = new LinkedHashMap<>(OptionValues.query(uri));
        merged.putAll(options);
        List<String> problems = new ArrayList<>();
        Map<String, String> own = split(merged, factory, factories, Set.of(), new LinkedHashMap<>(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        Map<String, String> query = new LinkedHashMap<>(OptionValues.query(uri));
        query.keySet().retainAll(factory.options());
        return factory.create(OptionValues.withQuery(uri, query), own);
    }

    /**
     * Sorts options into the engine's (put into {@code engine}) and the selected provider's (returned).
     * {@code <provider>.<option>} names an option of one provider: the selected provider's are its own
     * (and win over the same option without prefix), another provider's are kept out of the way, so one
     * configuration file can hold the options of several backends and switch between them by URI alone.
     * Anything else is reported in {@code problems}: an option of another provider without its prefix,
     * with the prefix to use; an unknown one, with the closest known name.
     */
    static Map<String, String> split(Map<String, String> all, StorageProviderFactory factory, Map<String, StorageProviderFactory> factories,
                                     Set<String> engineNames, Map<String, String> engine, List<String> problems) {
        Map<String, String> plain = new LinkedHashMap<>();
        Map<String, String> prefixed = new LinkedHashMap<>();
        Set<String> providerNames = new TreeSet<>(Suggestions.MODULE_BY_PROVIDER.keySet());
        factories.values().forEach(f -> providerNames.add(f.name()));
        for (Map.Entry<String, String> e : all.entrySet()) {
            String key = e.getKey();
            int dot = key.indexOf('.');
            String prefix = dot > 0 ? key.substring(0, dot) : "";
            if (!providerNames.contains(prefix)) {
                if (engineNames.contains(key)) {
                    engine.put(key, e.getValue());
                } else if (factory.options().contains(key)) {
                    plain.put(key, e.getValue());
                } else {
                    problems.add(unknownOption(key, factory, factories, engineNames));
                }
            } else if (prefix.equals(factory.name())) {
                String bare = key.substring(dot + 1);
                if (factory.options().contains(bare)) {
                    prefixed.put(bare, e.getValue());
                } else {
                    problems.add("option '" + key + "' is not an option of the " + factory.name() + " provider"
                            + Suggestions.didYouMean(bare, factory.options()) + "; it understands " + new TreeSet<>(factory.options()));
                }
            }
            // else: another provider's option, for when the configuration selects that provider
        }
        plain.putAll(prefixed);
        return plain;
    }

    private static String unknownOption(String key, StorageProviderFactory factory, Map<String, StorageProviderFactory> factories,
                                        Set<String> engineNames) {
        Set<String> owners = new TreeSet<>();
        factories.values().stream().filter(f -> f != factory && f.options().contains(key)).forEach(f -> owners.add(f.name()));
        if (!owners.isEmpty()) {
            String owner = owners.iterator().next();
            return "option '" + key + "' belongs to the " + String.join(" and ", owners) + " provider, but the storage URI selects the "
                    + factory.name() + " provider; write it as '" + owner + "." + key + "' to keep it for when the configuration selects "
                    + owner + ", or remove it";
        }
        Set<String> known = new TreeSet<>(engineNames);
        known.addAll(factory.options());
        String engine = engineNames.isEmpty() ? "" : "the engine understands " + new TreeSet<>(engineNames) + " and ";
        return "option '" + key + "' is unknown" + Suggestions.didYouMean(key, known) + "; " + engine + "the " + factory.name()
                + " provider " + new TreeSet<>(factory.options());
    }

    /**
     * The URI with any password replaced by {@code ***}, for messages ({@link Redaction#uri}).
     *
     * @param uri the URI to print
     * @return the URI as text, password masked
     */
    public static String redact(URI uri) {
        return Redaction.uri(uri.toString());
    }

    static ClassLoader defaultLoader() {
        ClassLoader l = Thread.currentThread().getContextClassLoader();
        return l != null ? l : StorageProviders.class.getClassLoader();
    }
}
