package dsmipha.perf.jmh;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.SystemNanoClock;
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

import dsmipha.common.codec.Bytes;
import dsmipha.common.codec.EthernetHeader;
import dsmipha.common.codec.InternetChecksum;
import dsmipha.common.codec.Ipv4Header;
import dsmipha.common.codec.Ipv6Header;
import dsmipha.common.codec.UdpHeader;
import dsmipha.common.counters.CounterSlots;
import dsmipha.common.counters.CountersFile;
import dsmipha.fastpath.binding.BindingTable;
import dsmipha.fastpath.binding.BindingTableDescriptor;
import dsmipha.fastpath.binding.BindingView;
import dsmipha.fastpath.binding.EncapVariant;
import dsmipha.fastpath.binding.PrefixTable;
import dsmipha.fastpath.encap.OuterHeaderTemplate;
import dsmipha.fastpath.io.FrameLayout;
import dsmipha.fastpath.io.FramePool;
import dsmipha.fastpath.io.MemoryPort;
import dsmipha.fastpath.io.PacketBurst;
import dsmipha.fastpath.io.PacketPort;
import dsmipha.fastpath.io.TransmitRing;
import dsmipha.fastpath.punt.PuntProxy;
import dsmipha.fastpath.punt.PuntRing;
import dsmipha.fastpath.route.LocalAddresses;
import dsmipha.fastpath.route.NeighborTable;
import dsmipha.fastpath.route.RouteTable;
import dsmipha.fastpath.traffic.DemoNetwork;
import dsmipha.fastpath.worker.FastpathCounter;
import dsmipha.fastpath.worker.FastpathTables;
import dsmipha.fastpath.worker.QueueAssignment;
import dsmipha.fastpath.worker.WorkerAgent;
import dsmipha.fastpath.worker.WorkerStages;

