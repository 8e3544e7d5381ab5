package dsmipha.fastpath.route;

import static dsmipha.common.testing.Addresses.high;
import static dsmipha.common.testing.Addresses.low;
import static dsmipha.common.testing.Addresses.mac;
import static dsmipha.common.testing.Addresses.ipv4;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import dsmipha.common.codec.Bytes;
import dsmipha.common.testing.Addresses;
import dsmipha.fastpath.io.FrameLayout;
import dsmipha.fastpath.io.FramePool;
import dsmipha.fastpath.io.PacketBurst;

/**
 * A home agent with two ports, its routes and neighbours, and packets that start at their IP header, for the
 * egress tests.
 * <pre>
 *   port 0 "home"   00:11:22:33:44:55  192.0.2.1/24     2001:db8:a::1/64   connected routes
 *   port 1 "access" 00:11:22:33:44:66  198.51.100.2/24  (link-local only)  default routes via 198.51.100.1, fe80::1
 * </pre>
 */
final class EgressFixture implements AutoCloseable
{
    static final long HOME_MAC = mac("00:11:22:33:44:55");
    static final long ACCESS_MAC = mac("00:11:22:33:44:66");
    static final long HOST_MAC = mac("00:00:5e:00:53:10");
    static final long HOST6_MAC = mac("00:00:5e:00:53:16");
    static final long ROUTER_MAC = mac("00:00:5e:00:53:01");
    static final long ROUTER6_MAC = mac("00:00:5e:00:53:06");
    static final String HOST = "192.0.2.10";
    static final String HOST_INCOMPLETE = "192.0.2.11";
    static final String HOST_FAILED = "192.0.2.12";
    static final String HOST_UNKNOWN = "192.0.2.13";
    static final String HOST6 = "2001:db8:a::10";
    static final String ROUTER = "198.51.100.1";
    static final String ROUTER6 = "fe80::1";
    static final String REMOTE = "203.0.113.9";
    static final String REMOTE6 = "2001:db8:ffff::9";
    static final String UNROUTED6 = "fd00::1";

    final PortAddresses[] ports =
    {
        new PortAddresses(0, HOME_MAC, ipv4("192.0.2.1"), 24, high("2001:db8:a::1"), low("2001:db8:a::1"), 64),
        new PortAddresses(1, ACCESS_MAC, ipv4("198.51.100.2"), 24, 0, 0, 0)
    };
    final RouteTable routes = new RouteTable(8, 2);
    final NeighborTable neighbors = new NeighborTable(64, 99);
    final FramePool pool = new FramePool(64, FrameLayout.DEFAULT_FRAME_LENGTH);
    final PacketBurst burst = new PacketBurst(pool, 64);
    final Egress egress;

    EgressFixture()
    {
        routes.addConnected(ports);
        routes.addIpv4(0, 0, 1, ipv4(ROUTER));
        routes.addIpv6(high("2000::"), 0, 3, 1, high(ROUTER6), low(ROUTER6));
        putIpv4(0, HOST, NeighborState.REACHABLE, HOST_MAC);
        putIpv4(0, HOST_INCOMPLETE, NeighborState.INCOMPLETE, 0);
        putIpv4(0, HOST_FAILED, NeighborState.FAILED, 0);
        putIpv4(1, ROUTER, NeighborState.STALE, ROUTER_MAC);
        neighbors.put(0, high(HOST6), low(HOST6), NeighborState.REACHABLE, HOST6_MAC);
        neighbors.put(1, high(ROUTER6), low(ROUTER6), NeighborState.STATIC, ROUTER6_MAC);
        egress = new Egress(routes, neighbors, ports);
    }

    int putIpv4(final int port, final String address, final int state, final long mac)
    {
        return neighbors.put(
            port, NeighborTable.IPV4_MAPPED_HIGH, NeighborTable.ipv4MappedLow(ipv4(address)), state, mac);
    }

    /**
     * Add an IPv4 packet (20-octet header and 12 octets of payload) starting at the frame's data offset.
     */
    int addIpv4(final String destination)
    {
        return addIpv4(destination, FrameLayout.DATA_OFFSET);
    }

    int addIpv4(final String destination, final int offset)
    {
        final int frame = pool.allocate();
        final long at = pool.frameOffset(frame) + offset;
        final MemorySegment m = pool.memory();
        final int length = 32;
        m.asSlice(at, length).fill((byte)0);
        Bytes.put8(m, at, 0x45);
        Bytes.put16(m, at + 2, length);
        Bytes.put8(m, at + 8, 63);
        Bytes.put8(m, at + 9, 17);
        Bytes.put32(m, at + 12, ipv4("192.0.2.1"));
        Bytes.put32(m, at + 16, ipv4(destination));
        Bytes.put16(m, at + 10, dsmipha.common.codec.InternetChecksum.compute(m, at, 20));
        Bytes.put16(m, at + 20, 5000);
        Bytes.put16(m, at + 22, 6000);
        Bytes.put16(m, at + 24, 12);
        burst.add(frame, offset, length);
        return burst.count() - 1;
    }

    /**
     * Add an IPv6 packet (40-octet header, no payload, next header 59) at the frame's data offset.
     */
    int addIpv6(final String destination)
    {
        final int frame = pool.allocate();
        final long at = pool.frameOffset(frame) + FrameLayout.DATA_OFFSET;
        final MemorySegment m = pool.memory();
        m.asSlice(at, 40).fill((byte)0);
        Bytes.put32(m, at, 0x6000_0000);
        Bytes.put8(m, at + 6, 59);
        Bytes.put8(m, at + 7, 63);
        Bytes.put64(m, at + 8, high("2001:db8:a::1"));
        Bytes.put64(m, at + 16, low("2001:db8:a::1"));
        Bytes.put64(m, at + 24, high(destination));
        Bytes.put64(m, at + 32, low(destination));
        burst.add(frame, FrameLayout.DATA_OFFSET, 40);
        return burst.count() - 1;
    }

    int addRaw(final int firstOctet, final int length)
    {
        final int frame = pool.allocate();
        final long at = pool.frameOffset(frame) + FrameLayout.DATA_OFFSET;
        pool.memory().asSlice(at, Math.max(1, length)).fill((byte)0);
        Bytes.put8(pool.memory(), at, firstOctet);
        burst.add(frame, FrameLayout.DATA_OFFSET, length);
        return burst.count() - 1;
    }

    byte[] packet(final int i)
    {
        final byte[] bytes = new byte[burst.length(i)];
        MemorySegment.copy(pool.memory(), ValueLayout.JAVA_BYTE, burst.address(i), bytes, 0, bytes.length);
        return bytes;
    }

    @Override
    public void close()
    {
        burst.freeAll();
        pool.close();
        neighbors.close();
    }
}
