package io.browserstate.tck;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.BrowserStateOptions;
import io.browserstate.api.SessionId;
import io.browserstate.core.BrowserState;
import io.browserstate.core.CountingStorageProvider;
import io.browserstate.core.StorageProviders;
import io.browserstate.core.tree.Trees;
import io.browserstate.spi.Blob;
import io.browserstate.spi.BlobSpace;
import io.browserstate.spi.Head;
import io.browserstate.spi.KeyProvider;
import io.browserstate.spi.StorageProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * What one test of the kit works with: the provider under test (counted), a manager on it, a private
 * temporary directory and a fresh random user id, so that tests may share one store. Handed to every
 * group's test methods by the kit's resolver; closed after each test.
 *
 * @since 0.2
 */
public final class KitStore implements AutoCloseable {
    /**
     * The grace period of the kit's managers: long enough that no save under the kit's load misses its
     * publish deadline (three quarters of it), short enough that a test can wait it out.
     */
    public static final Duration GC_GRACE = Duration.ofSeconds(4);
    private final URI storageUri;
    private final Map<String, String> options;
    private final Path work;
    private final String user;
    private final CountingStorageProvider counted;
    private final BrowserStateManager manager;
    private final List<AutoCloseable> closeLater = new ArrayList<>();
    private final @Nullable KeyProvider keys;

    KitStore(URI storageUri, Map<String, String> options, @Nullable KeyProvider keys) throws IOException {
        this.storageUri = storageUri;
        this.options = Map.copyOf(options);
        this.keys = keys;
        this.work = Files.createTempDirectory("browserstate-tck-");
        this.user = "tck-" + UUID.randomUUID().toString().substring(0, 12);
        this.counted = new CountingStorageProvider(openProvider(Map.of()));
        this.manager = BrowserState.create(counted, engineOptions().build());
    }

    /**
     * The storage URI under test.
     *
     * @return the storage URI
     */
    public URI storageUri() {
        return storageUri;
    }

    /**
     * The provider options of every provider the kit opens.
     *
     * @return the provider options
     */
    public Map<String, String> options() {
        return options;
    }

    /**
     * The provider under test, wrapped so that what crosses its boundary is counted.
     *
     * @return the counted provider
     */
    public StorageProvider provider() {
        return counted;
    }

    /**
     * The same provider as {@link #provider()}, with its counters.
     *
     * @return the counted provider
     */
    public CountingStorageProvider counted() {
        return counted;
    }

    /**
     * A manager on {@link #provider()}.
     *
     * @return the manager
     */
    public BrowserStateManager manager() {
        return manager;
    }

    /**
     * This test's private directory.
     *
     * @return the test's directory
     */
    public Path work() {
        return work;
    }

    /**
     * This test's user id: random, so that tests never meet each other's sessions.
     *
     * @return the user id
     */
    public String user() {
        return user;
    }

    /**
     * A session of this test's user.
     *
     * @param name the session name
     * @return the id of session {@code name} of {@link #user()}
     */
    public SessionId sid(String name) {
        return SessionId.of(user, name);
    }

    /**
     * A path below this test's directory.
     *
     * @param name the path relative to {@link #work()}
     * @return the path
     */
    public Path dir(String name) {
        return work.resolve(name);
    }

    /**
     * Engine options for the kit's managers: working directories under the test's directory, and
     * encryption under the kit's keys when it runs encrypted.
     *
     * @return a builder of engine options, to adjust further
     */
    public BrowserStateOptions.Builder engineOptions() {
        BrowserStateOptions.Builder b = BrowserStateOptions.builder().workDirectory(work.resolve("mounts")).leaseTtl(Duration.ofSeconds(10))
                .gcGrace(GC_GRACE);
        return keys == null ? b : b.encryption(BrowserStateOptions.AES_256_GCM).keyProvider(keys);
    }

    /**
     * The keys the kit runs under, or {@code null} when it runs without encryption.
     *
     * @return the kit's key provider, or {@code null}
     */
    public @Nullable KeyProvider keys() {
        return keys;
    }

    /**
     * Opens another provider on the same store with extra options; the caller closes it (or {@link #closeLater}).
     *
     * @param extra provider options added to (and overriding) {@link #options()}
     * @return the new provider
     */
    public StorageProvider openProvider(Map<String, String> extra) {
        Map<String, String> all = new HashMap<>(options);
        all.putAll(extra);
        return StorageProviders.open(storageUri, all);
    }

