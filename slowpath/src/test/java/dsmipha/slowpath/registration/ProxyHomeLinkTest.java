package dsmipha.slowpath.registration;

import static dsmipha.slowpath.registration.HomeLinkFixture.MN_HIGH;
import static dsmipha.slowpath.registration.HomeLinkFixture.MN_IPV4;
import static dsmipha.slowpath.registration.HomeLinkFixture.MN_LOW;
import static dsmipha.slowpath.registration.HomeLinkFixture.SECOND;
import static dsmipha.slowpath.registration.HomeLinkFixture.T0;
import static dsmipha.slowpath.registration.HomeLinkFixture.expected;
import static dsmipha.common.testing.Addresses.high;
import static dsmipha.common.testing.Addresses.low;
import static dsmipha.common.testing.Addresses.ipv4;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dsmipha.common.counters.CounterDescriptors;
import dsmipha.common.counters.CounterSlots;
import dsmipha.common.counters.CountersFile;
import dsmipha.slowpath.SlowpathCounter;
import dsmipha.slowpath.neighbor.NeighborCounter;

/**
 * Proxy ARP/ND through a real resolver, announcements, deregistration and bounds of {@link ProxyHomeLink}; frames
 * are compared octet for octet with scapy's (fixtures_homelink.py).
 */
class ProxyHomeLinkTest
{
    @Test
    void counterIdsAreUniqueAcrossTheSlowpath()
    {
        CounterDescriptors.requireUnique(SlowpathCounter.values(), NeighborCounter.values(), HomeLinkCounter.values());
        for (final HomeLinkCounter counter : HomeLinkCounter.values())
        {
            assertTrue(counter.info().id() >= 2350 && counter.info().id() <= 2399, counter.label());
        }
    }

    @Test
    void nothingIsProxiedBeforeRegistration()
    {
        try (HomeLinkFixture f = new HomeLinkFixture())
        {
            assertEquals(NeighborCounter.DROP_NOT_FOR_US, f.receive("in_arp_request_mn", 0, T0));
            assertEquals(NeighborCounter.DROP_NOT_FOR_US, f.receive("in_ns_mn", 0, T0));
            assertTrue(f.sent.isEmpty());
        }
    }

    @Test
    void registeredHomeAddressesAreAnsweredWithTheHomeAgentsMac()
    {
        try (HomeLinkFixture f = new HomeLinkFixture())
        {
            f.homeLink.onRegistered(MN_HIGH, MN_LOW, MN_IPV4, true, T0);
            f.sent.clear();
            // RFC 5944 §4.6 / RFC 5555 §4.3: proxy ARP reply with our MAC; RFC 6275 §10.4.1: proxy NA.
            assertEquals(NeighborCounter.PROXY_ANSWERED, f.receive("in_arp_request_mn", 0, T0));
            assertEquals(NeighborCounter.PROXY_ANSWERED, f.receive("in_ns_mn", 0, T0));
            assertEquals(2, f.sent.size());
            assertArrayEquals(expected("out_proxy_arp_reply"), f.sent.get(0).frame());
            assertArrayEquals(expected("out_proxy_na"), f.sent.get(1).frame());
            assertEquals(1, f.homeLink.count(HomeLinkCounter.PROXY_IPV6_ADDED));
            assertEquals(1, f.homeLink.count(HomeLinkCounter.PROXY_IPV4_ADDED));
            assertEquals(1, f.homeLink.proxiedIpv6Count());
            assertEquals(1, f.homeLink.proxiedIpv4Count());
            // Only on the home link's port.
            assertFalse(f.homeLink.proxiesIpv4(1, MN_IPV4));
            assertFalse(f.homeLink.proxiesIpv6(1, MN_HIGH, MN_LOW));
            assertEquals(NeighborCounter.DROP_NOT_FOR_US, f.receive("in_arp_request_mn", 1, T0));
        }
    }

