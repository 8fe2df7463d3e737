package io.browserstate.api;

/**
 * Hears what a {@link BrowserStateManager} does: how far long operations have got, and how each
 * operation ended with its figures. Registered with {@link BrowserStateManager#addListener}; used by
 * progress bars, metrics ({@code browserstate-micrometer}) and audit logs.
 *
 * <p>Called on the thread doing the work, progress possibly from worker threads at once: be quick,
 * and thread-safe. An exception thrown by a listener is logged and ignored; it never fails the
 * operation.
 *
 * @since 0.5
 */
public interface BrowserStateListener {
    /**
     * Progress of a save, restore, mount, close or checkpoint: at each phase, and as files and bytes
     * get done (at most about every 64 chunks).
     *
     * @param progress how far it has got
     */
    default void onProgress(Progress progress) {
    }

    /**
     * An operation ended, successfully or not.
     *
     * @param event what ran and its figures
     */
    default void onFinished(OperationEvent event) {
    }

    /**
     * A registration, to stop listening.
     */
    @FunctionalInterface
    interface Registration extends AutoCloseable {
        /** Stops the listener from hearing anything more. */
        @Override
        void close();
    }
}
