/**
 * A custom storage backend, written the way a provider author would: a {@link
 * io.browserstate.spi.StorageProviderFactory} registered in {@code META-INF/services} claims the
 * {@code sqlite:} scheme and opens a {@link io.browserstate.spi.StorageProvider} over one SQLite
 * database file through JDBC. Its test runs the whole compatibility kit.
 *
 * @since 0.1
 */
package io.browserstate.examples.sqlite;
