package dsmipha.perf.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.SystemNanoClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dsmipha.common.counters.CounterSlots;
import dsmipha.common.counters.CountersFile;
import dsmipha.fastpath.binding.BindingTable;
import dsmipha.fastpath.binding.PrefixTable;
import dsmipha.fastpath.io.FrameLayout;
import dsmipha.fastpath.io.FramePool;
import dsmipha.fastpath.io.MemoryPort;
import dsmipha.fastpath.io.PacketBurst;
import dsmipha.fastpath.io.PacketPort;
import dsmipha.fastpath.io.TransmitRing;
import dsmipha.fastpath.punt.PuntProxy;
import dsmipha.fastpath.punt.PuntRing;
import dsmipha.fastpath.route.NeighborTable;
import dsmipha.fastpath.route.RouteTable;
import dsmipha.fastpath.traffic.DemoNetwork;
import dsmipha.fastpath.traffic.SyntheticTraffic;
import dsmipha.fastpath.worker.FastpathCounter;
import dsmipha.fastpath.worker.FastpathTables;
import dsmipha.fastpath.worker.QueueAssignment;
import dsmipha.fastpath.worker.WorkerAgent;
import dsmipha.fastpath.worker.WorkerStages;

/**
 * Cost per packet of one fastpath worker over the in-memory port, on one thread, in bursts of 32:
 * <ul>
 *   <li>{@code ioForward}: the I/O floor. The wire side makes 32 packets of the synthetic mix (frame allocation and
 *   a template copy, as a null NIC's receive allocates and fills buffers), injects them, the port side receives
 *   and transmits them untouched to the other port, and the wire side collects and frees them. This is the
 *   counterpart of {@code dpdk-testpmd --forward-mode=io} on {@code net_null} ports.</li>
 *   <li>{@code workerDutyCycle}: the same I/O with the worker's whole pipeline in between, in the
 *   {@code DemoNetwork}: classify (Ethernet, IPv4 with checksum, IPv6 extension walk, UDP/ICMPv6), TTL or hop
 *   limit, binding lookup (every data packet of the mix has a binding), tunnel MTU, encapsulation in all five
 *   variants, egress (route, neighbour, Ethernet header), punt (copy into the punt ring, drained by the same
 *   thread), drop, a Time Exceeded, and the counters published.</li>
 * </ul>
 * The difference of the two is what classification and forwarding cost per packet.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {
    "--enable-native-access=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
    "--sun-misc-unsafe-memory-access=allow" })
@State(Scope.Thread)
public class WorkerBenchmark implements MessageHandler
{
    private static final int BURST = 32;

    private Path dir;
    private CountersFile counters;
    private FramePool pool;
    private MemoryPort access;
    private MemoryPort home;
    private PuntRing puntRing;
    private WorkerAgent worker;
    private BindingTable bindings;
    private PrefixTable prefixes;
    private NeighborTable neighbors;
    private SyntheticTraffic traffic;
    private PacketBurst wire;
    private PacketBurst port;
    private PacketBurst collected;

    /**
     * Two in-memory ports, one worker serving access queue 0 towards home.
     *
     * @throws IOException if the counters folder cannot be made.
     */
    @Setup
    public void setup() throws IOException
    {
        dir = Files.createTempDirectory("dsmipha-bench");
        counters = CountersFile.create(dir.resolve("counters.dat"), 512, "bench", ProcessHandle.current().pid(), 0);
        pool = new FramePool(Integer.getInteger("frames", 8192), FrameLayout.DEFAULT_FRAME_LENGTH);
        access = new MemoryPort("access", pool, 1, 1024);
        home = new MemoryPort("home", pool, 1, 1024);
        puntRing = new PuntRing(1 << 22);
        bindings = new BindingTable(1024, 0x5EEDL);
        prefixes = new PrefixTable(64, 0x5EEDL);
        neighbors = new NeighborTable(64, 0x5EEDL);
        final FastpathTables tables = new DemoNetwork().install(bindings, prefixes, new RouteTable(16, 2), neighbors);
        worker = new WorkerAgent(0, new PacketPort[]{access, home},
            new QueueAssignment[]{new QueueAssignment(0, 0)}, BURST, new PuntProxy(puntRing, 0),
            new TransmitRing(pool, 64), new WorkerStages(0, tables, new SystemNanoClock()),
            new CounterSlots(counters, FastpathCounter.values(), 0, "worker-0"),
            new CounterSlots(counters, WorkerStages.stageCounters(), 0, "worker-0"));
        traffic = new SyntheticTraffic();
        wire = new PacketBurst(pool, BURST);
        port = new PacketBurst(pool, BURST);
        collected = new PacketBurst(pool, 4 * BURST);
    }

    /**
     * @return packets moved (consumed by JMH).
     */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public int ioForward()
    {
        offer();
        port.clear();
        final int received = access.rxBurst(0, port, BURST);
        final int sent = home.txBurst(0, port, 0, received);
        collect();
        return sent;
    }

    /**
     * @return packets the worker received (consumed by JMH).
     */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public int workerDutyCycle()
    {
        offer();
        final int work = worker.doWork();
        collect();
        puntRing.ring().read(this, BURST);
        return work;
    }

    @Override
    public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
    }

    /**
     * Release everything.
     *
     * @throws IOException if the counters folder cannot be removed.
     */
    @TearDown
    public void tearDown() throws IOException
    {
        traffic.close();
        puntRing.close();
        bindings.close();
        prefixes.close();
        neighbors.close();
        pool.close();
        counters.close();
        Files.deleteIfExists(dir.resolve("counters.dat"));
        Files.deleteIfExists(dir);
    }

    private void offer()
    {
        wire.clear();
        final int made = traffic.fill(pool, wire, BURST);
        final int accepted = access.wire().inject(0, wire, 0, made);
        for (int i = accepted; i < made; i++)
        {
            pool.free(wire.frame(i));
        }
    }

    private void collect()
    {
        collected.clear();
        home.wire().collect(0, collected, 2 * BURST);
        access.wire().collect(0, collected, 2 * BURST);
        collected.freeAll();
    }
}
