package dsmipha.perf.jmh;

import java.lang.foreign.MemorySegment;
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

import dsmipha.common.codec.Bytes;
import dsmipha.common.codec.InternetChecksum;
import dsmipha.common.codec.Ipv4Header;
import dsmipha.common.codec.Ipv6Header;
import dsmipha.common.codec.UdpHeader;
import dsmipha.fastpath.binding.BindingTable;
import dsmipha.fastpath.binding.EncapVariant;
import dsmipha.fastpath.decap.DecapCounter;
import dsmipha.fastpath.decap.Decapsulator;
import dsmipha.fastpath.encap.OuterHeaderTemplate;
import dsmipha.fastpath.io.PacketBurst;
import dsmipha.perf.jmh.DownlinkBenchmark.Packets;
import dsmipha.perf.jmh.DownlinkBenchmark.Workload;

/**
 * The uplink stage of a worker on in-memory packets, per packet: bursts of 32 reverse-tunnelled packets from
 * mobile nodes drawn at random from 1 M or 10 M bindings, checked against their bindings and decapsulated by
 * {@link Decapsulator#decapsulate(PacketBurst, int[])} (outer header and extension walk, inner header, one binding
 * lookup per packet for the inner source, variant, care-of address and NAT port checks, RFC 6040 ECN). Scores are
 * ns per packet ({@code @OperationsPerInvocation(32)}).
 * <p>
 * <b>Per burst</b> ({@link #decapsulate}): "receive" 32 packets from a ring of 96 preallocated frames (stamp the
 * next home address of a 1 M-key random stream as inner source, that binding's care-of address as outer source and,
 * for UDP, its NAT port as UDP source port, IPv4 checksums patched; describe the packet in the burst), then
 * decapsulate. {@link #receiveOnly} is the receive step alone. Packets start at the outer IP header, as
 * {@link Decapsulator} expects; every packet of every burst is accepted (checked in setup).
 * <p>
 * Parameters as {@link DownlinkBenchmark}: {@code variant} names the tunnel the packet arrives in (the binding's
 * variant), {@code size} the Ethernet frame length of the <i>inner</i> packet (the packet on the wire is longer by
 * the tunnel header: 40, 20 or 28 octets). The decapsulator looks bindings up one at a time
 * ({@link BindingTable#lookupIpv6}, {@link BindingTable#lookupIpv4}); it has no burst lookup yet.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    "--enable-native-access=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
    "--sun-misc-unsafe-memory-access=allow", "-Xms1g", "-Xmx1g" })
@State(Scope.Thread)
public class UplinkBenchmark
{
    private static final int BURST = DownlinkBenchmark.BURST;

    /** Bindings in the table. */
    @Param({ "1000000", "10000000" })
    public int bindings;

    /** Tunnel (binding variant) and inner family, as {@link DownlinkBenchmark#variant}. */
    @Param({ "6in6", "4in6", "6in4", "4in4", "4inUDP", "6inUDP" })
    public String variant;

    /** Inner Ethernet frame size: 64, 1400 or imix. */
    @Param({ "64", "1400", "imix" })
    public String size;

    private final int[] outcomes = new int[BURST];

    private BindingTable table;
    private Packets packets;
    private PacketBurst burst;
    private Decapsulator decapsulator;
    private int outerVersion;

    /**
     * Fill the table, draw the key stream and build the tunnelled packets; check that bursts go through whole.
     */
    @Setup(Level.Trial)
    public void setup()
    {
        final Workload workload = Workload.of(variant, bindings);
        table = workload.populate(true);
        outerVersion = workload.code == EncapVariant.IPV6_IN_IPV6 || workload.code == EncapVariant.IPV4_IN_IPV6 ?
            Ipv6Header.VERSION : Ipv4Header.VERSION;
        final int outerLength = OuterHeaderTemplate.lengthOf(workload.code);
        packets = new Packets(workload, size, outerLength);
        for (int frame = 0; frame < Packets.FRAMES; frame++)
        {
            writeOuter(workload, packets.memory, packets.pool.frameOffset(frame) + Packets.START,
                packets.lengths[frame] - outerLength);
        }
        burst = new PacketBurst(packets.pool, BURST);
        decapsulator = new Decapsulator(table);
        for (int round = 0; round < Packets.FRAMES / BURST; round++)
        {
            packets.receiveUplink(burst, outerVersion);
            final int accepted = decapsulator.decapsulate(burst, outcomes);
            if (accepted != BURST)
            {
                throw new IllegalStateException("a burst did not go through whole: " + accepted + " accepted, " +
                    "first outcome " + DecapCounter.values()[outcomes[0]]);
            }
        }
        Workload.reportHugePages(table);
    }

    /**
     * Free the table and the frames.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        table.close();
        packets.pool.close();
    }

    /**
     * Receive and decapsulate a burst.
     *
     * @return packets accepted plus the first outcome, so that nothing can be removed.
     */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public int decapsulate()
    {
        packets.receiveUplink(burst, outerVersion);
        return decapsulator.decapsulate(burst, outcomes) + outcomes[0];
    }

    /**
     * The floor: receive a burst (stamp sources, patch checksums, describe), no decapsulation.
     *
     * @return a length, so that nothing can be removed.
     */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public int receiveOnly()
    {
        packets.receiveUplink(burst, outerVersion);
        return burst.length(BURST - 1);
    }

    /**
     * The tunnel header in front of an inner packet, from the mobile node to the home agent: source the care-of
     * address (stamped per packet), destination the home agent (RFC 6275 §10.4.5 reverse tunnel; RFC 5555 §4.1 UDP
     * to port 4191).
     */
    private static void writeOuter(
        final Workload workload, final MemorySegment memory, final long outer, final int innerLength)
    {
        final OuterHeaderTemplate headers = new OuterHeaderTemplate(
            Workload.CARE_OF_PREFIX, 0, 0, OuterHeaderTemplate.DEFAULT_HOP_LIMIT);
        final int protocol = workload.ipv4Home ? Decapsulator.PROTOCOL_IPV4 : Decapsulator.PROTOCOL_IPV6;
        switch (workload.code)
        {
            case EncapVariant.IPV6_IN_IPV6, EncapVariant.IPV4_IN_IPV6 ->
            {
                headers.writeIpv6(memory, outer, Workload.HOME_AGENT_HIGH, Workload.HOME_AGENT_LOW, protocol);
                Bytes.put16(memory, outer + Ipv6Header.PAYLOAD_LENGTH_OFFSET, innerLength);
            }
            case EncapVariant.IPV6_IN_IPV4, EncapVariant.IPV4_IN_IPV4 ->
            {
                headers.writeIpv4(memory, outer, Workload.HOME_AGENT_IPV4, protocol);
                finishIpv4(memory, outer, Ipv4Header.LENGTH + innerLength);
            }
            default ->
            {
                headers.writeIpv4Udp(memory, outer, Workload.HOME_AGENT_IPV4, 0, Decapsulator.DSMIP6_PORT);
                Bytes.put16(memory, outer + Ipv4Header.LENGTH + UdpHeader.LENGTH_OFFSET,
                    UdpHeader.LENGTH + innerLength);
                finishIpv4(memory, outer, OuterHeaderTemplate.IPV4_UDP_LENGTH + innerLength);
            }
        }
    }

    private static void finishIpv4(final MemorySegment memory, final long outer, final int totalLength)
    {
        Bytes.put16(memory, outer + Ipv4Header.TOTAL_LENGTH_OFFSET, totalLength);
        Bytes.put16(memory, outer + Ipv4Header.CHECKSUM_OFFSET, 0);
        Bytes.put16(memory, outer + Ipv4Header.CHECKSUM_OFFSET,
            InternetChecksum.compute(memory, outer, Ipv4Header.LENGTH));
    }
}
