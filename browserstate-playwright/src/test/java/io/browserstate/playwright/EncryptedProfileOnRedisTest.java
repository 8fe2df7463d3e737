package io.browserstate.playwright;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.SaveResult;
import io.browserstate.api.SessionId;
import io.browserstate.core.BrowserState;
import io.browserstate.core.BrowserStateConfig;
import io.browserstate.core.KeyProviders;
import io.browserstate.redis.junit.RedisExtension;
import io.browserstate.redis.junit.RedisServer;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Chromium profile that holds a known cookie and a known localStorage string, saved into Redis
 * twice: in plain form and with {@code encryption=aes-256-gcm}, compression off both times so that only
 * encryption can hide anything. Every key of each run is dumped (names and values, every type) and
 * searched for the cookie value, the note and every path of the profile: the plain run holds them all
 * (the check can fail), the encrypted one none, and it still restores logged in with the note.
 *
 * <p>Chromium launched by Playwright keeps cookies in its "basic" store, which on Linux encrypts them
 * with a fixed, public key ({@code v10}, AES-128-CBC under PBKDF2 of {@code peanuts}): the cookie's
 * stored form is as good as plain text, so the search looks for that form as well as the bare value.
 */
@ExtendWith(RedisExtension.class)
class EncryptedProfileOnRedisTest {
    private static final String NOTE = "localStorage-note-4b1f09c7";
    private static final SessionId ID = SessionId.of("alice", "encrypted-profile");

    /** What one run stored and what its profile held. */
    private record Run(byte[] dump, List<String> paths, SaveResult saved, String cookieHeader, String note) {
    }

    @Test
    @DisplayName("encrypted, Redis holds neither the cookie, nor the localStorage string, nor any path; in plain form it holds all")
    void encryptedRedisHoldsNoCookieNoteOrPath(RedisServer redis, @TempDir Path temp) throws Exception {
        TestBrowser.requireSystemChromium();
        Path keyFile = temp.resolve("browserstate.key");
        Files.writeString(keyFile, KeyProviders.newKey());
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        Run plain;
        Run sealed;
        try (TestSite site = TestSite.start()) {
            plain = run(redis, site, temp.resolve("plain"), "plainrun", Map.of());
            sealed = run(redis, site, temp.resolve("sealed"), "sealedrun", Map.of("encryption", "aes-256-gcm",
                    "encryptionKeys", "k1=file:" + keyFile));
        }
        String host = "127.0.0.1";
        List<byte[]> cookieForms = List.of(bytes(TestSite.SESSION_VALUE), chromiumBasicV10(host, TestSite.SESSION_VALUE, true),
                chromiumBasicV10(host, TestSite.SESSION_VALUE, false));
        List<byte[]> noteForms = List.of(bytes(NOTE), NOTE.getBytes(StandardCharsets.UTF_16LE));

        assertThat(cookieForms.stream().anyMatch(f -> indexOf(plain.dump(), f) >= 0))
                .as("the plain run stores the session cookie (bare or in Chromium's basic v10 form)").isTrue();
        assertThat(noteForms.stream().anyMatch(f -> indexOf(plain.dump(), f) >= 0)).as("the plain run stores the note").isTrue();
        assertThat(plain.paths()).isNotEmpty().allSatisfy(p -> assertThat(indexOf(plain.dump(), bytes(p))).as("plain run stores path " + p)
                .isNotNegative());

        assertThat(cookieForms).allSatisfy(f -> assertThat(indexOf(sealed.dump(), f)).as("the encrypted run stores the cookie").isNegative());
        assertThat(noteForms).allSatisfy(f -> assertThat(indexOf(sealed.dump(), f)).as("the encrypted run stores the note").isNegative());
        assertThat(sealed.paths()).isNotEmpty().allSatisfy(p -> assertThat(indexOf(sealed.dump(), bytes(p)))
                .as("the encrypted run stores path " + p).isNegative());

        assertThat(sealed.cookieHeader()).contains(TestSite.SESSION_COOKIE + "=" + TestSite.SESSION_VALUE);
        assertThat(sealed.note()).isEqualTo(NOTE);
        List<String> found = new ArrayList<>();
        String[] labels = {"bare", "v10 host-bound", "v10"};
        for (int i = 0; i < cookieForms.size(); i++) {
            if (indexOf(plain.dump(), cookieForms.get(i)) >= 0) {
                found.add(labels[i]);
            }
        }
        System.out.printf("[encryption] Chromium profile of %d files, %d bytes: plain save wrote %d bytes (cookie found as %s), encrypted %d;"
                + " %d paths checked%n", sealed.saved().fileCount(), sealed.saved().totalBytes(), plain.saved().bytesWritten(), found,
                sealed.saved().bytesWritten(), sealed.paths().size());
    }

