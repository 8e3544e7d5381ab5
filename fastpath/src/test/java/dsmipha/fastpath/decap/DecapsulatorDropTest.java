package dsmipha.fastpath.decap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dsmipha.common.testing.Addresses;
import dsmipha.common.testing.Fixture;
import dsmipha.fastpath.binding.BindingTableTestHooks;
import dsmipha.fastpath.binding.BindingView;
import dsmipha.fastpath.binding.EncapVariant;

/**
 * Every drop reason of the decapsulator, each reached by a packet (scapy-built, or one octet changed from one) and
 * asserted by its outcome code and its counter. A dropped packet is left exactly as it arrived.
 */
class DecapsulatorDropTest
{
    private static final int IPV4_LENGTH = 20;
    private static final int IPV6_LENGTH = 40;
    private static final int UDP_OFFSET = IPV4_LENGTH;
    private static final int UDP_PAYLOAD_OFFSET = IPV4_LENGTH + 8;

    private final DecapHarness h = new DecapHarness();

    @AfterEach
    void close()
    {
        h.close();
    }

    @Test
    void dropsASpoofedOuterSource()
    {
        h.register(false, EncapVariant.IPV6_IN_IPV6, "2001:db8:beef::6", 0);
        h.register(true, EncapVariant.IPV4_IN_IPV4, "192.0.2.11", 0);
        assertDrop(bytes("ip6in6"), DecapCounter.DROP_CARE_OF_MISMATCH);
        assertDrop(bytes("ip4in4"), DecapCounter.DROP_CARE_OF_MISMATCH);
        h.register(false, EncapVariant.IPV4_UDP_4191, "203.0.113.78", DecapHarness.NAT_PORT);
        assertDrop(bytes("ip6inudp"), DecapCounter.DROP_CARE_OF_MISMATCH);
        assertEquals(3, h.decapsulator.count(DecapCounter.DROP_CARE_OF_MISMATCH));
    }

    @Test
    void dropsAWrongUdpSourcePort()
    {
        h.register(false, EncapVariant.IPV4_UDP_4191, DecapHarness.NAT4, DecapHarness.NAT_PORT + 1);
        h.register(true, EncapVariant.IPV4_UDP_4191, DecapHarness.NAT4, 4191);
        assertDrop(bytes("ip6inudp"), DecapCounter.DROP_UDP_PORT_MISMATCH);
        assertDrop(bytes("ip4inudp"), DecapCounter.DROP_UDP_PORT_MISMATCH);
    }

    @Test
    void dropsAnInnerSourceWithoutBinding()
    {
        for (final String name : new String[] {"ip6in6", "ip4in6", "ip6in4", "ip4in4", "ip6inudp", "ip4inudp"})
        {
            assertDrop(bytes(name), DecapCounter.DROP_NO_BINDING);
        }
        // An exact-match miss: a registered address one off is not the home address (and no prefix holds it).
        h.register(false, EncapVariant.IPV6_IN_IPV6, DecapHarness.COA6, 0);
        final byte[] other = bytes("ip6in6");
        other[IPV6_LENGTH + 8 + 15]++;
        assertDrop(other, DecapCounter.DROP_NO_BINDING);
        assertEquals(7, h.decapsulator.count(DecapCounter.DROP_NO_BINDING));
    }

    @Test
    void dropsWhenTheBindingKeepsChanging()
    {
        h.registerFor("ip6in6");
        final int slot = h.table.lookupIpv6(Addresses.high(DecapHarness.HOA6), Addresses.low(DecapHarness.HOA6),
            new BindingView());
        BindingTableTestHooks.addToVersion(h.table, slot, 1);
        assertDrop(bytes("ip6in6"), DecapCounter.DROP_BINDING_BUSY);
        BindingTableTestHooks.addToVersion(h.table, slot, -1);
        assertTrue(h.decapsulator.bindingView().readBusyCount() > 0);
    }

