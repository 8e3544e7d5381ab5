package dsmipha.slowpath.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import dsmipha.slowpath.registration.RegistrationConfig.Ipv4Prefix;

class Ipv4PrefixPoolTest
{
    private static final long HOME_HIGH = 0x20010db8_000a0000L;
    private static final int NET = 0xC6336400;   // 198.51.100.0

    @Test
    void allocatesAlignedBlocksWithoutOverlap()
    {
        final Ipv4PrefixPool pool = new Ipv4PrefixPool(List.of(new Ipv4Prefix(NET, 24)));
        final int a = pool.allocate(26, HOME_HIGH, 1);
        final int b = pool.allocate(25, HOME_HIGH, 2);
        final int c = pool.allocate(27, HOME_HIGH, 3);
        final int d = pool.allocate(27, HOME_HIGH, 4);
        assertEquals(NET, a);
        assertEquals(NET + 128, b);
        assertEquals(NET + 64, c);
        assertEquals(NET + 96, d);
        assertEquals(Ipv4PrefixPool.NONE, pool.allocate(30, HOME_HIGH, 5), "the /24 is full");
        assertEquals(4, pool.leased());
        assertEquals(b, pool.allocate(25, HOME_HIGH, 2), "owner's existing block");
        assertEquals(Ipv4PrefixPool.NONE, pool.allocate(26, HOME_HIGH, 2), "owner holds another length");
        assertEquals(25, pool.leaseLengthOf(HOME_HIGH, 2));
    }

    @Test
    void releaseMergesBuddiesBackIntoTheRange()
    {
        final Ipv4PrefixPool pool = new Ipv4PrefixPool(List.of(new Ipv4Prefix(NET, 24)));
        for (int i = 0; i < 8; i++)
        {
            assertEquals(NET + 32 * i, pool.allocate(27, HOME_HIGH, i));
        }
        for (int i = 7; i >= 0; i--)
        {
            assertTrue(pool.release(NET + 32 * i, 27, HOME_HIGH, i));
        }
        assertEquals(NET, pool.allocate(24, HOME_HIGH, 99), "the whole /24 is one free block again");
    }

    @Test
    void claimConflictsWithLeasedBlocks()
    {
        final Ipv4PrefixPool pool = new Ipv4PrefixPool(List.of(new Ipv4Prefix(NET, 24)));
        assertTrue(pool.claim(NET + 64, 26, HOME_HIGH, 1));
        assertTrue(pool.claim(NET + 64, 26, HOME_HIGH, 1), "already this owner's");
        assertFalse(pool.claim(NET + 64, 27, HOME_HIGH, 2), "inside a leased block");
        assertFalse(pool.claim(NET, 25, HOME_HIGH, 2), "contains a leased block");
        assertFalse(pool.claim(NET + 1, 26, HOME_HIGH, 2), "not aligned");
        assertFalse(pool.claim(NET, 23, HOME_HIGH, 2), "larger than the range");
        assertFalse(pool.claim(NET + 256, 26, HOME_HIGH, 2), "outside");
        assertTrue(pool.claim(NET + 128, 25, HOME_HIGH, 2));
        assertEquals(NET, pool.allocate(26, HOME_HIGH, 3));
        assertEquals(Ipv4PrefixPool.NONE, pool.allocate(32, HOME_HIGH, 4));
        assertFalse(pool.release(NET + 128, 26, HOME_HIGH, 2), "wrong length");
        assertFalse(pool.release(NET + 128, 25, HOME_HIGH, 3), "wrong owner");
        assertTrue(pool.release(NET + 64, 26, HOME_HIGH, 1));
        assertEquals(NET + 64, pool.allocate(32, HOME_HIGH, 4));
    }

