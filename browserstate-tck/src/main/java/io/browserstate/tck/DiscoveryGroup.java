package io.browserstate.tck;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.InvalidConfigurationException;
import io.browserstate.core.BrowserState;
import io.browserstate.core.StorageProviders;
import io.browserstate.spi.StorageProviderFactory;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The kit's Discovery group: The provider is found by its URI scheme and refuses what it does not understand.
 * The store comes from {@link KitStore}, handed in by the kit's resolver.
 *
 * @since 0.2
 */
public interface DiscoveryGroup {
    /**
     * Checks that the storage URI's scheme finds the provider's factory through {@code ServiceLoader}, and that a
     * manager opens on it.
     *
     * @param kit the store under test
     */
    @Test
    @DisplayName("the storage URI finds this kit.provider()'s factory through ServiceLoader")
    default void providerIsFoundByScheme(KitStore kit) {
        StorageProviderFactory factory = StorageProviders.factoryFor(kit.storageUri());
        assertTrue(factory.schemes().contains(kit.storageUri().getScheme()));
        try (BrowserStateManager m = BrowserState.open(kit.storageUri(), kit.options())) {
            assertFalse(m.exists(kit.sid("nothing")));
        }
    }

    /**
     * Checks that an unknown provider option is refused with a message naming it.
     *
     * @param kit the store under test
     */
    @Test
    @DisplayName("an unknown option is refused with a message naming it")
    default void unknownOptionIsRefused(KitStore kit) {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> kit.openProvider(Map.of("noSuchOption", "1")));
        assertTrue(String.valueOf(e.getMessage()).contains("noSuchOption"), e.getMessage());
    }
}
