package io.browserstate.core.internal;

import io.browserstate.api.BrowserStateOptions;
import io.browserstate.api.InvalidConfigurationException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Applies engine options given as strings (URI query, properties, environment) to the options record. */
public final class EngineOptions {
    public static final Set<String> NAMES = Set.of("compression", "encryption", "chunkSize", "maxFileSize", "defaultExcludes", "excludes",
            "keepSnapshots", "maxRestoreBytes", "maxRestoreFiles", "leaseTtl", "parallelism", "workDirectory", "trustMtime", "fsync", "keepFor", "gcGrace", "encryptionKeys",
            "leaseOwner", "packSmallFiles");

    private EngineOptions() {
    }

    /** Applies every option in {@code values} (engine names only), collecting every problem. */
    public static BrowserStateOptions apply(BrowserStateOptions start, Map<String, String> values, List<String> problems) {
        BrowserStateOptions.Builder b = start.toBuilder();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String v = e.getValue();
            try {
                switch (e.getKey()) {
                    case "compression" -> b.compression(v.trim().toLowerCase(java.util.Locale.ROOT));
                    case "encryption" -> b.encryption(v.trim().toLowerCase(java.util.Locale.ROOT));
                    case "chunkSize" -> b.chunkSize(Math.toIntExact(OptionValues.size(v)));
                    case "maxFileSize" -> b.maxFileSize(OptionValues.size(v));
                    case "defaultExcludes" -> b.defaultExcludes(OptionValues.bool(v));
                    case "excludes" -> b.excludes(Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
                    case "keepSnapshots" -> b.keepSnapshots(Integer.parseInt(v.trim()));
                    case "maxRestoreBytes" -> b.maxRestoreBytes(OptionValues.size(v));
                    case "maxRestoreFiles" -> b.maxRestoreFiles(Long.parseLong(v.trim()));
                    case "leaseTtl" -> b.leaseTtl(OptionValues.duration(v));
                    case "keepFor" -> b.keepFor(OptionValues.duration(v));
                    case "gcGrace" -> b.gcGrace(OptionValues.duration(v));
                    case "parallelism" -> b.parallelism(Integer.parseInt(v.trim()));
                    case "workDirectory" -> b.workDirectory(Path.of(v.trim()));
                    case "trustMtime" -> b.trustMtime(OptionValues.bool(v));
                    case "fsync" -> b.fsync(OptionValues.bool(v));
                    case "encryptionKeys" -> b.encryptionKeys(Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
                    case "leaseOwner" -> b.leaseOwner(v.trim());
                    case "packSmallFiles" -> b.packSmallFiles(OptionValues.bool(v));
                    default -> problems.add("unknown engine option '" + e.getKey() + "'");
                }
            } catch (IllegalArgumentException | ArithmeticException ex) {
                problems.add("option " + e.getKey() + ": " + ex.getMessage());
            }
        }
        try {
            return b.build();
        } catch (InvalidConfigurationException ex) {
            problems.addAll(ex.problems());
            return start;
        }
    }

    /** Checks codec names against what is on the class path. */
    public static void checkCodecs(BrowserStateOptions options, Codecs codecs, List<String> problems) {
        checkCodecs(options.compression(), codecs, problems);
    }

    /** Checks codec names as given (before they could be applied). */
    public static void checkCodecs(String compression, Codecs codecs, List<String> problems) {
        String c = compression.trim().toLowerCase(java.util.Locale.ROOT);
        if (codecs.find(c) == null) {
            problems.add("compression '" + compression + "' is not a known codec; known: " + codecs.names());
        }
    }
}
