package dsmipha.fastpath.route;

import static dsmipha.common.testing.Addresses.high;
import static dsmipha.common.testing.Addresses.low;
import static dsmipha.common.testing.Addresses.ipv4;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dsmipha.common.testing.Addresses;

/**
 * Longest prefix match over both families, connected versus gateway routes, and the copy-on-write snapshots.
 */
class RouteTableTest
{
    private final RouteTable table = new RouteTable(16, 3);

    @Test
    void emptyTableHasNoRoute()
    {
        assertEquals(RouteSnapshot.NO_ROUTE, table.snapshot().lookupIpv4(ipv4("192.0.2.1")));
        assertEquals(RouteSnapshot.NO_ROUTE, table.snapshot().lookupIpv6(high("2001:db8::1"), low("2001:db8::1")));
    }

    @Test
    void ipv4DefaultConnectedAndMoreSpecific()
    {
        assertEquals(RouteTable.ADDED, table.addIpv4(0, 0, 2, ipv4("203.0.113.254")));
        assertEquals(RouteTable.ADDED, table.addIpv4Connected(ipv4("192.0.2.0"), 24, 0));
        assertEquals(RouteTable.ADDED, table.addIpv4(ipv4("192.0.2.128"), 25, 1, ipv4("198.51.100.1")));
        assertEquals(RouteTable.ADDED, table.addIpv4Connected(ipv4("192.0.2.7"), 32, 1));
        final RouteSnapshot s = table.snapshot();

        final int def = s.lookupIpv4(ipv4("8.8.8.8"));
        assertEquals(0, s.prefixLength(def));
        assertEquals(2, s.port(def));
        assertFalse(s.isConnected(def));
        assertEquals(NeighborTable.IPV4_MAPPED_HIGH, s.gatewayHigh(def));
        assertEquals(NeighborTable.ipv4MappedLow(ipv4("203.0.113.254")), s.gatewayLow(def));

        final int connected = s.lookupIpv4(ipv4("192.0.2.9"));
        assertEquals(24, s.prefixLength(connected));
        assertTrue(s.isConnected(connected));
        assertEquals(0, s.port(connected));

        final int specific = s.lookupIpv4(ipv4("192.0.2.200"));
        assertEquals(25, s.prefixLength(specific), "/25 wins over /24");
        assertEquals(1, s.port(specific));

        final int host = s.lookupIpv4(ipv4("192.0.2.7"));
        assertEquals(32, s.prefixLength(host), "/32 wins over /24");
        assertTrue(s.isIpv4(host));
    }

    @Test
    void ipv6DefaultConnectedAndMoreSpecific()
    {
        assertEquals(RouteTable.ADDED, table.addIpv6(0, 0, 0, 2, high("fe80::1"), low("fe80::1")));
        assertEquals(RouteTable.ADDED, table.addIpv6Connected(high("2001:db8:a::"), 0, 64, 0));
        assertEquals(RouteTable.ADDED,
            table.addIpv6(high("2001:db8:a::"), low("2001:db8:a:0:8000::"), 65, 1,
                high("2001:db8:b::1"), low("2001:db8:b::1")));
        assertEquals(RouteTable.ADDED, table.addIpv4Connected(0, 0, 0));
        final RouteSnapshot s = table.snapshot();

        final int def = s.lookupIpv6(high("2001:db8:ffff::1"), low("2001:db8:ffff::1"));
        assertEquals(0, s.prefixLength(def));
        assertFalse(s.isIpv4(def));
        assertEquals(high("fe80::1"), s.gatewayHigh(def));
        assertEquals(low("fe80::1"), s.gatewayLow(def));

        final int connected = s.lookupIpv6(high("2001:db8:a::5"), low("2001:db8:a::5"));
        assertEquals(64, s.prefixLength(connected));
        assertTrue(s.isConnected(connected));

        final int specific = s.lookupIpv6(high("2001:db8:a:0:8000::5"), low("2001:db8:a:0:8000::5"));
        assertEquals(65, s.prefixLength(specific), "/65 (a mask in the low half) wins over /64");
        assertEquals(1, s.port(specific));
        assertEquals(high("2001:db8:a::"), s.ipv6PrefixHigh(specific));
        assertEquals(low("2001:db8:a:0:8000::"), s.ipv6PrefixLow(specific));
        assertEquals(1, s.ipv4Count());
        assertEquals(3, s.ipv6Count());
    }

    @Test
    void familiesDoNotMix()
    {
        table.addIpv4Connected(0, 0, 0);
        assertEquals(RouteSnapshot.NO_ROUTE, table.snapshot().lookupIpv6(0, NeighborTable.ipv4MappedLow(1)));
        table.addIpv6Connected(0, 0, 0, 1);
        final RouteSnapshot s = table.snapshot();
        assertEquals(1, s.port(s.lookupIpv6(0, NeighborTable.ipv4MappedLow(ipv4("1.2.3.4")))));
        assertEquals(0, s.port(s.lookupIpv4(ipv4("1.2.3.4"))));
    }

