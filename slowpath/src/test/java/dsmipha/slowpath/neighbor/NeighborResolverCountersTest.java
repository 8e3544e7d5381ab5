package dsmipha.slowpath.neighbor;

import static dsmipha.slowpath.neighbor.NeighborFixture.HOST_MAC;
import static dsmipha.slowpath.neighbor.NeighborFixture.SECOND;
import static dsmipha.slowpath.neighbor.NeighborFixture.T0;
import static dsmipha.common.testing.Addresses.ipv4;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dsmipha.common.counters.CounterDescriptors;
import dsmipha.common.counters.CounterSlots;
import dsmipha.common.counters.CountersFile;
import dsmipha.fastpath.route.NeighborState;
import dsmipha.fastpath.route.NeighborTable;
import dsmipha.slowpath.SlowpathCounter;

/**
 * The drop reasons the message and state tests do not reach, the counter ids, and a run that reaches every
 * {@link NeighborCounter} and publishes them into a counters file.
 */
class NeighborResolverCountersTest
{
    @Test
    void idsInRangeAndUniqueAcrossTheSlowpath()
    {
        for (final NeighborCounter counter : NeighborCounter.values())
        {
            assertTrue(counter.id() >= 2100 && counter.id() <= 2129, counter + " id " + counter.id());
            assertTrue(counter.label().startsWith("nd-"), counter.label());
        }
        assertDoesNotThrow(() -> CounterDescriptors.requireUnique(SlowpathCounter.values(), NeighborCounter.values()));
    }

    @Test
    void badNextHopsAreRefused()
    {
        try (NeighborFixture f = new NeighborFixture())
        {
            assertEquals(NeighborCounter.DROP_BAD_NEXT_HOP, f.resolver.onUnresolved(9, 0, 1, T0), "unknown port");
            assertEquals(NeighborCounter.DROP_BAD_NEXT_HOP, f.resolver.onUnresolved(-1, 0, 1, T0));
            assertEquals(NeighborCounter.DROP_BAD_NEXT_HOP, f.resolver.onUnresolved(0, 0, 0, T0), "unspecified");
            assertEquals(NeighborCounter.DROP_BAD_NEXT_HOP, f.unresolved(0, "ff02::1", T0), "multicast");
            assertEquals(NeighborCounter.DROP_BAD_NEXT_HOP, f.unresolved(0, "224.0.0.5", T0), "multicast");
            assertEquals(NeighborCounter.DROP_BAD_NEXT_HOP, f.unresolved(0, "255.255.255.255", T0));
            assertEquals(6, f.resolver.count(NeighborCounter.RX_UNRESOLVED));
            assertEquals(0, f.table.size());
        }
    }

    @Test
    void fullTableRefusesNewNextHopsAndLearning()
    {
        try (NeighborFixture f = new NeighborFixture(1))
        {
            assertEquals(NeighborCounter.TX_ARP_REQUEST, f.unresolved(0, "192.0.2.7", T0));
            assertEquals(NeighborCounter.DROP_TABLE_FULL, f.unresolved(0, "192.0.2.8", T0));
            f.receive("in_arp_request", 0, T0);
            assertEquals(2, f.resolver.count(NeighborCounter.DROP_TABLE_FULL), "the ARP sender could not be added");
            assertEquals(1, f.resolver.count(NeighborCounter.TX_ARP_REPLY), "the request is still answered");
            assertEquals(NeighborTable.TABLE_FULL, f.resolver.addStaticIpv4(0, ipv4("192.0.2.9"), HOST_MAC));
            assertEquals(3, f.resolver.count(NeighborCounter.DROP_TABLE_FULL));
        }
    }

    @Test
    void aPortWithoutIpv4CannotArp()
    {
        try (NeighborFixture f = new NeighborFixture())
        {
            assertEquals(NeighborCounter.DROP_NO_SOURCE_ADDRESS, f.unresolved(2, "10.9.9.9", T0));
            assertEquals(NeighborState.FAILED, f.state(2, "10.9.9.9"), "packets to it are dropped, not punted again");
            assertEquals(0, f.sent.size());
            assertEquals(NeighborCounter.TX_NEIGHBOR_SOLICITATION, f.unresolved(2, "fe80::9", T0),
                "IPv6 resolves from the link-local address");
        }
    }

    @Test
    void refusedFramesAreCounted()
    {
        try (NeighborFixture f = new NeighborFixture())
        {
            f.refuse = true;
            assertEquals(NeighborCounter.DROP_TX_REFUSED, f.unresolved(0, "192.0.2.7", T0));
            assertEquals(NeighborState.INCOMPLETE, f.state(0, "192.0.2.7"), "the retransmission timer still runs");
            f.refuse = false;
            f.resolver.doWork(T0 + SECOND);
            assertEquals(1, f.sent.size());
        }
    }

    @Test
    void everyCounterIsReachedAndPublished(@TempDir final Path dir)
    {
        try (NeighborFixture f = new NeighborFixture();
            CountersFile file = CountersFile.create(dir.resolve("c.dat"), 64, "t", 1, 0))
        {
            f.receive("in_arp_request", 0, T0);
            f.receive("in_arp_request_other", 0, T0);
            f.receive("in_arp_bad_op", 0, T0);
            f.proxiedIpv4 = ipv4("192.0.2.99");
            f.receive("in_arp_request_other", 0, T0);
            f.receive("in_na_solicited", 0, T0);
            f.unresolved(0, "2001:db8:a::50", T0);
            f.receive("in_na_solicited", 0, T0);
            f.receive("in_ns", 0, T0);
            f.receive("in_rs", 0, T0);
            f.unresolved(0, "192.0.2.60", T0);
            f.unresolved(0, "192.0.2.60", T0);
            f.unresolved(0, "2001:db8:a::77", T0);
            f.unresolved(0, "224.0.0.1", T0);
            f.unresolved(2, "10.0.0.1", T0);
            f.refuse = true;
            f.unresolved(0, "192.0.2.61", T0);
            f.refuse = false;
            f.resolver.addStaticIpv4(0, ipv4("192.0.2.50"), 0x0000_5E00_5399L);
            f.receive("in_arp_reply", 0, T0);
            for (long t = T0; t <= T0 + 60 * SECOND; t += SECOND)
            {
                f.resolver.doWork(t);
            }
            try (NeighborFixture small = new NeighborFixture(1))
            {
                small.unresolved(0, "192.0.2.1", T0);
                small.unresolved(0, "192.0.2.2", T0);
                assertEquals(1, small.resolver.count(NeighborCounter.DROP_TABLE_FULL));
            }
            for (final NeighborCounter counter : NeighborCounter.values())
            {
                // The table-full drop needs a smaller table: reached by the one above.
                if (counter != NeighborCounter.DROP_TABLE_FULL)
                {
                    assertTrue(f.resolver.count(counter) > 0, counter + " reached");
                }
            }
            final CounterSlots slots = new CounterSlots(file, NeighborCounter.values(), 0, "nd");
            assertTrue(f.resolver.publish(slots) > 0);
            for (final NeighborCounter counter : NeighborCounter.values())
            {
                assertEquals(f.resolver.count(counter), slots.get(counter.ordinal()), counter.label());
            }
            f.receive("in_arp_request", 0, T0);
            f.resolver.publish(slots);
            assertEquals(f.resolver.count(NeighborCounter.RX_ARP_REQUEST),
                slots.get(NeighborCounter.RX_ARP_REQUEST.ordinal()), "later counts are published as increments");
        }
    }
}
