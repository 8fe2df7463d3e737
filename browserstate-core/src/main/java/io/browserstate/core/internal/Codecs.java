package io.browserstate.core.internal;

import io.browserstate.api.InvalidConfigurationException;
import io.browserstate.core.internal.codec.NoneCodec;
import io.browserstate.spi.CompressionCodec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The compression codecs known to one manager, found through {@code ServiceLoader}. */
public final class Codecs {
    private final Map<String, CompressionCodec> byName;

    private Codecs(Map<String, CompressionCodec> byName) {
        this.byName = byName;
    }

    public static Codecs load(ClassLoader loader) {
        Map<String, CompressionCodec> found = Discovery.byName(CompressionCodec.class, loader, c -> List.of(c.name()));
        found.putIfAbsent(NoneCodec.NAME, new NoneCodec());
        for (String name : found.keySet()) {
            if (name.isEmpty() || name.length() > 16 || !name.chars().allMatch(ch -> ch > 32 && ch < 127)) {
                throw new InvalidConfigurationException("Codec " + found.get(name).getClass().getName()
                        + " has an invalid name '" + name + "' (1 to 16 printable ASCII characters)");
            }
        }
        return new Codecs(Map.copyOf(found));
    }

    /** The codec, or an error listing the known ones. */
    public CompressionCodec get(String name) {
        CompressionCodec codec = byName.get(name);
        if (codec == null) {
            throw new InvalidConfigurationException("Unknown compression codec '" + name + "'; known: " + names());
        }
        return codec;
    }

    public CompressionCodec find(String name) {
        return byName.get(name);
    }

    public Set<String> names() {
        return new TreeSet<>(byName.keySet());
    }
}
