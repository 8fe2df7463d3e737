package io.browserstate.core.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.browserstate.api.CorruptDataException;
import io.browserstate.api.EncryptionKeyException;
import io.browserstate.api.SessionId;
import io.browserstate.api.SessionPage;
import io.browserstate.core.ForwardingStorageProvider;
import io.browserstate.spi.Head;
import io.browserstate.spi.HeadUpdate;
import io.browserstate.spi.Lease;
import io.browserstate.spi.SessionHead;
import io.browserstate.spi.StorageProvider;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Seals what users put in a head (attributes, the browser version) when encryption is on, so that it
 * is not readable in the store: the engine sees plain heads, the provider stores one attribute
 * {@value #SEALED} holding AES-GCM ciphertext bound to the session and the snapshot record the head
 * names. Heads without it (plain stores, format 1) pass through unchanged.
 */
final class SealedHeads extends ForwardingStorageProvider {
    /** The attribute holding a sealed head's attributes and browser version; reserved. */
    static final String SEALED = "browserstate.sealed";
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final BlobCrypto crypto;

    /** Refuses attributes that use the reserved name, before anything is read or sent. */
    static void checkAttributeNames(Map<String, String> attributes) {
        if (attributes.containsKey(SEALED)) {
            throw new IllegalArgumentException("the attribute name '" + SEALED + "' is reserved for encrypted heads; choose another");
        }
    }

    SealedHeads(StorageProvider delegate, BlobCrypto crypto) {
        super(delegate);
        this.crypto = crypto;
    }

    private static String context(SessionId id) {
        return "head:" + id.userId() + "/" + id.sessionId();
    }

    @Override
    public HeadUpdate compareAndSetHead(SessionId id, long expectedVersion, Head next, @Nullable Lease lease, @Nullable Instant publishBy) {
        return super.compareAndSetHead(id, expectedVersion, seal(id, next), lease, publishBy);
    }

    @Override
    public Optional<Head> readHead(SessionId id) {
        return super.readHead(id).map(h -> unseal(id, h));
    }

    @Override
    public SessionPage<SessionHead> listSessions(String userId, @Nullable String cursor, int limit) {
        SessionPage<SessionHead> page = super.listSessions(userId, cursor, limit);
        return new SessionPage<>(page.items().stream().map(sh -> new SessionHead(sh.id(), unseal(sh.id(), sh.head()))).toList(),
                page.nextCursor());
    }

    private Head seal(SessionId id, Head head) {
        if (crypto == null || crypto.currentKeyId() == null || head.snapshotId() == null
                || (head.attributes().isEmpty() && head.browserVersion() == null)) {
            return head;
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        if (head.browserVersion() != null) {
            meta.put("browserVersion", head.browserVersion());
        }
        meta.put("attributes", head.attributes());
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(meta);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot serialise the attributes of " + id, e);
        }
        String sealed = Base64.getUrlEncoder().withoutPadding().encodeToString(crypto.seal(json, 0, json.length, context(id), head.snapshotId()));
        return with(head, null, Map.of(SEALED, sealed));
    }

    @SuppressWarnings("unchecked")
    private Head unseal(SessionId id, Head head) {
        String sealed = head.attributes().get(SEALED);
        if (sealed == null) {
            return head;
        }
        byte[] blob;
        try {
            blob = Base64.getUrlDecoder().decode(sealed);
        } catch (IllegalArgumentException e) {
            throw new CorruptDataException(id, "the head's sealed attributes are not valid base64");
        }
        if (crypto == null) {
            String keyId = BlobCrypto.keyIdOf(blob);
            throw new EncryptionKeyException(id, keyId == null ? "?" : keyId, "the head's attributes were encrypted with key '" + keyId
                    + "', and no keys are configured here; set encryptionKeys (or a keyProvider) to read it");
        }
        try {
            if (head.snapshotId() == null || head.attributes().size() != 1 || blob.length < 4 || blob[2] != BlobCrypto.FLAG_ENCRYPTED) {
                throw new IllegalStateException("the head's sealed attributes are malformed");
            }
            Map<String, Object> meta = JSON.readValue(crypto.open(id, blob, context(id), head.snapshotId()), MAP);
            Object attributes = meta.getOrDefault("attributes", Map.of());
            Object browser = meta.get("browserVersion");
            Map<String, String> attrs = new LinkedHashMap<>();
            ((Map<String, Object>) attributes).forEach((k, v) -> attrs.put(k, (String) v));
            return with(head, (String) browser, attrs);
        } catch (IllegalStateException | IOException | ClassCastException e) {
            throw new CorruptDataException(id, "the head's attributes cannot be read: " + e.getMessage(), e);
        }
    }

    private static Head with(Head h, String browserVersion, Map<String, String> attributes) {
        return new Head(h.version(), h.manifestId(), h.snapshotId(), h.history(), h.createdAt(), h.updatedAt(), h.accessedAt(), h.sizeBytes(),
                h.fileCount(), browserVersion, attributes);
    }
}
