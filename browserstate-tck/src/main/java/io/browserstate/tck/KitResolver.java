package io.browserstate.tck;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands each test of the kit a fresh {@link KitStore} on the provider the backend's test names
 * (Micrometer's {@code RegistryResolver}): groups need no mutable fields, and a provider author reads
 * each group as plain tests of a store. The store is closed after the test.
 */
final class KitResolver implements ParameterResolver, AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(KitResolver.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KitStore.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        StorageProviderCompatibilityKit kit = context.getRequiredTestInstances().getAllInstances().stream()
                .filter(StorageProviderCompatibilityKit.class::isInstance).map(StorageProviderCompatibilityKit.class::cast).findFirst()
                .orElseThrow(() -> new ParameterResolutionException("KitStore is given to tests of a StorageProviderCompatibilityKit only"));
        return context.getStore(NS).getOrComputeIfAbsent("store", k -> {
            try {
                return new KitStore(kit.storageUri(), kit.options(), kit.keyProvider());
            } catch (java.io.IOException e) {
                throw new ParameterResolutionException("Cannot create the kit's temporary directory: " + e.getMessage(), e);
            }
        }, KitStore.class);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        KitStore store = context.getStore(NS).remove("store", KitStore.class);
        if (store != null) {
            store.close();
        }
    }
}
