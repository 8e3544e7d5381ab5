package dsmipha.fastpath.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * Proves that prefix lookups (hits and misses, IPv6 and IPv4, 16 lengths), resolves through a prefix and
 * steady-state prefix puts and removes allocate nothing, with the JVM's per-thread allocation counter.
 */
class PrefixTableAllocationTest
{
    private static final long DOC = 0x2001_0DB8_0000_0000L;
    private static final int PREFIXES = 10_000;
    private static final int LOOKUPS = 2_000_000;
    private static final int WRITES = 200_000;
    private static final int[] LENGTHS = {24, 28, 32, 36, 40, 44, 48, 52, 56, 60, 64, 72, 80, 96, 112, 128};

    private final long[] highs = new long[PREFIXES];
    private final long[] lows = new long[PREFIXES];
    private final int[] lengths = new int[PREFIXES];

    @Test
    void lookupsResolvesAndWritesAllocateNothing()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().threadId();
        final PrefixMatch match = new PrefixMatch();
        final BindingView view = new BindingView();
        try (PrefixTable prefixes = new PrefixTable(PREFIXES + 1_000, 0x1234L);
            BindingTable bindings = new BindingTable(16, 0x5678L))
        {
            final SplittableRandom random = new SplittableRandom(11);
            for (int i = 0; i < PREFIXES; i++)
            {
                lengths[i] = LENGTHS[i % LENGTHS.length];
                highs[i] = (DOC | random.nextLong() >>> 32) & PrefixTable.maskHigh(lengths[i]);
                lows[i] = random.nextLong() & PrefixTable.maskLow(lengths[i]);
                prefixes.putIpv6(highs[i], lows[i], lengths[i], DOC | 0xFFFF, 1 + (i & 7));
            }
            for (int i = 0; i < 1_000; i++)
            {
                prefixes.putIpv4(0x0A00_0000 | i << 8, 24, 0, BindingView.ipv4MappedLow(0x0A00_0000 | i << 8 | 1));
            }
            final BindingView value = new BindingView();
            for (int i = 1; i <= 8; i++)
            {
                bindings.put(value.ipv6HomeAddress(DOC | 0xFFFF, i).ipv6CareOfAddress(DOC, i).bindingId(i)
                    .variant(EncapVariant.IPV6_IN_IPV6));
            }
            final BindingResolver resolver = new BindingResolver(bindings, prefixes);
            lookups(prefixes, resolver, match, view, new SplittableRandom(1), LOOKUPS / 4);
            final long before = threads.getThreadAllocatedBytes(threadId);
            final long hits = lookups(prefixes, resolver, match, view, new SplittableRandom(3), LOOKUPS);
            final long afterLookups = threads.getThreadAllocatedBytes(threadId);

            writes(prefixes, new SplittableRandom(2), WRITES / 4);
            final long beforeWrites = threads.getThreadAllocatedBytes(threadId);
            writes(prefixes, new SplittableRandom(4), WRITES);
            final long afterWrites = threads.getThreadAllocatedBytes(threadId);

            final long lookupBytes = afterLookups - before;
            final long writeBytes = afterWrites - beforeWrites;
            System.out.printf("prefix table: %d bytes allocated for %d lookups and resolves (%d hits), " +
                "%d bytes for %d writes%n", lookupBytes, LOOKUPS, hits, writeBytes, WRITES);
            assertTrue(hits > LOOKUPS / 2, "most lookups hit: " + hits);
            assertTrue(resolver.prefixHitCount() > LOOKUPS / 8, "resolves went through prefixes");
            assertEquals(0, match.readBusyCount());
            // The measuring call itself may allocate a little; one object per lookup would be >= 32 MB.
            assertTrue(lookupBytes < 16 * 1024, "lookups allocated " + lookupBytes + " bytes");
            assertTrue(writeBytes < 16 * 1024, "writes allocated " + writeBytes + " bytes");
        }
    }

    private long lookups(
        final PrefixTable prefixes,
        final BindingResolver resolver,
        final PrefixMatch match,
        final BindingView view,
        final SplittableRandom random,
        final int count)
    {
        long hits = 0;
        for (int i = 0; i < count; i++)
        {
            final int pick = random.nextInt(PREFIXES);
            final int result = switch (i & 3)
            {
                // Inside a prefix (some host bits set), a random address (mostly a miss), an IPv4 address.
                case 0 -> prefixes.lookupIpv6(highs[pick], lows[pick] | (lengths[pick] < 128 ? 1 : 0), match);
                case 1 -> prefixes.lookupIpv6(DOC | random.nextLong() >>> 16, random.nextLong(), match);
                case 2 -> prefixes.lookupIpv4(0x0A00_0000 | random.nextInt(2_000) << 8 | 7, match);
                default -> resolver.resolveIpv6(highs[pick], lows[pick], view);
            };
            hits += result >= 0 ? 1 : 0;
        }
        return hits;
    }

    private void writes(final PrefixTable prefixes, final SplittableRandom random, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            final int pick = random.nextInt(PREFIXES);
            if ((i & 1) == 0)
            {
                prefixes.putIpv6(highs[pick], lows[pick], lengths[pick], DOC | 0xFFFF, 1 + (i & 7));
            }
            else
            {
                prefixes.removeIpv6(highs[pick], lows[pick], lengths[pick]);
            }
        }
    }
}
