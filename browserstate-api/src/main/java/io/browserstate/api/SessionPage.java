package io.browserstate.api;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One page of a listing. Pass {@link #nextCursor()} back to get the next page; it is empty on the
 * last page.
 *
 * @param <T> what is listed
 * @param items this page's items, in a stable order
 * @param nextCursor the cursor of the next page, or {@code null} on the last page
 * @since 0.1
 */
public record SessionPage<T>(List<T> items, @Nullable String nextCursor) {

    /**
     * Copies {@code items}.
     *
     * @param items this page's items, in a stable order
     * @param nextCursor the cursor of the next page, or {@code null} on the last page
     */
    public SessionPage {
        items = List.copyOf(items);
    }

    /**
     * The cursor for the next page, when there is one.
     *
     * @return the next page's cursor, or empty on the last page
     */
    public Optional<String> next() {
        return Optional.ofNullable(nextCursor);
    }

    /**
     * Whether another page follows.
     *
     * @return {@code true} unless this is the last page
     */
    public boolean hasNext() {
        return nextCursor != null;
    }

    /**
     * One page of names taken from all of them in order: those after {@code cursor}, at most
     * {@code limit}, the last one's name as the next cursor when more follow.
     *
     * @param all every name, sorted
     * @param cursor {@code null} for the first page, else the previous page's {@link #nextCursor()}
     * @param limit the most names on the page, at least 1
     * @return the page
     * @since 0.5
     */
    public static SessionPage<String> ofSorted(java.util.NavigableSet<String> all, @Nullable String cursor, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        java.util.NavigableSet<String> after = cursor == null ? all : all.tailSet(cursor, false);
        List<String> page = after.stream().limit(limit).toList();
        return new SessionPage<>(page, after.size() > limit ? page.get(limit - 1) : null);
    }
}
