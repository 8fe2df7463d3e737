package io.browserstate.cli;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import io.browserstate.api.CorruptDataException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** A profile directory as a {@code .tar.zst} file and back: files, directories and links, with modes and mtimes. */
final class TarZst {
    private TarZst() {
    }

    static boolean named(Path p) {
        return p.getFileName() != null && p.getFileName().toString().endsWith(".tar.zst");
    }

    /** Writes {@code dir}'s tree into {@code file} (which must not exist), through a temporary file beside it. */
    static void write(Path dir, Path file) throws IOException {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException(file + " exists already; export into a new file");
        }
        Path parent = file.toAbsolutePath().getParent();
        Path partial = Files.createTempFile(parent, ".browserstate-export-", ".partial");
        try {
            try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16);
                 ZstdOutputStream zstd = new ZstdOutputStream(raw, 3);
                 TarArchiveOutputStream tar = new TarArchiveOutputStream(zstd)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                        if (!d.equals(dir)) {
                            add(tar, dir, d, attrs);
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                        add(tar, dir, f, attrs);
                        return FileVisitResult.CONTINUE;
                    }
                });
                tar.finish();
            }
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static void add(TarArchiveOutputStream tar, Path root, Path p, BasicFileAttributes attrs) throws IOException {
        String name = root.relativize(p).toString().replace(java.io.File.separatorChar, '/');
        TarArchiveEntry e;
        if (attrs.isSymbolicLink()) {
            e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
            e.setLinkName(Files.readSymbolicLink(p).toString());
        } else {
            e = new TarArchiveEntry(p.toFile(), attrs.isDirectory() ? name + "/" : name);
        }
        e.setModTime(attrs.lastModifiedTime());
        if (!attrs.isSymbolicLink()) {
            e.setMode((attrs.isDirectory() ? 040000 : 0100000) | mode(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS)));
        }
        tar.putArchiveEntry(e);
        if (attrs.isRegularFile()) {
            Files.copy(p, tar);
        }
        tar.closeArchiveEntry();
    }

    /**
     * Unpacks {@code file} into {@code dir} (absent or empty). Refused, with nothing outside {@code dir}
     * touched: absolute names, {@code ..}, links that leave the tree, devices and FIFOs.
     */
    static void extract(Path file, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path root = dir.toAbsolutePath().normalize();
        List<Object[]> times = new ArrayList<>();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
             ZstdInputStream zstd = new ZstdInputStream(raw);
             TarArchiveInputStream tar = new TarArchiveInputStream(zstd)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                String name = e.getName();
                Path target = root.resolve(name).normalize();
                if (name.startsWith("/") || name.contains("\\") || !target.startsWith(root) || target.equals(root) && !e.isDirectory()) {
                    throw hostile(file, name, "its name leaves the directory");
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else if (e.isSymbolicLink()) {
                    Path resolved = target.getParent().resolve(e.getLinkName()).normalize();
                    if (Path.of(e.getLinkName()).isAbsolute() || !resolved.startsWith(root)) {
                        throw hostile(file, name, "it links outside the directory (" + e.getLinkName() + ")");
                    }
                    Files.createDirectories(target.getParent());
                    Files.createSymbolicLink(target, Path.of(e.getLinkName()));
                    continue;
                } else if (e.isFile()) {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target);
                } else {
                    throw hostile(file, name, "it is neither a file, a directory nor a link");
                }
                Files.setPosixFilePermissions(target, permissions(e.getMode()));
                times.add(new Object[] {target, e.getLastModifiedTime()});
            }
        }
        for (int i = times.size() - 1; i >= 0; i--) {
            Files.setLastModifiedTime((Path) times.get(i)[0], (FileTime) times.get(i)[1]);
        }
    }

    private static CorruptDataException hostile(Path file, String name, String why) {
        return new CorruptDataException(null, file + " holds '" + name + "', refused because " + why + "; nothing was imported");
    }

    private static int mode(Set<PosixFilePermission> perms) {
        int m = 0;
        for (PosixFilePermission p : perms) {
            m |= 1 << (8 - p.ordinal());
        }
        return m;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] all = PosixFilePermission.values();
        for (int i = 0; i < all.length; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                out.add(all[i]);
            }
        }
        out.add(PosixFilePermission.OWNER_READ);
        out.add(PosixFilePermission.OWNER_WRITE);
        if (mode == 0 || (mode & 040000) != 0) {
            out.add(PosixFilePermission.OWNER_EXECUTE);
        }
        return out;
    }
}
