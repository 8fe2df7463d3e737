package io.browserstate.core.tree;

import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Converts between permission sets and {@code 0777} bits.
 *
 * @since 0.2
 */
public final class Modes {
    private static final PosixFilePermission[] ORDER = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
    };

    private Modes() {
    }

    /**
     * The permission bits of a permission set.
     *
     * @param perms the permissions
     * @return the bits, between {@code 0} and {@code 0777}
     */
    public static int toBits(Set<PosixFilePermission> perms) {
        int bits = 0;
        for (int i = 0; i < ORDER.length; i++) {
            if (perms.contains(ORDER[i])) {
                bits |= 1 << i;
            }
        }
        return bits;
    }

    /**
     * The permission set of permission bits; bits above {@code 0777} are ignored.
     *
     * @param bits the permission bits
     * @return a new, modifiable set of the permissions
     */
    public static Set<PosixFilePermission> fromBits(int bits) {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < ORDER.length; i++) {
            if ((bits & (1 << i)) != 0) {
                perms.add(ORDER[i]);
            }
        }
        return perms;
    }
}
