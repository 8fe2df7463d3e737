package io.browserstate.playwright;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * A local site for browser tests, on 127.0.0.1 and a free port (one origin for the whole test class).
 * {@code /login} sets two persistent cookies through response headers, one of them HttpOnly (invisible
 * to scripts); {@code /login-session} sets one HttpOnly session cookie (no expiry); {@code /whoami} answers with the Cookie header it received, which is the only way to see
 * an HttpOnly cookie arrive.
 */
final class TestSite implements AutoCloseable {

    static final String SESSION_COOKIE = "sid";
    static final String SESSION_VALUE = "s3cr3t-http-only";
    static final String THEME_COOKIE = "theme";
    static final String THEME_VALUE = "dark";
    static final String SESSION_ONLY_COOKIE = "ssid";
    static final String SESSION_ONLY_VALUE = "only-for-this-session";

    private final HttpServer server;

    private TestSite(HttpServer server) {
        this.server = server;
    }

    static TestSite start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "test-site");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            switch (path) {
                case "/login" -> {
                    exchange.getResponseHeaders().put("Set-Cookie", List.of(
                            SESSION_COOKIE + "=" + SESSION_VALUE + "; Max-Age=86400; Path=/; HttpOnly; SameSite=Lax",
                            THEME_COOKIE + "=" + THEME_VALUE + "; Max-Age=86400; Path=/; SameSite=Lax"));
                    html(exchange, "<title>logged in</title><p>logged in</p>");
                }
                case "/login-session" -> {
                    // no Max-Age, no Expires: a session cookie, which Chromium drops when it starts again
                    exchange.getResponseHeaders().put("Set-Cookie", List.of(
                            SESSION_ONLY_COOKIE + "=" + SESSION_ONLY_VALUE + "; Path=/; HttpOnly; SameSite=Lax"));
                    html(exchange, "<title>logged in for this session</title><p>logged in</p>");
                }
                case "/whoami" -> {
                    String cookies = exchange.getRequestHeaders().getFirst("Cookie");
                    html(exchange, "<title>whoami</title><pre id=cookies>" + (cookies == null ? "" : cookies) + "</pre>");
                }
                default -> html(exchange, "<title>home</title><p>home</p>");
            }
        });
        server.start();
        return new TestSite(server);
    }

    /** {@code http://127.0.0.1:<port>}, the origin every page of this site shares. */
    String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String url(String path) {
        return origin() + path;
    }

    private static void html(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = ("<!doctype html><meta charset=utf-8>" + body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
