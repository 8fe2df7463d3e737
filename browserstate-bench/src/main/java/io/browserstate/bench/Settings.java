package io.browserstate.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How a benchmark run is configured (command-line options of {@link Main}).
 *
 * @param out directory for {@code results.json} and {@code results.md}
 * @param warmRuns warm runs per operation, after the one cold run
 * @param sizesMb synthetic tree sizes, MB, in the order they run
 * @param files files per synthetic tree
 * @param largeMb size of the bounded-memory tree, MB; 0 skips it
 * @param largeHeapMb the child JVM's {@code -Xmx} for the large tree
 * @param chromium the Chromium executable, or {@code null} to skip the real-profile workload
 * @param redis an existing Redis to use, or {@code null} to start a local one
 * @param jfrDirectory where child JVMs write flight recordings, or {@code null}
 * @param tree a directory to measure besides the generated trees (copied first), or {@code null}
 * @param smallFiles files of the many-small-files tree (20 MB in all), 0 to skip it
 */
record Settings(Path out, int warmRuns, List<Integer> sizesMb, int files, int largeMb, int largeHeapMb, Path chromium,
        URI redis, Path jfrDirectory, Path tree, int smallFiles) {

    static final String USAGE = """
            Usage: run.sh [options]
              --out DIR          where results.json and results.md go (default bench-results)
              --runs N           warm runs per operation after the cold one (default 5, at least 1)
              --sizes A,B        synthetic tree sizes in MB (default 20,100)
              --files N          files per synthetic tree (default 300)
              --large-mb N       bounded-memory tree size in MB, 0 to skip (default 1024)
              --large-heap-mb N  -Xmx of the child JVM for that tree (default 128)
              --chromium PATH    Chromium for the real-profile workload, 'none' to skip (default /usr/lib/chromium/chromium)
              --redis URI        use this Redis instead of starting redis-server on a free loopback port
              --jfr DIR          child JVMs record a flight recording (JFR, profile settings) into DIR
              --small-files N    also measure a 20 MB tree of N small files, e.g. 30000 (default 0: skipped; minutes)
              --tree DIR         also measure this directory (a copy of it), e.g. a real profile; --sizes '' for it alone
            """;

    static Settings parse(String... args) {
        Path out = Path.of("bench-results");
        int runs = 5;
        List<Integer> sizes = List.of(20, 100);
        int files = 300;
        int largeMb = 1024;
        int largeHeap = 128;
        Path chromium = Path.of("/usr/lib/chromium/chromium");
        URI redis = null;
        Path jfr = null;
        Path tree = null;
        int smallFiles = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + a + " needs a value\n" + USAGE);
            }
            String v = args[++i];
            switch (a) {
                case "--out" -> out = Path.of(v);
                case "--runs" -> runs = Integer.parseInt(v);
                case "--sizes" -> {
                    List<Integer> l = new ArrayList<>();
                    for (String s : v.split(",")) {
                        if (!s.isBlank()) {
                            l.add(Integer.parseInt(s.trim()));
                        }
                    }
                    sizes = List.copyOf(l);
                }
                case "--files" -> files = Integer.parseInt(v);
                case "--large-mb" -> largeMb = Integer.parseInt(v);
                case "--large-heap-mb" -> largeHeap = Integer.parseInt(v);
                case "--chromium" -> chromium = "none".equals(v) ? null : Path.of(v);
                case "--redis" -> redis = URI.create(v);
                case "--jfr" -> jfr = Path.of(v);
                case "--tree" -> tree = Path.of(v);
                case "--small-files" -> smallFiles = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
            }
        }
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be at least 1");
        }
        if (chromium != null && !Files.isExecutable(chromium)) {
            throw new IllegalArgumentException("Chromium not found at " + chromium + "; pass --chromium PATH or --chromium none");
        }
        if (tree != null && !Files.isDirectory(tree)) {
            throw new IllegalArgumentException("--tree " + tree + " is not a directory");
        }
        return new Settings(out, runs, sizes, files, largeMb, largeHeap, chromium, redis, jfr, tree, smallFiles);
    }
}
