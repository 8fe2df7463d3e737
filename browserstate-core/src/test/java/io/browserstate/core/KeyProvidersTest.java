package io.browserstate.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.BrowserStateOptions;
import io.browserstate.api.InvalidConfigurationException;
import io.browserstate.spi.KeyProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyProvidersTest {
    private static final byte[] KEY = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static final String B64 = Base64.getEncoder().encodeToString(KEY);

    @TempDir
    Path temp;

    @Test
    @DisplayName("keys by reference: an environment variable in base64, files in hex, base64 and raw bytes; the first is current")
    void readsEveryReferenceForm() throws Exception {
        Files.writeString(temp.resolve("hex"), HexFormat.of().formatHex(KEY) + "\n");
        Files.writeString(temp.resolve("b64"), B64);
        Files.write(temp.resolve("raw"), KEY);
        KeyProvider p = KeyProviders.fromReferences(List.of("env1=env:BS_KEY", "hex=file:" + temp.resolve("hex"), "b64=file:" + temp.resolve("b64"),
                "raw=file:" + temp.resolve("raw")), name -> name.equals("BS_KEY") ? " " + B64 + " " : null);
        assertThat(p.currentKeyId()).isEqualTo("env1");
        assertThat(p.keyIds()).containsExactlyInAnyOrder("env1", "hex", "b64", "raw");
        for (String id : p.keyIds()) {
            assertThat(p.key(id).getEncoded()).as(id).isEqualTo(KEY);
        }
        assertThat(p.key("other")).isNull();
        assertThat(p.toString()).contains("env1", "raw").doesNotContain(B64).doesNotContain(HexFormat.of().formatHex(KEY));
    }

    @Test
    @DisplayName("a missing variable, a short key, an unreadable file and a repeated id are all reported, naming the reference, never the value")
    void badReferencesAreReportedWithoutValues() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> KeyProviders.fromReferences(List.of("a=env:MISSING", "b=env:SHORT", "c=file:" + temp.resolve("none"),
                "a=env:SHORT", "d=nowhere"), name -> name.equals("SHORT") ? shortKey : null))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("MISSING is not set")
                .hasMessageContaining("SHORT does not hold a 32-byte key")
                .hasMessageContaining(temp.resolve("none") + " cannot be read")
                .hasMessageContaining("names key 'a' twice")
                .hasMessageContaining("entry 5 is not id=env:VARIABLE")
                .message().doesNotContain(shortKey);
    }

    @Test
    @DisplayName("options refuse an unknown encryption, encryption without a key, both keys and a provider, and a pasted key (not echoed)")
    void optionsCheckEncryption() {
        assertThatThrownBy(() -> BrowserStateOptions.builder().encryption("aes-128").build()).hasMessageContaining("encryption must be none or aes-256-gcm");
        assertThatThrownBy(() -> BrowserStateOptions.builder().encryption("aes-256-gcm").build()).hasMessageContaining("needs a key");
        KeyProvider p = KeyProviders.of("k", Map.of("k", new SecretKeySpec(KEY, "AES")));
        assertThatThrownBy(() -> BrowserStateOptions.builder().encryptionKeys(List.of("k=env:X")).keyProvider(p).build())
                .hasMessageContaining("either encryptionKeys or a keyProvider");
        assertThatThrownBy(() -> BrowserStateOptions.builder().encryptionKeys(List.of(B64)).build())
                .hasMessageContaining("never the key itself").message().doesNotContain(B64);
        assertThat(BrowserStateOptions.builder().encryption("aes-256-gcm").keyProvider(p).build().toString()).doesNotContain(B64);
        assertThatThrownBy(() -> KeyProviders.of("missing", Map.of("k", new SecretKeySpec(KEY, "AES"))))
                .hasMessageContaining("the current key 'missing' is not among");
        assertThatThrownBy(() -> KeyProviders.of("k", Map.of("k", new SecretKeySpec(new byte[16], "AES")))).hasMessageContaining("not a 32-byte key");
    }

    @Test
    @DisplayName("options with encryption and a key file open a manager that encrypts; a missing key file fails at open")
    void uriOptionsConfigureEncryption() throws Exception {
        Path key = temp.resolve("k1.key");
        Files.writeString(key, KeyProviders.newKey());
        java.net.URI store = java.net.URI.create("memory:keys-test");
        String work = temp.resolve("work").toString();
        try (BrowserStateManager m = BrowserState.open(store, Map.of("workDirectory", work, "encryption", "aes-256-gcm",
                "encryptionKeys", "k1=file:" + key))) {
            assertThat(m.encrypts()).isTrue();
        }
        try (BrowserStateManager m = BrowserState.open(store, Map.of("workDirectory", work, "encryptionKeys", "k1=file:" + key))) {
            assertThat(m.encrypts()).as("keys alone read encrypted sessions; new saves stay plain").isFalse();
        }
        // in the URI's query too, even of an opaque memory: URI
        try (BrowserStateManager m = BrowserState.open("memory:keys-test?workDirectory=" + work + "&encryption=aes-256-gcm&encryptionKeys=k1=file:"
                + key)) {
            assertThat(m.encrypts()).isTrue();
        }
        assertThatThrownBy(() -> BrowserState.open(store, Map.of("workDirectory", work, "encryption", "aes-256-gcm",
                "encryptionKeys", "k1=file:" + temp.resolve("gone"))))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("gone cannot be read");
    }
}
