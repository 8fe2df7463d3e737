package io.browserstate.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link Report} as an aligned text table, as Markdown and as JSON. */
final class ResultTable {

    static final List<String> HEADERS = List.of("workload", "store", "method", "operation", "cold ms", "warm min ms",
            "warm median ms", "runs", "bytes moved", "bytes stored", "peak heap MiB", "note");

    private ResultTable() {
    }

    static List<String> cells(Row r) {
        return List.of(r.workload(), r.store(), r.method(), r.operation(), millis(r.coldMs()), millis(r.warmMinMs()),
                millis(r.warmMedianMs()), r.warmRuns() == 0 ? "" : Integer.toString(r.warmRuns()), bytes(r.bytesMoved()),
                bytes(r.bytesStored()), r.peakHeapMiB() == null ? "" : String.format(Locale.ROOT, "%.0f", r.peakHeapMiB()),
                r.note() == null ? "" : r.note());
    }

    static String millis(Double ms) {
        if (ms == null) {
            return "";
        }
        return ms >= 100 ? String.format(Locale.ROOT, "%.0f", ms) : String.format(Locale.ROOT, "%.1f", ms);
    }

    /** Binary units, three significant digits: {@code 812 B}, {@code 41.2 KiB}, {@code 58.3 MiB}. */
    static String bytes(Long b) {
        if (b == null) {
            return "";
        }
        if (b < 1024) {
            return b + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = b;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        String f = v >= 100 ? "%.0f %s" : v >= 10 ? "%.1f %s" : "%.2f %s";
        return String.format(Locale.ROOT, f, v, units[u]);
    }

    /** A fixed-width table for the console. */
    static String text(List<Row> rows) {
        List<List<String>> lines = new ArrayList<>();
        lines.add(HEADERS);
        rows.forEach(r -> lines.add(cells(r)));
        int[] width = new int[HEADERS.size()];
        for (List<String> line : lines) {
            for (int i = 0; i < line.size(); i++) {
                width[i] = Math.max(width[i], line.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int n = 0; n < lines.size(); n++) {
            List<String> line = lines.get(n);
            for (int i = 0; i < line.size(); i++) {
                boolean numeric = i >= 4 && i <= 10;
                String cell = line.get(i);
                String pad = " ".repeat(width[i] - cell.length());
                sb.append(numeric ? pad + cell : cell + (i == line.size() - 1 ? "" : pad));
                if (i < line.size() - 1) {
                    sb.append("  ");
                }
            }
            sb.append(System.lineSeparator());
            if (n == 0) {
                for (int i = 0; i < width.length; i++) {
                    sb.append("-".repeat(width[i])).append(i < width.length - 1 ? "  " : "");
                }
                sb.append(System.lineSeparator());
            }
        }
        return sb.toString();
    }

    /** A Markdown table of the rows. */
    static String markdownTable(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| ").append(String.join(" | ", HEADERS)).append(" |\n");
        sb.append("|");
        for (int i = 0; i < HEADERS.size(); i++) {
            sb.append(i >= 4 && i <= 10 ? "---:|" : "---|");
        }
        sb.append('\n');
        for (Row r : rows) {
            sb.append("| ");
            List<String> c = cells(r);
            for (int i = 0; i < c.size(); i++) {
                sb.append(c.get(i).replace("|", "\\|")).append(i < c.size() - 1 ? " | " : " |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The whole report as Markdown: machine, noise, table, targets, notes. */
    static String markdown(Report report) {
        StringBuilder sb = new StringBuilder();
        sb.append("# BrowserState benchmark results\n\n");
        sb.append("Run at ").append(report.startedAt()).append(", took ")
                .append(String.format(Locale.ROOT, "%.0f", report.durationSeconds())).append(" s.\n\n");
        sb.append("## Machine\n\n");
        keyValues(sb, report.machine());
        sb.append("\n## Settings\n\n");
        keyValues(sb, report.settings());
        sb.append("\n## Noise (other work on the machine during the run)\n\n");
        keyValues(sb, report.noise());
        sb.append("\n## Results\n\n");
        sb.append(markdownTable(report.rows()));
        sb.append("\n## Targets (100 MB synthetic tree, Redis on loopback)\n\n");
        sb.append("| target | measured | met |\n|---|---|---|\n");
        for (Target t : report.targets()) {
            sb.append("| ").append(t.name()).append(" | ").append(t.measured()).append(" | ")
                    .append(t.met() == null ? "n/a" : t.met() ? "yes" : "**no**").append(" |\n");
        }
        if (!report.notes().isEmpty()) {
            sb.append("\n## Notes\n\n");
            report.notes().forEach(n -> sb.append("- ").append(n).append('\n'));
        }
        return sb.toString();
    }

    private static void keyValues(StringBuilder sb, Map<String, String> values) {
        values.forEach((k, v) -> sb.append("- ").append(k).append(": ").append(v).append('\n'));
    }

    static String json(Report report) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Report fromJson(String json) {
        try {
            return new ObjectMapper().readValue(json, Report.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
