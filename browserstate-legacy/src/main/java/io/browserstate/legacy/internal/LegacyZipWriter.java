package io.browserstate.legacy.internal;

import io.browserstate.api.BrowserStateException;
import io.browserstate.api.CorruptDataException;
import io.browserstate.api.SessionId;
import io.browserstate.api.SkippedFile;
import io.browserstate.core.tree.Hashing;
import io.browserstate.core.tree.LinkResolver;
import io.browserstate.core.tree.TreeNames;
import io.browserstate.core.tree.TreePlan;
import io.browserstate.legacy.internal.PlannedEntry.Kind;

import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * Writes a profile directory as a {@code ts-zip-v2} value: a ZIP archive of the directory's contents
 * (directory entries first, files DEFLATE, symlinks as Unix link entries with mode {@code 0120777},
 * Unix modes in the central directory, names UTF-8), base64-encoded on one line.
 *
 * <p>{@code Singleton*} entries are left out. Links that a safe reader would refuse (pointing outside
 * the profile), sockets, FIFOs and devices are skipped and reported, so that every value written here
 * can be restored by this library and by the original readers.
 */
public final class LegacyZipWriter {

    /** Redis refuses bulk strings above 512 MB by default; the base64 text is 4/3 of the archive. */
    public static final long MAX_ARCHIVE_BYTES = 384L * 1024 * 1024;

    /**
     * One written value.
     *
     * @param value the base64 text to store
     * @param sha256 SHA-256 of {@code value}
     * @param files regular files written
     * @param directories directory entries written
     * @param symlinks link entries written
     * @param bytes bytes of file content
     * @param skipped what was left out, with the reason
     */
    public record Written(byte[] value, String sha256, long files, long directories, long symlinks, long bytes, List<SkippedFile> skipped) {
    }

    private final SessionId id;
    private final Path root;
    private final int level;
    private final List<SkippedFile> skipped = new ArrayList<>();
    private final List<PlannedEntry> written = new ArrayList<>();
    private long files;
    private long directories;
    private long symlinks;
    private long bytes;

    private LegacyZipWriter(SessionId id, Path root, int level) {
        this.id = id;
        this.root = root;
        this.level = level;
    }

