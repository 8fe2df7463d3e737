package io.browserstate.core.internal;

import io.browserstate.api.BrowserStateOptions;
import io.browserstate.api.EncryptionKeyException;
import io.browserstate.api.SessionId;
import io.browserstate.core.KeyProviders;
import io.browserstate.core.tree.Hashing;
import io.browserstate.spi.KeyProvider;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encryption at rest: AES-256-GCM sealing of blobs and head attributes, and keyed blob ids.
 *
 * <p>From each master key three working keys are derived with HKDF-SHA-256 (RFC 5869), so the master
 * key itself touches nothing stored: the AES key, an 8-byte key check (stored with each blob, it tells a
 * wrong key from a damaged blob and reveals nothing of the key), and per sharing scope (a user's
 * space) the HMAC-SHA-256 key of blob ids, so that ids say nothing about content across scopes while
 * equal chunks stay one blob within a scope.
 *
 * <p>A sealed blob:
 * <pre>
 * byte 0      'B'
 * byte 1      format version (1)
 * byte 2      flags: 1 (encrypted)
 * byte 3      n = length of the key id
 * bytes 4..   key id (ASCII), key check (8), nonce (12), AES-GCM ciphertext of the plain blob's bytes 3..
 *             (codec name, length, payload), then its 16-byte tag
 * </pre>
 * The associated data is the header up to the key id, then the blob's place ({@code context}: the user's
 * space, or the session for records and head attributes) and its id: a blob moved to another id or
 * another place fails authentication.
 */
final class BlobCrypto {
    static final byte FLAG_ENCRYPTED = 1;
    static final int CHECK_BYTES = 8;
    static final int NONCE_BYTES = 12;
    static final int TAG_BITS = 128;
    /** Bytes a sealed blob adds at most (64-byte key id). */
    static final int OVERHEAD = 4 + 64 + CHECK_BYTES + NONCE_BYTES + TAG_BITS / 8;

