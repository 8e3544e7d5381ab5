package dsmipha.slowpath.neighbor;

import static dsmipha.common.testing.Addresses.high;
import static dsmipha.common.testing.Addresses.ipv4;
import static dsmipha.common.testing.Addresses.low;
import static dsmipha.common.testing.Addresses.octets;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import dsmipha.common.testing.Fixture;
import dsmipha.fastpath.route.LocalAddresses;
import dsmipha.fastpath.route.NeighborTable;
import dsmipha.fastpath.route.NeighborView;
import dsmipha.fastpath.route.PortAddresses;

/**
 * A resolver over a small neighbour table, a capturing transmitter, a settable proxy hook and a hand-moved clock,
 * with the addresses the scapy fixtures use (fixtures_neighbor.py).
 * <pre>
 *   port 0 "home"    00:11:22:33:44:55  192.0.2.1/24     2001:db8:a::1/64
 *   port 1 "access"  00:11:22:33:44:66  198.51.100.2/24  link-local only
 *   port 2 "v6-only" 00:11:22:33:44:77  no IPv4          link-local only
 * </pre>
 */
final class NeighborFixture implements AutoCloseable
{
    static final String GROUP = "neighbor";
    static final long HOME_MAC = 0x0011_2233_4455L;
    static final long ACCESS_MAC = 0x0011_2233_4466L;
    static final long HOST_MAC = 0x0000_5E00_5350L;
    static final long HOST_MAC2 = 0x0000_5E00_5351L;
    static final long ROUTER_MAC = 0x0000_5E00_5301L;
    static final long T0 = 1_000_000_000_000L;
    static final long SECOND = 1_000_000_000L;

    /** One frame the resolver sent. */
    record Sent(int port, byte[] frame)
    {
    }

    final PortAddresses[] ports =
    {
        new PortAddresses(0, HOME_MAC, ipv4("192.0.2.1"), 24, high("2001:db8:a::1"), low("2001:db8:a::1"), 64),
        new PortAddresses(1, ACCESS_MAC, ipv4("198.51.100.2"), 24, 0, 0, 0),
        new PortAddresses(2, 0x0011_2233_4477L, 0, 0, 0, 0, 0)
    };
    final LocalAddresses local = new LocalAddresses(ports, new int[0], new long[0][]);
    final NeighborTable table;
    final List<Sent> sent = new ArrayList<>();
    final NeighborView view = new NeighborView();
    final Arena arena = Arena.ofConfined();
    boolean refuse;
    int proxiedIpv4;
    long proxiedIpv6Low;
    final NeighborResolver resolver;

    NeighborFixture()
    {
        this(16);
    }

    NeighborFixture(final int capacity)
    {
        table = new NeighborTable(capacity, 5);
        final LinkTransmitter transmitter = (port, frame, offset, length) ->
        {
            if (refuse)
            {
                return false;
            }
            final byte[] copy = new byte[length];
            MemorySegment.copy(frame, ValueLayout.JAVA_BYTE, offset, copy, 0, length);
            sent.add(new Sent(port, copy));
            return true;
        };
        final ProxyNeighbor proxy = new ProxyNeighbor()
        {
            @Override
            public boolean proxiesIpv4(final int port, final int address)
            {
                return port == 0 && address == proxiedIpv4 && address != 0;
            }

            @Override
            public boolean proxiesIpv6(final int port, final long high, final long low)
            {
                return port == 0 && high == high("2001:db8:a::") && low == proxiedIpv6Low && low != 0;
            }
        };
        resolver = new NeighborResolver(table, ports, local, transmitter, proxy);
    }

    NeighborCounter receive(final String name, final int port, final long nowNs)
    {
        final Fixture fixture = Fixture.load(GROUP, name);
        final MemorySegment segment = fixture.toSegment(arena);
        final boolean arp = (fixture.bytes()[12] & 0xFF) == 0x08;
        return arp ?
            resolver.onArp(segment, Fixture.HEADROOM, fixture.bytes().length, port, nowNs) :
            resolver.onNeighborDiscovery(segment, Fixture.HEADROOM, fixture.bytes().length, port, nowNs);
    }

    NeighborCounter receive(final byte[] frame, final int port, final long nowNs)
    {
        final MemorySegment segment = arena.allocate(frame.length);
        MemorySegment.copy(frame, 0, segment, ValueLayout.JAVA_BYTE, 0, frame.length);
        return resolver.onNeighborDiscovery(segment, 0, frame.length, port, nowNs);
    }

    static byte[] expected(final String name)
    {
        return Fixture.load(GROUP, name).bytes();
    }

    /** Look the neighbour up as a worker would; -1 state when absent. */
    int state(final int port, final String address)
    {
        return lookup(port, address) >= 0 ? view.state() : -1;
    }

    long mac(final int port, final String address)
    {
        lookup(port, address);
        return view.mac();
    }

    int lookup(final int port, final String address)
    {
        final byte[] bytes = octets(address);
        if (bytes.length == 4)
        {
            return table.lookup(port, NeighborTable.IPV4_MAPPED_HIGH, NeighborTable.ipv4MappedLow(ipv4(address)), view);
        }
        return table.lookup(port, high(address), low(address), view);
    }

    NeighborCounter unresolved(final int port, final String address, final long nowNs)
    {
        final byte[] bytes = octets(address);
        if (bytes.length == 4)
        {
            return resolver.onUnresolved(port, NeighborTable.IPV4_MAPPED_HIGH,
                NeighborTable.ipv4MappedLow(ipv4(address)), nowNs);
        }
        return resolver.onUnresolved(port, high(address), low(address), nowNs);
    }


    @Override
    public void close()
    {
        arena.close();
        table.close();
    }
}
