package io.browserstate.core.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.browserstate.api.SessionId;
import io.browserstate.api.SnapshotInfo;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;

/**
 * One published snapshot of a session (format 2), stored as a small content-addressed blob beside the
 * manifest it names, like a commit beside its tree: the head names the current record and lists the
 * kept older ones, so history is read without loading manifests, and a rollback or a fork is a new
 * record naming an existing manifest.
 *
 * @param format record format, {@value #FORMAT}
 * @param version the version it was published as
 * @param manifest the manifest's blob id
 * @param savedAt publication time (ISO-8601)
 * @param savedBy the lease owner that published it, or {@code null}
 * @param sizeBytes file bytes
 * @param fileCount regular files
 * @param browserVersion browser version, or {@code null}
 * @param attributes attributes
 * @param origin {@code save}, {@code rollback}, {@code fork} or {@code migration}
 * @param originSession for a fork: {@code user/session} of the source
 * @param originVersion for a rollback or fork: the version copied
 * @param session {@code user/session} of the session the record belongs to (since 0.4; {@code null} in
 *     older records), so that two sessions never share a record and a record cannot be moved to another
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SnapshotRecord(int format, long version, String manifest, String savedAt, String savedBy, long sizeBytes, long fileCount,
                             String browserVersion, Map<String, String> attributes, String origin, String originSession, Long originVersion, String session) {

    public static final int FORMAT = 2;

    private static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();

    public SnapshotRecord {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    static SnapshotRecord of(long version, String manifest, Instant savedAt, String savedBy, long sizeBytes, long fileCount,
            String browserVersion, Map<String, String> attributes, SnapshotInfo.Origin origin, SessionId originSession, Long originVersion,
            SessionId owner) {
        return new SnapshotRecord(FORMAT, version, manifest, savedAt.toString(), savedBy, sizeBytes, fileCount, browserVersion, attributes,
                origin.name().toLowerCase(java.util.Locale.ROOT), originSession == null ? null : originSession.userId() + "/"
                + originSession.sessionId(), originVersion, owner.userId() + "/" + owner.sessionId());
    }

    SnapshotInfo toInfo(SessionId id, boolean current) {
        SessionId from = null;
        if (originSession != null) {
            int slash = originSession.indexOf('/');
            from = SessionId.of(originSession.substring(0, slash), originSession.substring(slash + 1));
        }
        return new SnapshotInfo(id, version, current, Instant.parse(savedAt), savedBy, sizeBytes, fileCount, browserVersion, attributes,
                SnapshotInfo.Origin.valueOf(origin.toUpperCase(java.util.Locale.ROOT)), from, originVersion, manifest);
    }

    Instant savedAtInstant() {
        return Instant.parse(savedAt);
    }

    byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise a snapshot record", e);
        }
    }

    /** Parses and checks a record; any syntax, type or value error is an {@link IOException}. */
    static SnapshotRecord fromJson(byte[] json) throws IOException {
        SnapshotRecord r = JSON.readValue(json, SnapshotRecord.class);
        if (r == null) {
            throw new IOException("snapshot record is empty");
        }
        if (r.format != FORMAT) {
            throw new IOException("snapshot record has format " + r.format + "; this reader knows format " + FORMAT);
        }
        try {
            io.browserstate.spi.BlobIds.check(r.manifest);
            Instant.parse(r.savedAt);
            SnapshotInfo.Origin.valueOf(r.origin.toUpperCase(java.util.Locale.ROOT));
            if (r.originSession != null) {
                int slash = r.originSession.indexOf('/');
                SessionId.of(r.originSession.substring(0, Math.max(0, slash)), r.originSession.substring(slash + 1));
            }
        } catch (RuntimeException e) {
            throw new IOException("snapshot record is malformed: " + e.getMessage(), e);
        }
        return r;
    }
}
