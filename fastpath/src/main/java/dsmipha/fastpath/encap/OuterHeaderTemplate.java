package dsmipha.fastpath.encap;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import dsmipha.common.codec.Bytes;
import dsmipha.common.codec.InternetChecksum;
import dsmipha.common.codec.Ipv4Header;
import dsmipha.common.codec.Ipv6Header;
import dsmipha.common.codec.UdpHeader;
import dsmipha.fastpath.binding.BindingTableDescriptor;
import dsmipha.fastpath.binding.BindingView;
import dsmipha.fastpath.binding.EncapVariant;

/**
 * Builds the outer header template of a binding (slowpath side): the octets {@link Encapsulator} copies in front of
 * every packet to the binding's home address, stored in the entry's 48-octet template field
 * ({@link BindingTableDescriptor#TEMPLATE_OFFSET}). Everything that is the same for every packet of the binding is
 * decided here, once; the per-packet fields are left zero for the hot path to patch:
 * <pre>
 *  variant 1, 2: IPv6 (RFC 2473 §3.1, RFC 8200 §3), 40 octets
 *   +-------+---------------+---------------------------------------+
 *   | 6     | TC = 0 (*)    |          Flow Label = 0               |
 *   +-------+---------------+---------------+-----------------------+
 *   |   Payload Length = 0 (*)              | NH 41 / 4 | Hop Limit |
 *   +---------------------------------------+-----------+-----------+
 *   |       Source = the home agent's IPv6 address (16 octets)      |
 *   |       Destination = the care-of address (16 octets)           |
 *   +---------------------------------------------------------------+
 *
 *  variant 3, 4: IPv4 (RFC 4213 §3.5, RFC 2003 §3.1), 20 octets; variant 5 adds UDP (RFC 5555 §4.1), 28 octets
 *   +-------+-------+---------------+-------------------------------+
 *   | 4     | 5     | TOS = 0 (*)   |     Total Length = 0 (*)      |
 *   +-------+-------+---------------+-----+-------------------------+
 *   |     Identification = 0 (*)    |DF(*)|  Fragment Offset = 0    |
 *   +---------------+---------------+-----+-------------------------+
 *   |     TTL       | Proto 41/4/17 | Checksum (for the * fields 0) |
 *   +---------------+---------------+-------------------------------+
 *   |       Source = the home agent's IPv4 address                  |
 *   |       Destination = the IPv4 care-of (or NAT-mapped) address  |
 *   +-------------------------------+-------------------------------+
 *   |   Source Port = 4191          | Destination Port = NAT port   |  variant 5 only
 *   |   Length = 0 (*)              | Checksum = 0 (RFC 768)        |
 *   +-------------------------------+-------------------------------+
 *   (*) patched per packet by the Encapsulator
 * </pre>
 * The IPv4 header checksum is computed with every patched field zero, so the hot path only adds the patched values
 * to it (RFC 1624). The hop limit or TTL is the tunnel entry point's configured value (RFC 2473 §3.1 "tunnel hop
 * limit", RFC 2003 §3.1 "a value appropriate for delivery to the tunnel exit point", RFC 4213 §3.5).
 * <p>
 * May allocate; not for the packet path. Not thread safe: one instance per slowpath thread.
 */
public final class OuterHeaderTemplate
{
    /** Default hop limit / TTL of the outer header (RFC 2473 §3.1 leaves it to configuration; 64 as RFC 1700). */
    public static final int DEFAULT_HOP_LIMIT = 64;
    /** Octets of an IPv6 outer header template. */
    public static final int IPV6_LENGTH = Ipv6Header.LENGTH;
    /** Octets of an IPv4 outer header template. */
    public static final int IPV4_LENGTH = Ipv4Header.LENGTH;
    /** Octets of an IPv4/UDP outer header template. */
    public static final int IPV4_UDP_LENGTH = Ipv4Header.LENGTH + UdpHeader.LENGTH;
    /** UDP port for DSMIPv6 NAT traversal (RFC 5555 §4.1, IANA "dsmipv6"). */
    public static final int DSMIPV6_UDP_PORT = 4191;

    private final long homeAgentIpv6High;
    private final long homeAgentIpv6Low;
    private final int homeAgentIpv4;
    private final int hopLimit;
    private final MemorySegment scratch = Arena.ofAuto().allocate(BindingTableDescriptor.TEMPLATE_LENGTH, 8);

