package io.browserstate.legacy.internal;

import io.browserstate.api.CorruptDataException;
import io.browserstate.api.SessionId;
import io.browserstate.legacy.LegacyFormat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Recognises the format of a legacy session value (FORMAT.md section 2) and opens it. */
public final class LegacyValues {

    private static final byte[] LOCAL_HEADER = {'P', 'K', 3, 4};
    private static final byte[] END_OF_CENTRAL_DIRECTORY = {'P', 'K', 5, 6};

    private LegacyValues() {
    }

    /** The format, judged from the first bytes only; never fails. */
    public static LegacyFormat detect(byte[] prefix) {
        int i = skipWhitespace(prefix);
        if (i < prefix.length && prefix[i] == '{') {
            return LegacyFormat.SEED_JSON_V1;
        }
        String start = new String(prefix, 0, Math.min(prefix.length, 8), StandardCharsets.ISO_8859_1);
        if (start.startsWith("UEsDB") || start.startsWith("UEsFBg")) {
            return LegacyFormat.ZIP_V2;
        }
        return LegacyFormat.UNRECOGNIZED;
    }

    /**
     * Opens a non-empty value.
     *
     * @throws CorruptDataException when the value is neither JSON nor base64 of a ZIP archive
     */
    static LegacyArchive open(SessionId id, byte[] value) {
        int i = skipWhitespace(value);
        if (i < value.length && value[i] == '{') {
            return new SeedJsonArchive(id, value);
        }
        if (value.length % 4 != 0) {
            throw new CorruptDataException(id, "the value is neither seed-json-v1 JSON (it does not start with '{') nor valid base64"
                    + " (its length " + value.length + " is not a multiple of 4)");
        }
        byte[] archive;
        try {
            archive = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new CorruptDataException(id, "the value is neither seed-json-v1 JSON (it does not start with '{') nor valid base64 ("
                    + e.getMessage() + ")", e);
        }
        if (!startsWith(archive, LOCAL_HEADER) && !startsWith(archive, END_OF_CENTRAL_DIRECTORY)) {
            throw new CorruptDataException(id, "the value is valid base64 but does not decode to a ZIP archive (first bytes "
                    + hex(archive, 4) + ")");
        }
        return new ZipArchive(id, archive);
    }

    private static int skipWhitespace(byte[] value) {
        int i = 0;
        while (i < value.length && (value[i] == ' ' || value[i] == '\t' || value[i] == '\n' || value[i] == '\r' || value[i] == '\f')) {
            i++;
        }
        return i;
    }

    private static boolean startsWith(byte[] data, byte[] magic) {
        if (data.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (data[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static String hex(byte[] data, int max) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(max, data.length); i++) {
            b.append(String.format("%02x", data[i] & 0xff));
        }
        return b.length() == 0 ? "(none)" : b.toString();
    }
}
