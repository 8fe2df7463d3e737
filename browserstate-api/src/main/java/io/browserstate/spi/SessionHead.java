package io.browserstate.spi;

import io.browserstate.api.SessionId;
import java.util.Objects;

/**
 * A session's id with its current head, as {@link StorageProvider#listSessions} returns them.
 *
 * @param id the session
 * @param head its current head
 * @since 0.3
 */
public record SessionHead(SessionId id, Head head) {
    /**
     * Checks both parts.
     *
     * @param id the session
     * @param head its current head
     */
    public SessionHead {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(head, "head");
    }
}
