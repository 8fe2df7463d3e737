package io.browserstate.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Profile-shaped directory trees: a synthetic generator (about half the bytes compressible JSON, text
 * and SQLite-like pages, half random like cached images and encrypted blobs), and the file walking,
 * comparing and editing the benchmark needs.
 */
final class ProfileTree {

    /** The small file the delta save changes. */
    static final String SMALL_FILE = "Default/Preferences";
    static final int MAX_FILE = 4 * 1024 * 1024;
    private static final int POOL = 8 * 1024 * 1024;
    private static final String[] WORDS = ("the session cookie origin value expires secure httponly samesite path domain "
            + "name token user profile account settings theme language region currency cart item price quantity total "
            + "checkout payment address shipping order status pending complete cancelled refund message subject body "
            + "inbox draft sent archive label folder search query result page next previous timestamp created updated "
            + "visited title url favicon history download extension permission notification geolocation camera "
            + "microphone clipboard storage quota indexeddb localstorage serviceworker cache manifest version").split(" ");

    private enum Kind { JSON, TEXT, SQLITE, RANDOM }

    private ProfileTree() {
    }

    /** Statistics of a tree. */
    record Shape(long files, long bytes) {
    }

    /**
     * Writes a synthetic profile of about {@code totalBytes} in {@code fileCount} files into {@code dir}.
     * The same seed gives the same tree.
     */
    static Shape generate(Path dir, long totalBytes, int fileCount, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        long[] sizes = sizes(random, totalBytes, fileCount);
        Kind[] kinds = new Kind[fileCount];
        Integer[] order = new Integer[fileCount];
        for (int i = 0; i < fileCount; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Long.compare(sizes[b], sizes[a]));
        long compressible = 0;
        long incompressible = 0;
        for (int i : order) {
            if (compressible <= incompressible) {
                kinds[i] = switch (random.nextInt(3)) {
                    case 0 -> Kind.JSON;
                    case 1 -> Kind.TEXT;
                    default -> Kind.SQLITE;
                };
                compressible += sizes[i];
            } else {
                kinds[i] = Kind.RANDOM;
                incompressible += sizes[i];
            }
        }
        byte[] textPool = textPool(new SplittableRandom(seed ^ 0x5DEECE66DL));
        byte[] sqlitePool = sqlitePool(new SplittableRandom(seed ^ 0xB5AD4ECEDA1CE2A9L));
        Files.createDirectories(dir);
        long bytes = 0;
        for (int i = 0; i < fileCount; i++) {
            String rel = i == 0 ? SMALL_FILE : path(kinds[i], i, random);
            Path file = dir.resolve(rel);
            Files.createDirectories(file.getParent());
            byte[] content = switch (i == 0 ? Kind.JSON : kinds[i]) {
                case RANDOM -> {
                    byte[] b = new byte[(int) sizes[i]];
                    random.split().nextBytes(b);
                    yield b;
                }
                case SQLITE -> slices(sqlitePool, (int) sizes[i], 4096, random);
                default -> slices(textPool, (int) sizes[i], 1, random);
            };
            Files.write(file, content);
            bytes += content.length;
        }
        return new Shape(fileCount, bytes);
    }

    /** File sizes, log-uniform between 256 B and 4 MiB, scaled to the total. The first is small (4 KiB). */
    private static long[] sizes(SplittableRandom random, long total, int count) {
        double[] w = new double[count];
        double sum = 0;
        for (int i = 1; i < count; i++) {
            w[i] = Math.exp(Math.log(256) + random.nextDouble() * (Math.log(MAX_FILE) - Math.log(256)));
            sum += w[i];
        }
        long[] sizes = new long[count];
        sizes[0] = 4096;
        long remaining = total - sizes[0];
        for (int round = 0; round < 20 && remaining > 0; round++) {
            double open = 0;
            for (int i = 1; i < count; i++) {
                if (sizes[i] < MAX_FILE) {
                    open += w[i];
                }
            }
            if (open == 0) {
                break;
            }
            long given = 0;
            for (int i = 1; i < count; i++) {
                if (sizes[i] < MAX_FILE) {
                    long add = Math.min(MAX_FILE - sizes[i], Math.max(1, (long) (remaining * w[i] / open)));
                    sizes[i] += add;
                    given += add;
                }
            }
            remaining -= given;
        }
        for (int i = 1; i < count; i++) {
            sizes[i] = Math.max(256, sizes[i]);
        }
        return sizes;
    }

    private static String path(Kind kind, int i, SplittableRandom random) {
        String origin = "http_127.0.0.1_" + (8000 + random.nextInt(6));
        return switch (kind) {
            case JSON -> List.of("Default/Extensions/ext" + i + "/manifest-" + i + ".json", "Default/Sync Data/state-" + i + ".json",
                    "Default/Local Storage/leveldb/" + String.format("%06d", i) + ".log").get(random.nextInt(3));
            case TEXT -> List.of("Default/Session Storage/" + String.format("%06d", i) + ".log",
                    "Default/Network/TransportSecurity-" + i, "Default/Platform Notifications/" + String.format("%06d", i) + ".log")
                    .get(random.nextInt(3));
            case SQLITE -> List.of("Default/History-" + i, "Default/Web Data-" + i, "Default/Network/Cookies-" + i,
                    "Default/Login Data-" + i).get(random.nextInt(4));
            case RANDOM -> List.of("Default/Service Worker/CacheStorage/" + Integer.toHexString(0x1000 + i) + "/" + i + "_0",
                    "Default/IndexedDB/" + origin + ".indexeddb.blob/1/00/" + Integer.toHexString(i),
                    "Default/File System/000/p/00/" + String.format("%08d", i)).get(random.nextInt(3));
        };
    }