    private static Run run(RedisServer redis, TestSite site, Path temp, String prefix, Map<String, String> encryption) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of("workDirectory", temp.resolve("work").toString(), "keyPrefix", prefix,
                "compression", "none"));
        options.putAll(encryption);
        try (BrowserStateManager manager = BrowserState.open(new BrowserStateConfig(redis.uri(), options))) {
            BrowserSessionLauncher launcher = BrowserSessionLauncher.builder(manager).build();
            SaveResult saved;
            try (BrowserSession first = launcher.open(ID)) {
                Page page = first.page();
                page.navigate(site.url("/login"));
                SiteData.putLocalStorage(page, "note", NOTE);
                saved = first.closeAndSave();
            }
            byte[] dump = dump(redis, prefix);
            Path copy = temp.resolve("restored");
            manager.restore(ID, copy);
            List<String> paths = new ArrayList<>();
            try (Stream<Path> walk = Files.walk(copy)) {
                // paths long enough that random bytes cannot hold them by chance
                walk.filter(p -> !p.equals(copy)).map(p -> copy.relativize(p).toString()).filter(p -> p.length() >= 8).forEach(paths::add);
            }
            String cookieHeader;
            String note;
            try (BrowserSession second = launcher.open(ID)) {
                Page page = second.page();
                page.navigate(site.url("/whoami"));
                cookieHeader = page.textContent("#cookies");
                note = SiteData.localStorage(page, "note");
            }
            return new Run(dump, paths, saved, cookieHeader, note);
        }
    }

    /** Every key under {@code prefix}: its name and every value it holds, whatever its type. */
    private static byte[] dump(RedisServer redis, String prefix) {
        RedisClient client = RedisClient.create(redis.uri().toString());
        try (StatefulRedisConnection<byte[], byte[]> c = client.connect(ByteArrayCodec.INSTANCE)) {
            RedisCommands<byte[], byte[]> r = c.sync();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ScanCursor cursor = ScanCursor.INITIAL;
            int keys = 0;
            do {
                KeyScanCursor<byte[]> page = r.scan(cursor, ScanArgs.Builder.matches(prefix + ":*").limit(1000));
                for (byte[] key : page.getKeys()) {
                    keys++;
                    out.writeBytes(key);
                    switch (r.type(key)) {
                        case "string" -> out.writeBytes(r.get(key));
                        case "hash" -> r.hgetall(key).forEach((f, v) -> {
                            out.writeBytes(f);
                            out.writeBytes(v);
                        });
                        case "zset" -> r.zrange(key, 0, -1).forEach(out::writeBytes);
                        case "set" -> r.smembers(key).forEach(out::writeBytes);
                        case "list" -> r.lrange(key, 0, -1).forEach(out::writeBytes);
                        default -> throw new AssertionError("unexpected type of key " + new String(key, StandardCharsets.UTF_8));
                    }
                }
                cursor = page;
            } while (!cursor.isFinished());
            assertThat(keys).as("keys under " + prefix).isGreaterThan(3);
            return out.toByteArray();
        } finally {
            client.shutdown();
        }
    }

    /**
     * What Chromium's Linux "basic" cookie store writes for a value: {@code v10} and AES-128-CBC under
     * PBKDF2-HMAC-SHA1({@code peanuts}, {@code saltysalt}, 1 iteration), IV of 16 spaces; since cookie
     * database version 24 the plain text starts with the SHA-256 of the cookie's host.
     */
    private static byte[] chromiumBasicV10(String host, String value, boolean hostBound) throws Exception {
        byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA1")
                .generateSecret(new PBEKeySpec("peanuts".toCharArray(), bytes("saltysalt"), 1, 128)).getEncoded();
        Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(bytes(" ".repeat(16))));
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        if (hostBound) {
            plain.writeBytes(MessageDigest.getInstance("SHA-256").digest(bytes(host)));
        }
        plain.writeBytes(bytes(value));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes("v10"));
        out.writeBytes(c.doFinal(plain.toByteArray()));
        return out.toByteArray();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
