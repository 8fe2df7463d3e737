package io.browserstate.core.internal;

import io.browserstate.api.BrowserStateException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * Loads services by name with the house rules: a broken registration is reported, two services
 * claiming one name fail naming both, and nothing is cached globally.
 */
public final class Discovery {
    private Discovery() {
    }

    /**
     * Every service of {@code type} visible to {@code loader}, keyed by each name it claims.
     *
     * @throws BrowserStateException when a registration is broken or a name is claimed twice
     */
    public static <S> Map<String, S> byName(Class<S> type, ClassLoader loader, Function<S, Iterable<String>> names) {
        Map<String, S> found = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        Iterator<S> it = ServiceLoader.load(type, loader).iterator();
        while (true) {
            S service;
            try {
                if (!it.hasNext()) {
                    break;
                }
                service = it.next();
            } catch (ServiceConfigurationError e) {
                throw new BrowserStateException("A registered " + type.getSimpleName() + " could not be loaded: "
                        + e.getMessage() + " (check META-INF/services/" + type.getName() + " on the class path)", e);
            }
            for (String name : names.apply(service)) {
                String key = name.toLowerCase(java.util.Locale.ROOT);
                S previous = found.putIfAbsent(key, service);
                if (previous != null && previous.getClass() != service.getClass()) {
                    problems.add("'" + key + "' is claimed by both " + previous.getClass().getName() + " and "
                            + service.getClass().getName());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new BrowserStateException("Conflicting " + type.getSimpleName() + " registrations: " + String.join("; ", problems)
                    + ". Remove one of the jars from the class path, or pass the provider directly.");
        }
        return found;
    }
}
