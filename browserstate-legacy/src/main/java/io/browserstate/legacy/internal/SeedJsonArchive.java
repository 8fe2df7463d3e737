package io.browserstate.legacy.internal;

import io.browserstate.api.CorruptDataException;
import io.browserstate.api.SessionId;
import io.browserstate.core.tree.TreeNames;
import io.browserstate.legacy.LegacyFormat;
import io.browserstate.legacy.internal.PlannedEntry.Kind;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A {@code seed-json-v1} value: {@code {"userId":…,"sessionId":…,"files":{path: record},"updatedAt":…}}.
 * A record is {@code {"type":"binary","content":base64}}, {@code {"type":"text","content":text}} or a
 * bare string (UTF-8 text). Parsed twice without building a tree: once for the names (validated
 * before anything is written), then once per file, from the offset of its content, while writing.
 */
final class SeedJsonArchive implements LegacyArchive {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE - 64)
                    .maxNestingDepth(64)
                    .build())
            .build();

    private enum Encoding { BASE64, TEXT }

    private record Content(int offset, Encoding encoding) {
    }

    private final SessionId id;
    private final byte[] value;
    private final List<Content> contents = new ArrayList<>();
    private final List<PlannedEntry> entries = new ArrayList<>();
    private String updatedAt;

    SeedJsonArchive(SessionId id, byte[] value) {
        this.id = id;
        this.value = value;
        parse();
    }

    @Override
    public LegacyFormat format() {
        return LegacyFormat.SEED_JSON_V1;
    }

    /** The document's {@code updatedAt} member, if it has one. */
    String updatedAt() {
        return updatedAt;
    }

    private void parse() {
        try (JsonParser p = JSON.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw corrupt("the seed-json-v1 value is not a JSON object");
            }
            boolean sawFiles = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken token = p.nextToken();
                if ("files".equals(field)) {
                    if (token != JsonToken.START_OBJECT) {
                        throw corrupt("the member \"files\" is not a JSON object");
                    }
                    sawFiles = true;
                    parseFiles(p);
                } else if ("updatedAt".equals(field) && token == JsonToken.VALUE_STRING) {
                    updatedAt = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw corrupt("the seed-json-v1 value has data after its JSON document");
            }
            if (!sawFiles) {
                throw corrupt("the seed-json-v1 value has no \"files\" member");
            }
        } catch (JsonProcessingException e) {
            // a constraint failure (nesting too deep, a string too long) carries no location
            throw corrupt("the seed-json-v1 value is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (at byte " + e.getLocation().getByteOffset() + ")"), e);
        } catch (IOException e) {
            throw corrupt("the seed-json-v1 value cannot be parsed: " + e.getMessage(), e);
        }
    }

    private void parseFiles(JsonParser p) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String path = p.currentName();
            JsonToken token = p.nextToken();
            if (token == JsonToken.VALUE_STRING) {
                add(path, offset(p), Encoding.TEXT, -1);
            } else if (token == JsonToken.START_OBJECT) {
                String type = null;
                int contentOffset = -1;
                long mtime = -1;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken v = p.nextToken();
                    switch (field) {
                        case "type" -> {
                            if (v != JsonToken.VALUE_STRING) {
                                throw corrupt("file record " + TreeNames.quote(path) + " has a \"type\" that is not a string");
                            }
                            type = p.getText();
                        }
                        case "content" -> {
                            if (v != JsonToken.VALUE_STRING) {
                                throw corrupt("file record " + TreeNames.quote(path) + " has a \"content\" that is not a string");
                            }
                            contentOffset = offset(p);
                        }
                        case "mtime" -> {
                            if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT) {
                                double d = p.getDoubleValue();
                                mtime = d >= 0 && d < 1e15 ? (long) d : -1;
                            } else {
                                p.skipChildren();
                            }
                        }
                        default -> p.skipChildren();
                    }
                }
                if (type == null) {
                    throw corrupt("file record " + TreeNames.quote(path) + " has no \"type\"");
                }
                Encoding encoding = switch (type) {
                    case "binary" -> Encoding.BASE64;
                    case "text" -> Encoding.TEXT;
                    default -> throw corrupt("file record " + TreeNames.quote(path) + " has the unknown type "
                            + TreeNames.quote(type) + " (expected \"binary\" or \"text\")");
                };
                if (contentOffset < 0) {
                    throw corrupt("file record " + TreeNames.quote(path) + " has no \"content\"");
                }
                add(path, contentOffset, encoding, mtime);
            } else {
                throw corrupt("file record " + TreeNames.quote(path) + " is neither an object nor a string");
            }
        }
    }

    private static int offset(JsonParser p) {
        long offset = p.currentTokenLocation().getByteOffset();
        if (offset < 0 || offset > Integer.MAX_VALUE) {
            throw new IllegalStateException("JSON parser reported no byte offset");
        }
        return (int) offset;
    }

    private void add(String path, int offset, Encoding encoding, long mtime) {
        entries.add(new PlannedEntry(path, Kind.FILE, -1, mtime, -1, null, contents.size()));
        contents.add(new Content(offset, encoding));
    }

    @Override
    public List<PlannedEntry> entries() {
        return List.copyOf(entries);
    }

    @Override
    public long copyContent(PlannedEntry entry, OutputStream out, long maxBytes) throws IOException {
        Content content = contents.get(entry.handle());
        String text;
        try (JsonParser p = JSON.createParser(value, content.offset(), value.length - content.offset())) {
            if (p.nextToken() != JsonToken.VALUE_STRING) {
                throw corrupt("file record " + TreeNames.quote(entry.name()) + " has no readable content");
            }
            text = p.getText();
        } catch (JsonProcessingException e) {
            throw corrupt("file record " + TreeNames.quote(entry.name()) + " has invalid JSON content: " + e.getOriginalMessage(), e);
        }
        byte[] bytes;
        if (content.encoding() == Encoding.BASE64) {
            if (text.length() % 4 != 0) {
                throw corrupt("file record " + TreeNames.quote(entry.name()) + " has \"binary\" content that is not valid base64"
                        + " (length " + text.length() + " is not a multiple of 4)");
            }
            try {
                bytes = Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw corrupt("file record " + TreeNames.quote(entry.name()) + " has \"binary\" content that is not valid base64: "
                        + e.getMessage(), e);
            }
        } else {
            bytes = text.getBytes(StandardCharsets.UTF_8);
        }
        if (bytes.length > maxBytes) {
            throw corrupt("file record " + TreeNames.quote(entry.name()) + " holds " + bytes.length
                    + " bytes, more than the " + maxBytes + " bytes left within the restore limit");
        }
        out.write(bytes);
        return bytes.length;
    }

    private CorruptDataException corrupt(String message) {
        return new CorruptDataException(id, message);
    }

    private CorruptDataException corrupt(String message, Throwable cause) {
        return new CorruptDataException(id, message, cause);
    }

    @Override
    public void close() {
        // nothing held beyond the value itself
    }
}
