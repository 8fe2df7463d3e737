package io.browserstate.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The original TypeScript/Python library's approach, re-created in Java as fairly as it allows: the
 * whole profile as one ZIP at deflate level 9, base64-encoded into one value, one {@code SET} (plus
 * a small metadata key); restore by {@code GET}, decode, unzip. The base64 text stays bytes (no
 * {@code String} round trip), which favours the baseline.
 */
final class ZipBaseline {

    private ZipBaseline() {
    }

    /** Saves {@code dir} under {@code key}; returns the bytes sent. */
    static long save(RawRedis redis, Path dir, String key) throws IOException {
        byte[] zipped = zip(dir);
        byte[] base64 = Base64.getEncoder().encode(zipped);
        redis.sync().set(key, base64);
        redis.sync().set(key + ":metadata", ("{\"size\":" + zipped.length + ",\"savedAt\":" + System.currentTimeMillis() + "}")
                .getBytes(StandardCharsets.UTF_8));
        return base64.length;
    }

    /** Restores the value under {@code key} into {@code target}; returns the bytes read. */
    static long restore(RawRedis redis, String key, Path target) throws IOException {
        byte[] base64 = redis.sync().get(key);
        if (base64 == null) {
            throw new IllegalStateException("baseline key " + key + " is missing");
        }
        unzip(Base64.getDecoder().decode(base64), target);
        return base64.length;
    }

    static byte[] zip(Path dir) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            List<Path> files = ProfileTree.files(dir);
            for (Path rel : files) {
                zip.putNextEntry(new ZipEntry(rel.toString().replace('\\', '/')));
                Files.copy(dir.resolve(rel), zip);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    static void unzip(byte[] zipped, Path target) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        Files.createDirectories(root);
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(zipped))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                Path p = root.resolve(e.getName()).normalize();
                if (!p.startsWith(root) || p.equals(root)) {
                    throw new IOException("zip entry '" + e.getName() + "' points outside " + root);
                }
                if (e.isDirectory()) {
                    Files.createDirectories(p);
                } else {
                    Files.createDirectories(p.getParent());
                    Files.copy(zip, p);
                }
            }
        }
    }
}
