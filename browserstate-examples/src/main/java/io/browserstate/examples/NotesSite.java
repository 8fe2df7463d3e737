package io.browserstate.examples;

import com.sun.net.httpserver.HttpServer;
import io.browserstate.api.BrowserStateException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The notes app, served on 127.0.0.1 at a fixed port. The port is part of the page's origin, and
 * localStorage belongs to the origin: a restored profile shows the notes only when the page is served
 * at the same address as when they were written. Hence a fixed port ({@value #DEFAULT_PORT} unless
 * configured), not a free one.
 *
 * @since 0.1
 */
public final class NotesSite implements AutoCloseable {

    /** The port the example uses unless told otherwise. */
    public static final int DEFAULT_PORT = 47123;

    private final HttpServer server;
    private final ExecutorService executor;

    private NotesSite(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving the notes page at {@code http://127.0.0.1:<port>/}.
     *
     * @throws BrowserStateException when the port is taken (another run of the example, perhaps)
     */
    public static NotesSite start(int port) {
        byte[] page = page();
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (BindException e) {
            throw new BrowserStateException("Port " + port + " on 127.0.0.1 is taken, so the notes page cannot be served at its usual "
                    + "origin. Stop what uses it, or pass --port=N (notes saved at another port stay with that origin)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serve the notes page on 127.0.0.1:" + port, e);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "notes-site");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                if (!exchange.getRequestURI().getPath().equals("/")) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.getResponseHeaders().set("Cache-Control", "no-store");
                exchange.sendResponseHeaders(200, page.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(page);
                }
            }
        });
        server.start();
        return new NotesSite(server, executor);
    }

    /** The page's address, e.g. {@code http://127.0.0.1:47123/}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static byte[] page() {
        try (InputStream in = NotesSite.class.getResourceAsStream("notes.html")) {
            if (in == null) {
                throw new IllegalStateException("notes.html is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read notes.html", e);
        }
    }
}
