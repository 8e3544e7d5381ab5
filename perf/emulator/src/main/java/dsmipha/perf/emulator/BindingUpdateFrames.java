package dsmipha.perf.emulator;

import java.lang.foreign.MemorySegment;

import dsmipha.common.codec.Bytes;
import dsmipha.common.codec.EthernetHeader;
import dsmipha.common.codec.HomeAddressOption;
import dsmipha.common.codec.Ipv4Header;
import dsmipha.common.codec.Ipv6Header;
import dsmipha.common.codec.UdpHeader;
import dsmipha.common.codec.mh.BindingUpdate;
import dsmipha.common.codec.mh.Ipv4CareOfAddressOption;
import dsmipha.common.codec.mh.Ipv4HomeAddressOption;
import dsmipha.common.codec.mh.MobileNetworkPrefixOption;
import dsmipha.common.codec.mh.MobilityHeader;

/**
 * Builds a mobile node's Binding Updates as whole Ethernet frames, the way a dual-stack mobile node sends them
 * (RFC 6275 §11.7.1, RFC 5555 §4.1): natively from an IPv6 care-of address, or inside IPv4 protocol 41 or IPv4/UDP
 * 4191 from an IPv4 care-of address.
 * <pre>
 *   native:      Ethernet / IPv6 (src CoA, dst HA) / DestOpt [HAO = HoA] / MH BU [IPv4 HoA (29)]
 *   protocol 41: Ethernet / IPv4 (src CoA4, dst HA4, proto 41) / IPv6 (src HoA, dst HA) / MH BU [29] [IPv4 CoA (32)]
 *   UDP:         Ethernet / IPv4 (src CoA4 or NAT, dst HA4) / UDP (sport, 4191) / IPv6 (src HoA) / MH BU [29] [32]
 * </pre>
 * The MH checksum uses the home address as the pseudo-header source (RFC 6275 §6.1.1, §6.3). A mobile router's
 * Binding Updates also carry its Mobile Network Prefix option (6) when one is set ({@link #mobileNetworkPrefix},
 * RFC 3963 §6.2 explicit mode). Reusable; no allocation per frame.
 */
public final class BindingUpdateFrames
{
    /** No IPv4 Home Address option. */
    public static final int NO_IPV4_HOME = -1;
    /** UDP port for DSMIPv6 NAT traversal (RFC 5555 §4.1, IANA). */
    public static final int DSMIPV6_PORT = 4191;

    private static final int HOP_LIMIT = 64;
    private static final int TTL = 64;

    private final long homeAgentMac;
    private final long routerMac;
    private final long homeAgentHigh;
    private final long homeAgentLow;
    private final int homeAgentIpv4;
    private final EthernetHeader ethernet = new EthernetHeader();
    private final Ipv6Header ipv6 = new Ipv6Header();
    private final Ipv4Header ipv4 = new Ipv4Header();
    private final UdpHeader udp = new UdpHeader();
    private final MobilityHeader mobilityHeader = new MobilityHeader();
    private final BindingUpdate bindingUpdate = new BindingUpdate();
    private final Ipv4HomeAddressOption ipv4Home = new Ipv4HomeAddressOption();
    private final Ipv4CareOfAddressOption ipv4CareOf = new Ipv4CareOfAddressOption();
    private final MobileNetworkPrefixOption prefixOption = new MobileNetworkPrefixOption();
    private final byte[] prefixOctets = new byte[16];
    private int prefixLength;
    private int ipv4Identification;

