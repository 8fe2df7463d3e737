package io.browserstate.core;

import io.browserstate.api.InvalidConfigurationException;
import io.browserstate.spi.KeyProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The built-in {@link KeyProvider}s: keys given by reference in configuration, or from code. A key is
 * 32 bytes (AES-256), written as base64 (44 characters) or hex (64 characters); a key file may also hold
 * the 32 raw bytes. Make one with {@code openssl rand -base64 32} or {@link #newKey()}.
 *
 * @since 0.4
 */
public final class KeyProviders {
    /** The length of a master key in bytes: {@value}. */
    public static final int KEY_BYTES = 32;
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private KeyProviders() {
    }

    /**
     * Reads the keys that references name, the first being the current key: {@code id=env:VARIABLE}
     * (the environment variable holds the key) or {@code id=file:/path} (the file holds it). Every key is
     * read now, so a missing variable or unreadable file fails at start-up, not at the first save.
     *
     * @param references key references, the current key first
     * @return a provider of those keys
     * @throws InvalidConfigurationException naming every reference that could not be read (never a value)
     */
    public static KeyProvider fromReferences(List<String> references) {
        return fromReferences(references, System::getenv);
    }

    /** {@link #fromReferences(List)} with another environment, for tests. */
    static KeyProvider fromReferences(List<String> references, UnaryOperator<@Nullable String> environment) {
        if (references.isEmpty()) {
            throw new InvalidConfigurationException("encryptionKeys is empty: name at least the current key, e.g. k1=env:BROWSERSTATE_KEY");
        }
        List<String> problems = new ArrayList<>();
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        Set<String> seen = new java.util.HashSet<>();
        for (String ref : references) {
            int eq = ref.indexOf('=');
            String id = eq < 0 ? "" : ref.substring(0, eq);
            String source = eq < 0 ? "" : ref.substring(eq + 1);
            if (!KEY_ID.matcher(id).matches() || !(source.startsWith("env:") || source.startsWith("file:"))) {
                problems.add("encryptionKeys entry " + (references.indexOf(ref) + 1) + " is not id=env:VARIABLE or id=file:/path");
                continue;
            }
            if (!seen.add(id)) {
                problems.add("encryptionKeys names key '" + id + "' twice");
                continue;
            }
            try {
                keys.put(id, source.startsWith("env:") ? fromEnvironment(id, source.substring(4), environment) : fromFile(id, Path.of(source.substring(5))));
            } catch (InvalidConfigurationException e) {
                problems.addAll(e.problems());
            } catch (RuntimeException e) {
                problems.add("key '" + id + "' (" + source + ") cannot be read: " + e.getClass().getSimpleName());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        return of(keys.keySet().iterator().next(), keys);
    }

    private static SecretKey fromEnvironment(String id, String variable, UnaryOperator<@Nullable String> environment) {
        String value = environment.apply(variable);
        if (value == null || value.isBlank()) {
            throw new InvalidConfigurationException("key '" + id + "': the environment variable " + variable + " is not set");
        }
        byte[] key = decodeText(value.trim());
        if (key == null) {
            throw new InvalidConfigurationException("key '" + id + "': the environment variable " + variable + " does not hold a 32-byte key"
                    + " in base64 or hex (make one with: openssl rand -base64 32)");
        }
        return aes(key);
    }

    private static SecretKey fromFile(String id, Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidConfigurationException("key '" + id + "': the file " + file + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        try {
            byte[] key = content.length == KEY_BYTES ? content.clone() : decodeText(new String(content, StandardCharsets.US_ASCII).trim());
            if (key == null) {
                throw new InvalidConfigurationException("key '" + id + "': the file " + file + " does not hold a 32-byte key (raw, base64"
                        + " or hex; make one with: openssl rand -base64 32 > " + file + ")");
            }
            return aes(key);
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    private static byte @Nullable [] decodeText(String text) {
        try {
            if (text.length() == 2 * KEY_BYTES) {
                return HexFormat.of().parseHex(text);
            }
            byte[] b = Base64.getDecoder().decode(text);
            return b.length == KEY_BYTES ? b : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static SecretKey aes(byte[] key) {
        try {
            return new SecretKeySpec(key, "AES");
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * A provider of keys given in code.
     *
     * @param currentKeyId the id of the key new blobs are encrypted with; must be in {@code keys}
     * @param keys every key by id (ids of 1 to 64 characters of {@code A-Z a-z 0-9 . _ -}), each 32 bytes
     * @return the provider
     * @throws InvalidConfigurationException when an id or a key is malformed or the current key is missing
     */
    public static KeyProvider of(String currentKeyId, Map<String, SecretKey> keys) {
        List<String> problems = new ArrayList<>();
        keys.forEach((id, key) -> {
            if (!KEY_ID.matcher(id).matches()) {
                problems.add("key id '" + id + "' is not 1 to 64 characters of A-Z a-z 0-9 . _ -");
            }
            byte[] encoded = key.getEncoded();
            if (encoded == null || encoded.length != KEY_BYTES) {
                problems.add("key '" + id + "' is not a 32-byte key");
            }
            if (encoded != null) {
                Arrays.fill(encoded, (byte) 0);
            }
        });
        if (!keys.containsKey(currentKeyId)) {
            problems.add("the current key '" + currentKeyId + "' is not among the keys " + keys.keySet());
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        return new StaticKeys(currentKeyId, Map.copyOf(keys));
    }

    /**
     * A new random 256-bit key, as base64: for {@code BROWSERSTATE_KEY=...} or a key file.
     *
     * @return 44 characters of base64
     */
    public static String newKey() {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        try {
            return Base64.getEncoder().encodeToString(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private record StaticKeys(String currentKeyId, Map<String, SecretKey> keys) implements KeyProvider {
        @Override
        public Set<String> keyIds() {
            return keys.keySet();
        }

        @Override
        public @Nullable SecretKey key(String keyId) {
            return keys.get(keyId);
        }

        @Override
        public String toString() {
            return "KeyProvider[current=" + currentKeyId + ", keys=" + new java.util.TreeSet<>(keys.keySet()) + "]";
        }
    }
}
