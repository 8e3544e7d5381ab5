package dsmipha.slowpath.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import dsmipha.slowpath.registration.RegistrationConfig.Ipv4Prefix;

class Ipv4AddressPoolTest
{
    private static final long HOME_HIGH = 0x20010db8_000a0000L;
    private static final int NET_A = 0x0A000000;   // 10.0.0.0
    private static final int NET_B = 0xC6336480;   // 198.51.100.128

    @Test
    void allocatesEveryAddressOfEveryRangeOnceThenExhausts()
    {
        final Ipv4AddressPool pool = new Ipv4AddressPool(List.of(new Ipv4Prefix(NET_B, 30), new Ipv4Prefix(NET_A, 31)));
        assertEquals(6, pool.capacity());
        final Set<Integer> seen = new HashSet<>();
        for (int i = 1; i <= 6; i++)
        {
            final int address = pool.allocate(HOME_HIGH, i);
            assertTrue(pool.contains(address));
            assertTrue(seen.add(address), "double allocation");
        }
        assertEquals(Set.of(NET_A, NET_A + 1, NET_B, NET_B + 1, NET_B + 2, NET_B + 3), seen);
        assertEquals(Ipv4AddressPool.NONE, pool.allocate(HOME_HIGH, 7));
        assertEquals(6, pool.leased());
    }

    @Test
    void ownerKeepsItsLease()
    {
        final Ipv4AddressPool pool = new Ipv4AddressPool(List.of(new Ipv4Prefix(NET_A, 28)));
        final int first = pool.allocate(HOME_HIGH, 1);
        assertEquals(first, pool.allocate(HOME_HIGH, 1));
        assertEquals(first, pool.leaseOf(HOME_HIGH, 1));
        assertEquals(Ipv4AddressPool.NONE, pool.leaseOf(HOME_HIGH, 2));
        assertEquals(1, pool.leased());
    }

    @Test
    void releasedAddressesAreReusedLastAndLeastRecentlyReleasedFirst()
    {
        final Ipv4AddressPool pool = new Ipv4AddressPool(List.of(new Ipv4Prefix(NET_A, 29)));
        final int[] addresses = new int[4];
        for (int i = 0; i < 4; i++)
        {
            addresses[i] = pool.allocate(HOME_HIGH, i);
        }
        assertTrue(pool.release(addresses[2], HOME_HIGH, 2));
        assertTrue(pool.release(addresses[0], HOME_HIGH, 0));
        for (int i = 4; i < 8; i++)
        {
            final int fresh = pool.allocate(HOME_HIGH, 10 + i);
            assertEquals(NET_A + i, fresh, "never-leased addresses come before released ones");
        }
        assertEquals(addresses[2], pool.allocate(HOME_HIGH, 100), "least recently released first");
        assertEquals(addresses[0], pool.allocate(HOME_HIGH, 101));
        assertEquals(Ipv4AddressPool.NONE, pool.allocate(HOME_HIGH, 102));
    }

    @Test
    void claimConflicts()
    {
        final Ipv4AddressPool pool = new Ipv4AddressPool(List.of(new Ipv4Prefix(NET_A, 29)));
        assertTrue(pool.claim(NET_A + 3, HOME_HIGH, 1));
        assertTrue(pool.claim(NET_A + 3, HOME_HIGH, 1), "already this owner's");
        assertFalse(pool.claim(NET_A + 3, HOME_HIGH, 2), "leased to another owner");
        assertFalse(pool.claim(NET_A + 4, HOME_HIGH, 1), "owner already holds another address");
        assertFalse(pool.claim(NET_B, HOME_HIGH, 3), "outside the pool");
        assertEquals(NET_A + 3, pool.leaseOf(HOME_HIGH, 1));
        for (int i = 0; i < 7; i++)
        {
            assertTrue(pool.allocate(HOME_HIGH, 10 + i) != NET_A + 3, "a claimed address is never allocated");
        }
        assertEquals(Ipv4AddressPool.NONE, pool.allocate(HOME_HIGH, 20));
    }

    @Test
    void releaseByAnotherOwnerChangesNothing()
    {
        final Ipv4AddressPool pool = new Ipv4AddressPool(List.of(new Ipv4Prefix(NET_A, 30)));
        final int address = pool.allocate(HOME_HIGH, 1);
        assertFalse(pool.release(address, HOME_HIGH, 2));
        assertFalse(pool.release(address + 1, HOME_HIGH, 1));
        assertEquals(address, pool.leaseOf(HOME_HIGH, 1));
        assertEquals(1, pool.leased());
    }

