package io.browserstate.legacy.internal;

import io.browserstate.api.CorruptDataException;
import io.browserstate.api.SessionId;
import io.browserstate.core.tree.TreeNames;
import io.browserstate.legacy.LegacyFormat;
import io.browserstate.legacy.internal.PlannedEntry.Kind;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.archivers.zip.ZipMethod;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32;

/**
 * A {@code ts-zip-v2} / {@code py-zip-v2} archive, read through its central directory (where the Unix
 * modes that mark directories and links live). Only STORED and DEFLATE entries are accepted; every
 * entry's CRC-32 and size are verified.
 */
final class ZipArchive implements LegacyArchive {

    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFLNK = 0120000;
    /** Longer link targets than Linux's PATH_MAX are refused. */
    private static final int MAX_LINK_TARGET = 4096;

    private final SessionId id;
    private final ZipFile zip;
    private final List<ZipArchiveEntry> entries;

    ZipArchive(SessionId id, byte[] archive) {
        this.id = id;
        try {
            this.zip = ZipFile.builder()
                    .setSeekableByteChannel(new SeekableInMemoryByteChannel(archive))
                    .setCharset(StandardCharsets.UTF_8)
                    .setUseUnicodeExtraFields(false)
                    .get();
        } catch (IOException | RuntimeException e) {
            throw new CorruptDataException(id, "the value is not a complete ZIP archive (" + rootMessage(e)
                    + "; the end-of-central-directory record is missing or damaged, e.g. a truncated value)", e);
        }
        this.entries = Collections.list(zip.getEntries());
    }

    @Override
    public LegacyFormat format() {
        return LegacyFormat.ZIP_V2;
    }

    @Override
    public List<PlannedEntry> entries() {
        List<PlannedEntry> planned = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            ZipArchiveEntry e = entries.get(i);
            String name = e.getName();
            for (byte b : e.getRawName()) {
                if (b == '\\') {
                    // ZipFile turns backslashes of MS-DOS-made entries into '/'; FORMAT.md refuses them outright
                    throw corrupt(name, "refused: name contains a backslash");
                }
                if (b == 0) {
                    throw corrupt(name, "refused: name contains a NUL character");
                }
            }
            if (e.getGeneralPurposeBit().usesEncryption()) {
                throw corrupt(name, "is encrypted");
            }
            int method = e.getMethod();
            if (method != ZipMethod.STORED.getCode() && method != ZipMethod.DEFLATED.getCode()) {
                throw corrupt(name, "uses compression method " + method + " (only STORED and DEFLATE are accepted)");
            }
            boolean unix = e.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX;
            int mode = unix ? e.getUnixMode() : 0;
            int type = mode & S_IFMT;
            Kind kind;
            if (unix && type == S_IFLNK) {
                if (name.endsWith("/")) {
                    throw corrupt(name, "is marked both as a directory and as a symlink");
                }
                kind = Kind.SYMLINK;
            } else if (name.endsWith("/") || (unix && type == S_IFDIR)) {
                kind = Kind.DIRECTORY;
            } else if (!unix || type == 0 || type == S_IFREG) {
                kind = Kind.FILE;
            } else {
                throw corrupt(name, "has the unsupported file type 0" + Integer.toOctalString(type)
                        + " (only files, directories and symlinks are restored)");
            }
            int permissions = unix && (mode & 0777) != 0 ? mode & 0777 : -1;
            long mtime = e.getTime();
            long size = e.getSize();
            if (kind != Kind.DIRECTORY && size < 0) {
                throw corrupt(name, "has no size in the central directory");
            }
            String target = kind == Kind.SYMLINK ? readLinkTarget(e) : null;
            planned.add(new PlannedEntry(name, kind, permissions, mtime < 0 ? -1 : mtime, kind == Kind.FILE ? size : -1, target, i));
        }
        return planned;
    }

    private String readLinkTarget(ZipArchiveEntry e) {
        if (e.getSize() > MAX_LINK_TARGET) {
            throw corrupt(e.getName(), "is a symlink whose target is " + e.getSize() + " bytes long");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            copy(e, bytes, MAX_LINK_TARGET);
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException ex) {
            throw corrupt(e.getName(), "is a symlink whose target is not valid UTF-8");
        }
    }

    @Override
    public long copyContent(PlannedEntry entry, OutputStream out, long maxBytes) throws IOException {
        return copy(entries.get(entry.handle()), out, maxBytes);
    }

    private long copy(ZipArchiveEntry e, OutputStream out, long maxBytes) throws IOException {
        long declared = e.getSize();
        if (declared > maxBytes) {
            throw corrupt(e.getName(), "declares " + declared + " bytes, more than the " + maxBytes + " bytes left within the restore limit");
        }
        CRC32 crc = new CRC32();
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        InputStream in;
        try {
            in = zip.getInputStream(e);
        } catch (IOException | RuntimeException ex) {
            throw corrupt(e.getName(), "cannot be read (" + ex.getMessage() + ")", ex);
        }
        try (InputStream source = in) {
            while (true) {
                int n;
                try {
                    n = source.read(buffer);
                } catch (IOException | RuntimeException ex) {
                    throw corrupt(e.getName(), "has damaged data (" + ex.getMessage() + ")", ex);
                }
                if (n < 0) {
                    break;
                }
                total += n;
                if (total > declared) {
                    throw corrupt(e.getName(), "holds more data than its declared size of " + declared + " bytes");
                }
                crc.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        }
        if (total != declared) {
            throw corrupt(e.getName(), "holds " + total + " bytes but declares " + declared + " (size mismatch)");
        }
        if (crc.getValue() != e.getCrc()) {
            throw corrupt(e.getName(), "fails its CRC-32 check (stored " + Long.toHexString(e.getCrc()) + ", computed "
                    + Long.toHexString(crc.getValue()) + ")");
        }
        return total;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private CorruptDataException corrupt(String entry, String problem) {
        return new CorruptDataException(id, "ZIP entry " + TreeNames.quote(entry) + " " + problem);
    }

    private CorruptDataException corrupt(String entry, String problem, Throwable cause) {
        return new CorruptDataException(id, "ZIP entry " + TreeNames.quote(entry) + " " + problem, cause);
    }

    @Override
    public void close() {
        ZipFile.closeQuietly(zip);
    }
}
