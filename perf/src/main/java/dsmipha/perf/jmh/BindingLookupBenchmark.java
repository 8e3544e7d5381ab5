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

import dsmipha.fastpath.binding.BindingTable;
import dsmipha.fastpath.binding.BindingView;
import dsmipha.fastpath.binding.EncapVariant;

/**
 * One exact-match lookup in the shared binding table per operation, IPv6 home addresses drawn at random (a stream
 * of 1 M keys, all bound) from 1 K or 1 M bindings at the default load factor (0.75). The lookup copies the whole
 * entry (fields and 48-octet template) into a view under the seqlock, as a worker will. Scores are ns per lookup.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = { "--enable-native-access=ALL-UNNAMED" })
@State(Scope.Thread)
public class BindingLookupBenchmark
{
    private static final long PREFIX = 0x2001_0DB8_0000_0000L;
    private static final int STREAM = 1 << 20;

    /** Bindings in the table. */
    @Param({ "1000", "1000000" })
    public int bindings;

    private final BindingView view = new BindingView();
    private final long[] stream = new long[STREAM];
    private BindingTable table;
    private int next;

    /**
     * Fill the table and draw the key stream.
     */
    @Setup(Level.Trial)
    public void setup()
    {
        table = new BindingTable(bindings, 0x5EEDL);
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
}
