package io.browserstate.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What a manifest's JSON holds: the entries' fields and nothing derived from them, and the format its entries need. */
class ManifestJsonTest {
    private static final String ID = "a".repeat(64);
    private static final String DIGEST = "b".repeat(64);

    @Test
    @DisplayName("entries carry their fields only (no derived file/dir/symlink flags) and read back equal, packed ones too")
    void entriesRoundTripWithoutDerivedFields() throws Exception {
        Manifest.Entry dir = new Manifest.Entry("Default", Manifest.Entry.DIR, 0700, 1L, null, null, null, null);
        Manifest.Entry file = new Manifest.Entry("Default/Cookies", Manifest.Entry.FILE, 0600, 2L, 10L, 4096, List.of(ID), null);
        Manifest.Entry packed = Manifest.Entry.packed("Default/Prefs", 0600, 3L, 7, ID, 5, 100, DIGEST);
        List<Manifest.Entry> entries = List.of(dir, file, packed);
        Manifest m = new Manifest(Manifest.formatOf(entries), "2026-12-07T00:00:00Z", "zstd", "none", 4L, entries, null);

        String json = new String(m.toJson(), StandardCharsets.UTF_8);

        assertThat(json).doesNotContain("\"file\":", "\"dir\":", "\"symlink\":", "\"packed\":");
        Manifest back = Manifest.read(new ByteArrayInputStream(m.toJson()), new Manifest.Limits(10, 10, 10));
        assertThat(back.entries()).isEqualTo(entries);
        assertThat(back.format()).isEqualTo(Manifest.FORMAT_PACKED);
        assertThat(Manifest.formatOf(List.of(dir, file))).as("no packed file: the format every reader knows").isEqualTo(Manifest.FORMAT);
    }
}
