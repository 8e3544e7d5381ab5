package dsmipha.fastpath.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * Longest-prefix match against a plain reference model: a map of (family, length, prefix) to owner, searched from
 * the longest length down. Thousands of IPv6 and IPv4 prefixes of mixed, heavily overlapping lengths are added,
 * updated, removed and re-added at random, and after every few writes random addresses (mostly inside the prefix
 * space) are looked up in both; every answer (length, prefix, owner) must agree, as must every write result.
 */
class PrefixTableRandomizedTest
{
    private static final int CAPACITY = 1_500;
    private static final int OPERATIONS = 100_000;
    private static final long DOC = 0x2001_0DB8_0000_0000L;
    /** Lengths drawn most often: the usual NEMO and IPv4 home prefix sizes, and both ends. */
    private static final int[] IPV6_LENGTHS = {16, 32, 40, 48, 52, 56, 60, 64, 72, 80, 96, 112, 120, 127, 128};
    private static final int[] IPV4_LENGTHS = {8, 12, 16, 20, 22, 24, 26, 28, 30, 31, 32};

    private record Key(boolean ipv4, int length, long high, long low)
    {
    }

    private final SplittableRandom random = new SplittableRandom(0x5EED_1E57L);
    private final Map<Key, long[]> model = new HashMap<>();
    private final List<Key> present = new ArrayList<>();
    private final PrefixMatch match = new PrefixMatch();
    private long lookups;
    private long hits;

    @Test
    void agreesWithAReferenceModel()
    {
        final int[] results = new int[16];
        try (PrefixTable table = new PrefixTable(CAPACITY, random.nextLong()))
        {
            for (int op = 0; op < OPERATIONS; op++)
            {
                final int kind = random.nextInt(100);
                final int result;
                if (kind < 55 || present.isEmpty())
                {
                    result = put(table, randomKey());
                }
                else if (kind < 85)
                {
                    result = remove(table, present.get(random.nextInt(present.size())));
                }
                else
                {
                    result = remove(table, randomKey());
                }
                results[-BindingTable.INVALID + result]++;
                if (op % 8 == 0)
                {
                    compareLookups(table, 8);
                }
                if (op % 20_000 == 0)
                {
                    churnEverything(table);
                }
            }
            compareLookups(table, 50_000);
            assertEquals(model.size(), table.size());
            assertLengthsPublished(table);
        }
        System.out.printf("prefix table vs model: %d added, %d updated, %d removed, %d not found, %d full; " +
            "%d lookups, %d hits%n",
            results[-BindingTable.INVALID + BindingTable.ADDED], results[-BindingTable.INVALID + BindingTable.UPDATED],
            results[-BindingTable.INVALID + BindingTable.REMOVED],
            results[-BindingTable.INVALID + BindingTable.NOT_FOUND],
            results[-BindingTable.INVALID + BindingTable.TABLE_FULL], lookups, hits);
        assertTrue(results[-BindingTable.INVALID + BindingTable.ADDED] > 10_000, "thousands of prefixes added");
        assertTrue(results[-BindingTable.INVALID + BindingTable.TABLE_FULL] > 0, "the table filled up at times");
        assertTrue(hits > lookups / 4 && hits < lookups - lookups / 20, "hits and misses: " + hits + " of " + lookups);
    }

    /**
     * Remove every present prefix and add them back: the length bitmaps empty out completely and fill again.
     */
    private void churnEverything(final PrefixTable table)
    {
        final List<Key> all = new ArrayList<>(present);
        final List<long[]> owners = new ArrayList<>();
        for (final Key key : all)
        {
            owners.add(model.get(key));
            assertEquals(BindingTable.REMOVED, remove(table, key));
        }
        assertEquals(0, table.ipv6LengthCount() + table.ipv4LengthCount());
        compareLookups(table, 1_000);
        for (int i = 0; i < all.size(); i++)
        {
            final Key key = all.get(i);
            final int result = key.ipv4() ?
                table.putIpv4((int)key.low(), key.length() - 96, owners.get(i)[0], owners.get(i)[1]) :
                table.putIpv6(key.high(), key.low(), key.length(), owners.get(i)[0], owners.get(i)[1]);
            assertEquals(BindingTable.ADDED, result);
            model.put(key, owners.get(i));
            present.add(key);
        }
    }

    private int put(final PrefixTable table, final Key key)
    {
        final long[] owner = {random.nextLong() | 1L << 62, random.nextLong()};
        final int result = key.ipv4() ?
            table.putIpv4((int)key.low(), key.length() - 96, owner[0], owner[1]) :
            table.putIpv6(key.high(), key.low(), key.length(), owner[0], owner[1]);
        final int expected = model.containsKey(key) ? BindingTable.UPDATED :
            model.size() >= CAPACITY ? BindingTable.TABLE_FULL : BindingTable.ADDED;
        assertEquals(expected, result, key.toString());
        if (result == BindingTable.ADDED)
        {
            present.add(key);
        }
        if (result > 0)
        {
            model.put(key, owner);
        }
        return result;
    }

