package io.browserstate.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.browserstate.api.BrowserStateOptions;
import io.browserstate.api.EncryptionKeyException;
import io.browserstate.api.SessionId;
import io.browserstate.core.KeyProviders;
import io.browserstate.core.tree.Hashing;
import io.browserstate.spi.BlobSpace;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BlobsTest {
    private static final SessionId ID = SessionId.of("alice", "s");
    private static final BlobSpace SPACE = BlobSpace.shared("alice");
    private final Codecs codecs = Codecs.load(getClass().getClassLoader());

    private Blobs blobs(String current, Map<String, byte[]> keys, boolean encrypt) {
        Map<String, javax.crypto.SecretKey> specs = new java.util.HashMap<>();
        keys.forEach((id, k) -> specs.put(id, new SecretKeySpec(k, "AES")));
        BrowserStateOptions options = BrowserStateOptions.builder().encryption(encrypt ? "aes-256-gcm" : "none")
                .keyProvider(KeyProviders.of(current, specs)).build();
        return new Blobs(codecs.get("zstd"), codecs, BlobCrypto.of(options));
    }

    private static byte[] key(int seed) {
        byte[] k = new byte[32];
        new Random(seed).nextBytes(k);
        return k;
    }

    @Test
    @DisplayName("encrypted ids are keyed per user and key; equal content keeps one id within a user")
    void idsAreKeyedPerUserAndKey() {
        byte[] data = "the same chunk".getBytes(StandardCharsets.UTF_8);
        Blobs a = blobs("a", Map.of("a", key(1)), true);
        Blobs b = blobs("b", Map.of("b", key(2)), true);
        assertThat(a.id(SPACE, data)).isEqualTo(a.id(SPACE, data)).isNotEqualTo(Hashing.sha256(data))
                .isNotEqualTo(a.id(BlobSpace.shared("bob"), data)).isNotEqualTo(b.id(SPACE, data)).hasSize(64);
        assertThat(blobs("a", Map.of("a", key(1)), false).id(SPACE, data)).isEqualTo(Hashing.sha256(data));
    }

    @Test
    @DisplayName("a sealed blob names its key, reveals no plain bytes, and opens only in its place under its id")
    void sealedBlobsAreBoundToTheirPlaceAndId() {
        Blobs a = blobs("a", Map.of("a", key(1)), true);
        byte[] data = "cookie=secret-value ".repeat(100).getBytes(StandardCharsets.UTF_8);
        String id = a.id(SPACE, data);
        String place = Blobs.spaceContext(SPACE);
        byte[] sealed = a.encode(place, id, data, 0, data.length);
        assertThat(Blobs.keyIdOf(sealed)).isEqualTo("a");
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("secret-value");
        assertThat(a.decode(ID, SPACE, place, id, sealed, data.length, 1 << 20)).isEqualTo(data);
        assertThatThrownBy(() -> a.decode(ID, SPACE, Blobs.spaceContext(BlobSpace.shared("bob")), id, sealed, -1, 1 << 20))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("fails authentication");
        String otherId = a.id(SPACE, "other".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> a.decode(ID, SPACE, place, otherId, sealed, -1, 1 << 20)).hasMessageContaining("fails authentication");
    }

    @Test
    @DisplayName("a wrong key is EncryptionKeyException; a flipped byte in the ciphertext or in the key check is damage")
    void wrongKeyIsToldApartFromDamage() {
        Blobs a = blobs("a", Map.of("a", key(1)), true);
        byte[] data = new byte[5000];
        new Random(3).nextBytes(data);
        String id = a.id(SPACE, data);
        String place = Blobs.spaceContext(SPACE);
        byte[] sealed = a.encode(place, id, data, 0, data.length);

        Blobs wrong = blobs("a", Map.of("a", key(9)), false);
        assertThatThrownBy(() -> wrong.decode(ID, SPACE, place, id, sealed, -1, 1 << 20)).isInstanceOf(EncryptionKeyException.class)
                .hasMessageContaining("'a' is not the key");
        Blobs missing = blobs("z", Map.of("z", key(1)), false);
        assertThatThrownBy(() -> missing.decode(ID, SPACE, place, id, sealed, -1, 1 << 20)).isInstanceOf(EncryptionKeyException.class)
                .hasMessageContaining("key 'a', which is not configured here (configured: [z])");
        assertThatThrownBy(() -> new Blobs(codecs.get("zstd"), codecs, null).decode(ID, SPACE, place, id, sealed, -1, 1 << 20))
                .isInstanceOf(EncryptionKeyException.class).hasMessageContaining("no keys are configured");

        byte[] body = sealed.clone();
        body[body.length - 20] ^= 1;
        assertThatThrownBy(() -> a.decode(ID, SPACE, place, id, body, -1, 1 << 20)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("fails authentication");
        byte[] check = sealed.clone();
        check[4 + 1] ^= 1; // the first byte of the key check, after the one-byte key id
        assertThatThrownBy(() -> a.decode(ID, SPACE, place, id, check, -1, 1 << 20)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("damaged key check");
        // a plain reader with the key opens it too: encryption is per blob
        assertThat(blobs("a", Map.of("a", key(1)), false).decode(ID, SPACE, place, id, sealed, -1, 1 << 20)).isEqualTo(data);
    }
}
