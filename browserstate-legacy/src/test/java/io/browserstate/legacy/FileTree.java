package io.browserstate.legacy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** A directory tree as {@code expected-files.json} describes one: path to type, size, SHA-256, link target. */
final class FileTree {

    /** One entry; for links size and digest describe the UTF-8 target string. */
    record Node(String type, long size, String sha256, String target) {
    }

    private FileTree() {
    }

    /** Every entry below {@code root} (not {@code root} itself), links not followed. Empty when root is absent. */
    static Map<String, Node> of(Path root) {
        Map<String, Node> tree = new TreeMap<>();
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return tree;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!dir.equals(root)) {
                        tree.put(name(root, dir), new Node("dir", 0, null, null));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isSymbolicLink()) {
                        String target = Files.readSymbolicLink(file).toString();
                        byte[] bytes = target.getBytes(StandardCharsets.UTF_8);
                        tree.put(name(root, file), new Node("symlink", bytes.length, sha256(bytes), target));
                    } else if (attrs.isRegularFile()) {
                        MessageDigest digest = sha();
                        long size = 0;
                        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                            byte[] buf = new byte[65536];
                            for (int n; (n = in.read(buf)) > 0; ) {
                                digest.update(buf, 0, n);
                                size += n;
                            }
                        }
                        tree.put(name(root, file), new Node("file", size, HexFormat.of().formatHex(digest.digest()), null));
                    } else {
                        tree.put(name(root, file), new Node("other", attrs.size(), null, null));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tree;
    }

    private static String name(Path root, Path p) {
        return root.relativize(p).toString().replace(java.io.File.separatorChar, '/');
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha().digest(bytes));
    }

    private static MessageDigest sha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
