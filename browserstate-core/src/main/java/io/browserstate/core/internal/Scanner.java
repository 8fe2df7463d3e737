package io.browserstate.core.internal;

import io.browserstate.api.SkippedFile;
import io.browserstate.core.tree.LinkResolver;
import io.browserstate.core.tree.Modes;
import io.browserstate.core.tree.TreeNames;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Walks a profile directory without following links and lists what a snapshot holds. Applies the same
 * rules as every restore ({@link TreeNames}, {@link LinkResolver}), so that a snapshot it produced always
 * restores: a name that cannot be stored exactly, or a link that resolves outside the profile, is
 * skipped and reported instead.
 */
public final class Scanner {

    /** One path found by a scan. */
    public record Scanned(String path, String type, Integer mode, long mtimeNanos, long size, String target, Path file) {
    }

    /**
     * What a scan found and what it left out.
     *
     * @param entries what the snapshot holds, sorted by path
     * @param skipped what could not be stored, with the reason
     * @param excluded the top-most paths left out by exclusion rules (not Chromium's lock files)
     */
    public record Result(List<Scanned> entries, List<SkippedFile> skipped, List<String> excluded) {
    }

    private Scanner() {
    }

    public static Result scan(Path root, ExcludePolicy policy, long maxFileSize) throws IOException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(root.toString(), null, "not a directory");
        }
        List<Scanned> entries = new ArrayList<>();
        List<SkippedFile> skipped = new ArrayList<>();
        List<String> excluded = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.equals(root)) {
                    return FileVisitResult.CONTINUE;
                }
                String rel = relative(root, dir);
                if (leftOut(dir, rel, attrs, policy, skipped, excluded)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                entries.add(new Scanned(rel, Manifest.Entry.DIR, mode(dir), nanos(attrs), 0, null, dir));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String rel = relative(root, file);
                if (leftOut(file, rel, attrs, policy, skipped, excluded)) {
                    return FileVisitResult.CONTINUE;
                }
                if (attrs.isSymbolicLink()) {
                    entries.add(new Scanned(rel, Manifest.Entry.SYMLINK, null, nanos(attrs), 0, Files.readSymbolicLink(file).toString(), file));
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
        return new Result(keepDatabasesWithTheirLogs(dropEscapingLinks(entries, skipped), skipped, excluded), skipped, excluded);
    }

    /** Suffixes of the SQLite logs a database needs to come back consistent (rollback journal, write-ahead log). */
    static final List<String> SQLITE_LOGS = List.of("-journal", "-wal");

    /**
     * Leaves out every file whose SQLite log ({@code X-journal}, {@code X-wal}) was left out (excluded,
     * over the size limit, unreadable): a database saved without its log comes back without the
     * transactions the log holds, or with a half-written page, which SQLite then reads as corrupt.
     */
    private static List<Scanned> keepDatabasesWithTheirLogs(List<Scanned> entries, List<SkippedFile> skipped, List<String> excluded) {
        Map<String, String> lostLogs = new LinkedHashMap<>();
        for (SkippedFile f : skipped) {
            noteLog(f.path(), "skipped: " + f.reason(), lostLogs);
        }
        for (String path : excluded) {
            noteLog(path, "excluded", lostLogs);
        }
        if (lostLogs.isEmpty()) {
            return entries;
        }
        List<Scanned> kept = new ArrayList<>(entries.size());
        for (Scanned s : entries) {
            String why = Manifest.Entry.FILE.equals(s.type()) ? lostLogs.get(s.path()) : null;
            if (why == null) {
                kept.add(s);
            } else {
                skipped.add(new SkippedFile(s.path(), s.size(), "its SQLite log " + why + "; a database saved without its log would come"
                        + " back inconsistent"));
            }
        }
        return kept;
    }

    private static void noteLog(String path, String why, Map<String, String> lostLogs) {
        for (String suffix : SQLITE_LOGS) {
            if (path.endsWith(suffix) && path.length() > suffix.length()) {
                lostLogs.putIfAbsent(path.substring(0, path.length() - suffix.length()), TreeNames.quote(path) + " was " + why);
            }
        }
    }

    /** Whether the path is excluded, or has a name that cannot be stored (then it is reported). */
    private static boolean leftOut(Path p, String rel, BasicFileAttributes attrs, ExcludePolicy policy, List<SkippedFile> skipped,
            List<String> excluded) throws IOException {
        if (policy.excludes(rel)) {
            if (!TreeNames.isLockFile(rel)) {
                excluded.add(rel);
            }
            return true;
        }
        String problem = TreeNames.problem(rel);
        if (problem == null && !storedExactly(p, attrs)) {
            problem = "the name is not valid in the file-name encoding (" + System.getProperty("sun.jnu.encoding")
                    + ") and would come back under another name";
        }
        if (problem != null) {
            skipped.add(new SkippedFile(rel, attrs.isRegularFile() ? attrs.size() : 0, "name cannot be stored: " + problem));
            return true;
        }
        return false;
    }

    /**
     * Whether the decoded name of {@code p} names the same file again. A name that is not valid in the
     * file-name encoding decodes with replacement characters; stored like that it would restore under
     * another name, or collide with another file's.
     */
    private static boolean storedExactly(Path p, BasicFileAttributes attrs) throws IOException {
        String name = p.getFileName().toString();
        boolean plain = true;
        for (int i = 0; i < name.length() && plain; i++) {
            char c = name.charAt(i);
            plain = c < 0x80 && c != '?';
        }
        if (plain) {
            return true;
        }
        try {
            Path again = p.resolveSibling(name);
            BasicFileAttributes other = Files.readAttributes(again, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return attrs.fileKey() != null && Objects.equals(attrs.fileKey(), other.fileKey());
        } catch (InvalidPathException | NoSuchFileException e) {
            return false;
        }
    }

    /**
     * Leaves out every link that resolves outside the profile when the kept links are followed the way
     * the kernel does; repeated until no kept link escapes, since leaving one out changes what the
     * others resolve through.
     */
    private static List<Scanned> dropEscapingLinks(List<Scanned> entries, List<SkippedFile> skipped) {
        Map<String, Scanned> links = new LinkedHashMap<>();
        for (Scanned s : entries) {
            if (Manifest.Entry.SYMLINK.equals(s.type())) {
                links.put(s.path(), s);
            }
        }
        if (links.isEmpty()) {
            return entries;
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            Map<String, String> targets = new LinkedHashMap<>();
            links.values().forEach(l -> targets.put(l.path(), l.target()));
            LinkResolver resolver = new LinkResolver(targets);
            for (Scanned link : List.copyOf(links.values())) {
                String problem = resolver.problem(link.path(), link.target());
                if (problem != null) {
                    links.remove(link.path());
                    skipped.add(new SkippedFile(link.path(), 0, "symlink to '" + link.target() + "' " + problem + " (points outside the profile)"));
                    changed = true;
                }
            }
        }
        List<Scanned> kept = new ArrayList<>(entries.size());
        for (Scanned s : entries) {
            if (!Manifest.Entry.SYMLINK.equals(s.type()) || links.containsKey(s.path())) {
                kept.add(s);
            }
        }
        return kept;
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
