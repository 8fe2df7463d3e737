package io.browserstate.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.BrowserStateOptions;
import io.browserstate.api.SessionId;
import io.browserstate.core.BrowserState;
import io.browserstate.core.StorageProviders;
import io.browserstate.core.memory.MemoryStorageProvider;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an operator reads in the log (through SLF4J, bound here to java.util.logging): one line per save and restore. */
class OperatorLogTest {

    @TempDir
    Path temp;

    @Test
    @DisplayName("a save logs one INFO line with its figures and a WARN per skipped file; a restore one INFO line; no key material")
    void saveAndRestoreLogTheirFigures() {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger engine = Logger.getLogger("io.browserstate.core.internal");
        engine.addHandler(capture);
        String store = "log-" + UUID.randomUUID();
        try (BrowserStateManager manager = BrowserState.create(StorageProviders.open(URI.create("memory:" + store), Map.of()),
                BrowserStateOptions.builder().workDirectory(temp.resolve("work")).maxFileSize(1000).build())) {
            Path profile = temp.resolve("profile");
            ProfileTrees.write(profile.resolve("Default/Preferences"), "{\"a\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            ProfileTrees.write(profile.resolve("Default/big.bin"), new byte[5000]);
            SessionId id = SessionId.of("ops", "logged");
            manager.save(id, profile);
            manager.restore(id, temp.resolve("restored"));
        } finally {
            engine.removeHandler(capture);
            MemoryStorageProvider.clear(store);
        }
        assertThat(records).filteredOn(r -> r.getLevel() == Level.WARNING).singleElement()
                .satisfies(r -> assertThat(format(r)).contains("Save of ops/logged skipped Default/big.bin (5000 bytes)"));
        assertThat(records).filteredOn(r -> r.getLevel() == Level.INFO && format(r).startsWith("Saved ops/logged v1: ")).singleElement()
                .satisfies(r -> assertThat(format(r)).contains("1 files, 7 bytes; sent ").contains("1 skipped"));
        assertThat(records).filteredOn(r -> r.getLevel() == Level.INFO && format(r).startsWith("Restored ops/logged v1: "))
                .singleElement().satisfies(r -> assertThat(format(r)).contains("1 files, 7 bytes; read "));
    }

    private static String format(LogRecord r) {
        String m = r.getMessage();
        Object[] params = r.getParameters();
        return params == null || params.length == 0 ? m : java.text.MessageFormat.format(m.replace("'", "''"), params);
    }
}
