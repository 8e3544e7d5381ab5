package dsmipha.fastpath.worker;

import static dsmipha.common.testing.Addresses.high;
import static dsmipha.common.testing.Addresses.ipv4;
import static dsmipha.common.testing.Addresses.low;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

import org.agrona.concurrent.CachedNanoClock;

import dsmipha.common.codec.EthernetHeader;
import dsmipha.common.codec.Ipv4Header;
import dsmipha.common.codec.Ipv6Header;
import dsmipha.common.codec.UdpHeader;
import dsmipha.common.counters.CounterSlots;
import dsmipha.common.counters.CountersFile;
import dsmipha.fastpath.binding.BindingTable;
import dsmipha.fastpath.binding.BindingView;
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
import dsmipha.fastpath.route.NeighborTable;
import dsmipha.fastpath.route.RouteTable;
import dsmipha.fastpath.traffic.DemoNetwork;

/**
 * One worker over two in-memory ports, "access" (0) and "home" (1), in the {@link DemoNetwork} (the network of
 * {@code fastpath/src/test/scapy/fixtures_worker.py}: addresses, routes, static neighbours, bindings for every
 * synthetic home address), with a punt ring, a transmit ring and a counters file, driven by the test's thread.
 */
final class WorkerFixture implements AutoCloseable
{
    static final int ACCESS = 0;
    static final int HOME = 1;
    static final long ACCESS_MAC = DemoNetwork.ACCESS_MAC;
    static final long GATEWAY_MAC = DemoNetwork.GATEWAY_MAC;

    final CountersFile counters;
    final FramePool pool;
    final MemoryPort access;
    final MemoryPort home;
    final PuntRing puntRing;
    final TransmitRing transmitRing;
    final BindingTable bindings = new BindingTable(1024, 0x5EEDL);
    final PrefixTable prefixes = new PrefixTable(64, 0x5EEDL);
    final RouteTable routes = new RouteTable(16, 2);
    final NeighborTable neighbors = new NeighborTable(64, 0x5EEDL);
    final CachedNanoClock clock = new CachedNanoClock();
    final WorkerStages stages;
    final WorkerAgent worker;
    final CounterSlots stageCounters;
    private final OuterHeaderTemplate templates =
        new OuterHeaderTemplate(high("2001:db8:a::1"), low("2001:db8:a::1"), ipv4("198.51.100.1"), 64);

    WorkerFixture(final Path dir, final int frames, final int burstSize)
    {
        counters = CountersFile.create(dir.resolve("counters.dat"), 512, "test", 1, 0);
        pool = new FramePool(frames, FrameLayout.DEFAULT_FRAME_LENGTH);
        access = new MemoryPort("access", pool, 1, 1024);
        home = new MemoryPort("home", pool, 1, 1024);
        puntRing = new PuntRing(1 << 20);
        transmitRing = new TransmitRing(pool, 256);
        final FastpathTables tables = new DemoNetwork().install(bindings, prefixes, routes, neighbors);
        stages = new WorkerStages(0, tables, clock);
        stageCounters = new CounterSlots(counters, WorkerStages.stageCounters(), 0, "w0");
        worker = new WorkerAgent(0, new PacketPort[]{access, home},
            new QueueAssignment[]{new QueueAssignment(ACCESS, 0), new QueueAssignment(HOME, 0)},
            burstSize, new PuntProxy(puntRing, 0), transmitRing, stages,
            new CounterSlots(counters, FastpathCounter.values(), 0, "w0"), stageCounters);
    }

    /**
     * Register (or replace) a binding for an IPv6 home address.
     */
    void bind6(final String home, final int variant, final String careOf, final int natPort, final int mtu)
    {
        final BindingView binding = new BindingView().ipv6HomeAddress(high(home), low(home));
        put(binding, variant, careOf, natPort, mtu);
    }

    /**
     * Register (or replace) a binding for an IPv4 home address.
     */
    void bind4(final String home, final int variant, final String careOf, final int natPort, final int mtu)
    {
        put(new BindingView().ipv4HomeAddress(ipv4(home)), variant, careOf, natPort, mtu);
    }

    private void put(
        final BindingView binding, final int variant, final String careOf, final int natPort, final int mtu)
    {
        binding.bindingId(1).variant(variant).tunnelMtu(mtu);
        if (careOf.indexOf(':') >= 0)
        {
            binding.ipv6CareOfAddress(high(careOf), low(careOf));
        }
        else
        {
            binding.ipv4CareOfAddress(ipv4(careOf));
        }
        binding.udpPorts(natPort == 0 ? 0 : OuterHeaderTemplate.DSMIPV6_UDP_PORT, natPort);
        templates.applyTo(binding);
        if (bindings.put(binding) < 0)
        {
            throw new IllegalStateException("binding refused");
        }
    }