/**
 * One whole fastpath worker, per packet, on the in-memory port: the number the targets are about
 * ("per worker core on the in-memory ports"). Each invocation is one burst of 32 frames:
 * <pre>
 *   wire side: allocate 32 frames, copy the size's template, stamp the next random key (and, uplink, the care-of
 *              address and NAT port that binding registered) ─► inject on port "access" queue 0
 *   worker:    rxBurst ─► classify ─► (decap) ─► TTL ─► binding lookup among N ─► tunnel MTU ─► (encap) ─►
 *              route + neighbour + Ethernet ─► txBurst
 *   wire side: collect what the port sent, free the frames
 * </pre>
 * {@link #generateOnly} is the wire side alone (allocate, fill, free), the part of the score that a NIC and
 * its link partner would do; {@code WorkerBenchmark.ioForward} is the I/O floor and {@code perf/testpmd-io.sh}
 * the machine's ceiling.
 * <p>
 * <b>Parameters.</b> {@code path}: downlink {@code 6in6}, {@code 4in6}, {@code 6in4}, {@code 4in4},
 * {@code 4inUDP}, {@code 6inUDP} (a correspondent's packet to a home address, tunnelled in that variant), or uplink
 * {@code up6in6}, {@code up6in4}, {@code up4inUDP} (a mobile node's tunnelled packet to a correspondent,
 * decapsulated, checked and routed). {@code bindings}: 1 M or 10 M bindings of that variant, random keys (IPv6
 * home addresses with pseudo-random interface identifiers in one /64; IPv4 ones pseudo-random in 10.0.0.0/8, care-of
 * addresses in 100.64.0.0/10), table on transparent huge pages. {@code size}: the inner packet's Ethernet frame
 * length counting the FCS (RFC 2544): {@code 64} (a 46-octet IP packet, 48 for IPv6 which cannot be shorter),
 * {@code 1400}, or {@code imix} (7:4:1 of 64, 570, 1518). Tunnel MTU 1600 so that IMIX's 1500-octet packets are
 * tunnelled whole (the MTU path has its own tests).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    "--enable-native-access=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
    "--sun-misc-unsafe-memory-access=allow", "-Xms1g", "-Xmx1g" })
@State(Scope.Thread)
public class WorkerPathBenchmark implements MessageHandler
{
    private static final int BURST = 32;
    private static final int STREAM = 1 << 20;
    private static final int[] IMIX = { 64, 64, 570, 64, 64, 570, 64, 1518, 64, 570, 64, 570 };
    private static final long HOME6_HIGH = 0x2001_0DB8_0000_0000L;
    private static final int HOME4_NET = 0x0A00_0000;
    private static final long CARE_OF6_HIGH = 0x2001_0DB8_0C0A_0000L;
    private static final int CARE_OF4_NET = 0x6440_0000;
    private static final long CN6_HIGH = 0x2001_0DB8_0BAD_0000L;
    private static final int CN4 = 0xCB00_7102;

    /** The packet path: a downlink variant or an uplink tunnel type. */
    @Param({ "6in6", "4in6", "6in4", "4in4", "4inUDP", "6inUDP", "up6in6", "up6in4", "up4inUDP" })
    public String path;

    /** Bindings in the table. */
    @Param({ "1000000", "10000000" })
    public int bindings;

    /** Inner frame size: 64, 1400 or imix. */
    @Param({ "64", "1400", "imix" })
    public String size;

    private Path dir;
    private CountersFile counters;
    private FramePool pool;
    private MemoryPort access;
    private MemoryPort home;
    private PuntRing puntRing;
    private BindingTable table;
    private PrefixTable prefixes;
    private NeighborTable neighbors;
    private WorkerAgent worker;
    private PacketBurst wire;
    private PacketBurst collected;
    private int code;
    private boolean uplink;
    private boolean ipv4Home;
    private boolean ipv4CareOf;
    private final int[] stream = new int[STREAM];
    private int next;
    private MemorySegment templates;
    private final int[] templateLength = new int[IMIX.length];
    private int innerOffset;

    /**
     * Fill the table, build the worker in the demo network and the frame templates, and check a burst goes
     * through whole.
     *
     * @throws IOException if the counters folder cannot be made.
     */
    @Setup(Level.Trial)
    public void setup() throws IOException
    {
        decodePath();
        final SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < STREAM; i++)
        {
            stream[i] = random.nextInt(bindings);
        }
        table = populate();
        dir = Files.createTempDirectory("dsmipha-bench");
        counters = CountersFile.create(dir.resolve("counters.dat"), 512, "bench", ProcessHandle.current().pid(), 0);
        pool = new FramePool(8192, FrameLayout.DEFAULT_FRAME_LENGTH);
        access = new MemoryPort("access", pool, 1, 1024);
        home = new MemoryPort("home", pool, 1, 1024);
        puntRing = new PuntRing(1 << 22);
        prefixes = new PrefixTable(64, 1);
        neighbors = new NeighborTable(64, 1);
        final RouteTable routes = new RouteTable(16, 2);
        final DemoNetwork network = new DemoNetwork();
        network.addRoutes(routes);
        network.addNeighbors(neighbors);
        final FastpathTables tables = new FastpathTables(table, prefixes, routes, neighbors, network.ports(),
            new LocalAddresses(network.ports(), new int[0], new long[0][]), DemoNetwork.HOME4 | 1,
            DemoNetwork.HOME6_HIGH, 1);
        worker = new WorkerAgent(0, new PacketPort[]{access, home}, new QueueAssignment[]{new QueueAssignment(0, 0)},
            BURST, new PuntProxy(puntRing, 0), new TransmitRing(pool, 64),
            new WorkerStages(0, tables, new SystemNanoClock()),
            new CounterSlots(counters, FastpathCounter.values(), 0, "worker-0"),
            new CounterSlots(counters, WorkerStages.stageCounters(), 0, "worker-0"));
        wire = new PacketBurst(pool, BURST);
        collected = new PacketBurst(pool, 4 * BURST);
        buildTemplates();
        for (int i = 0; i < 64; i++)
        {
            worker();
        }
        final long tx = worker.counters().get(FastpathCounter.TX_PACKETS.ordinal());
        if (tx != 64 * BURST)
        {
            throw new IllegalStateException(path + ": " + tx + " of " + 64 * BURST + " packets left the worker");
        }
    }

    /**
     * Release everything.
     *
     * @throws IOException if the counters folder cannot be removed.
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        puntRing.close();
        table.close();
        prefixes.close();
        neighbors.close();
        pool.close();
        counters.close();
        Files.deleteIfExists(dir.resolve("counters.dat"));
        Files.deleteIfExists(dir);
    }

    /**
     * A burst through the wire side and the worker.
     *
     * @return packets the worker received.
     */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public int worker()
    {
        offer();
        final int work = worker.doWork();
        collected.clear();
        access.wire().collect(0, collected, 4 * BURST);
        home.wire().collect(0, collected, 4 * BURST);
        collected.freeAll();
        puntRing.ring().read(this, BURST);
        return work;
    }

    /**
     * The wire side alone: make, stamp and free a burst.
     *
     * @return the burst's last length.
     */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public int generateOnly()
    {
        wire.clear();
        fill();
        final int last = wire.length(wire.count() - 1);
        wire.freeAll();
        return last;
    }

    @Override
    public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
    }

    private void offer()
    {
        wire.clear();
        fill();
        final int accepted = access.wire().inject(0, wire, 0, wire.count());
        for (int i = accepted; i < wire.count(); i++)
        {
            pool.free(wire.frame(i));
        }
    }

    private void fill()
    {
        final MemorySegment memory = pool.memory();
        for (int i = 0; i < BURST; i++)
        {
            final int frame = pool.allocate();
            final int t = next % IMIX.length;
            final int n = stream[next & (STREAM - 1)];
            next++;
            final long data = pool.frameOffset(frame) + FrameLayout.DATA_OFFSET;
            final int length = templateLength[t];
            MemorySegment.copy(templates, (long)t * 2048, memory, data, length);
            stamp(memory, data, n);
            wire.add(frame, FrameLayout.DATA_OFFSET, length);
        }
    }

    private void stamp(final MemorySegment memory, final long frame, final int n)
    {
        final long inner = frame + innerOffset;
        if (uplink)
        {
            // The mobile node's home address as the inner source, its registered care-of (and NAT port) outside.
            if (ipv4Home)
            {
                Bytes.put32(memory, inner + Ipv4Header.SOURCE_OFFSET, home4(n));
                patchIpv4Checksum(memory, inner);
            }
            else
            {
                Bytes.put64(memory, inner + Ipv6Header.SOURCE_OFFSET + 8, home6Low(n));
            }
            final long outer = frame + EthernetHeader.LENGTH;
            if (ipv4CareOf)
            {
                Bytes.put32(memory, outer + Ipv4Header.SOURCE_OFFSET, careOf4(n));
                patchIpv4Checksum(memory, outer);
                if (code == EncapVariant.IPV4_UDP_4191)
                {
                    Bytes.put16(memory, outer + Ipv4Header.LENGTH + UdpHeader.SOURCE_PORT_OFFSET, natPort(n));
                }
            }
            else
            {
                Bytes.put64(memory, outer + Ipv6Header.SOURCE_OFFSET + 8, careOf6Low(n));
            }
        }
        else if (ipv4Home)
        {
            Bytes.put32(memory, inner + Ipv4Header.DESTINATION_OFFSET, home4(n));
            patchIpv4Checksum(memory, inner);
        }
        else
        {
            Bytes.put64(memory, inner + Ipv6Header.DESTINATION_OFFSET + 8, home6Low(n));
        }
    }

    private static void patchIpv4Checksum(final MemorySegment memory, final long header)
    {
        Bytes.put16(memory, header + Ipv4Header.CHECKSUM_OFFSET, 0);
        Bytes.put16(memory, header + Ipv4Header.CHECKSUM_OFFSET,
            InternetChecksum.compute(memory, header, Ipv4Header.LENGTH));
    }

    private void decodePath()
    {
        uplink = path.startsWith("up");
        final String variant = uplink ? path.substring(2) : path;
        switch (variant)
        {
            case "6in6" -> set(EncapVariant.IPV6_IN_IPV6, false, false);
            case "4in6" -> set(EncapVariant.IPV4_IN_IPV6, true, false);
            case "6in4" -> set(EncapVariant.IPV6_IN_IPV4, false, true);
            case "4in4" -> set(EncapVariant.IPV4_IN_IPV4, true, true);
            case "4inUDP" -> set(EncapVariant.IPV4_UDP_4191, true, true);
            case "6inUDP" -> set(EncapVariant.IPV4_UDP_4191, false, true);
            default -> throw new IllegalArgumentException("unknown path " + path);
        }
    }

    private void set(final int code, final boolean ipv4Home, final boolean ipv4CareOf)
    {
        this.code = code;
        this.ipv4Home = ipv4Home;
        this.ipv4CareOf = ipv4CareOf;
    }

    private BindingTable populate()
    {
        final BindingTable bindingTable = new BindingTable(bindings, BindingTableDescriptor.DEFAULT_LOAD_FACTOR,
            BindingTableDescriptor.DEFAULT_MAX_PROBE, 0x5EEDL, true);
        final OuterHeaderTemplate outer =
            new OuterHeaderTemplate(DemoNetwork.HOME6_HIGH, 1, DemoNetwork.HOME4 | 1, 64);
        final BindingView value = new BindingView();
        for (int n = 0; n < bindings; n++)
        {
            if (ipv4Home)
            {
                value.ipv4HomeAddress(home4(n));
            }
            else
            {
                value.ipv6HomeAddress(HOME6_HIGH, home6Low(n));
            }
            if (ipv4CareOf)
            {
                value.ipv4CareOfAddress(careOf4(n));
            }
            else
            {
                value.ipv6CareOfAddress(CARE_OF6_HIGH, careOf6Low(n));
            }
            final boolean udp = code == EncapVariant.IPV4_UDP_4191;
            value.bindingId(n).variant(code).tunnelMtu(1600)
                .udpPorts(udp ? OuterHeaderTemplate.DSMIPV6_UDP_PORT : 0, udp ? natPort(n) : 0);
            outer.applyTo(value);
            if (bindingTable.put(value) != BindingTable.ADDED)
            {
                throw new IllegalStateException("binding " + n + " refused");
            }
        }
        return bindingTable;
    }

    private void buildTemplates()
    {
        templates = java.lang.foreign.Arena.ofAuto().allocate((long)IMIX.length * 2048);
        for (int t = 0; t < IMIX.length; t++)
        {
            final int frameSize = "imix".equals(size) ? IMIX[t] : Integer.parseInt(size);
            final int ipLength = Math.max(frameSize - 18, ipv4Home ? 28 : 48);
            templateLength[t] = writeFrame(templates.asSlice((long)t * 2048), ipLength);
        }
    }

    private int writeFrame(final MemorySegment frame, final int innerLength)
    {
        final EthernetHeader ethernet = new EthernetHeader().wrapForEncode(frame, 0)
            .destinationMac(DemoNetwork.ACCESS_MAC).sourceMac(DemoNetwork.GATEWAY_MAC);
        long at = EthernetHeader.LENGTH;
        if (uplink)
        {
            final int udp = code == EncapVariant.IPV4_UDP_4191 ? UdpHeader.LENGTH : 0;
            if (ipv4CareOf)
            {
                ethernet.etherType(EthernetHeader.ETHERTYPE_IPV4);
                final int protocol = udp > 0 ? Ipv4Header.PROTOCOL_UDP : ipv4Home ? 4 : 41;
                new Ipv4Header().wrapForEncode(frame, at).writeHeader(Ipv4Header.LENGTH + udp + innerLength, 1, 64,
                    protocol, 0, DemoNetwork.HOME4 | 1);
                at += Ipv4Header.LENGTH;
                if (udp > 0)
                {
                    new UdpHeader().wrapForEncode(frame, at).sourcePort(1024).destinationPort(4191)
                        .length(UdpHeader.LENGTH + innerLength).checksum(0);
                    at += UdpHeader.LENGTH;
                }
            }
            else
            {
                ethernet.etherType(EthernetHeader.ETHERTYPE_IPV6);
                new Ipv6Header().wrapForEncode(frame, at).versionTrafficClassFlowLabel(0, 0).payloadLength(innerLength)
                    .nextHeader(ipv4Home ? 4 : 41).hopLimit(64).source(CARE_OF6_HIGH, 0)
                    .destination(DemoNetwork.HOME6_HIGH, 1);
                at += Ipv6Header.LENGTH;
            }
        }
        else
        {
            ethernet.etherType(ipv4Home ? EthernetHeader.ETHERTYPE_IPV4 : EthernetHeader.ETHERTYPE_IPV6);
        }
        innerOffset = (int)at;
        if (ipv4Home)
        {
            new Ipv4Header().wrapForEncode(frame, at).writeHeader(innerLength, 7, 64, Ipv4Header.PROTOCOL_UDP,
                uplink ? 0 : CN4, uplink ? CN4 : 0);
            writeUdp(frame, at + Ipv4Header.LENGTH, innerLength - Ipv4Header.LENGTH);
        }
        else
        {
            new Ipv6Header().wrapForEncode(frame, at).versionTrafficClassFlowLabel(0, 0)
                .payloadLength(innerLength - Ipv6Header.LENGTH).nextHeader(UdpHeader.PROTOCOL).hopLimit(64)
                .source(uplink ? HOME6_HIGH : CN6_HIGH, uplink ? 0 : 2).destination(uplink ? CN6_HIGH : HOME6_HIGH,
                uplink ? 2 : 0);
            writeUdp(frame, at + Ipv6Header.LENGTH, innerLength - Ipv6Header.LENGTH);
        }
        return (int)at + innerLength;
    }

    private static void writeUdp(final MemorySegment frame, final long at, final int length)
    {
        new UdpHeader().wrapForEncode(frame, at).sourcePort(5000).destinationPort(6000).length(length).checksum(0);
    }

    private static int home4(final int n)
    {
        // Multiplying by an odd constant permutes 24-bit values: distinct bindings get distinct addresses.
        return HOME4_NET | ((n * 0x9E3779B1) & 0xFF_FFFF);
    }

    private static long home6Low(final int n)
    {
        return (n + 1L) * 0x9E3779B97F4A7C15L;
    }

    private static int careOf4(final int n)
    {
        return CARE_OF4_NET | ((n * 0x85EBCA6B) & 0x3F_FFFF);
    }

    private static long careOf6Low(final int n)
    {
        return (n + 1L) * 0xC2B2AE3D27D4EB4FL;
    }

    private static int natPort(final int n)
    {
        return 1024 + (n & 0x7FFF);
    }
}