    @Test
    void deregistrationStopsProxying()
    {
        try (HomeLinkFixture f = new HomeLinkFixture())
        {
            f.homeLink.onRegistered(MN_HIGH, MN_LOW, MN_IPV4, true, T0);
            f.homeLink.onDeregistered(MN_HIGH, MN_LOW, MN_IPV4, T0 + SECOND / 2);
            f.sent.clear();
            assertEquals(NeighborCounter.DROP_NOT_FOR_US, f.receive("in_arp_request_mn", 0, T0));
            assertEquals(NeighborCounter.DROP_NOT_FOR_US, f.receive("in_ns_mn", 0, T0));
            assertEquals(1, f.homeLink.count(HomeLinkCounter.PROXY_IPV6_REMOVED));
            assertEquals(1, f.homeLink.count(HomeLinkCounter.PROXY_IPV4_REMOVED));
            // The pending announcement repeats die with the binding.
            for (long t = T0; t <= T0 + 3 * SECOND; t += SECOND / 2)
            {
                f.homeLink.doWork(t);
            }
            assertTrue(f.sent.isEmpty());
            assertEquals(0, f.homeLink.announcementsPending());
            f.homeLink.onDeregistered(MN_HIGH, MN_LOW, MN_IPV4, T0);
            assertEquals(2, f.homeLink.count(HomeLinkCounter.DEREGISTER_NOT_PROXIED));
            assertEquals(0, f.homeLink.proxiedIpv6Count());
            assertEquals(0, f.homeLink.proxiedIpv4Count());
        }
    }

    @Test
    void newRegistrationIsAnnouncedThreeTimesForIpv6AndTwiceForIpv4()
    {
        try (HomeLinkFixture f = new HomeLinkFixture())
        {
            f.homeLink.onRegistered(MN_HIGH, MN_LOW, MN_IPV4, true, T0);
            assertEquals(2, f.sent.size());
            assertArrayEquals(expected("out_unsolicited_na"), f.sent.get(0).frame());
            assertArrayEquals(expected("out_gratuitous_arp"), f.sent.get(1).frame());
            assertTrue(f.sent.stream().allMatch(s -> s.port() == 0));
            assertEquals(0, f.homeLink.doWork(T0 + SECOND - 1));
            assertEquals(2, f.sent.size());
            // RFC 4861 §7.2.6: repeats at least RetransTimer apart; RFC 5227: ARP every ANNOUNCE_INTERVAL (2 s).
            assertEquals(1, f.homeLink.doWork(T0 + SECOND));
            assertEquals(3, f.sent.size());
            assertArrayEquals(expected("out_unsolicited_na"), f.sent.get(2).frame());
            f.homeLink.doWork(T0 + 2 * SECOND);
            assertEquals(5, f.sent.size());
            assertArrayEquals(expected("out_unsolicited_na"), f.sent.get(3).frame());
            assertArrayEquals(expected("out_gratuitous_arp"), f.sent.get(4).frame());
            assertEquals(0, f.homeLink.doWork(T0 + 10 * SECOND));
            assertEquals(5, f.sent.size());
            assertEquals(0, f.homeLink.announcementsPending());
            assertEquals(ProxyHomeLink.MAX_NEIGHBOR_ADVERTISEMENT,
                f.homeLink.count(HomeLinkCounter.TX_UNSOLICITED_ADVERTISEMENT));
            assertEquals(ProxyHomeLink.ANNOUNCE_NUM, f.homeLink.count(HomeLinkCounter.TX_GRATUITOUS_ARP));
        }
    }

    @Test
    void refreshOfAProxiedAddressIsNotAnnouncedButAnUnknownOneIs()
    {
        try (HomeLinkFixture f = new HomeLinkFixture())
        {
            f.homeLink.onRegistered(MN_HIGH, MN_LOW, 0, true, T0);
            for (long t = T0; t <= T0 + 5 * SECOND; t += SECOND)
            {
                f.homeLink.doWork(t);
            }
            assertEquals(ProxyHomeLink.MAX_NEIGHBOR_ADVERTISEMENT, f.sent.size());
            f.sent.clear();
            f.homeLink.onRegistered(MN_HIGH, MN_LOW, 0, false, T0 + 6 * SECOND);
            f.homeLink.doWork(T0 + 10 * SECOND);
            assertTrue(f.sent.isEmpty());
            // A refresh for an address not yet proxied (the IPv4 one added later): neighbours must learn it.
            f.homeLink.onRegistered(MN_HIGH, MN_LOW, MN_IPV4, false, T0 + 11 * SECOND);
            assertEquals(1, f.homeLink.count(HomeLinkCounter.PROXY_IPV6_ADDED));
            assertEquals(2, f.sent.size());
            assertArrayEquals(expected("out_unsolicited_na"), f.sent.get(0).frame());
            assertArrayEquals(expected("out_gratuitous_arp"), f.sent.get(1).frame());
        }
    }

