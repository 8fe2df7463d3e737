package io.browserstate.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.browserstate.api.SaveResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.SortedMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The kit's Names group: Names and links no restore accepts are skipped and reported on save, never stored.
 * The store comes from {@link KitStore}, handed in by the kit's resolver.
 *
 * @since 0.2
 */
public interface NamesGroup {
    /**
     * Checks that names and links no restore accepts are skipped and reported on save, and that the session still
     * restores the rest.
     *
     * @param kit the store under test
     * @throws IOException when the test's files cannot be written or read
     */
    @Test
    @DisplayName("names no restore accepts are skipped and reported on save, and the session still restores")
    default void saveWhenNamesCannotBeStoredThenSkippedAndSessionRestores(KitStore kit) throws IOException {
        Path src = ProfileTrees.writeRandomTree(kit.dir("names"), 2, 500, 5);
        ProfileTrees.write(src.resolve("back\\slash"), new byte[] {1});
        ProfileTrees.write(src.resolve("C:drive"), new byte[] {2});
        ProfileTrees.write(src.resolve("d0/" + "x".repeat(200) + ".bin"), new byte[] {3});
        Files.createSymbolicLink(src.resolve("m"), Path.of("."));
        Files.createDirectories(src.resolve("x/y"));
        Files.createSymbolicLink(src.resolve("x/y/l"), Path.of("../../m/.."));
        SaveResult saved = kit.manager().save(kit.sid("names"), src);
        Set<String> skipped = new HashSet<>();
        saved.skipped().forEach(f -> skipped.add(f.path()));
        assertEquals(Set.of("back\\slash", "C:drive", "x/y/l"), skipped, "skipped: " + saved.skipped());
        kit.manager().restore(kit.sid("names"), kit.dir("names-restored"));
        SortedMap<String, String> expected = ProfileTrees.describe(src);
        expected.keySet().removeAll(Set.of("back/slash", "C:drive", "x/y/l")); // describe() prints a backslash as '/'
        assertEquals(expected, ProfileTrees.describe(kit.dir("names-restored")));
    }
}
