package dsmipha.perf.emulator;

import java.lang.foreign.MemorySegment;

import dsmipha.common.codec.EthernetHeader;
import dsmipha.common.codec.Ipv4Header;
import dsmipha.common.codec.Ipv6Header;
import dsmipha.common.codec.UdpHeader;

/**
 * A correspondent on the home link sending plain UDP to a mobile node's home address (or an address in a mobile
 * router's network), as the home agent's home port receives it; the home agent intercepts it and tunnels it to the
 * care-of address (RFC 6275 §10.4.1, RFC 5555 §4.3, RFC 3963 §6.5).
 * <pre>
 *   Ethernet (host → HA home port) / IPv6 (host → home address) / UDP (40000 → 9) / PayloadTag
 *   Ethernet (host → HA home port) / IPv4 (host → IPv4 home address) / UDP (40000 → 9) / PayloadTag
 * </pre>
 * Reusable; no allocation per frame.
 */
public final class CorrespondentFrames
{
    /** UDP source port of the correspondent's packets. */
    public static final int SOURCE_PORT = 40000;
    /** UDP destination port (discard, RFC 863). */
    public static final int DESTINATION_PORT = 9;
    /** Hop limit and TTL of the packets. */
    public static final int HOP_LIMIT = 64;

    private final EmulatedNetwork network;
    private final EthernetHeader ethernet = new EthernetHeader();
    private final Ipv6Header ipv6 = new Ipv6Header();
    private final Ipv4Header ipv4 = new Ipv4Header();
    private final UdpHeader udp = new UdpHeader();
    private int identification;

    /**
     * @param network the network the correspondent is on.
     */
    public CorrespondentFrames(final EmulatedNetwork network)
    {
        this.network = network;
    }

    /**
     * @param frame           to write into.
     * @param offset          where the Ethernet header starts.
     * @param destinationHigh destination octets 0..7.
     * @param destinationLow  octets 8..15.
     * @param index           node index for the tag.
     * @param epoch           node epoch for the tag.
     * @param sequence        packet sequence for the tag.
     * @return the frame length.
     */
    public int writeIpv6(
        final MemorySegment frame,
        final long offset,
        final long destinationHigh,
        final long destinationLow,
        final int index,
        final int epoch,
        final int sequence)
    {
        ethernet.wrapForEncode(frame, offset).destinationMac(network.homeMac()).sourceMac(network.hostMac())
            .etherType(EthernetHeader.ETHERTYPE_IPV6);
        final long ip = offset + EthernetHeader.LENGTH;
        final int udpLength = UdpHeader.LENGTH + PayloadTag.LENGTH;
        ipv6.wrapForEncode(frame, ip).versionTrafficClassFlowLabel(0, 0).payloadLength(udpLength)
            .nextHeader(UdpHeader.PROTOCOL).hopLimit(HOP_LIMIT)
            .source(network.homePrefixHigh(), network.hostLow()).destination(destinationHigh, destinationLow);
        writeUdp(frame, ip + Ipv6Header.LENGTH, index, epoch, sequence);
        // RFC 8200 §8.1: the UDP checksum is mandatory over IPv6.
        udp.checksum(udp.computeChecksumIpv6(ipv6.sourceOffset(), ipv6.destinationOffset()));
        return EthernetHeader.LENGTH + Ipv6Header.LENGTH + udpLength;
    }

    /**
     * @param frame       to write into.
     * @param offset      where the Ethernet header starts.
     * @param destination the IPv4 home address.
     * @param index       node index for the tag.
     * @param epoch       node epoch for the tag.
     * @param sequence    packet sequence for the tag.
     * @return the frame length.
     */
    public int writeIpv4(
        final MemorySegment frame,
        final long offset,
        final int destination,
        final int index,
        final int epoch,
        final int sequence)
    {
        ethernet.wrapForEncode(frame, offset).destinationMac(network.homeMac()).sourceMac(network.hostMac())
            .etherType(EthernetHeader.ETHERTYPE_IPV4);
        final long ip = offset + EthernetHeader.LENGTH;
        final int totalLength = Ipv4Header.LENGTH + UdpHeader.LENGTH + PayloadTag.LENGTH;
        ipv4.wrapForEncode(frame, ip).writeHeader(totalLength, identification++ & 0xFFFF, HOP_LIMIT,
            Ipv4Header.PROTOCOL_UDP, network.hostIpv4(), destination).updateChecksum();
        writeUdp(frame, ip + Ipv4Header.LENGTH, index, epoch, sequence);
        return EthernetHeader.LENGTH + totalLength;
    }

    private void writeUdp(
        final MemorySegment frame, final long offset, final int index, final int epoch, final int sequence)
    {
        udp.wrapForEncode(frame, offset).sourcePort(SOURCE_PORT).destinationPort(DESTINATION_PORT)
            .length(UdpHeader.LENGTH + PayloadTag.LENGTH).checksum(0);
        PayloadTag.write(frame, offset + UdpHeader.LENGTH, index, epoch, sequence);
    }
}
