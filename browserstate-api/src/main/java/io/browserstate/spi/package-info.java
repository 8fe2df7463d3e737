/**
 * The service-provider interfaces: storage backends ({@link io.browserstate.spi.StorageProviderFactory},
 * {@link io.browserstate.spi.StorageProvider}) and codecs. Implement these against
 * {@code browserstate-api} alone and prove the implementation with {@code browserstate-tck}.
 *
 * @since 0.1
 */
@NullMarked
package io.browserstate.spi;

import org.jspecify.annotations.NullMarked;
