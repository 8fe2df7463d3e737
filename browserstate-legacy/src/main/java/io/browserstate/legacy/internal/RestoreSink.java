package io.browserstate.legacy.internal;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Where a validated plan is materialised: a staging directory, or nowhere (a dry run that still
 * reads and verifies every byte). Called with parents before children, files before links. Modes are
 * permission bits or -1, times nanoseconds since the epoch or {@link Long#MIN_VALUE} when unknown.
 */
interface RestoreSink {

    void directory(String name) throws IOException;

    OutputStream file(String name) throws IOException;

    void fileDone(String name, int mode, long mtimeNanos) throws IOException;

    void symlink(String name, String target) throws IOException;

    /** Called for every directory after all content was written, children before parents. */
    void directoryDone(String name, int mode, long mtimeNanos) throws IOException;

    /** A sink that writes nothing: used to verify a value without touching the disk. */
    static RestoreSink discarding() {
        return new RestoreSink() {
            @Override
            public void directory(String name) {
            }

            @Override
            public OutputStream file(String name) {
                return OutputStream.nullOutputStream();
            }

            @Override
            public void fileDone(String name, int mode, long mtimeNanos) {
            }

            @Override
            public void symlink(String name, String target) {
            }

            @Override
            public void directoryDone(String name, int mode, long mtimeNanos) {
            }
        };
    }
}
