package io.browserstate.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.Cookie;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The real-Chromium fixtures: restored from Redis and relaunched in headless Chromium at the recorded
 * origin, the profile shows the recorded notes (localStorage), HttpOnly cookie and IndexedDB record.
 */
class LegacyChromiumRelaunchTest {

    private static final Path CHROMIUM = Path.of("/usr/lib/chromium/chromium");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String READ_INDEXED_DB = """
            async ({database, store}) => {
              const dbs = await indexedDB.databases();
              if (!dbs.some(d => d.name === database)) {
                return JSON.stringify({missing: true, databases: dbs.map(d => d.name)});
              }
              const db = await new Promise((resolve, reject) => {
                const r = indexedDB.open(database);
                r.onsuccess = () => resolve(r.result);
                r.onerror = () => reject(r.error);
              });
              try {
                const s = db.transaction(store, 'readonly').objectStore(store);
                const records = await new Promise((resolve, reject) => {
                  const r = s.getAll();
                  r.onsuccess = () => resolve(r.result);
                  r.onerror = () => reject(r.error);
                });
                return JSON.stringify({keyPath: s.keyPath, records});
              } finally {
                db.close();
              }
            }""";

    @RegisterExtension
    static final TestKeyspace redis = new TestKeyspace();

    @TempDir
    Path temp;

    static Stream<InteropFixtures.Case> browserCases() {
        return InteropFixtures.cases().stream().filter(c -> !c.mustFail() && c.browser());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("browserCases")
    @DisplayName("relaunching Chromium on the restored profile shows the recorded notes, cookie and IndexedDB record")
    void restoreWhenChromiumRelaunchedAtRecordedOriginThenPageStateMatches(InteropFixtures.Case fixture) throws Exception {
        assertThat(CHROMIUM).as("Debian's chromium package (apt-get install chromium)").isExecutable();
        redis.replay(fixture);
        Path profile = temp.resolve("a/b/c/profile");
        redis.legacy().restore(fixture.id(), profile);
        JsonNode browser = fixture.meta().path("browser");
        URI origin = URI.create(browser.path("origin").asText());

        HttpServer server = servePlainPage(origin);
        try (Playwright playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
             BrowserContext context = playwright.chromium().launchPersistentContext(profile, new BrowserType.LaunchPersistentContextOptions()
                     .setExecutablePath(CHROMIUM)
                     .setHeadless(true)
                     .setArgs(List.of("--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync")))) {
            List<Cookie> cookies = context.cookies(origin.toString());
            Page page = context.pages().isEmpty() ? context.newPage() : context.pages().get(0);
            page.navigate(origin + "/");
            Object notes = page.evaluate("key => localStorage.getItem(key)", browser.path("localStorage").path("key").asText());
            JsonNode idb = JSON.readTree((String) page.evaluate(READ_INDEXED_DB, Map.of(
                    "database", browser.path("indexedDB").path("database").asText(),
                    "store", browser.path("indexedDB").path("objectStore").asText())));

            assertThat(notes).as("localStorage notes").isEqualTo(browser.path("localStorage").path("raw_value").asText());
            for (JsonNode expected : browser.path("cookies")) {
                Optional<Cookie> cookie = cookies.stream().filter(c -> c.name.equals(expected.path("name").asText())).findFirst();
                if (Instant.now().getEpochSecond() < expected.path("expires_unix").asLong()) {
                    assertThat(cookie).as("cookie %s (cookies seen: %s)", expected.path("name").asText(), cookies.stream().map(c -> c.name).toList())
                            .hasValueSatisfying(c -> {
                                assertThat(c.value).isEqualTo(expected.path("value").asText());
                                assertThat(c.domain).isEqualTo(expected.path("domain").asText());
                                assertThat(c.path).isEqualTo(expected.path("path").asText());
                                assertThat(c.httpOnly).isEqualTo(expected.path("httpOnly").asBoolean());
                                assertThat(c.expires).isCloseTo(expected.path("expires_unix").asDouble(), org.assertj.core.data.Offset.offset(2.0));
                            });
                } else {
                    assertThat(cookie).as("cookie %s expired at %s, so Chromium must not return it", expected.path("name").asText(),
                            Instant.ofEpochSecond(expected.path("expires_unix").asLong())).isEmpty();
                }
            }
            JsonNode expectedDb = browser.path("indexedDB");
            assertThat(idb.path("missing").asBoolean()).as("IndexedDB database present: %s", idb).isFalse();
            assertThat(idb.path("keyPath").asText()).isEqualTo(expectedDb.path("keyPath").asText());
            assertThat(idb.path("records")).hasSize(expectedDb.path("record_count").asInt());
            JsonNode first = expectedDb.path("record_rec-1");
            assertThat(idb.path("records").get(0)).isEqualTo(first);
        } finally {
            server.stop(0);
        }
    }

    /** Serves one page on exactly the recorded host and port; it sets no cookie and no storage. */
    private static HttpServer servePlainPage(URI origin) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(origin.getHost()), origin.getPort()), 0);
        } catch (BindException e) {
            throw new IllegalStateException("The fixture's origin " + origin + " must be served on exactly that port, but it is busy", e);
        }
        server.createContext("/", exchange -> {
            byte[] body = "<!doctype html><title>fixture</title><p>ok</p>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }
}