    private static final byte[] SALT = "browserstate/v1".getBytes(StandardCharsets.US_ASCII);
    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK has no HmacSHA256", e);
        }
    });
    private static final ThreadLocal<Cipher> GCM = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK has no AES/GCM", e);
        }
    });

    /** The working keys of one master key; never printed. */
    private static final class Keys {
        final String id;
        final SecretKeySpec aes;
        final byte[] check;
        final SecretKeySpec prk;
        final Map<String, SecretKeySpec> idKeys = new ConcurrentHashMap<>();

        Keys(String id, SecretKey master) {
            byte[] raw = master.getEncoded();
            if (raw == null || raw.length != KeyProviders.KEY_BYTES) {
                throw new io.browserstate.api.InvalidConfigurationException("key '" + id + "' is not a 32-byte key");
            }
            try {
                this.id = id;
                this.prk = new SecretKeySpec(hmac(new SecretKeySpec(SALT, "HmacSHA256"), raw), "HmacSHA256");
                this.aes = new SecretKeySpec(expand(prk, "aes-256-gcm"), "AES");
                this.check = Arrays.copyOf(expand(prk, "key-check"), CHECK_BYTES);
            } finally {
                Arrays.fill(raw, (byte) 0);
            }
        }

        SecretKeySpec idKey(String scope) {
            SecretKeySpec k = idKeys.get(scope);
            if (k == null) {
                if (idKeys.size() > 100_000) {
                    idKeys.clear();
                }
                k = new SecretKeySpec(expand(prk, "blob-id\0" + scope), "HmacSHA256");
                idKeys.put(scope, k);
            }
            return k;
        }

        @Override
        public String toString() {
            return "key " + id;
        }
    }

    private final KeyProvider provider;
    private final Keys current;
    private final Map<String, Keys> byId = new ConcurrentHashMap<>();

    /** Keys from {@code provider}; new blobs are sealed only when {@code encrypt}. */
    private BlobCrypto(KeyProvider provider, boolean encrypt) {
        this.provider = provider;
        this.current = encrypt ? keys(null, provider.currentKeyId()) : null;
    }

    /** The crypto the options configure: {@code null} when they name no keys at all. */
    static BlobCrypto of(BrowserStateOptions options) {
        KeyProvider keys = options.keyProvider() != null ? options.keyProvider()
                : options.encryptionKeys().isEmpty() ? null : KeyProviders.fromReferences(options.encryptionKeys());
        if (keys == null) {
            return null;
        }
        BlobCrypto crypto = new BlobCrypto(keys, BrowserStateOptions.AES_256_GCM.equals(options.encryption()));
        if (crypto.current == null) {
            crypto.keys(null, keys.currentKeyId()); // fail at start-up, not at the first read, when the current key is missing
        }
        warmUp();
        return crypto;
    }

    private static final java.util.concurrent.atomic.AtomicBoolean WARMED = new java.util.concurrent.atomic.AtomicBoolean();
    static final int WARM_UP_ROUNDS = 6000;

    /**
     * Compiles the JDK's AES-GCM before the first blob needs it, on a daemon thread, once per JVM. The
     * JDK (17) runs AES-GCM at about 50 MB/s until the JIT has compiled the callers of its AES and GHASH
     * intrinsics, which takes thousands of calls: a few 512 KiB chunks never get there, so a new
     * process's first saves and restores of 100 MB would spend seconds in interpreted GHASH. Some 6,000
     * tiny encryptions and decryptions under a throwaway key (about 0.2 s of one core) get it to over
     * 1 GB/s; measured in {@code docs/benchmarks.md}.
     */
    private static void warmUp() {
        if (!WARMED.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                byte[] key = new byte[32];
                RANDOM.nextBytes(key);
                SecretKeySpec spec = new SecretKeySpec(key, "AES");
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                byte[] plain = new byte[64];
                byte[] sealed = new byte[plain.length + TAG_BITS / 8];
                byte[] back = new byte[plain.length];
                byte[] nonce = new byte[NONCE_BYTES];
                for (int i = 0; i < WARM_UP_ROUNDS; i++) {
                    nonce[0] = (byte) i;
                    nonce[1] = (byte) (i >>> 8);
                    c.init(Cipher.ENCRYPT_MODE, spec, new GCMParameterSpec(TAG_BITS, nonce));
                    c.updateAAD(nonce);
                    c.doFinal(plain, 0, plain.length, sealed, 0);
                    c.init(Cipher.DECRYPT_MODE, spec, new GCMParameterSpec(TAG_BITS, nonce));
                    c.updateAAD(nonce);
                    c.doFinal(sealed, 0, sealed.length, back, 0);
                }
            } catch (GeneralSecurityException | RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(BlobCrypto.class).debug("AES-GCM warm-up failed", e);
            }
        }, "browserstate-crypto-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** The key new blobs are sealed with, or {@code null} when new blobs are written in plain form. */
    String currentKeyId() {
        return current == null ? null : current.id;
    }

    private Keys keys(SessionId session, String keyId) {
        Keys k = byId.get(keyId);
        if (k == null) {
            SecretKey master = provider.key(keyId);
            if (master == null) {
                throw new EncryptionKeyException(session, keyId, "data was encrypted with key '" + keyId + "', which is not configured here"
                        + " (configured: " + new TreeSet<>(provider.keyIds()) + "); add it to encryptionKeys (or the keyProvider) to read it");
            }
            k = new Keys(keyId, master);
            byId.put(keyId, k);
        }
        return k;
    }

    // ------------------------------------------------------------------------------------------- ids

    /** The id of a new blob in {@code scope}: a keyed HMAC under the current key, or SHA-256 when not encrypting. */
    String blobId(String scope, byte[] data, int offset, int length) {
        return current == null ? Hashing.sha256(data, offset, length) : keyedId(current, scope, data, offset, length);
    }

    /** The id that {@code plain} has under key {@code keyId} in {@code scope}. */
    String blobId(SessionId session, String keyId, String scope, byte[] plain) {
        return blobId(session, keyId, scope, plain, 0, plain.length);
    }

    /** The id that {@code length} bytes of {@code plain} from {@code offset} have under key {@code keyId} in {@code scope}. */
    String blobId(SessionId session, String keyId, String scope, byte[] plain, int offset, int length) {
        return keyedId(keys(session, keyId), scope, plain, offset, length);
    }

    private static String keyedId(Keys keys, String scope, byte[] data, int offset, int length) {
        Mac mac = HMAC.get();
        try {
            mac.init(keys.idKey(scope));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        mac.update(data, offset, length);
        return HEX.formatHex(mac.doFinal());
    }

    // -------------------------------------------------------------------------------------- sealing

    /** The key id a sealed blob names, or {@code null} for a plain one. */
    static String keyIdOf(byte[] blob) {
        if (blob.length < 5 || blob[2] != FLAG_ENCRYPTED) {
            return null;
        }
        int n = blob[3] & 0xff;
        return 4 + n > blob.length ? null : new String(blob, 4, n, StandardCharsets.US_ASCII);
    }

    /**
     * Seals {@code body} (a plain blob's bytes from index 3: codec, length, payload) under the current key.
     *
     * @param context the blob's place, bound in as associated data
     * @param id the blob's id, bound in as associated data
     */
    byte[] seal(byte[] body, int offset, int length, String context, String id) {
        return seal(new BlobFormat.Body(new byte[0], body, offset, length), context, id);
    }

    /** Seals a blob's body (its header, then its payload, encrypted without first joining them). */
    byte[] seal(BlobFormat.Body body, String context, String id) {
        Keys k = current;
        byte[] keyId = k.id.getBytes(StandardCharsets.US_ASCII);
        int head = 4 + keyId.length;
        int start = head + CHECK_BYTES + NONCE_BYTES;
        byte[] out = new byte[start + body.header().length + body.length() + TAG_BITS / 8];
        out[0] = BlobFormat.MAGIC;
        out[1] = BlobFormat.VERSION;
        out[2] = FLAG_ENCRYPTED;
        out[3] = (byte) keyId.length;
        System.arraycopy(keyId, 0, out, 4, keyId.length);
        System.arraycopy(k.check, 0, out, head, CHECK_BYTES);
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        System.arraycopy(nonce, 0, out, head + CHECK_BYTES, NONCE_BYTES);
        try {
            Cipher c = GCM.get();
            c.init(Cipher.ENCRYPT_MODE, k.aes, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad(out, head, context, id));
            int n = body.header().length == 0 ? 0 : c.update(body.header(), 0, body.header().length, out, start);
            c.doFinal(body.payload(), body.offset(), body.length(), out, start + n);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
        return out;
    }

    /**
     * Opens a sealed blob: the plain blob's bytes from index 3 (codec, length, payload).
     *
     * @throws EncryptionKeyException when the key it names is not configured, or is another key
     * @throws IllegalStateException when the blob is damaged, tampered with or was moved (the caller adds context)
     */
    byte[] open(SessionId session, byte[] blob, String context, String id) {
        int n = blob.length < 4 ? -1 : blob[3] & 0xff;
        int head = 4 + n;
        if (n < 1 || n > 64 || head + CHECK_BYTES + NONCE_BYTES + TAG_BITS / 8 > blob.length) {
            throw new IllegalStateException("blob " + id + " has a malformed encryption header");
        }
        String keyId = new String(blob, 4, n, StandardCharsets.US_ASCII);
        Keys k = keys(session, keyId);
        boolean checkMatches = MessageDigest.isEqual(k.check, Arrays.copyOfRange(blob, head, head + CHECK_BYTES));
        try {
            Cipher c = GCM.get();
            c.init(Cipher.DECRYPT_MODE, k.aes, new GCMParameterSpec(TAG_BITS, blob, head + CHECK_BYTES, NONCE_BYTES));
            c.updateAAD(aad(blob, head, context, id));
            int start = head + CHECK_BYTES + NONCE_BYTES;
            byte[] body = new byte[blob.length - start - TAG_BITS / 8];
            c.doFinal(blob, start, blob.length - start, body, 0);
            if (!checkMatches) {
                throw new IllegalStateException("blob " + id + " has a damaged key check");
            }
            return body;
        } catch (AEADBadTagException e) {
            if (!checkMatches) {
                throw new EncryptionKeyException(session, keyId, "the key configured as '" + keyId + "' is not the key that encrypted blob "
                        + id + "; configure the key that was in use under that id");
            }
            throw new IllegalStateException("blob " + id + " fails authentication: it was damaged, tampered with, or moved from another"
                    + " place or id");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("blob " + id + " cannot be decrypted: " + e.getMessage(), e);
        }
    }

    private static byte[] aad(byte[] header, int headerLength, String context, String id) {
        byte[] ctx = context.getBytes(StandardCharsets.UTF_8);
        byte[] idb = id.getBytes(StandardCharsets.US_ASCII);
        byte[] aad = new byte[headerLength + ctx.length + 1 + idb.length];
        System.arraycopy(header, 0, aad, 0, headerLength);
        System.arraycopy(ctx, 0, aad, headerLength, ctx.length);
        System.arraycopy(idb, 0, aad, headerLength + ctx.length + 1, idb.length);
        return aad;
    }

    // ---------------------------------------------------------------------------------------- HKDF

    private static byte[] hmac(SecretKeySpec key, byte[] data) {
        Mac mac = HMAC.get();
        try {
            mac.init(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return mac.doFinal(data);
    }

    /** HKDF-Expand to 32 bytes (one block): HMAC(prk, info || 0x01). */
    private static byte[] expand(SecretKeySpec prk, String info) {
        byte[] in = Arrays.copyOf(info.getBytes(StandardCharsets.UTF_8), info.getBytes(StandardCharsets.UTF_8).length + 1);
        in[in.length - 1] = 1;
        return hmac(prk, in);
    }

    /** Ids of the configured keys, for messages. */
    Set<String> keyIds() {
        return provider.keyIds();
    }

    @Override
    public String toString() {
        return "BlobCrypto[current=" + (current == null ? "none (plain)" : current.id) + ", keys=" + new TreeSet<>(provider.keyIds()) + "]";
    }
}