    /**
     * A second manager on the same store (another worker), closed after the test.
     *
     * @return the second manager
     */
    public BrowserStateManager secondManager() {
        BrowserStateManager m = BrowserState.create(openProvider(Map.of()), engineOptions().build());
        closeLater(m);
        return m;
    }

    /**
     * Closes {@code c} after the test.
     *
     * @param c what to close
     */
    public void closeLater(AutoCloseable c) {
        closeLater.add(c);
    }

    /**
     * A head of {@code version} naming the manifest id derived from {@code manifestSeed}.
     *
     * @param version the head's version
     * @param manifestSeed text whose SHA-256 is the manifest id
     * @return the head
     */
    public Head head(long version, String manifestSeed) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new Head(version, ProfileTrees.sha256(manifestSeed.getBytes(StandardCharsets.UTF_8)),
                ProfileTrees.sha256(("record of " + manifestSeed).getBytes(StandardCharsets.UTF_8)), List.of(), now, now, now,
                123, 4, "Chromium 156", Map.of("k", "v"));
    }

    /**
     * Waits until every blob claimed so far is past {@link #GC_GRACE} by the store's clock, so that a
     * collection started now may delete what nothing references.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    public void waitOutGrace() throws InterruptedException {
        awaitStoreTime(provider().time().plus(GC_GRACE));
    }

    /**
     * Waits until the store's clock is past {@code instant} by at least a millisecond (the finest claim
     * time every provider keeps), polling it; fails after 30 s.
     *
     * @param instant the store time to pass
     * @throws InterruptedException when interrupted while waiting
     */
    public void awaitStoreTime(Instant instant) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (provider().time().toEpochMilli() <= instant.toEpochMilli()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the store's clock did not pass " + instant + " within 30 s");
            }
            Thread.sleep(5);
        }
    }

    /**
     * The bytes the user's shared space holds: every blob listed, read back and counted.
     *
     * @return the sum of the stored sizes of the space's blobs
     */
    public long storedBytes() {
        List<String> ids = new ArrayList<>(provider().listBlobs(space()).keySet());
        long bytes = 0;
        for (int i = 0; i < ids.size(); i += 64) {
            for (byte[] b : provider().getBlobs(space(), ids.subList(i, Math.min(ids.size(), i + 64)))) {
                bytes += b == null ? 0 : b.length;
            }
        }
        return bytes;
    }

    /**
     * The shared blob space of this test's user.
     *
     * @return the space every format-2 session of {@link #user()} stores its blobs in
     */
    public BlobSpace space() {
        return BlobSpace.shared(user());
    }

    /**
     * A blob whose id is the SHA-256 of its content.
     *
     * @param content the content, encoded as UTF-8
     * @return the blob
     */
    public static Blob blob(String content) {
        return blob(content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A blob whose id is the SHA-256 of {@code data}.
     *
     * @param data the content
     * @return the blob
     */
    public static Blob blob(byte[] data) {
        return new Blob(ProfileTrees.sha256(data), data);
    }

    /**
     * {@code tree} without what the default exclusions and lock-file rules leave out.
     *
     * @param tree a description from {@link ProfileTrees#describe(Path)}; changed in place
     * @return {@code tree}, without caches and {@code Singleton*} entries
     */
    public static SortedMap<String, String> withoutExcluded(SortedMap<String, String> tree) {
        tree.keySet().removeIf(p -> p.startsWith("Default/Cache") || p.startsWith("Default/Code Cache") || p.startsWith("GPUCache")
                || p.startsWith("Singleton"));
        return tree;
    }

    /**
     * Copies a tree, links as links, attributes kept.
     *
     * @param from the directory to copy
     * @param to the directory the copy goes to; created when missing
     * @throws IOException when reading or writing fails
     */
    public static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isSymbolicLink(p)) {
                    Files.createSymbolicLink(q, Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Files.setLastModifiedTime(to, Files.getLastModifiedTime(from));
    }

    /** Closes what the test opened and deletes its directory. */
    @Override
    public void close() throws IOException {
        RuntimeException failure = null;
        for (AutoCloseable c : closeLater) {
            try {
                c.close();
            } catch (Exception e) {
                failure = failure == null ? new IllegalStateException("Closing what a kit test opened failed", e) : failure;
            }
        }
        manager.close();
        Trees.delete(work);
        if (failure != null) {
            throw failure;
        }
    }
}
