package dsmipha.perf.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dsmipha.fastpath.binding.BindingTable;
import dsmipha.fastpath.binding.BindingTableDescriptor;
import dsmipha.fastpath.binding.BindingView;
import dsmipha.fastpath.binding.EncapVariant;

/**
 * Exact-match lookups in the shared binding table, IPv6 home addresses drawn at random (a stream of 1 M keys, all
 * bound) from 1 K, 1 M or 10 M bindings at the default load factor (0.75), with the table on transparent huge pages
 * or on 4 KiB pages. Every lookup copies the whole entry (fields and 48-octet template) into a view under the
 * seqlock, as a worker does. Scores are ns per lookup:
 * <ul>
 *   <li>{@link #lookup}: one {@link BindingTable#lookupIpv6} per operation;</li>
 *   <li>{@link #lookupSingly32}: 32 single lookups per invocation into 32 views, the keys set up as for a burst;</li>
 *   <li>{@link #lookupBurst}: one {@link BindingTable#lookupBurst} of 32 keys per invocation.</li>
 * </ul>
 * The last two differ only in the lookup call, so their ratio is the gain of the two-pass burst.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {
    "--enable-native-access=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
    "--sun-misc-unsafe-memory-access=allow", "-Xms1g", "-Xmx1g" })
@State(Scope.Thread)
public class BindingLookupBenchmark
{
    private static final long PREFIX = 0x2001_0DB8_0000_0000L;
    private static final int STREAM = 1 << 20;
    private static final int BURST = 32;

    /** Bindings in the table. */
    @Param({ "1000", "1000000", "10000000" })
    public int bindings;

    /** Transparent huge pages for the table (true) or 4 KiB pages (false). */
    @Param({ "true", "false" })
    public boolean hugePages;

    private final BindingView view = new BindingView();
    private final BindingView[] views = new BindingView[BURST];
    private final long[] keyHigh = new long[BURST];
    private final long[] keyLow = new long[BURST];
    private final int[] results = new int[BURST];
    private final long[] stream = new long[STREAM];
    private BindingTable table;
    private int next;

    /**
     * Fill the table and draw the key stream.
     */
    @Setup(Level.Trial)
    public void setup()
    {
        for (int i = 0; i < BURST; i++)
        {
            views[i] = new BindingView();
        }
        table = new BindingTable(bindings, BindingTableDescriptor.DEFAULT_LOAD_FACTOR,
            BindingTableDescriptor.DEFAULT_MAX_PROBE, 0x5EEDL, hugePages);
        final BindingView value = new BindingView();
        final SplittableRandom random = new SplittableRandom(42);
        final long[] keys = new long[bindings];
        for (int i = 0; i < bindings; i++)
        {
            keys[i] = random.nextLong() | 1;
            value.ipv6HomeAddress(PREFIX, keys[i]).bindingId(i).variant(EncapVariant.IPV6_IN_IPV6)
                .ipv6CareOfAddress(PREFIX | 0xFFFF, keys[i]).tunnelMtu(1460);
            if (table.put(value) != BindingTable.ADDED)
            {
                throw new IllegalStateException("put failed at " + i);
            }
        }
        for (int i = 0; i < STREAM; i++)
        {
            stream[i] = keys[random.nextInt(bindings)];
        }
        for (int i = 0; i < BURST; i++)
        {
            keyHigh[i] = PREFIX;
        }
        DownlinkBenchmark.Workload.reportHugePages(table);
    }

    /**
     * Free the table.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        table.close();
    }

    /**
     * @return the slot plus a field, so the lookup cannot be removed.
     */
    @Benchmark
    public int lookup()
    {
        final int i = next;
        next = (i + 1) & (STREAM - 1);
        return table.lookupIpv6(PREFIX, stream[i], view) + view.bindingId();
    }

    /**
     * @return the sum of the slots plus a field, so the lookups cannot be removed.
     */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public int lookupSingly32()
    {
        nextKeys();
        int sum = 0;
        for (int i = 0; i < BURST; i++)
        {
            sum += table.lookupIpv6(keyHigh[i], keyLow[i], views[i]);
        }
        return sum + views[BURST - 1].bindingId();
    }

    /**
     * @return the hits plus a field, so the lookups cannot be removed.
     */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public int lookupBurst()
    {
        nextKeys();
        return table.lookupBurst(keyHigh, keyLow, BURST, views, results) + views[BURST - 1].bindingId();
    }

    private void nextKeys()
    {
        final int base = next;
        next = (base + BURST) & (STREAM - 1);
        System.arraycopy(stream, base, keyLow, 0, BURST);
    }
}
