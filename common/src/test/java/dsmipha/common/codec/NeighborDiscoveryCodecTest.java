package dsmipha.common.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/**
 * The codec additions the neighbour resolver uses: ARP request encoding (RFC 826) and the Neighbor Discovery flags
 * and link-layer address options (RFC 4861 §4.4, §4.6.1), against octets written out by hand from the RFCs.
 */
class NeighborDiscoveryCodecTest
{
    @Test
    void arpRequestEncodesEveryField()
    {
        final MemorySegment segment = MemorySegment.ofArray(new byte[ArpPacket.LENGTH]);
        new ArpPacket().wrapForEncode(segment, 0).encodeRequest(0x0011_2233_4455L, 0xC000_0201, 0xC000_0232);
        assertEquals("0001" + "0800" + "06" + "04" + "0001" + "001122334455" + "c0000201" + "000000000000" + "c0000232",
            HexFormat.of().formatHex(segment.toArray(ValueLayout.JAVA_BYTE)));
        final ArpPacket arp = new ArpPacket();
        assertEquals(CodecStatus.OK, arp.wrap(segment, 0, ArpPacket.LENGTH));
        assertTrue(arp.isRequest());
    }

    @Test
    void neighborAdvertisementFlagsAndOptions()
    {
        // NA: type 136, code 0, checksum 0, flags R|S|O, target 2001:db8::1, TLLA 00:11:22:33:44:55, then a
        // nonce-like unknown option of 8 octets.
        final byte[] na = HexFormat.of().parseHex("88000000" + "e0000000" + "20010db8000000000000000000000001" +
            "0201001122334455" + "0e01000000000000");
        final Icmpv6Header icmp = new Icmpv6Header();
        assertEquals(CodecStatus.OK, icmp.wrap(MemorySegment.ofArray(na), 0, na.length));
        assertEquals(Icmpv6Header.NA_FLAG_ROUTER | Icmpv6Header.NA_FLAG_SOLICITED | Icmpv6Header.NA_FLAG_OVERRIDE,
            icmp.neighborFlags());
        assertEquals(0x0011_2233_4455L, icmp.linkLayerAddressOption(Icmpv6Header.OPTION_TARGET_LINK_LAYER_ADDRESS));
        assertEquals(Icmpv6Header.OPTION_NOT_FOUND,
            icmp.linkLayerAddressOption(Icmpv6Header.OPTION_SOURCE_LINK_LAYER_ADDRESS));
    }

    @Test
    void zeroLengthOrOverrunningOptionIsMalformed()
    {
        final String fixed = "87000000" + "00000000" + "20010db8000000000000000000000001";
        final Icmpv6Header icmp = new Icmpv6Header();
        final byte[] zero = HexFormat.of().parseHex(fixed + "0100001122334455");
        icmp.wrap(MemorySegment.ofArray(zero), 0, zero.length);
        assertEquals(Icmpv6Header.OPTIONS_MALFORMED,
            icmp.linkLayerAddressOption(Icmpv6Header.OPTION_SOURCE_LINK_LAYER_ADDRESS), "RFC 4861 §4.6: length 0");
        final byte[] overrun = HexFormat.of().parseHex(fixed + "0102001122334455");
        icmp.wrap(MemorySegment.ofArray(overrun), 0, overrun.length);
        assertEquals(Icmpv6Header.OPTIONS_MALFORMED,
            icmp.linkLayerAddressOption(Icmpv6Header.OPTION_SOURCE_LINK_LAYER_ADDRESS), "16 octets claimed, 8 there");
        final byte[] trailing = HexFormat.of().parseHex(fixed + "010100112233445501");
        icmp.wrap(MemorySegment.ofArray(trailing), 0, trailing.length);
        assertEquals(Icmpv6Header.OPTIONS_MALFORMED,
            icmp.linkLayerAddressOption(Icmpv6Header.OPTION_SOURCE_LINK_LAYER_ADDRESS), "a stray octet");
        final byte[] none = HexFormat.of().parseHex(fixed);
        icmp.wrap(MemorySegment.ofArray(none), 0, none.length);
        assertEquals(Icmpv6Header.OPTION_NOT_FOUND,
            icmp.linkLayerAddressOption(Icmpv6Header.OPTION_SOURCE_LINK_LAYER_ADDRESS));
    }

    @Test
    void linkLayerOptionIsWritten()
    {
        final MemorySegment segment = MemorySegment.ofArray(new byte[32]);
        final Icmpv6Header icmp = new Icmpv6Header().wrapForEncode(segment, 0, 32);
        icmp.type(Icmpv6Header.TYPE_NEIGHBOR_SOLICITATION).neighborFlags(0)
            .linkLayerAddressOption(Icmpv6Header.NEIGHBOR_OPTIONS_OFFSET, Icmpv6Header.OPTION_SOURCE_LINK_LAYER_ADDRESS,
                0x0000_5E00_5301L);
        assertEquals(0x0000_5E00_5301L, icmp.linkLayerAddressOption(Icmpv6Header.OPTION_SOURCE_LINK_LAYER_ADDRESS));
        assertEquals(1, Bytes.u8(segment, 25), "length in units of 8 octets");
    }
}