    @Test
    void refusesOverlapsAndZero()
    {
        final IllegalArgumentException overlap = assertThrows(IllegalArgumentException.class,
            () -> new Ipv4AddressPool(List.of(new Ipv4Prefix(NET_A, 8), new Ipv4Prefix(NET_A + 0x100, 24))));
        assertTrue(overlap.getMessage().contains("overlap"), overlap.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Ipv4AddressPool(List.of(new Ipv4Prefix(0, 8))));
        assertThrows(IllegalArgumentException.class,
            () -> new Ipv4AddressPool(List.of(new Ipv4Prefix(NET_A, 7))));
        final Ipv4AddressPool empty = new Ipv4AddressPool(List.of());
        assertEquals(Ipv4AddressPool.NONE, empty.allocate(HOME_HIGH, 1));
    }

    @Test
    void highAddressesCompareUnsigned()
    {
        final Ipv4AddressPool pool = new Ipv4AddressPool(
            List.of(new Ipv4Prefix(0xF0000000, 30), new Ipv4Prefix(0x01000000, 30)));
        assertTrue(pool.contains(0xF0000003));
        assertFalse(pool.contains(0xF0000004));
        assertTrue(pool.claim(0xF0000002, HOME_HIGH, 1));
        assertEquals(0xF0000002, pool.leaseOf(HOME_HIGH, 1));
    }

    @Test
    void randomSequenceMatchesModel()
    {
        final Random random = new Random(42);
        final List<Ipv4Prefix> ranges = List.of(new Ipv4Prefix(NET_A, 26), new Ipv4Prefix(NET_B, 27));
        final Ipv4AddressPool pool = new Ipv4AddressPool(ranges);
        final Map<Long, Integer> ownerToAddress = new HashMap<>();
        final Map<Integer, Long> addressToOwner = new HashMap<>();
        for (int step = 0; step < 200_000; step++)
        {
            final long owner = random.nextInt(150);
            final int op = random.nextInt(3);
            final Integer held = ownerToAddress.get(owner);
            if (op == 0)
            {
                final int address = pool.allocate(HOME_HIGH, owner);
                if (held != null)
                {
                    assertEquals(held.intValue(), address);
                }
                else if (addressToOwner.size() == pool.capacity())
                {
                    assertEquals(Ipv4AddressPool.NONE, address);
                }
                else
                {
                    assertTrue(pool.contains(address));
                    assertFalse(addressToOwner.containsKey(address), "double allocation at step " + step);
                    ownerToAddress.put(owner, address);
                    addressToOwner.put(address, owner);
                }
            }
            else if (op == 1)
            {
                final int address = random.nextBoolean() && held != null ? held : randomAddress(random);
                final boolean expected = addressToOwner.containsKey(address) &&
                    addressToOwner.get(address) == owner;
                assertEquals(expected, pool.release(address, HOME_HIGH, owner));
                if (expected)
                {
                    ownerToAddress.remove(owner);
                    addressToOwner.remove(address);
                }
            }
            else
            {
                final int address = randomAddress(random);
                final boolean inside = ranges.stream().anyMatch(r -> r.contains(address));
                final boolean expected = inside && (held == null ? !addressToOwner.containsKey(address) :
                    held == address);
                assertEquals(expected, pool.claim(address, HOME_HIGH, owner), "claim at step " + step);
                if (expected)
                {
                    ownerToAddress.put(owner, address);
                    addressToOwner.put(address, owner);
                }
            }
            assertEquals(ownerToAddress.size(), pool.leased());
        }
        for (final Map.Entry<Long, Integer> e : ownerToAddress.entrySet())
        {
            assertEquals(e.getValue().intValue(), pool.leaseOf(HOME_HIGH, e.getKey()));
        }
    }

    @Test
    void fullSlashEightPool()
    {
        final Ipv4AddressPool pool = new Ipv4AddressPool(List.of(new Ipv4Prefix(NET_A, 8)));
        assertEquals(1 << 24, pool.capacity());
        final long start = System.nanoTime();
        for (int i = 0; i < 1 << 20; i++)
        {
            assertEquals(NET_A + i, pool.allocate(i, 1));
        }
        for (int i = 0; i < 1 << 20; i += 2)
        {
            assertTrue(pool.release(NET_A + i, i, 1));
        }
        System.out.printf("address pool /8: 1M allocate + 512k release in %.1f ms%n",
            (System.nanoTime() - start) / 1e6);
        assertEquals(NET_A + (1 << 20), pool.allocate(-1, -1));
    }

    private static int randomAddress(final Random random)
    {
        return random.nextInt(4) == 0 ? 0x0B000000 + random.nextInt(8) :
            random.nextBoolean() ? NET_A + random.nextInt(64) : NET_B + random.nextInt(32);
    }
}
