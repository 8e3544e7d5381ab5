package dsmipha.fastpath.decap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dsmipha.common.testing.Addresses;
import dsmipha.common.testing.Fixture;
import dsmipha.fastpath.binding.BindingTable;
import dsmipha.fastpath.binding.BindingView;
import dsmipha.fastpath.binding.EncapVariant;
import dsmipha.fastpath.binding.PrefixMatch;
import dsmipha.fastpath.binding.PrefixTableTestHooks;

/**
 * Inner sources served through a prefix binding (RFC 3963 §6.6: a mobile router's mobile network prefix; RFC 5555
 * §3.1.1: an IPv4 home prefix): the scapy fixtures' inner source ({@code 2001:db8:100::10}, {@code 10.1.0.10}) is
 * not registered as a home address here, but lies in a prefix owned by a mobile router whose binding has the
 * fixtures' care-of address. Such a packet is accepted through the router's tunnel only, exactly as scapy built
 * its inner packet; from anywhere else, or from outside every prefix, it is dropped with the usual counters.
 */
class DecapsulatorPrefixTest
{
    private static final String ROUTER6 = "2001:db8:200::1";
    private static final String ROUTER4 = "10.9.0.1";
    /** The mobile network prefix holding the fixtures' IPv6 inner source 2001:db8:100::10. */
    private static final String MNP6 = "2001:db8:100::";
    /** The IPv4 home prefix holding the fixtures' IPv4 inner source 10.1.0.10. */
    private static final String PREFIX4 = "10.1.0.0";

    private final DecapHarness h = new DecapHarness();

    @AfterEach
    void close()
    {
        h.close();
    }

    @Test
    void acceptsAMobileNetworkSourceThroughItsRoutersTunnel()
    {
        routerOwns6(48, EncapVariant.IPV6_IN_IPV6, DecapHarness.COA6, 0);
        assertAccepted("ip6in6", DecapCounter.IPV6_IN_IPV6_OK);
        assertEquals(1, h.decapsulator.count(DecapCounter.PREFIX_SOURCE));
        assertEquals(1, h.decapsulator.resolver().prefixHitCount());
        assertEquals(48, h.decapsulator.resolver().prefixMatch().prefixLength());
    }

    @Test
    void acceptsPrefixSourcesOverEveryTunnelType()
    {
        // One IPv6 router and one IPv4 owner, re-registered per tunnel type (an update in place).
        final String[][] cases = {
            {"ip6in6", "6", String.valueOf(EncapVariant.IPV6_IN_IPV6), DecapHarness.COA6, "0"},
            {"ip4in6", "4", String.valueOf(EncapVariant.IPV4_IN_IPV6), DecapHarness.COA6, "0"},
            {"ip6in4", "6", String.valueOf(EncapVariant.IPV6_IN_IPV4), DecapHarness.COA4, "0"},
            {"ip4in4", "4", String.valueOf(EncapVariant.IPV4_IN_IPV4), DecapHarness.COA4, "0"},
            {"ip6inudp", "6", String.valueOf(EncapVariant.IPV4_UDP_4191), DecapHarness.NAT4,
                String.valueOf(DecapHarness.NAT_PORT)},
            {"ip4inudp", "4", String.valueOf(EncapVariant.IPV4_UDP_4191), DecapHarness.NAT4,
                String.valueOf(DecapHarness.NAT_PORT)},
        };
        final DecapCounter[] outcomes = {
            DecapCounter.IPV6_IN_IPV6_OK, DecapCounter.IPV4_IN_IPV6_OK, DecapCounter.IPV6_IN_IPV4_OK,
            DecapCounter.IPV4_IN_IPV4_OK, DecapCounter.IPV6_IN_UDP4_OK, DecapCounter.IPV4_IN_UDP4_OK,
        };
        for (int i = 0; i < cases.length; i++)
        {
            final String[] c = cases[i];
            final int variant = Integer.parseInt(c[2]);
            final int port = Integer.parseInt(c[4]);
            if (c[1].equals("6"))
            {
                routerOwns6(48, variant, c[3], port);
            }
            else
            {
                routerOwns4(16, variant, c[3], port);
            }
            assertAccepted(c[0], outcomes[i]);
        }
        assertEquals(6, h.decapsulator.count(DecapCounter.PREFIX_SOURCE));
    }

