package io.browserstate.cli;

import io.browserstate.api.BrowserStateListener;
import io.browserstate.api.Progress;
import java.io.PrintStream;
import java.util.Locale;

/** A one-line bar on the terminal's standard error, redrawn at most ten times a second; nothing when output is not a terminal. */
final class ProgressBar implements BrowserStateListener {
    private static final int WIDTH = 30;
    private final PrintStream err;
    private long lastDrawn;
    private boolean drawn;

    private ProgressBar(PrintStream err) {
        this.err = err;
    }

    /** A bar when standard output is a terminal (and JSON was not asked for), else {@code null}. */
    static ProgressBar forTerminal(boolean json) {
        return !json && System.console() != null ? new ProgressBar(System.err) : null;
    }

    @Override
    public synchronized void onProgress(Progress p) {
        long now = System.nanoTime();
        boolean done = p.phase() == Progress.Phase.DONE;
        if (!done && drawn && now - lastDrawn < 100_000_000L) {
            return;
        }
        lastDrawn = now;
        drawn = true;
        int filled = (int) Math.round(p.fraction() * WIDTH);
        err.print(String.format(Locale.ROOT, "\r%-8s [%s%s] %3d%%  %s / %s  %d/%d files  %-12s",
                p.operation().name().toLowerCase(Locale.ROOT), "#".repeat(filled), ".".repeat(WIDTH - filled),
                Math.round(p.fraction() * 100), size(p.bytesDone()), size(p.bytesTotal()), p.filesDone(), p.filesTotal(),
                p.phase().name().toLowerCase(Locale.ROOT)));
        if (done) {
            err.println();
        }
        err.flush();
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double v = bytes;
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
