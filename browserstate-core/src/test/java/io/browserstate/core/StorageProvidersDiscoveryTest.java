package io.browserstate.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.browserstate.api.BrowserStateException;
import io.browserstate.api.InvalidConfigurationException;
import io.browserstate.spi.StorageProvider;
import io.browserstate.spi.StorageProviderFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The discovery rules of STYLE.md: misses list what is registered, clashes and broken jars fail loudly. */
class StorageProvidersDiscoveryTest {
    @TempDir
    Path temp;

    public static class FirstDupFactory extends NamedFactory {
        public FirstDupFactory() {
            super("dup");
        }
    }

    public static class SecondDupFactory extends NamedFactory {
        public SecondDupFactory() {
            super("dup");
        }
    }

    public static class OtherFactory extends NamedFactory {
        public OtherFactory() {
            super("other");
        }
    }

    abstract static class NamedFactory implements StorageProviderFactory {
        private final String scheme;

        NamedFactory(String scheme) {
            this.scheme = scheme;
        }

        @Override
        public String name() {
            return scheme;
        }

        @Override
        public Set<String> schemes() {
            return Set.of(scheme);
        }

        @Override
        public Set<String> options() {
            return Set.of();
        }

        @Override
        public StorageProvider create(URI uri, Map<String, String> options) {
            throw new UnsupportedOperationException("discovery test factory");
        }
    }

    private ClassLoader loaderListing(String... classNames) throws IOException {
        Path services = temp.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(StorageProviderFactory.class.getName()), String.join("\n", classNames) + "\n");
        return new URLClassLoader(new URL[] {temp.toUri().toURL()}, getClass().getClassLoader());
    }

    @Test
    void twoFactoriesClaimingOneSchemeFailNamingBoth() throws IOException {
        ClassLoader loader = loaderListing(FirstDupFactory.class.getName(), SecondDupFactory.class.getName());
        assertThatThrownBy(() -> StorageProviders.factories(loader))
                .isInstanceOf(BrowserStateException.class)
                .hasMessageContaining("'dup'")
                .hasMessageContaining(FirstDupFactory.class.getName())
                .hasMessageContaining(SecondDupFactory.class.getName());
    }

    @Test
    void brokenRegistrationIsReportedNotSwallowed() throws IOException {
        ClassLoader loader = loaderListing(OtherFactory.class.getName(), "com.example.MissingFactory");
        assertThatThrownBy(() -> StorageProviders.factories(loader))
                .isInstanceOf(BrowserStateException.class)
                .hasMessageContaining("com.example.MissingFactory");
    }

    @Test
    void unknownSchemeListsRegisteredSchemes() throws IOException {
        ClassLoader loader = loaderListing(OtherFactory.class.getName());
        Map<String, StorageProviderFactory> factories = StorageProviders.factories(loader);
        assertThat(factories).containsOnlyKeys("memory", "other"); // core registers the reference provider itself
        assertThatThrownBy(() -> StorageProviders.factoryFor(URI.create("nosuch://x"), factories))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("nosuch").hasMessageContaining("[memory, other]");
    }

    @Test
    void passwordsAreRedactedFromUris() {
        assertThat(StorageProviders.redact(URI.create("redis://user:s3cret@host:6379/0"))).isEqualTo("redis://user:***@host:6379/0")
                .doesNotContain("s3cret");
        assertThat(StorageProviders.redact(URI.create("redis://host/0?password=s3cret&x=1"))).doesNotContain("s3cret");
        assertThat(StorageProviders.redact(URI.create("redis-sentinel://s3cret@h1:26379,h2:26380/0#mymaster")))
                .isEqualTo("redis-sentinel://***@h1:26379,h2:26380/0#mymaster");
    }
}