    @Test
    void dropsAPrefixSourceFromAnotherCareOfAddress()
    {
        routerOwns6(48, EncapVariant.IPV6_IN_IPV6, "2001:db8:beef::6", 0);
        routerOwns4(16, EncapVariant.IPV4_IN_IPV4, "192.0.2.11", 0);
        assertDrop("ip6in6", DecapCounter.DROP_CARE_OF_MISMATCH);
        assertDrop("ip4in4", DecapCounter.DROP_CARE_OF_MISMATCH);
        assertEquals(0, h.decapsulator.count(DecapCounter.PREFIX_SOURCE), "only accepted packets are noted");
    }

    @Test
    void dropsAPrefixSourceInTheWrongTunnelTypeOrFromTheWrongPort()
    {
        routerOwns6(48, EncapVariant.IPV6_IN_IPV4, DecapHarness.COA4, 0);
        assertDrop("ip6in6", DecapCounter.DROP_VARIANT_MISMATCH);
        routerOwns4(16, EncapVariant.IPV4_UDP_4191, DecapHarness.NAT4, DecapHarness.NAT_PORT + 1);
        assertDrop("ip4inudp", DecapCounter.DROP_UDP_PORT_MISMATCH);
    }

    @Test
    void dropsASourceOutsideEveryPrefix()
    {
        h.bind(ROUTER6, EncapVariant.IPV6_IN_IPV6, DecapHarness.COA6, 0);
        h.bind(ROUTER4, EncapVariant.IPV4_IN_IPV4, DecapHarness.COA4, 0);
        // Neighbouring prefixes that do not hold the inner sources.
        assertEquals(BindingTable.ADDED, h.prefixes.putIpv6(Addresses.high("2001:db8:101::"), 0, 48,
            Addresses.high(ROUTER6), Addresses.low(ROUTER6)));
        assertEquals(BindingTable.ADDED, h.prefixes.putIpv6(Addresses.high(MNP6), Addresses.low("::1:0:0:0"),
            80, Addresses.high(ROUTER6), Addresses.low(ROUTER6)));
        assertEquals(BindingTable.ADDED, h.prefixes.putIpv4(Addresses.ipv4("10.2.0.0"), 16, 0,
            BindingView.ipv4MappedLow(Addresses.ipv4(ROUTER4))));
        assertDrop("ip6in6", DecapCounter.DROP_NO_BINDING);
        assertDrop("ip4in4", DecapCounter.DROP_NO_BINDING);
    }

    @Test
    void dropsAPrefixSourceWhoseRouterHasNoBinding()
    {
        h.prefixes.putIpv6(Addresses.high(MNP6), 0, 48, Addresses.high(ROUTER6), Addresses.low(ROUTER6));
        assertDrop("ip6in6", DecapCounter.DROP_NO_BINDING);
        assertEquals(1, h.decapsulator.resolver().ownerMissingCount());
    }

    @Test
    void theExactHomeAddressBindingWinsOverAPrefix()
    {
        routerOwns6(48, EncapVariant.IPV6_IN_IPV6, DecapHarness.COA6, 0);
        // The inner source is also a registered home address, with another care-of address: that binding rules.
        h.register(false, EncapVariant.IPV6_IN_IPV6, "2001:db8:beef::6", 0);
        assertDrop("ip6in6", DecapCounter.DROP_CARE_OF_MISMATCH);
        h.register(false, EncapVariant.IPV6_IN_IPV6, DecapHarness.COA6, 0);
        assertAccepted("ip6in6", DecapCounter.IPV6_IN_IPV6_OK);
        assertEquals(0, h.decapsulator.count(DecapCounter.PREFIX_SOURCE));
    }

    @Test
    void dropsWhenThePrefixEntryKeepsChanging()
    {
        routerOwns6(48, EncapVariant.IPV6_IN_IPV6, DecapHarness.COA6, 0);
        final PrefixMatch match = new PrefixMatch();
        assertEquals(48, h.prefixes.lookupIpv6(Addresses.high(DecapHarness.HOA6),
            Addresses.low(DecapHarness.HOA6), match));
        PrefixTableTestHooks.addToVersion(h.prefixes, match.slot(), 1);
        assertDrop("ip6in6", DecapCounter.DROP_BINDING_BUSY);
        PrefixTableTestHooks.addToVersion(h.prefixes, match.slot(), -1);
        assertEquals(1, h.decapsulator.resolver().prefixMatch().readBusyCount());
        assertAccepted("ip6in6", DecapCounter.IPV6_IN_IPV6_OK);
    }