    /** JSON-like and log-like text made of a small vocabulary with numbers: compresses about 3 to 5 times. */
    private static byte[] textPool(SplittableRandom random) {
        StringBuilder sb = new StringBuilder(POOL + 1024);
        while (sb.length() < POOL) {
            sb.append("{\"").append(WORDS[random.nextInt(WORDS.length)]).append("\":{\"id\":").append(random.nextInt(1_000_000))
                    .append(",\"").append(WORDS[random.nextInt(WORDS.length)]).append("\":\"");
            int n = 3 + random.nextInt(12);
            for (int k = 0; k < n; k++) {
                sb.append(WORDS[random.nextInt(WORDS.length)]).append(k % 4 == 3 ? "-" + random.nextInt(100_000) : "").append(' ');
            }
            sb.append("\",\"t\":").append(1_700_000_000_000L + random.nextInt(1_000_000_000)).append("}}\n");
        }
        return sb.substring(0, POOL).getBytes(StandardCharsets.US_ASCII);
    }

    /** 4 KiB pages: a header, records of text and integers growing from the end, zeros in between. */
    private static byte[] sqlitePool(SplittableRandom random) {
        byte[] pool = new byte[POOL];
        ByteBuffer page = ByteBuffer.wrap(pool);
        for (int p = 0; p < POOL / 4096; p++) {
            int base = p * 4096;
            page.put(base, (byte) 0x0d);
            page.putShort(base + 3, (short) (5 + random.nextInt(20)));
            int end = base + 4096;
            int fill = 1024 + random.nextInt(2560);
            int at = end;
            while (end - at < fill) {
                StringBuilder rec = new StringBuilder();
                rec.append(random.nextInt(100_000)).append('|').append(WORDS[random.nextInt(WORDS.length)]).append("://")
                        .append(WORDS[random.nextInt(WORDS.length)]).append('.').append(WORDS[random.nextInt(WORDS.length)])
                        .append("/").append(random.nextInt(10_000)).append('|').append(1_700_000_000L + random.nextInt(100_000_000));
                byte[] r = rec.toString().getBytes(StandardCharsets.US_ASCII);
                if (at - r.length < base + 64) {
                    break;
                }
                at -= r.length;
                System.arraycopy(r, 0, pool, at, r.length);
            }
        }
        return pool;
    }

    /** {@code size} bytes copied from random places of {@code pool}, in pieces of 16 to 64 KiB aligned to {@code align}. */
    private static byte[] slices(byte[] pool, int size, int align, SplittableRandom random) {
        byte[] out = new byte[size];
        int at = 0;
        while (at < size) {
            int len = Math.min(size - at, 16 * 1024 + random.nextInt(48 * 1024));
            int from = random.nextInt(pool.length - len);
            from -= from % align;
            System.arraycopy(pool, from, out, at, len);
            at += len;
        }
        return out;
    }

    /** Changes a few bytes in the middle of {@code file} (size kept) and moves its modification time on. */
    static void changeSmallFile(Path file, int round) throws IOException {
        long size = Files.size(file);
        byte[] stamp = String.format("%08d", round).getBytes(StandardCharsets.US_ASCII);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(stamp, 0, (int) Math.min(stamp.length, size)), size / 2);
        }
        FileTime before = Files.getLastModifiedTime(file);
        Files.setLastModifiedTime(file, FileTime.fromMillis(Math.max(System.currentTimeMillis(), before.toMillis() + 1000)));
    }

    /** Regular files under {@code dir}, relative, sorted. */
    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).map(dir::relativize).sorted().toList();
        }
    }

    static Shape shape(Path dir) throws IOException {
        long bytes = 0;
        List<Path> files = files(dir);
        for (Path f : files) {
            bytes += Files.size(dir.resolve(f));
        }
        return new Shape(files.size(), bytes);
    }

    /** Bytes of all regular files under {@code dir} (0 when it does not exist). */
    static long sizeOf(Path dir) throws IOException {
        return Files.exists(dir) ? shape(dir).bytes() : 0;
    }

    /** Throws unless both trees hold the same files with the same bytes. */
    static void assertSame(Path expected, Path actual, String what) throws IOException {
        List<Path> a = files(expected);
        List<Path> b = files(actual);
        if (!a.equals(b)) {
            List<Path> missing = new ArrayList<>(a);
            missing.removeAll(b);
            List<Path> extra = new ArrayList<>(b);
            extra.removeAll(a);
            throw new IllegalStateException(what + ": restored tree differs; missing " + head(missing) + ", unexpected " + head(extra));
        }
        for (Path p : a) {
            if (Files.mismatch(expected.resolve(p), actual.resolve(p)) != -1) {
                throw new IllegalStateException(what + ": restored file " + p + " differs from the original");
            }
        }
    }

    private static List<Path> head(List<Path> l) {
        return l.size() <= 5 ? l : l.subList(0, 5);
    }

    /**
     * Copies the regular files and directories of {@code from} into {@code to} (links are left out: the
     * workload is the bytes) and names the smallest non-empty file, which the delta save changes.
     */
    static String copy(Path from, Path to) throws IOException {
        String[] smallest = {null};
        long[] size = {Long.MAX_VALUE};
        try (var walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(dest);
                } else if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.copy(p, dest, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                    long n = Files.size(p);
                    if (n > 0 && n < size[0]) {
                        size[0] = n;
                        smallest[0] = from.relativize(p).toString();
                    }
                }
            }
        }
        if (smallest[0] == null) {
            throw new IllegalArgumentException("--tree " + from + " holds no non-empty file");
        }
        return smallest[0];
    }
}
