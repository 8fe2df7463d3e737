package io.browserstate.micrometer;

import io.browserstate.api.BrowserStateListener;
import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.OperationEvent;
import io.browserstate.api.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Objects;

/**
 * Records what a {@link BrowserStateManager} does in a Micrometer {@link MeterRegistry}:
 *
 * <ul>
 *   <li>{@value #OPERATIONS} (timer): every save, restore, mount, close, checkpoint, fork, rollback,
 *       delete, garbage collection, migration and rekey, tagged {@code operation}, {@code outcome}
 *       ({@code success}, {@code conflict}, {@code not_found}, {@code corrupt}, {@code failed}) and
 *       {@code backend} (the store's scheme: {@code redis}, {@code file}...);</li>
 *   <li>{@value #BYTES_SENT}, {@value #BYTES_RECEIVED}, {@value #BYTES_REUSED} (distributions, base unit
 *       bytes), per successful operation that moved bytes, tagged {@code operation} and {@code backend};</li>
 *   <li>{@value #CHUNKS_WRITTEN}, {@value #CONFLICTS}, {@value #CORRUPT}, {@value #GC_DELETED}
 *       (counters), tagged {@code backend} (and {@code operation} for the first three).</li>
 * </ul>
 *
 * <p>No meter carries a user or session id (their number has no bound, which a metrics backend pays
 * for) unless {@link #withUserTag()} asks for a {@code user} tag.
 *
 * <pre>{@code
 * BrowserStateMetrics.bind(manager, registry);   // until the manager is closed
 * }</pre>
 *
 * @since 0.5
 */
public final class BrowserStateMetrics implements BrowserStateListener {
    /** Timer of every operation. */
    public static final String OPERATIONS = "browserstate.operations";
    /** Bytes written to the store per operation. */
    public static final String BYTES_SENT = "browserstate.bytes.sent";
    /** Bytes read from the store per operation. */
    public static final String BYTES_RECEIVED = "browserstate.bytes.received";
    /** Bytes of a profile not sent again because the store had their chunks. */
    public static final String BYTES_REUSED = "browserstate.bytes.reused";
    /** Blobs written to the store. */
    public static final String CHUNKS_WRITTEN = "browserstate.chunks.written";
    /** Operations refused by a conflict (a lease held elsewhere, a stale base). */
    public static final String CONFLICTS = "browserstate.conflicts";
    /** Stored data that failed its checks. */
    public static final String CORRUPT = "browserstate.corrupt";
    /** Blobs the garbage collection deleted. */
    public static final String GC_DELETED = "browserstate.gc.deleted";

    private final MeterRegistry registry;
    private final boolean userTag;

    private BrowserStateMetrics(MeterRegistry registry, boolean userTag) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.userTag = userTag;
    }

    /**
     * Metrics into {@code registry}, without user or session tags.
     *
     * @param registry where the meters go
     * @return the listener; register it with {@link BrowserStateManager#addListener}
     */
    public static BrowserStateMetrics of(MeterRegistry registry) {
        return new BrowserStateMetrics(registry, false);
    }

    /**
     * Registers metrics into {@code registry} for {@code manager}.
     *
     * @param manager the manager to observe
     * @param registry where the meters go
     * @return the registration; closing it stops recording
     */
    public static BrowserStateListener.Registration bind(BrowserStateManager manager, MeterRegistry registry) {
        return manager.addListener(of(registry));
    }

    /**
     * These metrics with a {@code user} tag as well: only for a bounded, known set of users.
     *
     * @return a listener recording the same meters tagged by user
     */
    public BrowserStateMetrics withUserTag() {
        return new BrowserStateMetrics(registry, true);
    }

    @Override
    public void onFinished(OperationEvent e) {
        String operation = e.operation().name().toLowerCase(Locale.ROOT);
        Tags base = Tags.of("backend", e.backend());
        if (userTag && e.session() != null) {
            base = base.and("user", e.session().userId());
        }
        Tags ofOperation = base.and("operation", operation);
        Timer.builder(OPERATIONS).description("Operations of BrowserState managers").tags(ofOperation)
                .tag("outcome", e.outcome().name().toLowerCase(Locale.ROOT)).register(registry).record(e.duration());
        if (e.outcome() == Outcome.SUCCESS) {
            summary(BYTES_SENT, "Bytes written to the store per operation", ofOperation, e.bytesSent());
            summary(BYTES_RECEIVED, "Bytes read from the store per operation", ofOperation, e.bytesReceived());
            summary(BYTES_REUSED, "Bytes not sent again because the store had their chunks", ofOperation, e.bytesReused());
            count(CHUNKS_WRITTEN, "Blobs written to the store", ofOperation, e.chunksWritten());
            count(GC_DELETED, "Blobs deleted by garbage collection", base, e.blobsDeleted());
        } else if (e.outcome() == Outcome.CONFLICT) {
            count(CONFLICTS, "Operations refused by a conflict", ofOperation, 1);
        } else if (e.outcome() == Outcome.CORRUPT) {
            count(CORRUPT, "Stored data that failed its checks", ofOperation, 1);
        }
    }

    private void summary(String name, String description, Tags tags, long bytes) {
        if (bytes > 0) {
            DistributionSummary.builder(name).description(description).baseUnit("bytes").tags(tags).register(registry).record(bytes);
        }
    }

    private void count(String name, String description, Tags tags, long n) {
        if (n > 0) {
            Counter.builder(name).description(description).tags(tags).register(registry).increment(n);
        }
    }

    @Override
    public String toString() {
        return "BrowserStateMetrics[" + registry.getClass().getSimpleName() + (userTag ? ", user tag" : "") + "]";
    }
}
