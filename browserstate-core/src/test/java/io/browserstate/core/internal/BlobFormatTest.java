package io.browserstate.core.internal;

import io.browserstate.core.tree.Hashing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlobFormatTest {
    private final Codecs codecs = Codecs.load(getClass().getClassLoader());

    @ParameterizedTest(name = "{0} round-trips compressible and random chunks")
    @ValueSource(strings = {"none", "gzip", "zstd", "lz4"})
    void everyCodecRoundTrips(String name) {
        byte[] text = "{\"k\":\"value\"}\n".repeat(20_000).getBytes(StandardCharsets.US_ASCII);
        byte[] random = new byte[100_000];
        new Random(1).nextBytes(random);
        for (byte[] plain : new byte[][] {text, random, new byte[0]}) {
            String id = Hashing.sha256(plain);
            byte[] blob = BlobFormat.encode(plain, 0, plain.length, codecs.get(name));
            assertThat(BlobFormat.decode(id, blob, plain.length, 1 << 22, codecs)).isEqualTo(plain);
        }
    }

    @Test
    void compressibleDataIsCompressedAndIncompressibleDataStoredRaw() {
        byte[] text = "abcabcabc".repeat(10_000).getBytes(StandardCharsets.US_ASCII);
        byte[] random = new byte[90_000];
        new Random(2).nextBytes(random);
        assertThat(BlobFormat.encode(text, 0, text.length, codecs.get("zstd")).length).isLessThan(text.length / 10);
        byte[] raw = BlobFormat.encode(random, 0, random.length, codecs.get("zstd"));
        assertThat(new String(raw, 4, 4, StandardCharsets.US_ASCII)).isEqualTo("none");
        assertThat(raw.length).isEqualTo(random.length + 12);
    }

    @Test
    void blobWhoseContentDoesNotMatchItsIdIsRefused() {
        byte[] plain = "hello".getBytes(StandardCharsets.UTF_8);
        byte[] blob = BlobFormat.encode(plain, 0, plain.length, codecs.get("none"));
        blob[blob.length - 1] = 'X';
        assertThatThrownBy(() -> BlobFormat.decode(Hashing.sha256(plain), blob, 5, 100, codecs))
                .hasMessageContaining("does not match its id");
    }

    @Test
    void blobClaimingMoreThanTheManifestIsRefusedBeforeDecompressing() {
        byte[] plain = new byte[1000];
        byte[] blob = BlobFormat.encode(plain, 0, plain.length, codecs.get("zstd"));
        assertThatThrownBy(() -> BlobFormat.decode(Hashing.sha256(plain), blob, 10, 1 << 20, codecs))
                .hasMessageContaining("holds 1000 bytes where the manifest says 10");
        assertThatThrownBy(() -> BlobFormat.decode(Hashing.sha256(plain), blob, -1, 100, codecs))
                .hasMessageContaining("over the limit");
    }

    @Test
    void garbageIsNotABlob() {
        assertThatThrownBy(() -> BlobFormat.decode(Hashing.sha256(new byte[0]), "not a blob".getBytes(StandardCharsets.UTF_8), -1, 100, codecs))
                .hasMessageContaining("not in BrowserState blob format");
    }
}
