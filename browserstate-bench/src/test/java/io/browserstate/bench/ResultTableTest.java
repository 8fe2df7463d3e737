package io.browserstate.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ResultTableTest {

    private static Report report() {
        Measure.Series series = new Measure.Series();
        series.add(new Measure.Sample(1200.0, 64L * 1024 * 1024));
        series.add(new Measure.Sample(450.0, 32L * 1024 * 1024));
        series.add(new Measure.Sample(410.0, 30L * 1024 * 1024));
        series.add(new Measure.Sample(430.0, 31L * 1024 * 1024));
        Row save = Row.of("synthetic 100 MB", "redis", "ours", "full save", series, 61_234_567L, 63_000_000L, "a|b");
        Row delta = new Row("synthetic 100 MB", "redis", "ours", "delta save", 12.5, 9.0, 10.25, 3, 41_000L, null, null, null);
        return new Report("2026-01-01T00:00:00Z", 12.0, Map.of("CPU", "test"), Map.of(), Map.of(), List.of(save, delta),
                List.of(new Target("delta <= 1%", "0.07%", true)), List.of("a note"));
    }

    @Test
    @DisplayName("a series reports its first run as cold and the min and median of the others as warm")
    void seriesWhenSeveralRunsThenFirstIsColdAndRestAreWarm() {
        Row save = report().rows().get(0);
        assertThat(save.coldMs()).isEqualTo(1200.0);
        assertThat(save.warmMinMs()).isEqualTo(410.0);
        assertThat(save.warmMedianMs()).isEqualTo(430.0);
        assertThat(save.warmRuns()).isEqualTo(3);
        assertThat(save.peakHeapMiB()).isEqualTo(64.0);
    }

    @Test
    @DisplayName("the Markdown report holds the table, escaped cells and the targets")
    void markdownWhenRenderedThenHoldsTableAndTargets() {
        String md = ResultTable.markdown(report());
        assertThat(md).contains("| workload | store | method | operation | cold ms |")
                .contains("| synthetic 100 MB | redis | ours | full save | 1200 | 410 | 430 | 3 | 58.4 MiB | 60.1 MiB | 64 | a\\|b |")
                .contains("| delta save | 12.5 | 9.0 | 10.3 | 3 | 40.0 KiB |  |  |  |")
                .contains("| delta <= 1% | 0.07% | yes |");
    }

    @Test
    @DisplayName("the JSON report reads back into the same report")
    void jsonWhenReadBackThenEqualsReport() {
        Report report = report();
        assertThat(ResultTable.fromJson(ResultTable.json(report))).isEqualTo(report);
    }

    @Test
    @DisplayName("the text table aligns every line to the same width")
    void textWhenRenderedThenColumnsAlign() {
        List<String> lines = ResultTable.text(report().rows()).lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(1)).matches("[- ]+");
        assertThat(lines.get(2).indexOf("1200")).isEqualTo(lines.get(3).indexOf("12.5"));
    }

    @Test
    @DisplayName("byte counts use binary units with three significant digits")
    void bytesWhenFormattedThenBinaryUnits() {
        assertThat(ResultTable.bytes(812L)).isEqualTo("812 B");
        assertThat(ResultTable.bytes(42_189L)).isEqualTo("41.2 KiB");
        assertThat(ResultTable.bytes(1_073_741_824L)).isEqualTo("1.00 GiB");
    }

    @Test
    @DisplayName("unknown options are refused with the usage text")
    void settingsWhenUnknownOptionThenUsage() {
        assertThat(Settings.parse("--runs", "2", "--sizes", "20", "--chromium", "none", "--large-mb", "0").sizesMb()).containsExactly(20);
        assertThatThrownBy(() -> Settings.parse("--fast", "yes")).hasMessageContaining("unknown option --fast").hasMessageContaining("Usage");
    }
}
