package dsmipha.fastpath.route;

import static dsmipha.common.testing.Addresses.high;
import static dsmipha.common.testing.Addresses.low;
import static dsmipha.common.testing.Addresses.ipv4;
import static dsmipha.fastpath.route.EgressFixture.ACCESS_MAC;
import static dsmipha.fastpath.route.EgressFixture.HOME_MAC;
import static dsmipha.fastpath.route.EgressFixture.HOST;
import static dsmipha.fastpath.route.EgressFixture.HOST6;
import static dsmipha.fastpath.route.EgressFixture.HOST6_MAC;
import static dsmipha.fastpath.route.EgressFixture.HOST_FAILED;
import static dsmipha.fastpath.route.EgressFixture.HOST_INCOMPLETE;
import static dsmipha.fastpath.route.EgressFixture.HOST_MAC;
import static dsmipha.fastpath.route.EgressFixture.HOST_UNKNOWN;
import static dsmipha.fastpath.route.EgressFixture.REMOTE;
import static dsmipha.fastpath.route.EgressFixture.REMOTE6;
import static dsmipha.fastpath.route.EgressFixture.ROUTER;
import static dsmipha.fastpath.route.EgressFixture.ROUTER6;
import static dsmipha.fastpath.route.EgressFixture.ROUTER6_MAC;
import static dsmipha.fastpath.route.EgressFixture.ROUTER_MAC;
import static dsmipha.fastpath.route.EgressFixture.UNROUTED6;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dsmipha.common.codec.EthernetHeader;
import dsmipha.common.pcap.PcapWriter;
import dsmipha.common.testing.Addresses;
import dsmipha.common.testing.Oracles;
import dsmipha.common.testing.Tshark;
import dsmipha.fastpath.io.FrameLayout;

/**
 * The egress stage: route, next hop, Ethernet header, and every {@link EgressCounter} outcome.
 */
class EgressTest
{
    private final EgressFixture f = new EgressFixture();

    @AfterEach
    void close()
    {
        f.close();
    }

    @Test
    void connectedIpv4GetsTheHostsMac()
    {
        final int i = f.addIpv4(HOST);
        final byte[] ip = f.packet(i);
        assertEquals(0, f.egress.prepare(f.burst, i));
        assertEthernet(i, HOST_MAC, HOME_MAC, EthernetHeader.ETHERTYPE_IPV4, ip);
        assertEquals(1, f.egress.count(EgressCounter.IPV4_OK));
    }

    @Test
    void ipv4ViaTheDefaultGatewayGetsTheRoutersMac()
    {
        final int i = f.addIpv4(REMOTE);
        final byte[] ip = f.packet(i);
        assertEquals(1, f.egress.prepare(f.burst, i), "STALE entries are still used (RFC 4861 §7.3.3)");
        assertEthernet(i, ROUTER_MAC, ACCESS_MAC, EthernetHeader.ETHERTYPE_IPV4, ip);
    }

    @Test
    void connectedIpv6AndIpv6ViaLinkLocalGateway()
    {
        final int a = f.addIpv6(HOST6);
        final byte[] ipA = f.packet(a);
        final int b = f.addIpv6(REMOTE6);
        final byte[] ipB = f.packet(b);
        assertEquals(0, f.egress.prepare(f.burst, a));
        assertEquals(1, f.egress.prepare(f.burst, b));
        assertEthernet(a, HOST6_MAC, HOME_MAC, EthernetHeader.ETHERTYPE_IPV6, ipA);
        assertEthernet(b, ROUTER6_MAC, ACCESS_MAC, EthernetHeader.ETHERTYPE_IPV6, ipB);
        assertEquals(2, f.egress.count(EgressCounter.IPV6_OK));
    }

    @Test
    void noRoute()
    {
        final int i = f.addIpv6(UNROUTED6);
        assertUnchanged(i, Egress.NO_ROUTE);
        assertEquals(1, f.egress.count(EgressCounter.NO_ROUTE));
    }

    @Test
    void routeToAPortWithoutAddressesIsNoRoute()
    {
        final RouteTable routes = new RouteTable(4, 3);
        routes.addIpv4Connected(0, 0, 2);
        final Egress egress = new Egress(routes, f.neighbors, f.ports);
        final int i = f.addIpv4(HOST);
        assertEquals(Egress.NO_ROUTE, egress.prepare(f.burst, i), "port 2 has no MAC: refused, not thrown");
        assertEquals(1, egress.count(EgressCounter.NO_ROUTE));
    }