    @Test
    void replaceAndRemovePublishNewSnapshots()
    {
        table.addIpv4Connected(ipv4("10.0.0.0"), 8, 0);
        final RouteSnapshot first = table.snapshot();
        assertEquals(RouteTable.REPLACED, table.addIpv4(ipv4("10.0.0.0"), 8, 1, ipv4("192.0.2.1")));
        final RouteSnapshot second = table.snapshot();
        assertNotSame(first, second);
        assertTrue(second.generation() > first.generation());
        assertTrue(first.isConnected(first.lookupIpv4(ipv4("10.1.1.1"))), "an old snapshot never changes");
        assertFalse(second.isConnected(second.lookupIpv4(ipv4("10.1.1.1"))));
        assertEquals(1, table.size());

        assertEquals(RouteTable.REMOVED, table.removeIpv4(ipv4("10.0.0.0"), 8));
        assertEquals(RouteTable.NOT_FOUND, table.removeIpv4(ipv4("10.0.0.0"), 8));
        assertEquals(RouteSnapshot.NO_ROUTE, table.snapshot().lookupIpv4(ipv4("10.1.1.1")));
        table.addIpv6Connected(high("2001:db8::"), 0, 32, 0);
        assertEquals(RouteTable.REMOVED, table.removeIpv6(high("2001:db8::"), 0, 32));
        assertEquals(0, table.size());
    }

    @Test
    void snapshotIsStableWhenNothingChanges()
    {
        table.addIpv4Connected(ipv4("10.0.0.0"), 8, 0);
        assertSame(table.snapshot(), table.snapshot());
        assertEquals(RouteTable.NOT_FOUND, table.removeIpv6(0, 0, 0));
        assertEquals(1, table.snapshot().size());
    }

    @Test
    void rejectsInvalidRoutes()
    {
        final long generation = table.snapshot().generation();
        assertEquals(RouteTable.INVALID, table.addIpv4Connected(ipv4("10.0.0.1"), 8, 0), "host bits set");
        assertEquals(RouteTable.INVALID, table.addIpv4Connected(ipv4("10.0.0.0"), 33, 0));
        assertEquals(RouteTable.INVALID, table.addIpv4Connected(ipv4("10.0.0.0"), 8, 3), "port out of range");
        assertEquals(RouteTable.INVALID, table.addIpv4(0, 0, 0, 0), "unspecified gateway");
        assertEquals(RouteTable.INVALID, table.addIpv4(0, 0, 0, ipv4("224.0.0.1")), "multicast gateway");
        assertEquals(RouteTable.INVALID, table.addIpv6Connected(high("2001:db8::"), 1, 64, 0), "host bits set");
        assertEquals(RouteTable.INVALID, table.addIpv6Connected(0, 0, 129, 0));
        assertEquals(RouteTable.INVALID, table.addIpv6(0, 0, 0, 0, high("ff02::1"), low("ff02::1")));
        assertEquals(RouteTable.INVALID, table.addIpv6(0, 0, 0, 0, 0, 0));
        assertEquals(RouteTable.INVALID, table.addIpv6(0, 0, 0, 0, 0, NeighborTable.ipv4MappedLow(ipv4("1.2.3.4"))));
        assertEquals(generation, table.snapshot().generation(), "nothing published");
    }

    @Test
    void fullTableRefusesNewPrefixesButReplacesOld()
    {
        final RouteTable small = new RouteTable(2, 1);
        assertEquals(RouteTable.ADDED, small.addIpv4Connected(ipv4("10.0.0.0"), 8, 0));
        assertEquals(RouteTable.ADDED, small.addIpv6Connected(0, 0, 0, 0));
        assertEquals(RouteTable.TABLE_FULL, small.addIpv4Connected(ipv4("11.0.0.0"), 8, 0));
        assertEquals(RouteTable.REPLACED, small.addIpv4(ipv4("10.0.0.0"), 8, 0, ipv4("192.0.2.1")));
    }

    @Test
    void connectedRoutesFromPortAddresses()
    {
        final PortAddresses home = new PortAddresses(0, 0x0011_2233_4455L, ipv4("192.0.2.1"), 24,
            high("2001:db8:a::1"), low("2001:db8:a::1"), 64);
        final PortAddresses access = new PortAddresses(1, 0x0011_2233_4466L, ipv4("198.51.100.1"), 30, 0, 0, 0);
        assertEquals(3, table.addConnected(new PortAddresses[] {home, access}));
        final RouteSnapshot s = table.snapshot();
        assertEquals(0, s.port(s.lookupIpv4(ipv4("192.0.2.77"))));
        assertEquals(1, s.port(s.lookupIpv4(ipv4("198.51.100.2"))));
        assertEquals(RouteSnapshot.NO_ROUTE, s.lookupIpv4(ipv4("198.51.100.4")));
        assertEquals(0, s.port(s.lookupIpv6(high("2001:db8:a::9"), low("2001:db8:a::9"))));
    }
}
