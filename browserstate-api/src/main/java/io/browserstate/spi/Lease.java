package io.browserstate.spi;

import io.browserstate.api.SessionId;
import java.time.Instant;

/**
 * The right to publish a session's head, held by one owner until it expires or is released.
 *
 * @param sessionId the leased session
 * @param owner who holds it (unique per holder)
 * @param token fencing token: strictly larger for every lease ever granted on the session; a head
 *     compare-and-set made with a token that is no longer current fails
 * @param expiresAt when the lease lapses unless renewed
 * @since 0.1
 */
public record Lease(SessionId sessionId, String owner, long token, Instant expiresAt) {
}
