package dsmipha.slowpath.registration;

import static dsmipha.common.testing.Addresses.high;
import static dsmipha.common.testing.Addresses.ipv4;
import static dsmipha.common.testing.Addresses.low;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import dsmipha.common.testing.Fixture;
import dsmipha.fastpath.route.LocalAddresses;
import dsmipha.fastpath.route.NeighborTable;
import dsmipha.fastpath.route.PortAddresses;
import dsmipha.slowpath.neighbor.LinkTransmitter;
import dsmipha.slowpath.neighbor.NeighborCounter;
import dsmipha.slowpath.neighbor.NeighborResolver;

/**
 * A {@link ProxyHomeLink} plugged into a real {@link NeighborResolver} (as proxy hook and DAD observer), a
 * capturing transmitter shared by both, a recording DAD listener, with the addresses of fixtures_homelink.py.
 * <pre>
 *   port 0 "home"    00:11:22:33:44:55  192.0.2.1/24     2001:db8:a::1/64   (the home link)
 *   port 1 "access"  00:11:22:33:44:66  198.51.100.2/24  link-local only
 *   mobile node home addresses: 2001:db8:a::100, 192.0.2.100
 * </pre>
 */
final class HomeLinkFixture implements AutoCloseable
{
    static final String GROUP = "homelink";
    static final long HOME_MAC = 0x0011_2233_4455L;
    static final long T0 = 1_000_000_000_000L;
    static final long SECOND = 1_000_000_000L;
    static final long MN_HIGH = high("2001:db8:a::100");
    static final long MN_LOW = low("2001:db8:a::100");
    static final int MN_IPV4 = ipv4("192.0.2.100");

    /** One frame sent. */
    record Sent(int port, byte[] frame)
    {
    }

    /** One DAD outcome heard. */
    record Outcome(long token, int outcome, long nowNs)
    {
    }

    final PortAddresses[] ports =
    {
        new PortAddresses(0, HOME_MAC, ipv4("192.0.2.1"), 24, high("2001:db8:a::1"), low("2001:db8:a::1"), 64),
        new PortAddresses(1, 0x0011_2233_4466L, ipv4("198.51.100.2"), 24, 0, 0, 0)
    };
    final LocalAddresses local = new LocalAddresses(ports, new int[0], new long[0][]);
    final NeighborTable table = new NeighborTable(16, 5);
    final List<Sent> sent = new ArrayList<>();
    final List<Outcome> outcomes = new ArrayList<>();
    final HomeLink.DadListener listener = (token, outcome, nowNs) -> outcomes.add(new Outcome(token, outcome, nowNs));
    final Arena arena = Arena.ofConfined();
    final LinkTransmitter transmitter;
    final ProxyHomeLink homeLink;
    final NeighborResolver resolver;
    boolean refuse;

    HomeLinkFixture()
    {
        this(ProxyHomeLink.DEFAULT_DAD_CAPACITY, ProxyHomeLink.DEFAULT_ANNOUNCE_CAPACITY);
    }

    HomeLinkFixture(final int dadCapacity, final int announceCapacity)
    {
        transmitter = (port, frame, offset, length) ->
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
        homeLink = new ProxyHomeLink(ports[0], transmitter, true, ProxyHomeLink.RETRANS_TIMER_NS, dadCapacity,
            announceCapacity, ProxyHomeLink.DEFAULT_WORK_LIMIT);
        resolver = new NeighborResolver(table, ports, local, transmitter, homeLink);
        resolver.dadObserver(homeLink);
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

    static byte[] expected(final String name)
    {
        return Fixture.load(GROUP, name).bytes();
    }

    byte[][] frames()
    {
        return sent.stream().map(Sent::frame).toArray(byte[][]::new);
    }


    @Override
    public void close()
    {
        arena.close();
        table.close();
    }
}
