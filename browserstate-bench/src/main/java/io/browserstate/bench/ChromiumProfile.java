package io.browserstate.bench;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.sun.net.httpserver.HttpServer;
import io.browserstate.api.BrowserStateOptions;
import io.browserstate.core.tree.Trees;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A real Chromium profile: headless Chromium, driven by Playwright, visits pages of three local origins
 * that write localStorage, IndexedDB, cookies and Cache Storage, and is closed cleanly so that
 * everything is flushed. The caches that BrowserState excludes by default are then removed, so that
 * every method in the benchmark saves the same files.
 */
final class ChromiumProfile {
    static final int ORIGINS = 3;
    private static final String PAGE = """
            <!doctype html><meta charset="utf-8"><title>loading</title>
            <script>
            (async () => {
              try {
                const words = 'cart item price session user theme order inbox draft label query result page title url'.split(' ');
                const text = n => { let s = ''; while (s.length < n) s += words[(Math.random() * words.length) | 0] + ' '
                    + ((Math.random() * 1e6) | 0) + ' '; return s.slice(0, n); };
                const random = n => { const a = new Uint8Array(n);
                    for (let i = 0; i < n; i += 65536) crypto.getRandomValues(a.subarray(i, Math.min(n, i + 65536))); return a; };
                for (let i = 0; i < 150; i++) localStorage.setItem('item-' + i, JSON.stringify({ id: i, note: text(1000) }));
                document.cookie = 'prefs=' + encodeURIComponent(text(300)) + '; max-age=31536000; path=/';
                const db = await new Promise((resolve, reject) => {
                  const r = indexedDB.open('bench', 1);
                  r.onupgradeneeded = () => r.result.createObjectStore('records', { keyPath: 'id' });
                  r.onsuccess = () => resolve(r.result);
                  r.onerror = () => reject(r.error);
                });
                await new Promise((resolve, reject) => {
                  const tx = db.transaction('records', 'readwrite');
                  const store = tx.objectStore('records');
                  for (let i = 0; i < 120; i++) store.put({ id: i, title: text(2000), payload: random(6000) });
                  tx.oncomplete = resolve;
                  tx.onerror = () => reject(tx.error);
                });
                db.close();
                const cache = await caches.open('assets-v1');
                for (let i = 0; i < 10; i++) {
                  await cache.put(new Request('/asset/' + i + '.bin'),
                      new Response(random(64 * 1024), { headers: { 'content-type': 'application/octet-stream' } }));
                }
                await cache.put(new Request('/app.js'), new Response(text(50000), { headers: { 'content-type': 'text/javascript' } }));
                document.title = 'done';
              } catch (e) {
                document.title = 'error: ' + e;
              }
            })();
            </script>
            """;

    private ChromiumProfile() {
    }

    /** Drives {@code chromium} over {@link #ORIGINS} local origins and leaves its profile in {@code dir}. */
    static void generate(Path chromium, Path dir) throws IOException {
        List<HttpServer> servers = new ArrayList<>();
        try {
            for (int i = 0; i < ORIGINS; i++) {
                servers.add(serve(i));
            }
            Files.createDirectories(dir);
            try (Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                    .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")))) {
                BrowserContext context = playwright.chromium().launchPersistentContext(dir,
                        new BrowserType.LaunchPersistentContextOptions().setExecutablePath(chromium).setHeadless(true));
                try {
                    Page page = context.pages().isEmpty() ? context.newPage() : context.pages().get(0);
                    for (HttpServer server : servers) {
                        page.navigate("http://127.0.0.1:" + server.getAddress().getPort() + "/");
                        page.waitForFunction("() => document.title !== 'loading'", null,
                                new Page.WaitForFunctionOptions().setTimeout(60_000));
                        String title = page.title();
                        if (!"done".equals(title)) {
                            throw new IllegalStateException("the page of origin " + server.getAddress() + " failed: " + title);
                        }
                    }
                } finally {
                    context.close();
                }
            }
        } finally {
            servers.forEach(s -> s.stop(0));
        }
        pruneExcluded(dir);
    }

    private static HttpServer serve(int n) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] page = PAGE.getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            try {
                if (!"/".equals(exchange.getRequestURI().getPath())) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
                exchange.getResponseHeaders().add("Set-Cookie", "sid=origin" + n + "-" + System.nanoTime()
                        + "; Max-Age=31536000; Path=/; HttpOnly; SameSite=Lax");
                exchange.sendResponseHeaders(200, page.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(page);
                }
            } finally {
                exchange.close();
            }
        });
        server.start();
        return server;
    }

    /**
     * Removes what BrowserState never saves by default (the cache directories of
     * {@link BrowserStateOptions#DEFAULT_EXCLUDES} and {@code Singleton*}), so that the baseline zips
     * the same files the engine saves.
     */
    static void pruneExcluded(Path dir) throws IOException {
        Set<String> cacheDirs = Set.of("Cache", "Code Cache", "GPUCache", "DawnGraphiteCache", "DawnWebGPUCache", "GrShaderCache",
                "ShaderCache", "GraphiteDawnCache", "component_crx_cache", "extensions_crx_cache", "Crashpad", "Crash Reports",
                "optimization_guide_model_store", "BrowserMetrics");
        List<Path> doomed;
        try (Stream<Path> s = Files.walk(dir)) {
            doomed = s.filter(p -> !p.equals(dir)).filter(p -> {
                String name = p.getFileName().toString();
                return (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && cacheDirs.contains(name))
                        || name.startsWith("Singleton") || name.equals("BrowserMetrics-spare.pma")
                        || Files.isSymbolicLink(p);
            }).sorted(Comparator.comparingInt(Path::getNameCount)).toList();
        }
        for (Path p : doomed) {
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Trees.delete(p);
                } else {
                    Files.delete(p);
                }
            }
        }
    }
}