    @Test
    void containsAndValidation()
    {
        final Ipv4PrefixPool pool = new Ipv4PrefixPool(
            List.of(new Ipv4Prefix(NET, 24), new Ipv4Prefix(0x0A000000, 16)));
        assertTrue(pool.contains(NET, 24));
        assertTrue(pool.contains(NET + 252, 30));
        assertFalse(pool.contains(NET, 23));
        assertFalse(pool.contains(NET + 2, 30));
        assertTrue(pool.contains(0x0A00FF00, 24));
        assertEquals(Ipv4PrefixPool.NONE, pool.allocate(0, HOME_HIGH, 1));
        assertEquals(Ipv4PrefixPool.NONE, pool.allocate(33, HOME_HIGH, 1));
        assertEquals(0x0A000000, pool.allocate(16, HOME_HIGH, 1));
        assertThrows(IllegalArgumentException.class,
            () -> new Ipv4PrefixPool(List.of(new Ipv4Prefix(NET, 24), new Ipv4Prefix(NET + 128, 25))));
    }

    @Test
    void randomSequenceNeverOverlaps()
    {
        final Random random = new Random(7);
        final List<Ipv4Prefix> ranges = List.of(new Ipv4Prefix(NET, 24), new Ipv4Prefix(0x0A000000, 26));
        final Ipv4PrefixPool pool = new Ipv4PrefixPool(ranges);
        final Map<Long, long[]> held = new HashMap<>();
        for (int step = 0; step < 100_000; step++)
        {
            final long owner = random.nextInt(40);
            final int length = 24 + random.nextInt(9);
            final long[] mine = held.get(owner);
            final int op = random.nextInt(3);
            if (op == 0)
            {
                final int network = pool.allocate(length, HOME_HIGH, owner);
                if (mine != null)
                {
                    assertEquals(mine[1] == length ? (int)mine[0] : Ipv4PrefixPool.NONE, network);
                }
                else if (network != Ipv4PrefixPool.NONE)
                {
                    assertTrue(pool.contains(network, length));
                    assertFreeInModel(held, network, length, step);
                    held.put(owner, new long[]{network, length});
                }
                else
                {
                    assertFalse(anyFreeAlignedBlock(ranges, held, length), "NONE while a block was free");
                }
            }
            else if (op == 1 && mine != null)
            {
                assertTrue(pool.release((int)mine[0], (int)mine[1], HOME_HIGH, owner));
                held.remove(owner);
            }
            else
            {
                final int network = (random.nextBoolean() ? NET : 0x0A000000) + (random.nextInt(256) &
                    RegistrationConfig.Ipv4Prefix.mask(length));
                final boolean expected = pool.contains(network, length) && (mine == null ?
                    isFree(held, network, length) : mine[0] == network && mine[1] == length);
                assertEquals(expected, pool.claim(network, length, HOME_HIGH, owner), "claim at step " + step);
                if (expected)
                {
                    held.put(owner, new long[]{network, length});
                }
            }
            assertEquals(held.size(), pool.leased());
        }
    }

    private static void assertFreeInModel(final Map<Long, long[]> held, final int network, final int length,
        final int step)
    {
        assertTrue(isFree(held, network, length), "overlap at step " + step);
    }

    private static boolean isFree(final Map<Long, long[]> held, final int network, final int length)
    {
        final long first = Integer.toUnsignedLong(network);
        final long last = first + (1L << (32 - length)) - 1;
        for (final long[] block : held.values())
        {
            final long blockFirst = Integer.toUnsignedLong((int)block[0]);
            final long blockLast = blockFirst + (1L << (32 - block[1])) - 1;
            if (blockFirst <= last && first <= blockLast)
            {
                return false;
            }
        }
        return true;
    }

    private static boolean anyFreeAlignedBlock(final List<Ipv4Prefix> ranges, final Map<Long, long[]> held,
        final int length)
    {
        final List<Integer> candidates = new ArrayList<>();
        for (final Ipv4Prefix range : ranges)
        {
            if (length < range.length())
            {
                continue;
            }
            for (long n = 0; n < 1L << (length - range.length()); n++)
            {
                candidates.add((int)(range.network() + (n << (32 - length))));
            }
        }
        return candidates.stream().anyMatch(n -> isFree(held, n, length));
    }
}
