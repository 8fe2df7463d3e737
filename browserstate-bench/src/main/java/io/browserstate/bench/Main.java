package io.browserstate.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * Runs the benchmark: prints the table and writes {@code results.json} and {@code results.md}. See
 * {@link Settings#USAGE} for the options; {@code browserstate-bench/run.sh} builds and starts it.
 *
 * @since 0.1
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Settings settings;
        try {
            settings = Settings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Report report = new Bench(settings).run();
        Files.createDirectories(settings.out());
        Files.writeString(settings.out().resolve("results.json"), ResultTable.json(report), StandardCharsets.UTF_8);
        Files.writeString(settings.out().resolve("results.md"), ResultTable.markdown(report), StandardCharsets.UTF_8);
        System.out.println();
        System.out.print(ResultTable.text(report.rows()));
        System.out.println();
        for (Target t : report.targets()) {
            System.out.println((t.met() == null ? "[info] " : t.met() ? "[met]  " : "[MISS] ") + t.name() + ": " + t.measured());
        }
        System.out.println();
        report.noise().forEach((k, v) -> System.out.println(k + ": " + v));
        System.out.println("wrote " + settings.out().resolve("results.json") + " and " + settings.out().resolve("results.md"));
    }
}