    /**
     * Put one frame on a port's wire.
     */
    void inject(final int port, final byte[] frame)
    {
        final PacketBurst burst = new PacketBurst(pool, 1);
        final int index = pool.allocate();
        MemorySegment.copy(frame, 0, pool.memory(), ValueLayout.JAVA_BYTE,
            pool.frameOffset(index) + FrameLayout.DATA_OFFSET, frame.length);
        burst.add(index, FrameLayout.DATA_OFFSET, frame.length);
        if ((port == ACCESS ? access : home).wire().inject(0, burst, 0, 1) != 1)
        {
            throw new IllegalStateException("wire full");
        }
    }

    /**
     * Take every frame a port transmitted, as octets, freeing the frames.
     */
    byte[][] collect(final int port)
    {
        final PacketBurst burst = new PacketBurst(pool, 256);
        final int n = (port == ACCESS ? access : home).wire().collect(0, burst, 256);
        final byte[][] frames = new byte[n][];
        for (int i = 0; i < n; i++)
        {
            frames[i] = pool.memory().asSlice(burst.address(i), burst.length(i)).toArray(ValueLayout.JAVA_BYTE);
        }
        burst.freeAll();
        return frames;
    }

    /**
     * A UDP/IPv6 frame from the correspondent 2001:db8:f::1 to {@code destination}, arriving from the access router.
     *
     * @param destination the IPv6 destination.
     * @param ipLength    octets of the IPv6 packet (at least 48).
     * @return the frame.
     */
    static byte[] udp6(final String destination, final int ipLength)
    {
        final byte[] frame = new byte[EthernetHeader.LENGTH + ipLength];
        final MemorySegment segment = MemorySegment.ofArray(frame);
        new EthernetHeader().wrapForEncode(segment, 0).destinationMac(DemoNetwork.ACCESS_MAC)
            .sourceMac(DemoNetwork.GATEWAY_MAC).etherType(EthernetHeader.ETHERTYPE_IPV6);
        new Ipv6Header().wrapForEncode(segment, EthernetHeader.LENGTH).versionTrafficClassFlowLabel(0, 0)
            .payloadLength(ipLength - Ipv6Header.LENGTH).nextHeader(UdpHeader.PROTOCOL).hopLimit(64)
            .source(high("2001:db8:f::1"), low("2001:db8:f::1")).destination(high(destination), low(destination));
        new UdpHeader().wrapForEncode(segment, EthernetHeader.LENGTH + Ipv6Header.LENGTH).sourcePort(5000)
            .destinationPort(6000).length(ipLength - Ipv6Header.LENGTH).checksum(0);
        return frame;
    }

    /**
     * A UDP/IPv4 frame from the correspondent 203.0.113.50 to {@code destination}, arriving from the access router.
     *
     * @param destination   the IPv4 destination.
     * @param ipLength      octets of the IPv4 packet (at least 28).
     * @param dontFragment  the DF flag.
     * @return the frame.
     */
    static byte[] udp4(final String destination, final int ipLength, final boolean dontFragment)
    {
        final byte[] frame = new byte[EthernetHeader.LENGTH + ipLength];
        final MemorySegment segment = MemorySegment.ofArray(frame);
        new EthernetHeader().wrapForEncode(segment, 0).destinationMac(DemoNetwork.ACCESS_MAC)
            .sourceMac(DemoNetwork.GATEWAY_MAC).etherType(EthernetHeader.ETHERTYPE_IPV4);
        new Ipv4Header().wrapForEncode(segment, EthernetHeader.LENGTH)
            .writeHeader(ipLength, 0x77, 64, Ipv4Header.PROTOCOL_UDP, ipv4("203.0.113.50"), ipv4(destination))
            .dontFragment(dontFragment).updateChecksum();
        new UdpHeader().wrapForEncode(segment, EthernetHeader.LENGTH + Ipv4Header.LENGTH).sourcePort(5000)
            .destinationPort(6000).length(ipLength - Ipv4Header.LENGTH).checksum(0);
        return frame;
    }

    long count(final FastpathCounter counter)
    {
        return worker.counters().get(counter.ordinal());
    }





    @Override
    public void close()
    {
        puntRing.close();
        bindings.close();
        prefixes.close();
        neighbors.close();
        pool.close();
        counters.close();
    }
}
