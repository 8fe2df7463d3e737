package io.browserstate.api;

import org.jspecify.annotations.Nullable;

/**
 * Names one saved browser session: the user it belongs to and the session's own id.
 *
 * <p>Both parts are validated so that every store can use them verbatim in keys and paths: they must
 * be 1 to {@value #MAX_LENGTH} bytes in UTF-8, contain no control characters or white space other than
 * a plain space, and none of {@code : * ? [ ] { } / \}. They must not be {@code .} or {@code ..}
 * and must not start or end with a space.
 *
 * @param userId the user the session belongs to
 * @param sessionId the session's id, unique within the user
 * @since 0.1
 */
public record SessionId(String userId, String sessionId) implements Comparable<SessionId> {

    /** The longest accepted user id or session id, in UTF-8 bytes (keys and file names are limited in bytes). */
    public static final int MAX_LENGTH = 128;

    private static final String FORBIDDEN = ":*?[]{}/\\";

    /**
     * Checks both parts against the rules above.
     *
     * @param userId the user the session belongs to
     * @param sessionId the session's id, unique within the user
     * @throws InvalidSessionIdException when either part is refused
     */
    public SessionId {
        validate("userId", userId);
        validate("sessionId", sessionId);
    }

    /**
     * Shorthand for {@code new SessionId(userId, sessionId)}.
     *
     * @param userId the user the session belongs to
     * @param sessionId the session's id, unique within the user
     * @return the session id
     * @throws InvalidSessionIdException when either part is refused
     */
    public static SessionId of(String userId, String sessionId) {
        return new SessionId(userId, sessionId);
    }

    /**
     * Checks one id part, throwing {@link InvalidSessionIdException} that names the part and the
     * offending character. Exposed for providers that accept a bare user id (listing).
     *
     * @param what the name of the part, used in the message, e.g. {@code "userId"}
     * @param value the value to check
     * @throws InvalidSessionIdException when {@code value} is {@code null} or breaks a rule
     */
    public static void validate(String what, @Nullable String value) {
        if (value == null) {
            throw new InvalidSessionIdException(what + " must not be null");
        }
        if (value.isEmpty()) {
            throw new InvalidSessionIdException(what + " must not be empty");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidSessionIdException(what + " is " + value.length() + " characters long; the limit is " + MAX_LENGTH + " bytes");
        }
        if (value.equals(".") || value.equals("..")) {
            throw new InvalidSessionIdException(what + " must not be '" + value + "'");
        }
        if (value.startsWith(" ") || value.endsWith(" ")) {
            throw new InvalidSessionIdException(what + " '" + value + "' must not start or end with a space");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || (Character.isWhitespace(c) && c != ' ') || Character.isSurrogate(c) && !validSurrogate(value, i)) {
                throw new InvalidSessionIdException(what + " contains a control or white-space character (U+"
                        + String.format("%04X", (int) c) + ") at index " + i);
            }
            if (FORBIDDEN.indexOf(c) >= 0) {
                throw new InvalidSessionIdException(what + " '" + value + "' contains '" + c + "' at index " + i
                        + "; these characters are refused because they break store keys or paths: " + FORBIDDEN);
            }
        }
        int bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > MAX_LENGTH) {
            throw new InvalidSessionIdException(what + " is " + bytes + " bytes long in UTF-8; the limit is " + MAX_LENGTH + " bytes");
        }
    }

    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    @Override
    public int compareTo(SessionId o) {
        int c = userId.compareTo(o.userId);
        return c != 0 ? c : sessionId.compareTo(o.sessionId);
    }

    /** {@code userId/sessionId}, for messages and logs. */
    @Override
    public String toString() {
        return userId + "/" + sessionId;
    }
}
