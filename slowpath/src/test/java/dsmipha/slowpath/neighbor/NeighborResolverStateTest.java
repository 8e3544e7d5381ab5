package dsmipha.slowpath.neighbor;

import static dsmipha.common.testing.Addresses.ipv4;
import static dsmipha.slowpath.neighbor.NeighborFixture.HOST_MAC;
import static dsmipha.slowpath.neighbor.NeighborFixture.ROUTER_MAC;
import static dsmipha.slowpath.neighbor.NeighborFixture.SECOND;
import static dsmipha.slowpath.neighbor.NeighborFixture.T0;
import static dsmipha.slowpath.neighbor.NeighborFixture.expected;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dsmipha.fastpath.route.NeighborState;

/**
 * The resolver's state machine driven by a hand-moved clock: resolution with RETRANS_TIMER retransmissions up to
 * MAX_MULTICAST_SOLICIT then FAILED (RFC 4861 §7.2.2), completion by a reply, aging REACHABLE to STALE after
 * REACHABLE_TIME and unicast probes up to MAX_UNICAST_SOLICIT before removal (§7.3.3), FAILED hold, static entries.
 */
class NeighborResolverStateTest
{
    private static final String HOST = "192.0.2.50";
    private static final String HOST6 = "2001:db8:a::50";

    private final NeighborFixture f = new NeighborFixture();

    @AfterEach
    void close()
    {
        f.close();
    }

    @Test
    void arpResolutionRetransmitsThenFails()
    {
        assertEquals(NeighborCounter.TX_ARP_REQUEST, f.unresolved(0, HOST, T0));
        assertEquals(NeighborState.INCOMPLETE, f.state(0, HOST));
        assertEquals(1, f.sent.size());
        assertEquals(0, f.sent.get(0).port());
        assertArrayEquals(expected("out_arp_request"), f.sent.get(0).frame(), "broadcast request, RFC 826");

        assertEquals(0, f.resolver.doWork(T0 + SECOND - 1), "nothing before RETRANS_TIMER");
        assertEquals(1, f.resolver.doWork(T0 + SECOND));
        assertEquals(1, f.resolver.doWork(T0 + 2 * SECOND));
        assertEquals(3, f.sent.size(), "MAX_MULTICAST_SOLICIT requests in all");
        assertArrayEquals(expected("out_arp_request"), f.sent.get(2).frame());
        assertEquals(NeighborState.INCOMPLETE, f.state(0, HOST));

        assertEquals(1, f.resolver.doWork(T0 + 3 * SECOND));
        assertEquals(3, f.sent.size(), "no fourth request");
        assertEquals(NeighborState.FAILED, f.state(0, HOST));
        assertEquals(1, f.resolver.count(NeighborCounter.RESOLUTION_FAILED));
        assertEquals(3, f.resolver.count(NeighborCounter.TX_ARP_REQUEST));

        assertEquals(NeighborCounter.UNRESOLVED_PENDING, f.unresolved(0, HOST, T0 + 4 * SECOND),
            "a FAILED entry is not retried at once (RFC 1122 §2.3.2.1)");
        assertEquals(0, f.resolver.doWork(T0 + 3 * SECOND + NeighborResolver.FAILED_HOLD_NS - 1));
        assertEquals(1, f.resolver.doWork(T0 + 3 * SECOND + NeighborResolver.FAILED_HOLD_NS));
        assertEquals(-1, f.state(0, HOST), "removed after the hold time");
        assertEquals(1, f.resolver.count(NeighborCounter.FAILED_EXPIRED));
        assertEquals(NeighborCounter.TX_ARP_REQUEST, f.unresolved(0, HOST, T0 + 30 * SECOND), "tried afresh");
    }

    @Test
    void replyMakesReachableAndStopsRetransmission()
    {
        f.unresolved(0, HOST, T0);
        assertEquals(NeighborCounter.UNRESOLVED_PENDING, f.unresolved(0, HOST, T0 + 1), "one request per second");
        assertEquals(1, f.sent.size());
        assertEquals(NeighborCounter.RX_ARP_REPLY, f.receive("in_arp_reply", 0, T0 + SECOND / 2));
        assertEquals(NeighborState.REACHABLE, f.state(0, HOST));
        assertEquals(HOST_MAC, f.mac(0, HOST));
        assertEquals(1, f.resolver.count(NeighborCounter.RESOLVED));
        assertEquals(0, f.resolver.doWork(T0 + 5 * SECOND));
        assertEquals(1, f.sent.size(), "no retransmission once resolved");
    }