    /**
     * @param homeAgentIpv6High home agent's IPv6 address octets 0..7, big-endian.
     * @param homeAgentIpv6Low  octets 8..15, big-endian.
     * @param homeAgentIpv4     home agent's IPv4 address, big-endian.
     * @param hopLimit          outer hop limit / TTL, 1..255.
     */
    public OuterHeaderTemplate(
        final long homeAgentIpv6High, final long homeAgentIpv6Low, final int homeAgentIpv4, final int hopLimit)
    {
        if (hopLimit < 1 || hopLimit > 255)
        {
            throw new IllegalArgumentException("hop limit outside 1..255: " + hopLimit);
        }
        this.homeAgentIpv6High = homeAgentIpv6High;
        this.homeAgentIpv6Low = homeAgentIpv6Low;
        this.homeAgentIpv4 = homeAgentIpv4;
        this.hopLimit = hopLimit;
    }

    /**
     * @param variant one of {@link EncapVariant}'s codes.
     * @return octets of that variant's template, or 0 for an unknown variant.
     */
    public static int lengthOf(final int variant)
    {
        return switch (variant)
        {
            case EncapVariant.IPV6_IN_IPV6, EncapVariant.IPV4_IN_IPV6 -> IPV6_LENGTH;
            case EncapVariant.IPV6_IN_IPV4, EncapVariant.IPV4_IN_IPV4 -> IPV4_LENGTH;
            case EncapVariant.IPV4_UDP_4191 -> IPV4_UDP_LENGTH;
            default -> 0;
        };
    }

    /**
     * Build the template for a binding from its variant, care-of address and UDP ports, and set it in the view
     * (before {@code BindingTable.put}).
     *
     * @param binding a view filled with variant, care-of address and, for variant 5, the UDP ports.
     * @return the template length.
     * @throws IllegalArgumentException when the variant is unknown or the care-of address is of the wrong family.
     */
    public int applyTo(final BindingView binding)
    {
        final int variant = binding.variant();
        final boolean ipv4CareOf = BindingView.isIpv4Mapped(binding.careOfHigh(), binding.careOfLow());
        final int length;
        switch (variant)
        {
            case EncapVariant.IPV6_IN_IPV6 ->
                length = writeIpv6(scratch, 0, binding.careOfHigh(), binding.careOfLow(), Ipv4Header.PROTOCOL_IPV6);
            case EncapVariant.IPV4_IN_IPV6 ->
                length = writeIpv6(scratch, 0, binding.careOfHigh(), binding.careOfLow(), Ipv4Header.PROTOCOL_IPIP);
            case EncapVariant.IPV6_IN_IPV4 ->
                length = writeIpv4(scratch, 0, binding.ipv4CareOfAddress(), Ipv4Header.PROTOCOL_IPV6);
            case EncapVariant.IPV4_IN_IPV4 ->
                length = writeIpv4(scratch, 0, binding.ipv4CareOfAddress(), Ipv4Header.PROTOCOL_IPIP);
            case EncapVariant.IPV4_UDP_4191 -> length = writeIpv4Udp(scratch, 0, binding.ipv4CareOfAddress(),
                binding.udpSourcePort(), binding.udpDestinationPort());
            default -> throw new IllegalArgumentException("unknown encapsulation variant " + variant);
        }
        final boolean wantsIpv4CareOf = length != IPV6_LENGTH;
        if (ipv4CareOf != wantsIpv4CareOf)
        {
            throw new IllegalArgumentException("variant " + variant + " needs an IPv" + (wantsIpv4CareOf ? 4 : 6) +
                " care-of address");
        }
        binding.template(scratch, 0, length);
        return length;
    }