    @Test
    void anExactOnlyDecapsulatorIgnoresPrefixes()
    {
        routerOwns6(48, EncapVariant.IPV6_IN_IPV6, DecapHarness.COA6, 0);
        final Decapsulator exactOnly = new Decapsulator(h.table);
        final int i = h.add(Fixture.load("decap", "ip6in6").bytes());
        assertEquals(DecapCounter.DROP_NO_BINDING.ordinal(), exactOnly.decapsulate(h.burst, i));
    }

    @Test
    void prefixResolvedDecapsulationAllocatesNothing()
    {
        routerOwns6(48, EncapVariant.IPV6_IN_IPV6, DecapHarness.COA6, 0);
        routerOwns4(16, EncapVariant.IPV4_IN_IPV4, DecapHarness.COA4, 0);
        // Other lengths present too, so that each lookup walks several.
        for (int length = 8; length <= 120; length += 16)
        {
            h.prefixes.putIpv6(0x3FFF_0000_0000_0000L & (length >= 64 ? -1L : -1L << (64 - length)), 0, length,
                Addresses.high(ROUTER6), Addresses.low(ROUTER6));
        }
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().threadId();
        final int[] frames = new int[2];
        final int[] offsets = new int[2];
        final int[] lengths = new int[2];
        h.add("ip6in6");
        h.add("ip4in4");
        for (int i = 0; i < 2; i++)
        {
            frames[i] = h.burst.frame(i);
            offsets[i] = h.burst.offset(i);
            lengths[i] = h.burst.length(i);
        }
        run(frames, offsets, lengths, 200_000);
        final long before = threads.getThreadAllocatedBytes(threadId);
        final long accepted = run(frames, offsets, lengths, 1_000_000);
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;
        System.out.printf("prefix decapsulation: allocated %d bytes for %d packets%n", allocated, 1_000_000);
        assertEquals(1_000_000, accepted);
        assertTrue(allocated < 16 * 1024, "allocated " + allocated + " bytes");
        h.burst.clear();
        for (int i = 0; i < 2; i++)
        {
            h.burst.add(frames[i], offsets[i], lengths[i]);
        }
    }

    private long run(final int[] frames, final int[] offsets, final int[] lengths, final int packets)
    {
        long accepted = 0;
        for (int done = 0; done < packets; done += 2)
        {
            h.burst.clear();
            for (int i = 0; i < 2; i++)
            {
                h.burst.add(frames[i], offsets[i], lengths[i]);
            }
            accepted += h.decapsulator.decapsulate(h.burst, h.outcomes);
        }
        return accepted;
    }

    /**
     * The IPv6 router owns {@code 2001:db8:100::/length} and is bound with the given tunnel.
     */
    private void routerOwns6(final int length, final int variant, final String careOf, final int natPort)
    {
        h.bind(ROUTER6, variant, careOf, natPort);
        final int result = h.prefixes.putIpv6(Addresses.high(MNP6), 0, length, Addresses.high(ROUTER6),
            Addresses.low(ROUTER6));
        assertTrue(result == BindingTable.ADDED || result == BindingTable.UPDATED);
    }

    /**
     * The IPv4 owner (home address 10.9.0.1) owns {@code 10.1.0.0/length} and is bound with the given tunnel.
     */
    private void routerOwns4(final int length, final int variant, final String careOf, final int natPort)
    {
        h.bind(ROUTER4, variant, careOf, natPort);
        final int result = h.prefixes.putIpv4(Addresses.ipv4(PREFIX4), length, 0,
            BindingView.ipv4MappedLow(Addresses.ipv4(ROUTER4)));
        assertTrue(result == BindingTable.ADDED || result == BindingTable.UPDATED);
    }

    private void assertAccepted(final String fixture, final DecapCounter outcome)
    {
        final int i = h.add(fixture);
        assertEquals(outcome, DecapCounter.values()[h.decapsulator.decapsulate(h.burst, i)]);
        assertArrayEquals(DecapHarness.inner(fixture), h.packet(i), "scapy's inner packet, unchanged");
    }

    private void assertDrop(final String fixture, final DecapCounter reason)
    {
        final byte[] packet = Fixture.load("decap", fixture).bytes();
        final long before = h.decapsulator.count(reason);
        final int i = h.add(packet);
        assertEquals(reason, DecapCounter.values()[h.decapsulator.decapsulate(h.burst, i)]);
        assertEquals(before + 1, h.decapsulator.count(reason));
        assertArrayEquals(packet, h.packet(i), "a dropped packet is left as it arrived");
    }
}
