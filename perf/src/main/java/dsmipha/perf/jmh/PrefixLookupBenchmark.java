package dsmipha.perf.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dsmipha.fastpath.binding.BindingResolver;
import dsmipha.fastpath.binding.BindingTable;
import dsmipha.fastpath.binding.BindingView;
import dsmipha.fastpath.binding.EncapVariant;
import dsmipha.fastpath.binding.PrefixMatch;
import dsmipha.fastpath.binding.PrefixTable;

/**
 * Longest-prefix match in the prefix table, one lookup per operation, and the worker's resolver (exact binding, or
 * longest prefix then the owner's binding).
 * <ul>
 *   <li>{@code lookupHit} / {@code lookupMiss}: 10 K IPv6 prefixes spread evenly over 1, 4 or 16 distinct lengths
 *       (the walk probes one hash slot per length present, longest first); a hit is an address inside a random
 *       prefix (host bits random), a miss an address no prefix holds (every length probed).</li>
 *   <li>{@code resolveExact} / {@code resolvePrefix}: 10 K bindings and 10 K prefixes over 4 lengths, each owned
 *       by a bound mobile router; an exact hit is one binding lookup, a prefix hit is an exact miss, the prefix
 *       walk and the owner's binding lookup.</li>
 * </ul>
 * Scores are ns per operation. Both tables fit the last-level cache (prefix table 856 KB, binding table 1.7 MB),
 * not the per-core L2: each probe of a random slot is typically an L2 miss.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = { "--enable-native-access=ALL-UNNAMED" })
public class PrefixLookupBenchmark
{
    private static final int PREFIXES = 10_000;
    private static final int STREAM = 1 << 16;
    private static final int[] LENGTHS_16 = {24, 28, 32, 36, 40, 44, 48, 52, 56, 60, 64, 80, 96, 112, 120, 128};
    private static final int[] LENGTHS_4 = {32, 48, 56, 64};
    private static final int[] LENGTHS_1 = {48};
    private static final long DOC = 0x2001_0DB8_0000_0000L;

    /**
     * The prefix table alone, with prefixes over a chosen number of lengths.
     */
    @State(Scope.Thread)
    public static class Lookups
    {
        /** Distinct prefix lengths among the 10 K prefixes. */
        @Param({ "1", "4", "16" })
        public int lengths;

        final PrefixMatch match = new PrefixMatch();
        final long[] hitHigh = new long[STREAM];
        final long[] hitLow = new long[STREAM];
        final long[] missHigh = new long[STREAM];
        final long[] missLow = new long[STREAM];
        PrefixTable table;
        int next;

        /**
         * Fill the table and draw the address streams.
         */
        @Setup(Level.Trial)
        public void setup()
        {
            final int[] set = lengths == 16 ? LENGTHS_16 : lengths == 4 ? LENGTHS_4 : LENGTHS_1;
            table = new PrefixTable(PREFIXES, 0x5EEDL);
            final SplittableRandom random = new SplittableRandom(42);
            final long[] highs = new long[PREFIXES];
            final long[] lows = new long[PREFIXES];
            final int[] lens = new int[PREFIXES];
            for (int i = 0; i < PREFIXES; i++)
            {
                // Random prefixes under 2000::/4 (global unicast); misses are drawn from 3000::/4 below.
                lens[i] = set[i % set.length];
                highs[i] = (random.nextLong() >>> 4 | 0x2000_0000_0000_0000L) & maskHigh(lens[i]);
                lows[i] = random.nextLong() & maskLow(lens[i]);
                final int result = table.putIpv6(highs[i], lows[i], lens[i], DOC | 0xFFFF, 1 + i);
                if (result != BindingTable.ADDED)
                {
                    throw new IllegalStateException("put failed at " + i + ": " + result);
                }
            }
            for (int i = 0; i < STREAM; i++)
            {
                final int p = random.nextInt(PREFIXES);
                hitHigh[i] = highs[p] | random.nextLong() & ~maskHigh(lens[p]);
                hitLow[i] = lows[p] | random.nextLong() & ~maskLow(lens[p]);
                missHigh[i] = random.nextLong() >>> 4 | 0x3000_0000_0000_0000L;
                missLow[i] = random.nextLong();
            }
        }

        /**
         * Free the table.
         */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            table.close();
        }
    }

    /**
     * Bindings, prefixes over 4 lengths owned by bound routers, and the resolver.
     */
    @State(Scope.Thread)
    public static class Resolves
    {
        final BindingView view = new BindingView();
        final long[] exactLow = new long[STREAM];
        final long[] prefixHigh = new long[STREAM];
        final long[] prefixLow = new long[STREAM];
        BindingTable bindings;
        PrefixTable prefixes;
        BindingResolver resolver;
        int next;

        /**
         * Fill both tables and draw the address streams.
         */
        @Setup(Level.Trial)
        public void setup()
        {
            bindings = new BindingTable(PREFIXES, 0x5EEDL);
            prefixes = new PrefixTable(PREFIXES, 0x5EEEL);
            resolver = new BindingResolver(bindings, prefixes);
            final SplittableRandom random = new SplittableRandom(43);
            final BindingView value = new BindingView();
            final long[] routers = new long[PREFIXES];
            final long[] highs = new long[PREFIXES];
            final int[] lens = new int[PREFIXES];
            for (int i = 0; i < PREFIXES; i++)
            {
                routers[i] = random.nextLong() | 1;
                value.ipv6HomeAddress(DOC, routers[i]).bindingId(i).variant(EncapVariant.IPV6_IN_IPV6)
                    .ipv6CareOfAddress(DOC | 0xFFFF, routers[i]).tunnelMtu(1460);
                if (bindings.put(value) != BindingTable.ADDED)
                {
                    throw new IllegalStateException("binding put failed at " + i);
                }
                lens[i] = LENGTHS_4[i % LENGTHS_4.length];
                highs[i] = (random.nextLong() >>> 4 | 0x3000_0000_0000_0000L) & maskHigh(lens[i]);
                if (prefixes.putIpv6(highs[i], 0, lens[i], DOC, routers[i]) != BindingTable.ADDED)
                {
                    throw new IllegalStateException("prefix put failed at " + i);
                }
            }
            for (int i = 0; i < STREAM; i++)
            {
                exactLow[i] = routers[random.nextInt(PREFIXES)];
                final int p = random.nextInt(PREFIXES);
                prefixHigh[i] = highs[p] | random.nextLong() & ~maskHigh(lens[p]);
                prefixLow[i] = random.nextLong();
            }
        }

        /**
         * Free the tables.
         */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            bindings.close();
            prefixes.close();
        }
    }

    /**
     * @param s the prefix table and streams.
     * @return the matched length plus the owner, so the lookup cannot be removed.
     */
    @Benchmark
    public long lookupHit(final Lookups s)
    {
        final int i = s.next;
        s.next = (i + 1) & (STREAM - 1);
        return s.table.lookupIpv6(s.hitHigh[i], s.hitLow[i], s.match) + s.match.ownerLow();
    }

    /**
     * @param s the prefix table and streams.
     * @return the result.
     */
    @Benchmark
    public int lookupMiss(final Lookups s)
    {
        final int i = s.next;
        s.next = (i + 1) & (STREAM - 1);
        return s.table.lookupIpv6(s.missHigh[i], s.missLow[i], s.match);
    }

    /**
     * @param s the tables, resolver and streams.
     * @return the slot plus a field of the binding.
     */
    @Benchmark
    public int resolveExact(final Resolves s)
    {
        final int i = s.next;
        s.next = (i + 1) & (STREAM - 1);
        return s.resolver.resolveIpv6(DOC, s.exactLow[i], s.view) + s.view.bindingId();
    }

    /**
     * @param s the tables, resolver and streams.
     * @return the slot plus a field of the owner's binding.
     */
    @Benchmark
    public int resolvePrefix(final Resolves s)
    {
        final int i = s.next;
        s.next = (i + 1) & (STREAM - 1);
        return s.resolver.resolveIpv6(s.prefixHigh[i], s.prefixLow[i], s.view) + s.view.bindingId();
    }

    private static long maskHigh(final int length)
    {
        return length == 0 ? 0 : length >= 64 ? -1L : -1L << (64 - length);
    }

    private static long maskLow(final int length)
    {
        return length <= 64 ? 0 : -1L << (128 - length);
    }
}