    /**
     * Write an IPv6 outer header (RFC 2473 §3.1) with traffic class and payload length zero.
     *
     * @param segment    to write.
     * @param offset     of the header.
     * @param dstHigh    care-of address octets 0..7.
     * @param dstLow     care-of address octets 8..15.
     * @param nextHeader 41 (IPv6 inner) or 4 (IPv4 inner).
     * @return octets written.
     */
    public int writeIpv6(
        final MemorySegment segment, final long offset, final long dstHigh, final long dstLow, final int nextHeader)
    {
        Bytes.put32(segment, offset + Ipv6Header.VERSION_TC_FLOW_OFFSET, Ipv6Header.VERSION << 28);
        Bytes.put16(segment, offset + Ipv6Header.PAYLOAD_LENGTH_OFFSET, 0);
        Bytes.put8(segment, offset + Ipv6Header.NEXT_HEADER_OFFSET, nextHeader);
        Bytes.put8(segment, offset + Ipv6Header.HOP_LIMIT_OFFSET, hopLimit);
        Bytes.put64(segment, offset + Ipv6Header.SOURCE_OFFSET, homeAgentIpv6High);
        Bytes.put64(segment, offset + Ipv6Header.SOURCE_OFFSET + 8, homeAgentIpv6Low);
        Bytes.put64(segment, offset + Ipv6Header.DESTINATION_OFFSET, dstHigh);
        Bytes.put64(segment, offset + Ipv6Header.DESTINATION_OFFSET + 8, dstLow);
        return IPV6_LENGTH;
    }

    /**
     * Write an IPv4 outer header (RFC 2003 §3.1, RFC 4213 §3.5) with TOS, total length, identification and flags
     * zero, and the header checksum for those zeros.
     *
     * @param segment     to write.
     * @param offset      of the header.
     * @param destination IPv4 care-of (or NAT-mapped) address, big-endian.
     * @param protocol    41, 4 or 17.
     * @return octets written.
     */
    public int writeIpv4(final MemorySegment segment, final long offset, final int destination, final int protocol)
    {
        Bytes.put8(segment, offset + Ipv4Header.VERSION_IHL_OFFSET, Ipv4Header.VERSION << 4 | Ipv4Header.MIN_IHL);
        Bytes.put8(segment, offset + Ipv4Header.TOS_OFFSET, 0);
        Bytes.put16(segment, offset + Ipv4Header.TOTAL_LENGTH_OFFSET, 0);
        Bytes.put16(segment, offset + Ipv4Header.IDENTIFICATION_OFFSET, 0);
        Bytes.put16(segment, offset + Ipv4Header.FLAGS_FRAGMENT_OFFSET, 0);
        Bytes.put8(segment, offset + Ipv4Header.TTL_OFFSET, hopLimit);
        Bytes.put8(segment, offset + Ipv4Header.PROTOCOL_OFFSET, protocol);
        Bytes.put16(segment, offset + Ipv4Header.CHECKSUM_OFFSET, 0);
        Bytes.put32(segment, offset + Ipv4Header.SOURCE_OFFSET, homeAgentIpv4);
        Bytes.put32(segment, offset + Ipv4Header.DESTINATION_OFFSET, destination);
        Bytes.put16(segment, offset + Ipv4Header.CHECKSUM_OFFSET,
            InternetChecksum.compute(segment, offset, Ipv4Header.LENGTH));
        return IPV4_LENGTH;
    }

    /**
     * Write an IPv4/UDP outer header (RFC 5555 §4.1): IPv4 as {@link #writeIpv4} with protocol 17, then UDP with
     * length zero and checksum zero (RFC 768: zero means "no checksum", allowed over IPv4).
     *
     * @param segment         to write.
     * @param offset          of the IPv4 header.
     * @param destination     the NAT-mapped IPv4 address, big-endian.
     * @param sourcePort      UDP source port (4191).
     * @param destinationPort the NAT-mapped UDP port.
     * @return octets written.
     */
    public int writeIpv4Udp(
        final MemorySegment segment,
        final long offset,
        final int destination,
        final int sourcePort,
        final int destinationPort)
    {
        writeIpv4(segment, offset, destination, Ipv4Header.PROTOCOL_UDP);
        final long udp = offset + Ipv4Header.LENGTH;
        Bytes.put16(segment, udp + UdpHeader.SOURCE_PORT_OFFSET, sourcePort);
        Bytes.put16(segment, udp + UdpHeader.DESTINATION_PORT_OFFSET, destinationPort);
        Bytes.put16(segment, udp + UdpHeader.LENGTH_OFFSET, 0);
        Bytes.put16(segment, udp + UdpHeader.CHECKSUM_OFFSET, 0);
        return IPV4_UDP_LENGTH;
    }
}