    @Test
    void reachableAgesToStaleThenProbesThenIsRemoved()
    {
        f.unresolved(0, HOST, T0);
        f.receive("in_arp_reply", 0, T0);
        f.sent.clear();
        final long reachable = T0 + NeighborResolver.REACHABLE_TIME_NS;
        assertEquals(0, f.resolver.doWork(reachable - 1));
        assertEquals(1, f.resolver.doWork(reachable));
        assertEquals(NeighborState.STALE, f.state(0, HOST), "STALE, still usable by the fastpath");
        assertEquals(HOST_MAC, f.mac(0, HOST));
        assertEquals(1, f.resolver.count(NeighborCounter.AGED_TO_STALE));
        assertEquals(0, f.sent.size());

        final long probe = reachable + NeighborResolver.DELAY_FIRST_PROBE_TIME_NS;
        assertEquals(0, f.resolver.doWork(probe - 1));
        assertEquals(1, f.resolver.doWork(probe));
        assertEquals(1, f.resolver.doWork(probe + SECOND));
        assertEquals(1, f.resolver.doWork(probe + 2 * SECOND));
        assertEquals(3, f.sent.size(), "MAX_UNICAST_SOLICIT probes");
        for (final NeighborFixture.Sent s : f.sent)
        {
            assertArrayEquals(expected("out_arp_probe"), s.frame(), "unicast to the cached MAC");
        }
        assertEquals(NeighborState.STALE, f.state(0, HOST));
        assertEquals(1, f.resolver.doWork(probe + 3 * SECOND));
        assertEquals(-1, f.state(0, HOST), "removed (RFC 4861 §7.3.3)");
        assertEquals(1, f.resolver.count(NeighborCounter.STALE_REMOVED));
    }

    @Test
    void replyToAProbeMakesReachableAgain()
    {
        f.unresolved(0, HOST, T0);
        f.receive("in_arp_reply", 0, T0);
        final long probe = T0 + NeighborResolver.REACHABLE_TIME_NS + NeighborResolver.DELAY_FIRST_PROBE_TIME_NS;
        f.resolver.doWork(T0 + NeighborResolver.REACHABLE_TIME_NS);
        f.resolver.doWork(probe);
        f.receive("in_arp_reply", 0, probe + 10);
        assertEquals(NeighborState.REACHABLE, f.state(0, HOST));
        assertEquals(0, f.resolver.doWork(probe + 10 * SECOND), "no more probes, no removal");
        assertEquals(NeighborState.REACHABLE, f.state(0, HOST));
    }

    @Test
    void ipv6ResolutionToSolicitedNodeAddressThenAdvertisement()
    {
        assertEquals(NeighborCounter.TX_NEIGHBOR_SOLICITATION, f.unresolved(0, HOST6, T0));
        assertArrayEquals(expected("out_ns_multicast"), f.sent.get(0).frame(), "RFC 4861 §7.2.2");
        f.resolver.doWork(T0 + SECOND);
        f.resolver.doWork(T0 + 2 * SECOND);
        assertEquals(3, f.sent.size());
        assertEquals(NeighborCounter.RESOLVED, f.receive("in_na_solicited", 0, T0 + 2 * SECOND + 5));
        assertEquals(NeighborState.REACHABLE, f.state(0, HOST6));
        assertEquals(HOST_MAC, f.mac(0, HOST6));
        assertEquals(0, f.resolver.doWork(T0 + 3 * SECOND));
    }

    @Test
    void ipv6ProbesAreUnicastSolicitations()
    {
        f.unresolved(0, HOST6, T0);
        f.receive("in_na_solicited", 0, T0);
        f.sent.clear();
        f.resolver.doWork(T0 + NeighborResolver.REACHABLE_TIME_NS);
        f.resolver.doWork(T0 + NeighborResolver.REACHABLE_TIME_NS + NeighborResolver.DELAY_FIRST_PROBE_TIME_NS);
        assertEquals(1, f.sent.size());
        assertArrayEquals(expected("out_ns_probe"), f.sent.get(0).frame(), "RFC 4861 §7.3.3 unicast probe");
    }

    @Test
    void linkLocalGatewayIsSolicitedFromTheLinkLocalAddress()
    {
        assertEquals(NeighborCounter.TX_NEIGHBOR_SOLICITATION, f.unresolved(1, "fe80::1", T0));
        assertEquals(1, f.sent.get(0).port());
        assertArrayEquals(expected("out_ns_link_local"), f.sent.get(0).frame());
        assertEquals(NeighborCounter.RESOLVED, f.receive("in_na_router", 1, T0 + 1));
        assertEquals(ROUTER_MAC, f.mac(1, "fe80::1"));
        assertEquals(-1, f.state(0, "fe80::1"), "the same address on another port is another neighbour");
    }

    @Test
    void staticEntriesNeverAgeNorChange()
    {
        assertEquals(true, f.resolver.addStaticIpv4(0, ipv4(HOST), ROUTER_MAC) >= 0);
        assertEquals(NeighborCounter.RX_ARP_REPLY, f.receive("in_arp_reply", 0, T0));
        assertEquals(ROUTER_MAC, f.mac(0, HOST), "learning does not override a static entry");
        assertEquals(1, f.resolver.count(NeighborCounter.STATIC_KEPT));
        assertEquals(NeighborCounter.UNRESOLVED_PENDING, f.unresolved(0, HOST, T0));
        assertEquals(0, f.resolver.doWork(T0 + 1000 * SECOND));
        assertEquals(NeighborState.STATIC, f.state(0, HOST));
        assertEquals(0, f.sent.size());
    }

    @Test
    void staticEntryReplacesAPendingResolution()
    {
        f.unresolved(0, HOST, T0);
        f.resolver.addStaticIpv4(0, ipv4(HOST), ROUTER_MAC);
        assertEquals(0, f.resolver.doWork(T0 + 10 * SECOND), "the pending retransmission is cancelled");
        assertEquals(1, f.sent.size());
        assertEquals(NeighborState.STATIC, f.state(0, HOST));
    }
}