    @Test
    void unknownNextHopIsUnresolvedAndNamed()
    {
        final int i = f.addIpv4(HOST_UNKNOWN);
        assertUnchanged(i, Egress.NEIGHBOR_UNRESOLVED);
        assertEquals(1, f.egress.count(EgressCounter.NEIGHBOR_UNRESOLVED));
        assertEquals(0, f.egress.unresolvedPort());
        assertEquals(NeighborTable.IPV4_MAPPED_HIGH, f.egress.unresolvedHigh());
        assertEquals(NeighborTable.ipv4MappedLow(ipv4(HOST_UNKNOWN)), f.egress.unresolvedLow());

        f.neighbors.remove(1, high(ROUTER6), low(ROUTER6));
        final int j = f.addIpv6(REMOTE6);
        assertUnchanged(j, Egress.NEIGHBOR_UNRESOLVED);
        assertEquals(1, f.egress.unresolvedPort(), "the gateway, not the destination, is the next hop");
        assertEquals(high(ROUTER6), f.egress.unresolvedHigh());
        assertEquals(low(ROUTER6), f.egress.unresolvedLow());
    }

    @Test
    void incompleteAndFailedNeighboursDrop()
    {
        assertUnchanged(f.addIpv4(HOST_INCOMPLETE), Egress.NEIGHBOR_INCOMPLETE);
        assertUnchanged(f.addIpv4(HOST_FAILED), Egress.NEIGHBOR_FAILED);
        assertEquals(1, f.egress.count(EgressCounter.NEIGHBOR_INCOMPLETE));
        assertEquals(1, f.egress.count(EgressCounter.NEIGHBOR_FAILED));
    }

    @Test
    void entryHeldByAWriterIsBusy()
    {
        final int slot = f.neighbors.find(0, NeighborTable.IPV4_MAPPED_HIGH, NeighborTable.ipv4MappedLow(ipv4(HOST)));
        final long versionOffset = ((long)slot << NeighborTableDescriptor.ENTRY_SHIFT) +
            NeighborTableDescriptor.VERSION_OFFSET;
        final long version = f.neighbors.memory().get(ValueLayout.JAVA_LONG, versionOffset);
        f.neighbors.memory().set(ValueLayout.JAVA_LONG, versionOffset, version + 1);
        assertUnchanged(f.addIpv4(HOST), Egress.NEIGHBOR_BUSY);
        assertEquals(1, f.egress.count(EgressCounter.NEIGHBOR_BUSY));
        assertEquals(NeighborTable.MAX_READ_ATTEMPTS, f.egress.neighborReadRetryCount());
        f.neighbors.memory().set(ValueLayout.JAVA_LONG, versionOffset, version);
        assertEquals(0, f.egress.prepare(f.burst, f.addIpv4(HOST)));
    }

    @Test
    void noHeadroom()
    {
        final int i = f.addIpv4(HOST, FrameLayout.METADATA_LENGTH + EthernetHeader.LENGTH - 1);
        assertUnchanged(i, Egress.NO_HEADROOM);
        assertEquals(1, f.egress.count(EgressCounter.NO_HEADROOM));
        final int j = f.addIpv4(HOST, FrameLayout.METADATA_LENGTH + EthernetHeader.LENGTH);
        assertEquals(0, f.egress.prepare(f.burst, j), "exactly 14 octets of headroom is enough");
    }

    @Test
    void notIp()
    {
        assertUnchanged(f.addRaw(0x55, 40), Egress.NOT_IP);
        assertUnchanged(f.addRaw(0x45, 19), Egress.NOT_IP);
        assertUnchanged(f.addRaw(0x60, 39), Egress.NOT_IP);
        assertUnchanged(f.addRaw(0x45, 0), Egress.NOT_IP);
        assertEquals(4, f.egress.count(EgressCounter.NOT_IP));
    }

