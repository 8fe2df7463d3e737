package io.browserstate.fs.internal;

import io.browserstate.spi.Head;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/** A head as a properties file. */
final class HeadCodec {
    private static final String ATTR = "attr.";

    private HeadCodec() {
    }

    static Properties encode(Head h) {
        Properties p = new Properties();
        p.setProperty("version", Long.toString(h.version()));
        p.setProperty("manifest", h.manifestId());
        p.setProperty("history", String.join(",", h.history()));
        p.setProperty("createdAt", h.createdAt().toString());
        p.setProperty("updatedAt", h.updatedAt().toString());
        p.setProperty("accessedAt", h.accessedAt().toString());
        p.setProperty("sizeBytes", Long.toString(h.sizeBytes()));
        p.setProperty("fileCount", Long.toString(h.fileCount()));
        if (h.browserVersion() != null) {
            p.setProperty("browserVersion", h.browserVersion());
        }
        h.attributes().forEach((k, v) -> p.setProperty(ATTR + k, v));
        return p;
    }

    static Head decode(Properties p) {
        Map<String, String> attributes = new HashMap<>();
        for (String name : p.stringPropertyNames()) {
            if (name.startsWith(ATTR)) {
                attributes.put(name.substring(ATTR.length()), p.getProperty(name));
            }
        }
        return new Head(Long.parseLong(p.getProperty("version")), p.getProperty("manifest"),
                FileStorageProvider.split(p.getProperty("history")), Instant.parse(p.getProperty("createdAt")),
                Instant.parse(p.getProperty("updatedAt")), Instant.parse(p.getProperty("accessedAt")),
                Long.parseLong(p.getProperty("sizeBytes")), Long.parseLong(p.getProperty("fileCount")),
                p.getProperty("browserVersion"), attributes);
    }
}
