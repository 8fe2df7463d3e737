package io.browserstate.core.internal;

import io.browserstate.api.SkippedFile;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Walks a profile directory without following links and lists what a snapshot holds. */
public final class Scanner {

    /** One path found by a scan. */
    public record Scanned(String path, String type, Integer mode, long mtimeNanos, long size, String target, Path file) {
    }

    /** What a scan found and what it left out. */
    public record Result(List<Scanned> entries, List<SkippedFile> skipped) {
    }

    private Scanner() {
    }

    public static Result scan(Path root, ExcludePolicy policy, long maxFileSize) throws IOException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(root.toString(), null, "not a directory");
        }
        List<Scanned> entries = new ArrayList<>();
        List<SkippedFile> skipped = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.equals(root)) {
                    return FileVisitResult.CONTINUE;
                }
                String rel = relative(root, dir);
                if (policy.excludes(rel)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                entries.add(new Scanned(rel, Manifest.Entry.DIR, mode(dir), nanos(attrs), 0, null, dir));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String rel = relative(root, file);
                if (policy.excludes(rel)) {
                    return FileVisitResult.CONTINUE;
                }
                if (attrs.isSymbolicLink()) {
                    String target = Files.readSymbolicLink(file).toString();
                    if (SafePaths.linkStaysInside(rel, target)) {
                        entries.add(new Scanned(rel, Manifest.Entry.SYMLINK, null, nanos(attrs), 0, target, file));
                    } else {
                        skipped.add(new SkippedFile(rel, 0, "symlink to '" + target + "' points outside the profile"));
                    }
                } else if (attrs.isRegularFile()) {
                    if (maxFileSize > 0 && attrs.size() > maxFileSize) {
                        skipped.add(new SkippedFile(rel, attrs.size(), "larger than maxFileSize (" + maxFileSize + " bytes)"));
                    } else {
                        entries.add(new Scanned(rel, Manifest.Entry.FILE, mode(file), nanos(attrs), attrs.size(), null, file));
                    }
                } else {
                    skipped.add(new SkippedFile(rel, attrs.size(), "not a regular file, directory or symlink"));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                if (exc instanceof NoSuchFileException) {
                    skipped.add(new SkippedFile(relative(root, file), 0, "vanished during the scan"));
                    return FileVisitResult.CONTINUE;
                }
                throw exc;
            }
        });
        entries.sort(Comparator.comparing(Scanned::path));
        return new Result(entries, skipped);
    }

    static String relative(Path root, Path p) {
        Path rel = root.relativize(p);
        StringBuilder sb = new StringBuilder();
        for (Path part : rel) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(part.toString());
        }
        return sb.toString();
    }

    static long nanos(BasicFileAttributes attrs) {
        return attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS);
    }

    static Integer mode(Path p) throws IOException {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
            return Modes.toBits(perms);
        } catch (UnsupportedOperationException e) {
            return null;
        }
    }
}