    @Test
    void gatewaySlotCacheFollowsNeighbourAndRouteChanges()
    {
        assertEquals(1, f.egress.prepare(f.burst, f.addIpv4(REMOTE)));
        // The router's MAC changes in place: the cached slot reads the new one.
        f.putIpv4(1, ROUTER, NeighborState.REACHABLE, HOST_MAC);
        int i = f.addIpv4(REMOTE);
        assertEquals(1, f.egress.prepare(f.burst, i));
        assertEquals(HOST_MAC, EthernetHeader.readMac(f.pool.memory(), f.burst.address(i)));
        // The router's entry is removed and re-learnt (perhaps in another slot): found again by a full lookup.
        f.neighbors.remove(1, NeighborTable.IPV4_MAPPED_HIGH, NeighborTable.ipv4MappedLow(ipv4(ROUTER)));
        assertUnchanged(f.addIpv4(REMOTE), Egress.NEIGHBOR_UNRESOLVED);
        f.putIpv4(1, ROUTER, NeighborState.REACHABLE, ROUTER_MAC);
        i = f.addIpv4(REMOTE);
        assertEquals(1, f.egress.prepare(f.burst, i));
        assertEquals(ROUTER_MAC, EthernetHeader.readMac(f.pool.memory(), f.burst.address(i)));
        // The default route moves to another gateway: the new snapshot's route is used, not the cached slot.
        f.routes.addIpv4(0, 0, 0, ipv4(HOST));
        i = f.addIpv4(REMOTE);
        assertEquals(0, f.egress.prepare(f.burst, i));
        assertEquals(HOST_MAC, EthernetHeader.readMac(f.pool.memory(), f.burst.address(i)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 31, 32, 33})
    void burstsOfEverySize(final int size)
    {
        final String[] destinations = {HOST, REMOTE, HOST6, REMOTE6, HOST_INCOMPLETE, HOST_UNKNOWN, UNROUTED6};
        final int[] expected = new int[size];
        for (int i = 0; i < size; i++)
        {
            final String destination = destinations[i % destinations.length];
            if (destination.indexOf(':') >= 0)
            {
                f.addIpv6(destination);
            }
            else
            {
                f.addIpv4(destination);
            }
            expected[i] = switch (destination)
            {
                case HOST, HOST6 -> 0;
                case REMOTE, REMOTE6 -> 1;
                case HOST_INCOMPLETE -> Egress.NEIGHBOR_INCOMPLETE;
                case HOST_UNKNOWN -> Egress.NEIGHBOR_UNRESOLVED;
                default -> Egress.NO_ROUTE;
            };
        }
        final int[] results = new int[64];
        final int prepared = f.egress.prepareBurst(f.burst, results);
        int ok = 0;
        for (int i = 0; i < size; i++)
        {
            assertEquals(expected[i], results[i], "packet " + i);
            ok += expected[i] >= 0 ? 1 : 0;
        }
        assertEquals(ok, prepared);
        long total = 0;
        for (final EgressCounter counter : EgressCounter.values())
        {
            total += f.egress.count(counter);
        }
        assertEquals(size, total, "every packet ends in exactly one outcome");
    }

    @Test
    void tsharkSeesTheEthernetHeaderAndTheUntouchedIpPacket()
    {
        Oracles.requireTshark();
        final List<byte[]> frames = new ArrayList<>();
        final int[] indices = {f.addIpv4(HOST), f.addIpv4(REMOTE), f.addIpv6(HOST6), f.addIpv6(REMOTE6)};
        for (final int i : indices)
        {
            f.egress.prepare(f.burst, i);
            frames.add(f.packet(i));
        }
        final List<Map<String, String>> rows = Tshark.fields(PcapWriter.LINKTYPE_ETHERNET,
            List.of("-o", "ip.check_checksum:TRUE"),
            List.of("eth.dst", "eth.src", "eth.type", "ip.dst", "ip.checksum.status", "ipv6.dst", "udp.dstport"),
            frames.toArray(new byte[0][]));
        assertRow(rows.get(0), "00:00:5e:00:53:10", "00:11:22:33:44:55", "0x0800");
        assertEquals(HOST, rows.get(0).get("ip.dst"));
        assertEquals("1", rows.get(0).get("ip.checksum.status"), "IP header untouched: checksum still good");
        assertEquals("6000", rows.get(0).get("udp.dstport"));
        assertRow(rows.get(1), "00:00:5e:00:53:01", "00:11:22:33:44:66", "0x0800");
        assertEquals(REMOTE, rows.get(1).get("ip.dst"));
        assertRow(rows.get(2), "00:00:5e:00:53:16", "00:11:22:33:44:55", "0x86dd");
        assertEquals(HOST6, rows.get(2).get("ipv6.dst"));
        assertRow(rows.get(3), "00:00:5e:00:53:06", "00:11:22:33:44:66", "0x86dd");
        assertEquals(REMOTE6, rows.get(3).get("ipv6.dst"));
    }

    private static void assertRow(final Map<String, String> row, final String dst, final String src, final String type)
    {
        assertEquals(dst, row.get("eth.dst"));
        assertEquals(src, row.get("eth.src"));
        assertEquals(type, row.get("eth.type"));
    }

    private void assertEthernet(
        final int i, final long dstMac, final long srcMac, final int etherType, final byte[] ipBefore)
    {
        assertEquals(FrameLayout.DATA_OFFSET - EthernetHeader.LENGTH, f.burst.offset(i));
        assertEquals(ipBefore.length + EthernetHeader.LENGTH, f.burst.length(i));
        final EthernetHeader ethernet = new EthernetHeader();
        ethernet.wrap(f.pool.memory(), f.burst.address(i), f.burst.address(i) + f.burst.length(i));
        assertEquals(dstMac, ethernet.destinationMac());
        assertEquals(srcMac, ethernet.sourceMac());
        assertEquals(etherType, ethernet.etherType());
        final byte[] after = f.packet(i);
        final byte[] ipAfter = new byte[ipBefore.length];
        System.arraycopy(after, EthernetHeader.LENGTH, ipAfter, 0, ipAfter.length);
        assertArrayEquals(ipBefore, ipAfter, "the IP packet is not touched");
    }

    private void assertUnchanged(final int i, final int status)
    {
        final int offset = f.burst.offset(i);
        final int length = f.burst.length(i);
        final byte[] before = f.packet(i);
        assertEquals(status, f.egress.prepare(f.burst, i));
        assertEquals(offset, f.burst.offset(i));
        assertEquals(length, f.burst.length(i));
        assertArrayEquals(before, f.packet(i));
    }
}
