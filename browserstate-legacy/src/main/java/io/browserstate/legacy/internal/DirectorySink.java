package io.browserstate.legacy.internal;

import io.browserstate.core.tree.TreeWriter;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a plan through the tree pipeline's {@link TreeWriter}. Legacy values often carry odd modes,
 * so the owner always keeps read and write on files, and read, write and search on directories.
 */
final class DirectorySink implements RestoreSink {

    private final TreeWriter writer;

    DirectorySink(TreeWriter writer) {
        this.writer = writer;
    }

    @Override
    public void directory(String name) throws IOException {
        writer.directory(name);
    }

    @Override
    public OutputStream file(String name) throws IOException {
        return writer.newFile(name);
    }

    @Override
    public void fileDone(String name, int mode, long mtimeNanos) throws IOException {
        writer.attributes(name, mode < 0 ? -1 : (mode & 0777) | 0600, mtimeNanos);
    }

    @Override
    public void symlink(String name, String target) throws IOException {
        writer.symlink(name, target);
    }

    @Override
    public void directoryDone(String name, int mode, long mtimeNanos) throws IOException {
        writer.attributes(name, mode < 0 ? -1 : (mode & 0777) | 0700, mtimeNanos);
    }
}