    @Test
    void dropsAnInnerVersionThatDoesNotMatchTheTunnel()
    {
        h.registerFor("ip4in4");
        h.registerFor("ip6in6");
        assertDrop(bytes("mismatch_41_carries_ip4"), DecapCounter.DROP_INNER_VERSION_MISMATCH);
        assertDrop(bytes("mismatch_4_carries_ip6"), DecapCounter.DROP_INNER_VERSION_MISMATCH);
        final byte[] udp = bytes("ip6inudp");
        udp[UDP_PAYLOAD_OFFSET] = 0x50;
        assertDrop(udp, DecapCounter.DROP_INNER_VERSION_MISMATCH);
    }

    @Test
    void dropsAMalformedOrTruncatedOuterHeader()
    {
        h.registerFor("ip6in6");
        h.registerFor("ip4in4");
        assertDrop(new byte[0], DecapCounter.DROP_MALFORMED_OUTER);
        assertDrop(Arrays.copyOf(bytes("ip6in6"), 30), DecapCounter.DROP_MALFORMED_OUTER);
        assertDrop(Arrays.copyOf(bytes("ip4in4"), 12), DecapCounter.DROP_MALFORMED_OUTER);
        final byte[] longer = bytes("ip4in4");
        longer[2] = (byte)0xFF;
        assertDrop(longer, DecapCounter.DROP_MALFORMED_OUTER);
        final byte[] v6Longer = bytes("ip6in6");
        v6Longer[5] += 1;
        assertDrop(v6Longer, DecapCounter.DROP_MALFORMED_OUTER);
        final byte[] version = bytes("ip4in4");
        version[0] = 0x55;
        assertDrop(version, DecapCounter.DROP_MALFORMED_OUTER);
        final byte[] udp = bytes("ip6inudp");
        udp[UDP_OFFSET + 4] = 0;
        udp[UDP_OFFSET + 5] = 4;
        assertDrop(udp, DecapCounter.DROP_MALFORMED_OUTER);
        // RFC 8200 §4.2: an unrecognised option with action 10 (the Tunnel Encapsulation Limit's type with the
        // high bit set) discards the packet.
        final byte[] option = bytes("encaplimit_ip6in6");
        option[IPV6_LENGTH + 2] = (byte)0x84;
        assertDrop(option, DecapCounter.DROP_MALFORMED_OUTER);
        assertEquals(8, h.decapsulator.count(DecapCounter.DROP_MALFORMED_OUTER));
    }

    @Test
    void dropsAMalformedOrTruncatedInnerHeader()
    {
        h.registerFor("ip6in4");
        h.registerFor("ip4in4");
        final byte[] plen = bytes("ip6in4");
        plen[IPV4_LENGTH + 5] += 1;
        assertDrop(plen, DecapCounter.DROP_MALFORMED_INNER);
        final byte[] ihl = bytes("ip4in4");
        ihl[IPV4_LENGTH] = 0x44;
        assertDrop(ihl, DecapCounter.DROP_MALFORMED_INNER);
        final byte[] empty = Arrays.copyOf(bytes("ip4in4"), IPV4_LENGTH);
        empty[2] = 0;
        empty[3] = IPV4_LENGTH;
        assertDrop(empty, DecapCounter.DROP_MALFORMED_INNER);
        final byte[] cut = bytes("ip6in4");
        cut[3] -= 8;
        assertDrop(cut, DecapCounter.DROP_MALFORMED_INNER);
        final byte[] checksum = bytes("ip4in4");
        checksum[IPV4_LENGTH + 11] ^= 1;
        assertDrop(checksum, DecapCounter.DROP_INNER_BAD_CHECKSUM);
    }

