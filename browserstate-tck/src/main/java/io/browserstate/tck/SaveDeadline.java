package io.browserstate.tck;

import io.browserstate.api.SaveFailedException;
import org.jspecify.annotations.Nullable;

/**
 * Recognises a save the engine refused to publish because it missed its deadline ({@code gcGrace} less a quarter of it, at most 10 s less):
 * its claims on reused chunks may have expired, so publishing could have made the session unreadable. That
 * refusal is the safe outcome the engine owes, not a defect; on a loaded machine a race meets it now and then.
 */
final class SaveDeadline {
    private SaveDeadline() {
    }

    /**
     * Whether {@code t}, or one of its causes, is a save refused for missing its publish deadline.
     *
     * @param t what an operation threw
     * @return {@code true} when the save was refused for taking longer than {@code gcGrace}
     */
    static boolean missed(@Nullable Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SaveFailedException && c.getCause() != null
                    && String.valueOf(c.getCause().getMessage()).contains("took longer than gcGrace")) {
                return true;
            }
        }
        return false;
    }
}