    /**
     * @param homeAgentMac  the home agent port's MAC (the frames' Ethernet destination).
     * @param routerMac     the access router's MAC (the frames' Ethernet source).
     * @param homeAgentHigh the home agent's IPv6 address octets 0..7.
     * @param homeAgentLow  octets 8..15.
     * @param homeAgentIpv4 the home agent's IPv4 address.
     */
    public BindingUpdateFrames(
        final long homeAgentMac,
        final long routerMac,
        final long homeAgentHigh,
        final long homeAgentLow,
        final int homeAgentIpv4)
    {
        this.homeAgentMac = homeAgentMac;
        this.routerMac = routerMac;
        this.homeAgentHigh = homeAgentHigh;
        this.homeAgentLow = homeAgentLow;
        this.homeAgentIpv4 = homeAgentIpv4;
    }

    /**
     * Carry a Mobile Network Prefix option in the Binding Updates written from now on (RFC 3963 §4.3, explicit
     * mode), or none.
     *
     * @param high   prefix octets 0..7.
     * @param low    octets 8..15.
     * @param length prefix length in bits, 0 for no option.
     * @return this.
     */
    public BindingUpdateFrames mobileNetworkPrefix(final long high, final long low, final int length)
    {
        final MemorySegment octets = MemorySegment.ofArray(prefixOctets);
        Bytes.put64(octets, 0, high);
        Bytes.put64(octets, 8, low);
        prefixLength = length;
        return this;
    }

    /**
     * A Binding Update from an IPv6 care-of address.
     *
     * @param frame         to write into.
     * @param offset        where the Ethernet header starts.
     * @param homeHigh      IPv6 home address octets 0..7.
     * @param homeLow       octets 8..15.
     * @param careOfHigh    care-of address octets 0..7.
     * @param careOfLow     octets 8..15.
     * @param sequence      sequence number.
     * @param flags         BindingUpdate.FLAG_* word.
     * @param lifetimeUnits lifetime in 4-second units.
     * @param ipv4Home      IPv4 home address to ask for (0 = dynamic), or {@link #NO_IPV4_HOME}.
     * @return the frame length.
     */
    public int writeNative(
        final MemorySegment frame,
        final long offset,
        final long homeHigh,
        final long homeLow,
        final long careOfHigh,
        final long careOfLow,
        final int sequence,
        final int flags,
        final int lifetimeUnits,
        final int ipv4Home)
    {
        ethernet.wrapForEncode(frame, offset).destinationMac(homeAgentMac).sourceMac(routerMac)
            .etherType(EthernetHeader.ETHERTYPE_IPV6);
        final long ipv6Offset = offset + EthernetHeader.LENGTH;
        final long optionsOffset = ipv6Offset + Ipv6Header.LENGTH;
        final int destinationOptions = HomeAddressOption.encodeDestinationOptions(
            frame, optionsOffset, MobilityHeader.PROTOCOL, homeHigh, homeLow);
        final long mhOffset = optionsOffset + destinationOptions;
        ipv6.wrapForEncode(frame, ipv6Offset).versionTrafficClassFlowLabel(0, 0)
            .nextHeader(HomeAddressOption.DESTINATION_OPTIONS).hopLimit(HOP_LIMIT)
            .source(careOfHigh, careOfLow).destination(homeAgentHigh, homeAgentLow);
        final int mhLength = writeBindingUpdate(frame, mhOffset, sequence, flags, lifetimeUnits, ipv4Home, false, 0,
            optionsOffset + 8, ipv6.destinationOffset());
        ipv6.payloadLength(destinationOptions + mhLength);
        return (int)(mhOffset + mhLength - offset);
    }

