package dsmipha.fastpath.decap;

import static dsmipha.common.testing.Addresses.high;
import static dsmipha.common.testing.Addresses.ipv4;
import static dsmipha.common.testing.Addresses.low;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.foreign.MemorySegment;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dsmipha.common.codec.Ipv4Header;
import dsmipha.common.codec.Ipv6Header;
import dsmipha.common.codec.UdpHeader;
import dsmipha.fastpath.binding.BindingResolver;
import dsmipha.fastpath.binding.EncapVariant;
import dsmipha.fastpath.route.LocalAddresses;
import dsmipha.fastpath.route.PortAddresses;

/**
 * Inner packets addressed to the home agent itself, one decapsulator over the NAT binding of
 * {@link DecapHarness}: an empty IPv6 packet (next header 59) to a local address is a NAT keepalive (RFC 5555
 * §4.2), anything else to a local address is for the worker to punt, and both are left as they arrived. The same
 * empty packet to any other address is an ordinary packet and is forwarded; a decapsulator built without local
 * addresses forwards everything that passes the tunnel checks.
 */
class DecapsulatorLocalTest
{
    private static final String HA6 = "2001:db8:a::1";
    private static final String HA4 = "198.51.100.1";
    private static final int NO_NEXT_HEADER = 59;

    private final DecapHarness h = new DecapHarness();
    private final LocalAddresses local =
        new LocalAddresses(new PortAddresses[0], new int[]{ipv4(HA4)}, new long[][]{{high(HA6), low(HA6)}});
    private final Decapsulator decapsulator = new Decapsulator(new BindingResolver(h.table, h.prefixes), local);

    @AfterEach
    void close()
    {
        h.close();
    }

    @Test
    void anEmptyIpv6PacketToTheHomeAgentIsAKeepalive()
    {
        h.register(false, EncapVariant.IPV4_UDP_4191, DecapHarness.NAT4, DecapHarness.NAT_PORT);
        final byte[] packet = udpTunnel(ipv6(DecapHarness.HOA6, HA6, NO_NEXT_HEADER));
        final int i = h.add(packet);
        assertEquals(DecapCounter.NAT_KEEPALIVE, DecapCounter.values()[decapsulator.decapsulate(h.burst, i)]);
        assertFalse(DecapCounter.isAccepted(DecapCounter.NAT_KEEPALIVE.ordinal()));
        assertEquals(1, decapsulator.count(DecapCounter.NAT_KEEPALIVE));
        assertArrayEquals(packet, h.packet(i), "left as it arrived");
    }

    @Test
    void otherPacketsToTheHomeAgentAreLeftForThePunt()
    {
        h.register(false, EncapVariant.IPV4_UDP_4191, DecapHarness.NAT4, DecapHarness.NAT_PORT);
        h.register(true, EncapVariant.IPV4_UDP_4191, DecapHarness.NAT4, DecapHarness.NAT_PORT);
        final byte[] udp6 = udpTunnel(ipv6(DecapHarness.HOA6, HA6, UdpHeader.PROTOCOL));
        final byte[] icmp4 = udpTunnel(ipv4Packet(DecapHarness.HOA4, HA4));
        final int i6 = h.add(udp6);
        final int i4 = h.add(icmp4);
        assertEquals(DecapCounter.TO_HOME_AGENT, DecapCounter.values()[decapsulator.decapsulate(h.burst, i6)]);
        assertEquals(DecapCounter.TO_HOME_AGENT, DecapCounter.values()[decapsulator.decapsulate(h.burst, i4)]);
        assertEquals(2, decapsulator.count(DecapCounter.TO_HOME_AGENT));
        assertEquals(0, decapsulator.count(DecapCounter.NAT_KEEPALIVE));
        assertArrayEquals(udp6, h.packet(i6));
        assertArrayEquals(icmp4, h.packet(i4));
    }

    @Test
    void anEmptyPacketToAnotherAddressIsForwarded()
    {
        h.register(false, EncapVariant.IPV4_UDP_4191, DecapHarness.NAT4, DecapHarness.NAT_PORT);
        final int i = h.add(udpTunnel(ipv6(DecapHarness.HOA6, "2001:db8:f::1", NO_NEXT_HEADER)));
        assertEquals(DecapCounter.IPV6_IN_UDP4_OK, DecapCounter.values()[decapsulator.decapsulate(h.burst, i)]);
        assertEquals(Ipv6Header.LENGTH, h.burst.length(i), "now the inner packet");
    }

    @Test
    void withoutLocalAddressesEverythingThatPassesIsForwarded()
    {
        h.register(false, EncapVariant.IPV4_UDP_4191, DecapHarness.NAT4, DecapHarness.NAT_PORT);
        final int i = h.add(udpTunnel(ipv6(DecapHarness.HOA6, HA6, NO_NEXT_HEADER)));
        assertEquals(DecapCounter.IPV6_IN_UDP4_OK, DecapCounter.values()[h.decapsulator.decapsulate(h.burst, i)]);
    }

    /** IPv4 (NAT → 198.51.100.1, UDP) / UDP (NAT port → 4191, checksum 0) / inner. */
    private static byte[] udpTunnel(final byte[] inner)
    {
        final int total = Ipv4Header.LENGTH + UdpHeader.LENGTH + inner.length;
        final byte[] packet = new byte[total];
        final MemorySegment segment = MemorySegment.ofArray(packet);
        new Ipv4Header().wrapForEncode(segment, 0)
            .writeHeader(total, 7, 64, Ipv4Header.PROTOCOL_UDP, ipv4(DecapHarness.NAT4), ipv4(HA4))
            .updateChecksum();
        new UdpHeader().wrapForEncode(segment, Ipv4Header.LENGTH).sourcePort(DecapHarness.NAT_PORT)
            .destinationPort(Decapsulator.DSMIP6_PORT).length(UdpHeader.LENGTH + inner.length).checksum(0);
        System.arraycopy(inner, 0, packet, Ipv4Header.LENGTH + UdpHeader.LENGTH, inner.length);
        return packet;
    }

    /** An IPv6 header with the given next header; 8 zero octets follow unless it is 59 (nothing follows). */
    private static byte[] ipv6(final String source, final String destination, final int nextHeader)
    {
        final int payload = nextHeader == NO_NEXT_HEADER ? 0 : UdpHeader.LENGTH;
        final byte[] packet = new byte[Ipv6Header.LENGTH + payload];
        final MemorySegment segment = MemorySegment.ofArray(packet);
        new Ipv6Header().wrapForEncode(segment, 0).versionTrafficClassFlowLabel(0, 0).payloadLength(payload)
            .nextHeader(nextHeader).hopLimit(64).source(high(source), low(source))
            .destination(high(destination), low(destination));
        if (payload > 0)
        {
            new UdpHeader().wrapForEncode(segment, Ipv6Header.LENGTH).sourcePort(5000).destinationPort(7)
                .length(UdpHeader.LENGTH).checksum(0);
        }
        return packet;
    }

    /** IPv4 ICMP-sized packet (protocol 1, 8 zero octets) from {@code source} to {@code destination}. */
    private static byte[] ipv4Packet(final String source, final String destination)
    {
        final byte[] packet = new byte[Ipv4Header.LENGTH + 8];
        new Ipv4Header().wrapForEncode(MemorySegment.ofArray(packet), 0)
            .writeHeader(packet.length, 9, 64, 1, ipv4(source), ipv4(destination)).updateChecksum();
        return packet;
    }
}
