package io.browserstate.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.MountedSession;
import io.browserstate.api.SessionConflictException;
import io.browserstate.api.SessionId;
import io.browserstate.spi.HeadUpdate;
import io.browserstate.spi.Lease;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The kit's Leases group: Leases exclude other writers and their fencing tokens grow.
 * The store comes from {@link KitStore}, handed in by the kit's resolver.
 *
 * @since 0.2
 */
public interface LeasesGroup {
    /**
     * Checks that a held lease blocks other owners, that the next holder gets a larger fencing token, and that a
     * released lease can neither publish nor be renewed. A provider without enforced leases must still grant them.
     *
     * @param kit the store under test
     */
    @Test
    @DisplayName("a held lease blocks others; released, the next holder gets a larger fencing token")
    default void leaseExcludesOthersAndTokensGrow(KitStore kit) {
        if (!kit.provider().capabilities().leases()) {
            assertTrue(kit.provider().tryAcquireLease(kit.sid("l"), "a", Duration.ofSeconds(5)).isPresent(),
                    "a kit.provider() without enforced leases must still grant them");
            return;
        }
        Lease a = kit.provider().tryAcquireLease(kit.sid("l"), "a", Duration.ofSeconds(30)).orElseThrow();
        assertTrue(kit.provider().tryAcquireLease(kit.sid("l"), "b", Duration.ofSeconds(30)).isEmpty());
        kit.provider().releaseLease(a);
        Lease b = kit.provider().tryAcquireLease(kit.sid("l"), "b", Duration.ofSeconds(30)).orElseThrow();
        assertTrue(b.token() > a.token());
        assertEquals(HeadUpdate.LEASE_LOST, kit.provider().compareAndSetHead(kit.sid("l"), 0, kit.head(1, "x"), a, null), "a released lease's token is refused");
        assertEquals(HeadUpdate.PUBLISHED, kit.provider().compareAndSetHead(kit.sid("l"), 0, kit.head(1, "x"), b, null));
        assertTrue(kit.provider().renewLease(a, Duration.ofSeconds(5)).isEmpty(), "a lost lease cannot be renewed");
        assertTrue(kit.provider().renewLease(b, Duration.ofSeconds(60)).isPresent());
    }

    /**
     * Checks that the owner of a lease it lost track of takes it again at once, with a larger token that fences out
     * the old one, while other owners stay refused.
     *
     * @param kit the store under test
     */
    @Test
    @DisplayName("an owner takes its own lease again at once, with a larger token; others stay refused")
    default void ownerTakesItsLeaseAgain(KitStore kit) {
        if (!kit.provider().capabilities().leases()) {
            return;
        }
        Lease first = kit.provider().tryAcquireLease(kit.sid("again"), "worker-7", Duration.ofSeconds(60)).orElseThrow();
        Lease again = kit.provider().tryAcquireLease(kit.sid("again"), "worker-7", Duration.ofSeconds(60))
                .orElseThrow(() -> new AssertionError("the owner of a held lease must take it again at once, not wait out its TTL"));
        assertTrue(again.token() > first.token(), "the lease taken again gets a larger token");
        assertTrue(kit.provider().tryAcquireLease(kit.sid("again"), "worker-8", Duration.ofSeconds(60)).isEmpty(),
                "another owner is still refused");
        assertEquals(HeadUpdate.LEASE_LOST, kit.provider().compareAndSetHead(kit.sid("again"), 0, kit.head(1, "x"), first, null),
                "the old token is fenced out");
        assertTrue(kit.provider().renewLease(first, Duration.ofSeconds(5)).isEmpty(), "the old lease cannot be renewed");
        assertEquals(HeadUpdate.PUBLISHED, kit.provider().compareAndSetHead(kit.sid("again"), 0, kit.head(1, "x"), again, null));
        kit.provider().releaseLease(first);
        assertTrue(kit.provider().tryAcquireLease(kit.sid("again"), "worker-8", Duration.ofSeconds(60)).isEmpty(),
                "releasing the old lease leaves the new one held");
    }

    /**
     * Checks that the holder of a lease can be read (for the conflict message that names it), and that
     * nothing is read once it is released.
     *
     * @param kit the store under test
     */
    @Test
    @DisplayName("who holds a lease and until when can be read; a released lease reads as none")
    default void leaseHolderIsReadable(KitStore kit) {
        if (!kit.provider().capabilities().leases()) {
            return;
        }
        SessionId id = kit.sid("holder");
        assertTrue(kit.provider().readLease(id).isEmpty(), "no lease is read before one is taken");
        Instant before = Instant.now();
        Lease lease = kit.provider().tryAcquireLease(id, "worker-holder@host-3", Duration.ofSeconds(60)).orElseThrow();
        Lease read = kit.provider().readLease(id).orElseThrow(() -> new AssertionError("readLease must return the lease just taken"));
        assertEquals("worker-holder@host-3", read.owner());
        assertEquals(lease.token(), read.token());
        assertTrue(read.expiresAt().isAfter(before.plusSeconds(50)) && read.expiresAt().isBefore(Instant.now().plusSeconds(70)),
                "the lease lapses about 60 s after it was taken, was " + read.expiresAt());
        kit.provider().releaseLease(lease);
        assertTrue(kit.provider().readLease(id).isEmpty(), "a released lease reads as none");
    }

    /**
     * Checks that an expired lease can be taken by another owner, with a larger token.
     *
     * @param kit the store under test
     * @throws InterruptedException when interrupted while waiting
     */
    @Test
    @DisplayName("an expired lease can be taken by another owner")
    default void expiredLeaseCanBeTaken(KitStore kit) throws InterruptedException {
        Lease a = kit.provider().tryAcquireLease(kit.sid("exp"), "a", Duration.ofMillis(1000)).orElseThrow();
        Thread.sleep(1300);
        Lease b = kit.provider().tryAcquireLease(kit.sid("exp"), "b", Duration.ofSeconds(30)).orElseThrow();
        assertTrue(b.token() > a.token());
    }

    /**
     * Checks that a session mounted by one worker can be neither mounted nor saved by another, and that the refused
     * save leaves its directory alone.
     *
     * @param kit the store under test
     */
    @Test
    @DisplayName("a session mounted by one worker cannot be mounted or saved by another")
    default void secondWorkerGetsConflict(KitStore kit) {
        BrowserStateManager other = kit.secondManager();
        try (MountedSession s = kit.manager().mount(kit.sid("busy"))) {
            SessionConflictException refused = assertThrows(SessionConflictException.class, () -> other.mount(kit.sid("busy")));
            String message = String.valueOf(refused.getMessage());
            assertTrue(message.contains("its lease is held by '") && message.contains(" s, unless its holder renews"),
                    "the conflict names the holder and when its lease lapses: " + message);
            Path elsewhere = ProfileTrees.writeRandomTree(kit.dir("elsewhere"), 2, 100, 1);
            assertThrows(SessionConflictException.class, () -> other.save(kit.sid("busy"), elsewhere));
            assertTrue(Files.exists(elsewhere.resolve("d0/f0.bin")), "the refused save leaves the directory alone");
            s.discard();
        }
        try (MountedSession s = other.mount(kit.sid("busy"))) {
            assertNotNull(s.directory());
            s.discard();
        }
    }
}