    /**
     * A Binding Update from an IPv4 care-of address, in UDP to port 4191 or in protocol 41.
     *
     * @param frame         to write into.
     * @param offset        where the Ethernet header starts.
     * @param homeHigh      IPv6 home address octets 0..7.
     * @param homeLow       octets 8..15.
     * @param outerSource   the outer IPv4 source (the care-of address, or what a NAT made of it).
     * @param sourcePort    UDP source port; ignored in protocol 41.
     * @param careOf        the IPv4 care-of address the mobile node knows (the IPv4 CoA option).
     * @param udp           true for UDP 4191, false for protocol 41.
     * @param sequence      sequence number.
     * @param flags         BindingUpdate.FLAG_* word.
     * @param lifetimeUnits lifetime in 4-second units.
     * @param ipv4HomeAddress IPv4 home address to ask for (0 = dynamic), or {@link #NO_IPV4_HOME}.
     * @return the frame length.
     */
    public int writeOverIpv4(
        final MemorySegment frame,
        final long offset,
        final long homeHigh,
        final long homeLow,
        final int outerSource,
        final int sourcePort,
        final int careOf,
        final boolean udp,
        final int sequence,
        final int flags,
        final int lifetimeUnits,
        final int ipv4HomeAddress)
    {
        ethernet.wrapForEncode(frame, offset).destinationMac(homeAgentMac).sourceMac(routerMac)
            .etherType(EthernetHeader.ETHERTYPE_IPV4);
        final long ipv4Offset = offset + EthernetHeader.LENGTH;
        final long ipv6Offset = ipv4Offset + Ipv4Header.LENGTH + (udp ? UdpHeader.LENGTH : 0);
        final long mhOffset = ipv6Offset + Ipv6Header.LENGTH;
        ipv6.wrapForEncode(frame, ipv6Offset).versionTrafficClassFlowLabel(0, 0)
            .nextHeader(MobilityHeader.PROTOCOL).hopLimit(HOP_LIMIT)
            .source(homeHigh, homeLow).destination(homeAgentHigh, homeAgentLow);
        final int mhLength = writeBindingUpdate(frame, mhOffset, sequence, flags, lifetimeUnits, ipv4HomeAddress,
            true, careOf, ipv6.sourceOffset(), ipv6.destinationOffset());
        ipv6.payloadLength(mhLength);
        final int ipv6Length = Ipv6Header.LENGTH + mhLength;
        final int ipv4Length = Ipv4Header.LENGTH + (udp ? UdpHeader.LENGTH : 0) + ipv6Length;
        ipv4.wrapForEncode(frame, ipv4Offset).writeHeader(ipv4Length, ipv4Identification++ & 0xFFFF, TTL,
            udp ? Ipv4Header.PROTOCOL_UDP : Ipv4Header.PROTOCOL_IPV6, outerSource, homeAgentIpv4).updateChecksum();
        if (udp)
        {
            this.udp.wrapForEncode(frame, ipv4Offset + Ipv4Header.LENGTH).sourcePort(sourcePort)
                .destinationPort(DSMIPV6_PORT).length(UdpHeader.LENGTH + ipv6Length).checksum(0);
            this.udp.checksum(this.udp.computeChecksumIpv4(ipv4Offset));
        }
        return (int)(mhOffset + mhLength - offset);
    }

    private int writeBindingUpdate(
        final MemorySegment frame,
        final long mhOffset,
        final int sequence,
        final int flags,
        final int lifetimeUnits,
        final int ipv4HomeAddress,
        final boolean withIpv4CareOf,
        final int careOf,
        final long pseudoSourceOffset,
        final long pseudoDestinationOffset)
    {
        mobilityHeader.wrapForEncode(frame, mhOffset);
        bindingUpdate.start(mobilityHeader).sequence(sequence).flags(flags).lifetime(lifetimeUnits);
        if (ipv4HomeAddress != NO_IPV4_HOME)
        {
            ipv4Home.appendTo(mobilityHeader).prefixLength(Ipv4HomeAddressOption.SINGLE_ADDRESS_PREFIX_LENGTH)
                .address(ipv4HomeAddress);
        }
        if (withIpv4CareOf)
        {
            ipv4CareOf.appendTo(mobilityHeader).address(careOf);
        }
        if (prefixLength > 0)
        {
            prefixOption.appendTo(mobilityHeader).prefixLength(prefixLength).prefix(prefixOctets, 0);
        }
        return mobilityHeader.finish(pseudoSourceOffset, pseudoDestinationOffset);
    }
}