    /**
     * Archives {@code profileDirectory}.
     *
     * @param level DEFLATE level, 0 to 9
     * @throws BrowserStateException when the directory cannot be read or the archive would be too large
     *     for one Redis value
     */
    public static Written write(SessionId id, Path profileDirectory, int level) {
        Path root = profileDirectory.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new BrowserStateException("Session " + id + ": profile directory " + root + " does not exist or is not a directory");
        }
        return new LegacyZipWriter(id, root, level).run();
    }

    private Written run() {
        BoundedBuffer buffer = new BoundedBuffer();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(buffer)) {
            zip.setEncoding(StandardCharsets.UTF_8.name());
            zip.setUseLanguageEncodingFlag(true);
            zip.setCreateUnicodeExtraFields(ZipArchiveOutputStream.UnicodeExtraFieldPolicy.NEVER);
            zip.setFallbackToUTF8(false);
            zip.setUseZip64(Zip64Mode.Never);
            zip.setMethod(ZipArchiveOutputStream.DEFLATED);
            zip.setLevel(level);
            walk(zip, root, "");
            zip.finish();
        } catch (IOException e) {
            throw new BrowserStateException("Session " + id + ": cannot archive " + root + " in the legacy ZIP format: " + e, e);
        }
        checkReadable();
        byte[] value = Base64.getEncoder().encode(buffer.toByteArray());
        return new Written(value, Hashing.sha256(value), files, directories, symlinks, bytes, skipped);
    }

    /** Children sorted by name; a directory's entry precedes its contents. */
    private void walk(ZipArchiveOutputStream zip, Path dir, String prefix) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(children::add);
        }
        children.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        for (Path child : children) {
            String name = prefix + child.getFileName().toString();
            if (TreeNames.LOCK_FILE_NAMES.contains(child.getFileName().toString())) {
                skipped.add(new SkippedFile(name, 0, "Chromium lock entry; never stored"));
                continue;
            }
            String problem = TreeNames.problem(name);
            if (problem != null) {
                skipped.add(new SkippedFile(name, 0, "name cannot be stored: " + problem));
                continue;
            }
            BasicFileAttributes attrs = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            int permissions = permissions(child, attrs.isDirectory() ? 0755 : 0644);
            long mtime = attrs.lastModifiedTime().toMillis();
            if (attrs.isSymbolicLink()) {
                link(zip, child, name, mtime);
            } else if (attrs.isDirectory()) {
                ZipArchiveEntry entry = new ZipArchiveEntry(name + "/");
                entry.setMethod(ZipArchiveOutputStream.STORED);
                entry.setSize(0);
                entry.setCompressedSize(0);
                entry.setCrc(0);
                entry.setUnixMode(0040000 | permissions);
                entry.setTime(mtime);
                zip.putArchiveEntry(entry);
                zip.closeArchiveEntry();
                directories++;
                written.add(new PlannedEntry(name, Kind.DIRECTORY, permissions, mtime, 0, null, -1));
                walk(zip, child, name + "/");
            } else if (attrs.isRegularFile()) {
                ZipArchiveEntry entry = new ZipArchiveEntry(name);
                entry.setMethod(ZipArchiveOutputStream.DEFLATED);
                entry.setUnixMode(0100000 | permissions);
                entry.setTime(mtime);
                zip.putArchiveEntry(entry);
                long size;
                try (InputStream in = Files.newInputStream(child, LinkOption.NOFOLLOW_LINKS)) {
                    size = in.transferTo(zip);
                }
                zip.closeArchiveEntry();
                files++;
                bytes += size;
                written.add(new PlannedEntry(name, Kind.FILE, permissions, mtime, size, null, -1));
            } else {
                skipped.add(new SkippedFile(name, attrs.size(), "not a regular file, directory or symlink (socket, FIFO or device)"));
            }
        }
    }

    private void link(ZipArchiveOutputStream zip, Path link, String name, long mtime) throws IOException {
        Path target = Files.readSymbolicLink(link);
        String stored;
        if (target.isAbsolute()) {
            Path absolute = target.normalize();
            if (!absolute.startsWith(root) || absolute.equals(root)) {
                skipped.add(new SkippedFile(name, 0, "symlink to " + target + " points outside the profile"));
                return;
            }
            stored = link.getParent().relativize(absolute).toString();
            if (stored.isEmpty()) {
                stored = ".";
            }
        } else {
            stored = target.toString();
        }
        if (new LinkResolver(Map.of()).problem(name, stored) != null) {
            skipped.add(new SkippedFile(name, 0, "symlink to " + target + " points outside the profile"));
            return;
        }
        byte[] data = stored.getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(data);
        ZipArchiveEntry entry = new ZipArchiveEntry(name);
        entry.setMethod(ZipArchiveOutputStream.STORED);
        entry.setSize(data.length);
        entry.setCompressedSize(data.length);
        entry.setCrc(crc.getValue());
        entry.setUnixMode(0120777);
        entry.setTime(mtime);
        zip.putArchiveEntry(entry);
        zip.write(data);
        zip.closeArchiveEntry();
        symlinks++;
        written.add(new PlannedEntry(name, Kind.SYMLINK, -1, mtime, -1, stored, -1));
    }

    /** Every value written here must pass this library's own safe reader (links through links included). */
    private void checkReadable() {
        try {
            Extraction.plan(id, written, new TreePlan.Limits(Long.MAX_VALUE, Long.MAX_VALUE, "none"));
        } catch (CorruptDataException e) {
            throw new BrowserStateException("Session " + id + ": the profile " + root
                    + " cannot be written in the legacy format because readers would refuse it: " + e.getMessage(), e);
        }
    }

    private static int permissions(Path path, int fallback) throws IOException {
        try {
            PosixFileAttributes posix = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Set<PosixFilePermission> set = posix.permissions();
            int mode = 0;
            for (PosixFilePermission p : set) {
                mode |= 1 << (8 - p.ordinal());
            }
            return mode;
        } catch (UnsupportedOperationException e) {
            return fallback;
        }
    }

    /** Collects the archive, failing once it outgrows what one Redis value can hold. */
    private final class BoundedBuffer extends OutputStream {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);

        @Override
        public void write(int b) throws IOException {
            check(1);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            check(len);
            out.write(b, off, len);
        }

        private void check(int more) throws IOException {
            if (out.size() + (long) more > MAX_ARCHIVE_BYTES) {
                throw new IOException("the archive of " + root + " exceeds " + MAX_ARCHIVE_BYTES
                        + " bytes, too large for one Redis value once base64-encoded");
            }
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }
}
