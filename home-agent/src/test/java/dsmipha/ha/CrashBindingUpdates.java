package dsmipha.ha;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import dsmipha.common.codec.EthernetHeader;
import dsmipha.common.codec.HomeAddressOption;
import dsmipha.common.codec.Ipv6Header;
import dsmipha.common.codec.mh.BindingUpdate;
import dsmipha.common.codec.mh.MobilityHeader;

/**
 * The crash test's mobile nodes: native home registrations built with the common codecs, and the Binding Acks read
 * back from the access port.
 * <pre>
 *   BU: Ethernet / IPv6 (src CoA, dst HA) / DestOpt [HAO = HoA] / MH BU (A|H)     RFC 6275 §6.1.7, §6.3
 *   BA: Ethernet / IPv6 (src HA, dst CoA) / RH type 2 [HoA] / MH BA               RFC 6275 §6.1.8, §6.4
 *       RH2: next header | len 2 | type 2 | segments left 1 | reserved (4) | home address (16)
 *       MH:  proto | len | type 6 | reserved | checksum (2) | status | flags | sequence (2) | lifetime (2)
 * </pre>
 */
final class CrashBindingUpdates
{
    static final long ACCESS_MAC = 0x0200_0000_0012L;
    static final long ROUTER_MAC = 0x0200_0000_00feL;
    static final long HA_HIGH = 0x2001_0db8_000a_0000L;
    static final long HA_LOW = 1;
    static final long HOME_HIGH = 0x2001_0db8_000a_0000L;
    static final long CARE_OF_HIGH = 0x2001_0db8_000c_0000L;
    static final int LIFETIME_UNITS = 100;
    private static final int ROUTING_HEADER = 43;
    private static final int ROUTING_TYPE_2 = 2;
    private static final int RH2_LENGTH = 24;
    private static final ValueLayout.OfLong BIG_ENDIAN_LONG =
        ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final EthernetHeader ethernet = new EthernetHeader();
    private final Ipv6Header ipv6 = new Ipv6Header();
    private final MobilityHeader mobilityHeader = new MobilityHeader();
    private final BindingUpdate bindingUpdate = new BindingUpdate();

    /**
     * Write a home registration of home address {@code HOME_HIGH:homeLow} from care-of {@code CARE_OF_HIGH:homeLow}.
     *
     * @return the frame length.
     */
    int write(final MemorySegment frame, final long offset, final long homeLow, final int sequence)
    {
        ethernet.wrapForEncode(frame, offset).destinationMac(ACCESS_MAC).sourceMac(ROUTER_MAC)
            .etherType(EthernetHeader.ETHERTYPE_IPV6);
        final long ipv6Offset = offset + EthernetHeader.LENGTH;
        final long optionsOffset = ipv6Offset + Ipv6Header.LENGTH;
        final int options = HomeAddressOption.encodeDestinationOptions(
            frame, optionsOffset, MobilityHeader.PROTOCOL, HOME_HIGH, homeLow);
        final long mhOffset = optionsOffset + options;
        ipv6.wrapForEncode(frame, ipv6Offset).versionTrafficClassFlowLabel(0, 0)
            .nextHeader(HomeAddressOption.DESTINATION_OPTIONS).hopLimit(64)
            .source(CARE_OF_HIGH, homeLow).destination(HA_HIGH, HA_LOW);
        mobilityHeader.wrapForEncode(frame, mhOffset);
        bindingUpdate.start(mobilityHeader).sequence(sequence)
            .flags(BindingUpdate.FLAG_ACKNOWLEDGE | BindingUpdate.FLAG_HOME_REGISTRATION).lifetime(LIFETIME_UNITS);
        // RFC 6275 §6.1.1: the checksum's pseudo-header source is the home address (in the HAO, 8 octets in).
        final int mhLength = mobilityHeader.finish(optionsOffset + 8, ipv6.destinationOffset());
        ipv6.payloadLength(options + mhLength);
        return (int)(mhOffset + mhLength - offset);
    }

    /**
     * Read an accepting Binding Ack (status &lt; 128) sent over IPv6 with a type 2 routing header.
     *
     * @param out {@code [homeHigh, homeLow, sequence]} when it is one.
     * @return true for an accepting Binding Ack.
     */
    static boolean readAccepted(final MemorySegment frame, final long offset, final int length, final long[] out)
    {
        final long ipv6 = offset + EthernetHeader.LENGTH;
        final long rh = ipv6 + Ipv6Header.LENGTH;
        final long mh = rh + RH2_LENGTH;
        if (length < mh + 12 - offset || u16(frame, offset + 12) != EthernetHeader.ETHERTYPE_IPV6 ||
            u8(frame, ipv6 + 6) != ROUTING_HEADER || u8(frame, rh + 2) != ROUTING_TYPE_2 ||
            u8(frame, mh + 2) != MobilityHeader.TYPE_BINDING_ACK)
        {
            return false;
        }
        out[0] = frame.get(BIG_ENDIAN_LONG, rh + 8);
        out[1] = frame.get(BIG_ENDIAN_LONG, rh + 16);
        out[2] = u16(frame, mh + 8);
        return u8(frame, mh + 6) < 128; // RFC 6275 §6.1.8: 128 and above reject
    }

    private static int u8(final MemorySegment frame, final long offset)
    {
        return frame.get(ValueLayout.JAVA_BYTE, offset) & 0xFF;
    }

    private static int u16(final MemorySegment frame, final long offset)
    {
        return (u8(frame, offset) << 8) | u8(frame, offset + 1);
    }
}
