package io.browserstate.playwright.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.SameSiteAttribute;
import io.browserstate.api.CorruptDataException;
import io.browserstate.api.LocalDiskException;
import io.browserstate.api.SessionId;
import io.browserstate.core.tree.Trees;
import io.browserstate.playwright.BrowserSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the adapter keeps beside a profile, in its {@value #DIRECTORY} directory, for what Chromium's
 * files do not hold: the session cookies of a cleanly closed browser (Chromium drops them at start-up)
 * and the checkpoint of a running one (Playwright's storageState, IndexedDB included). Both are
 * applied right after launch, before the first navigation, and the directory is removed then, so a
 * running profile never carries a stale copy.
 */
public final class LiveState {
    /** The directory, relative to the profile. */
    public static final String DIRECTORY = ".browserstate";
    /** Session cookies written at a clean close: a storageState document with cookies only. */
    public static final String SESSION_COOKIES = DIRECTORY + "/session-cookies.json";
    /** The storageState of the newest checkpoint (cookies, localStorage, IndexedDB). */
    public static final String CHECKPOINT = DIRECTORY + "/checkpoint.json";
    /** Largest file accepted from a profile, so a hostile snapshot cannot make the adapter read without bound. */
    static final long MAX_BYTES = 64L * 1024 * 1024;

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private LiveState() {
    }

    /**
     * The running context's session cookies (those without an expiry, which Chromium does not keep on
     * disk), as a storageState document, or {@code null} when there are none.
     */
    public static byte[] sessionCookies(BrowserContext context) {
        ArrayNode cookies = JSON.createArrayNode();
        for (Cookie c : context.cookies()) {
            if (c.expires == null || c.expires < 0) {
                cookies.add(toJson(c));
            }
        }
        if (cookies.isEmpty()) {
            return null;
        }
        ObjectNode doc = JSON.createObjectNode();
        doc.set("cookies", cookies);
        doc.set("origins", JSON.createArrayNode());
        try {
            return JSON.writeValueAsBytes(doc);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot serialise cookies", e);
        }
    }

    private static ObjectNode toJson(Cookie c) {
        ObjectNode n = JSON.createObjectNode();
        n.put("name", c.name);
        n.put("value", c.value);
        n.put("domain", c.domain);
        n.put("path", c.path);
        n.put("expires", -1);
        n.put("httpOnly", Boolean.TRUE.equals(c.httpOnly));
        n.put("secure", Boolean.TRUE.equals(c.secure));
        if (c.sameSite != null) {
            String s = c.sameSite.name().toLowerCase(Locale.ROOT);
            n.put("sameSite", Character.toUpperCase(s.charAt(0)) + s.substring(1));
        }
        if (c.partitionKey != null) {
            n.put("partitionKey", c.partitionKey);
        }
        return n;
    }

    /** Writes the session cookies of a closed browser into its profile (before the save). */
    public static void writeSessionCookies(SessionId id, Path profile, byte[] json) {
        Path file = profile.resolve(SESSION_COOKIES);
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, json);
        } catch (IOException e) {
            throw new LocalDiskException("Cannot keep the session cookies of " + id + " in " + file + ": " + e.getMessage(), file, e);
        }
    }

    /**
     * Applies what the restored profile carries to the freshly launched context: the checkpoint when
     * there is one (the whole storage state replaces the context's), else the session cookies (added;
     * expired ones are not), then removes {@value #DIRECTORY}.
     *
     * @throws CorruptDataException when a file is not what the adapter wrote (too large, not JSON)
     */
    public static BrowserSession.Applied apply(SessionId id, BrowserContext context, Path profile, boolean sessionCookies) {
        Path dir = profile.resolve(DIRECTORY);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return BrowserSession.Applied.NOTHING;
        }
        try {
            Path checkpoint = regularFile(id, profile.resolve(CHECKPOINT));
            Path cookies = regularFile(id, profile.resolve(SESSION_COOKIES));
            if (checkpoint != null) {
                JSON.readTree(checkpoint.toFile()); // refuse what is not JSON before the browser sees it
                setStorageState(context, Files.readString(checkpoint));
                return BrowserSession.Applied.CHECKPOINT;
            }
            if (cookies != null && sessionCookies) {
                List<Cookie> list = parseCookies(id, JSON.readTree(cookies.toFile()));
                if (!list.isEmpty()) {
                    context.addCookies(list);
                }
                return BrowserSession.Applied.SESSION_COOKIES;
            }
            return BrowserSession.Applied.NOTHING;
        } catch (IOException e) {
            throw new CorruptDataException(id, "the adapter's state in " + DIRECTORY + " is not valid JSON: " + e.getMessage(), e);
        } finally {
            try {
                Trees.delete(dir);
            } catch (IOException e) {
                org.slf4j.LoggerFactory.getLogger(LiveState.class).warn("Could not remove " + dir, e);
            }
        }
    }

    /**
     * Replaces the context's cookies, localStorage and IndexedDB with a storageState document, with
     * Playwright's own {@code setStorageState}. Playwright for Java 1.62 sends the document to its driver
     * as a string where the driver expects an object ("storageState: expected object, got string"), so
     * this sends the parsed document on the context's channel itself, and uses the public method only
     * where that channel is not there (a later Playwright that changed it).
     *
     * @throws com.microsoft.playwright.PlaywrightException when the driver refuses the document
     */
    public static void setStorageState(BrowserContext context, String storageState) {
        java.lang.reflect.Method send;
        try {
            send = Class.forName("com.microsoft.playwright.impl.ChannelOwner").getDeclaredMethod("sendMessage", String.class,
                    com.google.gson.JsonObject.class, Double.class);
            send.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            fallback(context, storageState);
            return;
        }
        com.google.gson.JsonObject params = new com.google.gson.JsonObject();
        params.add("storageState", com.google.gson.JsonParser.parseString(storageState));
        try {
            send.invoke(context, "setStorageState", params, null);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            fallback(context, storageState);
        }
    }

    private static void fallback(BrowserContext context, String storageState) {
        try {
            Path file = Files.createTempFile("browserstate-state-", ".json");
            try {
                Files.writeString(file, storageState);
                context.setStorageState(file);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new LocalDiskException("Cannot stage a storageState document: " + e.getMessage(), Path.of(System.getProperty("java.io.tmpdir")),
                    e);
        }
    }

    private static Path regularFile(SessionId id, Path file) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > MAX_BYTES) {
            throw new CorruptDataException(id, file.getFileName() + " in " + DIRECTORY + " is not a regular file of at most " + MAX_BYTES
                    + " bytes");
        }
        return file;
    }

    /** Cookies of a storageState document, expired ones left out. */
    static List<Cookie> parseCookies(SessionId id, JsonNode doc) {
        List<Cookie> out = new ArrayList<>();
        JsonNode cookies = doc.path("cookies");
        if (!cookies.isArray()) {
            throw new CorruptDataException(id, "the session cookies in " + DIRECTORY + " have no cookie list");
        }
        double now = System.currentTimeMillis() / 1000.0;
        for (JsonNode n : cookies) {
            double expires = n.path("expires").asDouble(-1);
            if (expires >= 0 && expires < now) {
                continue;
            }
            Cookie c = new Cookie(n.path("name").asText(), n.path("value").asText()).setDomain(n.path("domain").asText())
                    .setPath(n.path("path").asText("/")).setHttpOnly(n.path("httpOnly").asBoolean()).setSecure(n.path("secure").asBoolean());
            if (expires >= 0) {
                c.setExpires(expires);
            }
            String sameSite = n.path("sameSite").asText("");
            if (!sameSite.isEmpty()) {
                try {
                    c.setSameSite(SameSiteAttribute.valueOf(sameSite.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new CorruptDataException(id, "a session cookie in " + DIRECTORY + " has sameSite '" + sameSite + "'");
                }
            }
            if (n.hasNonNull("partitionKey")) {
                c.setPartitionKey(n.get("partitionKey").asText());
            }
            out.add(c);
        }
        return out;
    }
}