    private int remove(final PrefixTable table, final Key key)
    {
        final int result = key.ipv4() ?
            table.removeIpv4((int)key.low(), key.length() - 96) :
            table.removeIpv6(key.high(), key.low(), key.length());
        assertEquals(model.containsKey(key) ? BindingTable.REMOVED : BindingTable.NOT_FOUND, result, key.toString());
        if (model.remove(key) != null)
        {
            present.remove(key);
        }
        return result;
    }

    private void compareLookups(final PrefixTable table, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            final boolean ipv4 = random.nextInt(3) == 0;
            // A quarter of the addresses are anywhere at all: mostly misses.
            final boolean anywhere = random.nextInt(4) == 0;
            final long high = ipv4 ? 0 : anywhere ? random.nextLong() | 1 : randomIpv6High();
            final long low = ipv4 ? BindingView.ipv4MappedLow(anywhere ? random.nextInt() : randomIpv4()) :
                anywhere ? random.nextLong() : randomIpv6Low();
            final Key expected = longestInModel(ipv4, high, low);
            final int length = ipv4 ? table.lookupIpv4((int)low, match) : table.lookupIpv6(high, low, match);
            lookups++;
            if (expected == null)
            {
                assertEquals(BindingTable.NOT_FOUND, length);
                continue;
            }
            hits++;
            assertEquals(ipv4 ? expected.length() - 96 : expected.length(), length);
            assertEquals(expected.length(), match.keyLength());
            assertEquals(ipv4, match.isIpv4());
            assertEquals(expected.high(), match.prefixHigh());
            assertEquals(expected.low(), match.prefixLow());
            final long[] owner = model.get(expected);
            assertEquals(owner[0], match.ownerHigh());
            assertEquals(owner[1], match.ownerLow());
        }
    }

    private Key longestInModel(final boolean ipv4, final long high, final long low)
    {
        final int shortest = ipv4 ? 96 : 0;
        for (int length = 128; length >= shortest; length--)
        {
            final Key key =
                new Key(ipv4, length, high & PrefixTable.maskHigh(length), low & PrefixTable.maskLow(length));
            if (model.containsKey(key))
            {
                return key;
            }
        }
        return null;
    }

    private Key randomKey()
    {
        if (random.nextInt(3) == 0)
        {
            final int length = random.nextInt(500) == 0 ? 0 : random.nextInt(4) == 0 ? 1 + random.nextInt(32) :
                IPV4_LENGTHS[random.nextInt(IPV4_LENGTHS.length)];
            final int mask = length == 0 ? 0 : -1 << (32 - length);
            return new Key(true, 96 + length, 0, BindingView.ipv4MappedLow(randomIpv4() & mask));
        }
        // The default prefixes (/0) are rare: present most of the time, they would turn every miss into a hit.
        final int length = random.nextInt(500) == 0 ? 0 : random.nextInt(4) == 0 ? 1 + random.nextInt(128) :
            IPV6_LENGTHS[random.nextInt(IPV6_LENGTHS.length)];
        long high = randomIpv6High() & PrefixTable.maskHigh(length);
        final long low = randomIpv6Low() & PrefixTable.maskLow(length);
        if (length >= 96 && BindingView.isIpv4Mapped(high, low))
        {
            high = DOC;
        }
        return new Key(false, length, high, low);
    }

    /**
     * A small address space, so that prefixes overlap a lot: 2001:db8:X:Y::/64 with X, Y in 0..15 (one in 64
     * addresses anywhere in the IPv6 space).
     */
    private long randomIpv6High()
    {
        if (random.nextInt(64) == 0)
        {
            return random.nextLong();
        }
        return DOC | (long)random.nextInt(16) << 16 | random.nextInt(16);
    }

    private long randomIpv6Low()
    {
        if (random.nextInt(64) == 0)
        {
            return random.nextLong();
        }
        return (long)random.nextInt(16) << 56 | (long)random.nextInt(4) << 16 | random.nextInt(16);
    }

    /**
     * 10.A.B.C with A, B in 0..15 and C in 0..63 (one in 64 anywhere in the IPv4 space).
     */
    private int randomIpv4()
    {
        if (random.nextInt(64) == 0)
        {
            return random.nextInt();
        }
        return 0x0A00_0000 | random.nextInt(16) << 16 | random.nextInt(16) << 8 | random.nextInt(64);
    }

    private void assertLengthsPublished(final PrefixTable table)
    {
        for (int length = 0; length <= 128; length++)
        {
            final int l = length;
            final boolean inModel = model.keySet().stream().anyMatch(k -> !k.ipv4() && k.length() == l);
            assertEquals(inModel, table.hasIpv6Length(length), "IPv6 /" + length);
        }
        for (int length = 0; length <= 32; length++)
        {
            final int l = length + 96;
            final boolean inModel = model.keySet().stream().anyMatch(k -> k.ipv4() && k.length() == l);
            assertEquals(inModel, table.hasIpv4Length(length), "IPv4 /" + length);
        }
    }
}