    @Test
    void dropsATunnelTypeOtherThanTheRegisteredVariant()
    {
        h.register(false, EncapVariant.IPV6_IN_IPV4, DecapHarness.NAT4, 0);
        h.register(true, EncapVariant.IPV4_UDP_4191, DecapHarness.COA4, DecapHarness.NAT_PORT);
        // IPv6 home address registered for protocol 41 from the NAT's address, packet arrives in UDP.
        assertDrop(bytes("ip6inudp"), DecapCounter.DROP_VARIANT_MISMATCH);
        // IPv6 home address registered with an IPv4 care-of address, packet arrives over IPv6.
        assertDrop(bytes("ip6in6"), DecapCounter.DROP_VARIANT_MISMATCH);
        // IPv4 home address registered for UDP (a NAT was detected), packet arrives as plain protocol 4.
        assertDrop(bytes("ip4in4"), DecapCounter.DROP_VARIANT_MISMATCH);
        assertEquals(3, h.decapsulator.count(DecapCounter.DROP_VARIANT_MISMATCH));
    }

    @Test
    void dropsAnOuterFragment()
    {
        h.registerFor("ip4in4");
        h.registerFor("ip6in6");
        final byte[] more = bytes("ip4in4");
        more[6] |= 0x20;
        assertDrop(more, DecapCounter.DROP_OUTER_FRAGMENT);
        assertDrop(withFragmentHeader(bytes("ip6in6"), 0x0001), DecapCounter.DROP_OUTER_FRAGMENT);
        // An atomic fragment (offset 0, M 0) is a whole packet (RFC 8200 §4.5): accepted.
        final int i = h.add(withFragmentHeader(bytes("ip6in6"), 0));
        assertEquals(DecapCounter.IPV6_IN_IPV6_OK.ordinal(), h.decapsulator.decapsulate(h.burst, i));
        assertArrayEquals(DecapHarness.inner("ip6in6"), h.packet(i));
    }

    @Test
    void dropsWhatIsNotATunnel()
    {
        final byte[] port = bytes("ip6inudp");
        port[UDP_OFFSET + 2] = 0;
        port[UDP_OFFSET + 3] = 53;
        assertDrop(port, DecapCounter.DROP_NOT_A_TUNNEL);
        final byte[] nextHeader = bytes("ip6in6");
        nextHeader[6] = 17;
        assertDrop(nextHeader, DecapCounter.DROP_NOT_A_TUNNEL);
        final byte[] protocol = bytes("ip4in4");
        protocol[9] = 47;
        assertDrop(protocol, DecapCounter.DROP_NOT_A_TUNNEL);
    }

    private void assertDrop(final byte[] packet, final DecapCounter reason)
    {
        final long before = h.decapsulator.count(reason);
        final int i = h.add(packet);
        final int offset = h.burst.offset(i);

        assertEquals(reason, DecapCounter.values()[h.decapsulator.decapsulate(h.burst, i)]);

        assertEquals(before + 1, h.decapsulator.count(reason));
        assertEquals(offset, h.burst.offset(i));
        assertArrayEquals(packet, h.packet(i), "a dropped packet is left as it arrived");
    }

    private static byte[] bytes(final String name)
    {
        return Fixture.load("decap", name).bytes();
    }

    /**
     * Insert an 8-octet Fragment header (RFC 8200 §4.5) after the outer IPv6 header.
     */
    private static byte[] withFragmentHeader(final byte[] ip6in6, final int offsetAndFlags)
    {
        final byte[] out = new byte[ip6in6.length + 8];
        System.arraycopy(ip6in6, 0, out, 0, IPV6_LENGTH);
        System.arraycopy(ip6in6, IPV6_LENGTH, out, IPV6_LENGTH + 8, ip6in6.length - IPV6_LENGTH);
        final int payloadLength = ((out[4] & 0xFF) << 8 | (out[5] & 0xFF)) + 8;
        out[4] = (byte)(payloadLength >>> 8);
        out[5] = (byte)payloadLength;
        out[6] = 44;
        out[IPV6_LENGTH] = 41;
        out[IPV6_LENGTH + 2] = (byte)(offsetAndFlags >>> 8);
        out[IPV6_LENGTH + 3] = (byte)offsetAndFlags;
        out[IPV6_LENGTH + 7] = 0x2A;
        return out;
    }
}
