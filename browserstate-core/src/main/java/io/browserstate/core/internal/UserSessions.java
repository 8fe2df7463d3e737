package io.browserstate.core.internal;

import io.browserstate.api.SessionPage;
import io.browserstate.spi.SessionHead;
import io.browserstate.spi.StorageProvider;
import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * Every session of one user, read from the provider a page at a time as the iteration reaches it, so
 * that a walk over a large user (collection, usage, migration, rekey) holds one page, not the whole list.
 */
final class UserSessions {
    private UserSessions() {
    }

    static Iterable<SessionHead> of(StorageProvider provider, String userId, int pageSize) {
        return () -> new Iterator<>() {
            private Iterator<SessionHead> page = Collections.emptyIterator();
            private @Nullable String cursor;
            private boolean last;

            @Override
            public boolean hasNext() {
                while (!page.hasNext() && !last) {
                    SessionPage<SessionHead> next = provider.listSessions(userId, cursor, pageSize);
                    page = next.items().iterator();
                    cursor = next.nextCursor();
                    last = cursor == null;
                }
                return page.hasNext();
            }

            @Override
            public SessionHead next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.next();
            }
        };
    }
}
