package io.browserstate.legacy.internal;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32;

/** Builds crafted ZIP values (hostile ones included) the way a test needs them. */
final class Zips {

    private record Entry(String name, int mode, byte[] data, boolean stored) {
    }

    private final List<Entry> entries = new ArrayList<>();

    static Zips builder() {
        return new Zips();
    }

    Zips dir(String name) {
        entries.add(new Entry(name.endsWith("/") ? name : name + "/", 0040755, new byte[0], true));
        return this;
    }

    Zips dir(String name, int permissions) {
        entries.add(new Entry(name.endsWith("/") ? name : name + "/", 0040000 | permissions, new byte[0], true));
        return this;
    }

    Zips file(String name, String content) {
        return file(name, content.getBytes(StandardCharsets.UTF_8), 0100644);
    }

    Zips file(String name, byte[] content, int mode) {
        entries.add(new Entry(name, mode, content, false));
        return this;
    }

    Zips storedFile(String name, byte[] content) {
        entries.add(new Entry(name, 0100644, content, true));
        return this;
    }

    Zips link(String name, String target) {
        entries.add(new Entry(name, 0120777, target.getBytes(StandardCharsets.UTF_8), true));
        return this;
    }

    byte[] zip() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            zip.setEncoding("UTF-8");
            for (Entry e : entries) {
                ZipArchiveEntry entry = new ZipArchiveEntry(e.name());
                entry.setUnixMode(e.mode());
                if (e.stored()) {
                    CRC32 crc = new CRC32();
                    crc.update(e.data());
                    entry.setMethod(ZipArchiveOutputStream.STORED);
                    entry.setSize(e.data().length);
                    entry.setCompressedSize(e.data().length);
                    entry.setCrc(crc.getValue());
                } else {
                    entry.setMethod(ZipArchiveOutputStream.DEFLATED);
                }
                zip.putArchiveEntry(entry);
                zip.write(e.data());
                zip.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The value as stored in Redis: base64 of the archive. */
    byte[] value() {
        return base64(zip());
    }

    static byte[] base64(byte[] archive) {
        return Base64.getEncoder().encode(archive);
    }

    /** Overwrites a little-endian 16-bit field at {@code offset} of every header with the given signature. */
    static byte[] patchEveryHeader(byte[] archive, int signature, int offset, int value) {
        byte[] copy = archive.clone();
        for (int i = 0; i + 4 <= copy.length; i++) {
            int sig = (copy[i] & 0xff) | (copy[i + 1] & 0xff) << 8 | (copy[i + 2] & 0xff) << 16 | (copy[i + 3] & 0xff) << 24;
            if (sig == signature) {
                copy[i + offset] = (byte) value;
                copy[i + offset + 1] = (byte) (value >> 8);
            }
        }
        return copy;
    }

    /** Replaces every occurrence of an ASCII marker by another of the same length (names in headers). */
    static byte[] replaceAll(byte[] archive, String marker, String replacement) {
        byte[] from = marker.getBytes(StandardCharsets.US_ASCII);
        byte[] to = replacement.getBytes(StandardCharsets.US_ASCII);
        if (from.length != to.length) {
            throw new IllegalArgumentException("marker and replacement must have the same length");
        }
        byte[] copy = archive.clone();
        outer:
        for (int i = 0; i + from.length <= copy.length; i++) {
            for (int j = 0; j < from.length; j++) {
                if (copy[i + j] != from[j]) {
                    continue outer;
                }
            }
            System.arraycopy(to, 0, copy, i, to.length);
        }
        return copy;
    }

    static final int LOCAL_HEADER = 0x04034b50;
    static final int CENTRAL_HEADER = 0x02014b50;
}