    @Test
    void addressesThatAreNotUnicastAreNotProxied()
    {
        try (HomeLinkFixture f = new HomeLinkFixture())
        {
            f.homeLink.onRegistered(high("ff02::1"), low("ff02::1"), ipv4("224.0.0.1"), true, T0);
            f.homeLink.onRegistered(MN_HIGH, MN_LOW, -1, true, T0);
            assertEquals(3, f.homeLink.count(HomeLinkCounter.DROP_BAD_ADDRESS));
            assertFalse(f.homeLink.proxiesIpv6(0, high("ff02::1"), low("ff02::1")));
            assertFalse(f.homeLink.proxiesIpv4(0, ipv4("224.0.0.1")));
            assertEquals(0, f.homeLink.proxiedIpv4Count());
            assertEquals(1, f.homeLink.proxiedIpv6Count());
        }
    }

    @Test
    void refusedFramesAndAFullRepeatQueueAreCounted()
    {
        try (HomeLinkFixture f = new HomeLinkFixture(4, 1))
        {
            f.refuse = true;
            f.homeLink.onRegistered(MN_HIGH, MN_LOW, MN_IPV4, true, T0);
            assertEquals(2, f.homeLink.count(HomeLinkCounter.DROP_TX_REFUSED));
            f.refuse = false;
            f.homeLink.onRegistered(high("2001:db8:a::101"), low("2001:db8:a::101"), 0, true, T0);
            assertEquals(1, f.homeLink.count(HomeLinkCounter.DROP_ANNOUNCE_QUEUE_FULL));
            assertEquals(1, f.homeLink.count(HomeLinkCounter.TX_UNSOLICITED_ADVERTISEMENT));
            assertEquals(1, f.homeLink.announcementsPending());
            // Still proxied: only the repeats were lost.
            assertTrue(f.homeLink.proxiesIpv6(0, high("2001:db8:a::101"), low("2001:db8:a::101")));
        }
    }

    @Test
    void workPerCallIsBounded()
    {
        try (HomeLinkFixture f = new HomeLinkFixture())
        {
            final ProxyHomeLink small = new ProxyHomeLink(f.ports[0], f.transmitter, true, SECOND, 16, 16, 2);
            for (int i = 1; i <= 5; i++)
            {
                small.onRegistered(MN_HIGH, MN_LOW + i, 0, true, T0);
            }
            f.sent.clear();
            assertEquals(2, small.doWork(T0 + SECOND));
            assertEquals(2, small.doWork(T0 + SECOND));
            assertEquals(1, small.doWork(T0 + SECOND));
            assertEquals(0, small.doWork(T0 + SECOND));
            assertEquals(5, f.sent.size());
        }
    }

    @Test
    void aMillionHomeAddressesAreProxiedAndWithdrawn()
    {
        final long[] frames = new long[1];
        final ProxyHomeLink link = new ProxyHomeLink(new HomeLinkFixture().ports[0], (port, frame, offset, length) ->
        {
            frames[0]++;
            return true;
        }, false);
        final int n = 1_000_000;
        final long prefix = high("2001:db8:a::");
        final long started = System.nanoTime();
        for (int i = 1; i <= n; i++)
        {
            link.onRegistered(prefix, i, 0x0A00_0000 | i, false, T0);
        }
        for (int i = 1; i <= n; i += 2)
        {
            link.onDeregistered(prefix, i, 0x0A00_0000 | i, T0);
        }
        final long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        assertEquals(n / 2, link.proxiedIpv6Count());
        assertEquals(n / 2, link.proxiedIpv4Count());
        for (int i = 1; i <= n; i++)
        {
            final boolean even = (i & 1) == 0;
            assertEquals(even, link.proxiesIpv6(0, prefix, i));
            assertEquals(even, link.proxiesIpv4(0, 0x0A00_0000 | i));
        }
        assertEquals(2L * n, frames[0]);
        assertEquals(n - ProxyHomeLink.DEFAULT_ANNOUNCE_CAPACITY, link.count(HomeLinkCounter.DROP_ANNOUNCE_QUEUE_FULL));
        // O(1) per address: generous ceiling for a shared 2-CPU machine.
        assertTrue(elapsedMs < 20_000, elapsedMs + " ms");
    }

    @Test
    void countersArePublished(@TempDir final Path dir)
    {
        try (HomeLinkFixture f = new HomeLinkFixture();
            CountersFile file = CountersFile.create(dir.resolve("c.dat"), 64, "t", 1, 0))
        {
            f.homeLink.onRegistered(MN_HIGH, MN_LOW, MN_IPV4, true, T0);
            final CounterSlots slots = new CounterSlots(file, HomeLinkCounter.values(), 0, "homelink");
            assertTrue(f.homeLink.publish(slots) > 0);
            for (final HomeLinkCounter counter : HomeLinkCounter.values())
            {
                assertEquals(f.homeLink.count(counter), slots.get(counter.ordinal()), counter.label());
            }
        }
    }
}
