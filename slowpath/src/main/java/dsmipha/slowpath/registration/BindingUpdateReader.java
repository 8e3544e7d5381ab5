package dsmipha.slowpath.registration;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import dsmipha.common.codec.Bytes;
import dsmipha.common.codec.CodecStatus;
import dsmipha.common.codec.EthernetHeader;
import dsmipha.common.codec.Ipv4Header;
import dsmipha.common.codec.Ipv6ExtensionWalker;
import dsmipha.common.codec.Ipv6Header;
import dsmipha.common.codec.UdpHeader;
import dsmipha.common.codec.mh.AlternateCareOfAddressOption;
import dsmipha.common.codec.mh.BindingUpdate;
import dsmipha.common.codec.mh.Ipv4CareOfAddressOption;
import dsmipha.common.codec.mh.Ipv4HomeAddressOption;
import dsmipha.common.codec.mh.MobileNetworkPrefixOption;
import dsmipha.common.codec.mh.MobilityHeader;
import dsmipha.common.codec.mh.MobilityOption;
import dsmipha.common.codec.mh.MobilityOptionIterator;
import dsmipha.common.counters.CounterSlots;
import dsmipha.fastpath.punt.PuntMessageDescriptor;

/**
 * Decodes one punt record holding a Binding Update into a {@link BindingUpdateRequest}, checking its syntax only:
 * outer headers, the Mobility Header's length and checksum, and the options' bounds and lengths. Every protocol
 * decision is the registration rules'. The three ways a Binding Update reaches the home agent:
 * <pre>
 *   punt header (16, native byte order: port, queue, worker, L3 offset, inner L3 offset)
 *   NATIVE_IPV6       Ethernet | IPv6 | [Dest. Options: Home Address option] | MH (BU)
 *   IPV4_PROTOCOL_41  Ethernet | IPv4 (proto 41) | IPv6 | MH (BU)                          RFC 5555 §4.2
 *   IPV4_UDP          Ethernet | IPv4 (proto 17) | UDP (dst 4191) | IPv6 | MH (BU)         RFC 5555 §4.1
 *
 *   Binding Update (RFC 6275 §6.1.7), options from octet 12 of the Mobility Header:
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   | Payload Proto |  Header Len   |  MH Type = 5  |   Reserved    |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |           Checksum            |           Sequence #          |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |A|H|L|K|M|R|P|F|  Reserved     |           Lifetime            |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                        Mobility Options ...                   |
 * </pre>
 * Result: {@link #OK}; a negative code, {@link SignalingInputCounter#resultCode()} of the reason; or, for a well
 * formed Mobility Header of a type this home agent does not know, {@link #UNKNOWN_MH_TYPE} plus the type, which
 * the agent answers with a Binding Error status 2 (RFC 6275 §9.2) using the addresses and path already filled in.
 * <p>
 * Choices (see also wire-doc): options off their "xn+y" alignment are accepted and counted, because RFC 6275
 * §6.2.1 states alignment as how options "are aligned in a packet" by the sender and the fields are read unaligned;
 * an unknown option is skipped and counted (§6.2.1); options 21-24 in a Binding Update without the P flag, an
 * IPv4-mapped source address and UDP ports 666/667 are pre-RFC 5555 DSMIPv6 drafts and are rejected.
 * <p>
 * Nothing is allocated per call. Not thread safe: one instance on the signaling thread.
 */
public final class BindingUpdateReader
{
    /** The record held a well-formed Binding Update; the request is filled. */
    public static final int OK = 0;
    /** Base of the result for an unknown MH Type: {@code UNKNOWN_MH_TYPE + type} (256..511). */
    public static final int UNKNOWN_MH_TYPE = 0x100;
    /** UDP port of DSMIPv6 NAT traversal (RFC 5555 §4.1, IANA "dsmipv6"). */
    public static final int DSMIPV6_UDP_PORT = 4191;
    /** UDP port of UMIP-DSMIP, a pre-RFC 5555 implementation (wire reference B.2). */
    public static final int LEGACY_UMIP_DSMIP_UDP_PORT = 666;
    /** UDP port of 2hanson/dsmip, a pre-RFC 5555 implementation (wire reference B.2). */
    public static final int LEGACY_2HANSON_UDP_PORT = 667;
    /** First of the option types pre-RFC 5555 DSMIPv6 used (IPv4 HoA 21, CoA 22, Ack 23, NAT Detection 24). */
    public static final int FIRST_LEGACY_OPTION = 21;
    /** Last of them. */
    public static final int LAST_LEGACY_OPTION = 24;

    private static final ValueLayout.OfShort NATIVE_U16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final long IPV4_MAPPED_HIGH = 0;
    private static final long IPV4_MAPPED_LOW_MASK = 0xFFFF_FFFF_0000_0000L;
    private static final long IPV4_MAPPED_LOW_PREFIX = 0x0000_FFFF_0000_0000L;
    private static final int PROTOCOL_ESP = 50;

    private final EthernetHeader ethernet = new EthernetHeader();
    private final Ipv4Header ipv4 = new Ipv4Header();
    private final UdpHeader udp = new UdpHeader();
    private final Ipv6ExtensionWalker walker = new Ipv6ExtensionWalker();
    private final MobilityHeader mobilityHeader = new MobilityHeader();
    private final BindingUpdate bindingUpdate = new BindingUpdate();
    private final Ipv4HomeAddressOption ipv4HomeAddress = new Ipv4HomeAddressOption();
    private final Ipv4CareOfAddressOption ipv4CareOf = new Ipv4CareOfAddressOption();
    private final MobileNetworkPrefixOption prefix = new MobileNetworkPrefixOption();
    private final long[] counts = new long[SignalingInputCounter.values().length];

    private MemorySegment memory;
    private long ipv6Offset;
    private long ipv6Limit;

    /**
     * @param port a UDP destination port.
     * @return true for the ports pre-RFC 5555 DSMIPv6 implementations used for NAT traversal: 666 (UMIP-DSMIP) and
     * 667 (2hanson/dsmip) (wire reference B.2); RFC 5555 §4.1 uses 4191.
     */
    public static boolean isLegacyDsmipUdpPort(final int port)
    {
        return port == LEGACY_UMIP_DSMIP_UDP_PORT || port == LEGACY_2HANSON_UDP_PORT;
    }

    /**
     * @param result a result of {@link #read}.
     * @return true when it names an unknown MH Type (answer with Binding Error status 2, RFC 6275 §9.2).
     */
    public static boolean isUnknownMhType(final int result)
    {
        return result >= UNKNOWN_MH_TYPE && result < UNKNOWN_MH_TYPE + 256;
    }

    /**
     * @param result a result for which {@link #isUnknownMhType} holds.
     * @return the MH Type received.
     */
    public static int unknownMhType(final int result)
    {
        return result - UNKNOWN_MH_TYPE;
    }

    /**
     * Decode one punt record.
     *
     * @param memory       holding the record.
     * @param recordOffset offset of the 16-octet punt header ({@link PuntMessageDescriptor}).
     * @param recordLength punt header plus packet, in octets.
     * @param out          cleared, then filled as far as the packet was read (the path and addresses are filled
     *                     before the Mobility Header is checked, so a Binding Error can be sent).
     * @return {@link #OK}, {@code UNKNOWN_MH_TYPE + type}, or a negative {@link SignalingInputCounter#resultCode()}.
     */
    public int read(
        final MemorySegment memory, final long recordOffset, final int recordLength, final BindingUpdateRequest out)
    {
        out.clear();
        this.memory = memory;
        if (recordLength < PuntMessageDescriptor.HEADER_LENGTH || recordOffset + recordLength > memory.byteSize())
        {
            return drop(SignalingInputCounter.DROP_TRUNCATED_RECORD);
        }
        final long packet = recordOffset + PuntMessageDescriptor.HEADER_LENGTH;
        final long limit = recordOffset + recordLength;
        out.path.port = u16Native(recordOffset + PuntMessageDescriptor.PORT_OFFSET);
        final int outer = readOuter(packet, limit, out.path);
        if (outer != OK)
        {
            return outer;
        }
        if (u16Native(recordOffset + PuntMessageDescriptor.INNER_L3_OFFSET_OFFSET) != ipv6Offset - packet)
        {
            return drop(SignalingInputCounter.DROP_PUNT_OFFSET_MISMATCH);
        }
        final int inner = readIpv6(out);
        if (inner != OK)
        {
            return inner;
        }
        return readMobilityHeader(out);
    }

    /**
     * @param counter a counter.
     * @return its count so far.
     */
    public long count(final SignalingInputCounter counter)
    {
        return counts[counter.ordinal()];
    }

    /**
     * Bring counter slots over {@link SignalingInputCounter} up to this reader's counts and publish them.
     *
     * @param slots the reader's slots, written by no one else.
     * @return number of slots published.
     */
    public int publish(final CounterSlots slots)
    {
        return slots.publishTotals(counts);
    }

    private int readOuter(final long packet, final long limit, final ReplyPath path)
    {
        if (ethernet.wrap(memory, packet, limit) != CodecStatus.OK)
        {
            return drop(SignalingInputCounter.DROP_MALFORMED_ETHERNET);
        }
        path.peerMac = ethernet.sourceMac();
        path.localMac = ethernet.destinationMac();
        final long l3 = ethernet.payloadOffset();
        return switch (ethernet.etherType())
        {
            case EthernetHeader.ETHERTYPE_IPV6 -> native6(l3, limit, path);
            case EthernetHeader.ETHERTYPE_IPV4 -> readIpv4(l3, limit, path);
            default -> drop(SignalingInputCounter.DROP_UNEXPECTED_ENCAPSULATION);
        };
    }

    private int native6(final long l3, final long limit, final ReplyPath path)
    {
        path.transport = SignalingTransport.NATIVE_IPV6;
        ipv6Offset = l3;
        ipv6Limit = limit;
        return OK;
    }

    private int readIpv4(final long l3, final long limit, final ReplyPath path)
    {
        // RFC 791 §3.1: a valid header and header checksum.
        if (ipv4.wrap(memory, l3, limit) != CodecStatus.OK || !ipv4.verifyChecksum())
        {
            return drop(SignalingInputCounter.DROP_MALFORMED_IPV4);
        }
        if (ipv4.isFragment())
        {
            return drop(SignalingInputCounter.DROP_IPV4_FRAGMENT);
        }
        path.peerIpv4 = ipv4.sourceAddress();
        path.localIpv4 = ipv4.destinationAddress();
        final long payload = ipv4.payloadOffset();
        final long end = l3 + ipv4.totalLength();
        if (ipv4.protocol() == Ipv4Header.PROTOCOL_IPV6)
        {
            // RFC 5555 §4.2 (no NAT on the path): IPv6 in IPv4 protocol 41, RFC 4213 §3.5.
            path.transport = SignalingTransport.IPV4_PROTOCOL_41;
            ipv6Offset = payload;
            ipv6Limit = end;
            return OK;
        }
        if (ipv4.protocol() != Ipv4Header.PROTOCOL_UDP)
        {
            return drop(SignalingInputCounter.DROP_UNEXPECTED_ENCAPSULATION);
        }
        // RFC 768: zero means no checksum over IPv4; otherwise it must verify.
        if (udp.wrap(memory, payload, end) != CodecStatus.OK || !udp.verifyChecksumIpv4(l3))
        {
            return drop(SignalingInputCounter.DROP_MALFORMED_UDP);
        }
        final int port = udp.destinationPort();
        if (port != DSMIPV6_UDP_PORT)
        {
            return drop(isLegacyDsmipUdpPort(port) ?
                SignalingInputCounter.DROP_LEGACY_UDP_PORT : SignalingInputCounter.DROP_UNEXPECTED_ENCAPSULATION);
        }
        // RFC 5555 §4.1: the reply goes to the NAT-mapped source address and port.
        path.transport = SignalingTransport.IPV4_UDP;
        path.peerUdpPort = udp.sourcePort();
        path.localUdpPort = port;
        ipv6Offset = udp.payloadOffset();
        ipv6Limit = payload + udp.length();
        return OK;
    }

    private int readIpv6(final BindingUpdateRequest out)
    {
        final int status = walker.walk(memory, ipv6Offset, ipv6Limit);
        if (status != CodecStatus.OK)
        {
            return drop(SignalingInputCounter.DROP_MALFORMED_IPV6);
        }
        final Ipv6Header ipv6 = walker.ipv6();
        out.sourceHigh = ipv6.sourceHigh();
        out.sourceLow = ipv6.sourceLow();
        out.destinationHigh = ipv6.destinationHigh();
        out.destinationLow = ipv6.destinationLow();
        if (walker.hasHomeAddressOption())
        {
            out.hasHomeAddressOption = true;
            out.homeAddressHigh = Bytes.i64(memory, walker.homeAddressOffset());
            out.homeAddressLow = Bytes.i64(memory, walker.homeAddressOffset() + 8);
        }
        if (walker.unknownOptionAction() != Ipv6ExtensionWalker.OPTION_ACTION_SKIP)
        {
            // RFC 8200 §4.2: actions 01, 10, 11 discard the packet.
            return drop(SignalingInputCounter.DROP_UNKNOWN_IPV6_OPTION);
        }
        if (walker.isFragment())
        {
            return drop(SignalingInputCounter.DROP_IPV6_FRAGMENT);
        }
        if (isIpv4Mapped(out.sourceHigh, out.sourceLow))
        {
            // Draft DSMIPv6 (seed 000) sent the IPv4 care-of address as an IPv4-mapped IPv6 source; RFC 5555
            // §3.1.5 carries it in the IPv4 Care-of Address option (32) instead.
            return drop(SignalingInputCounter.DROP_LEGACY_MAPPED_SOURCE);
        }
        final int upper = walker.upperLayerProtocol();
        if (upper == MobilityHeader.PROTOCOL)
        {
            return OK;
        }
        return drop(upper == PROTOCOL_ESP ?
            SignalingInputCounter.DROP_ESP : SignalingInputCounter.DROP_NOT_MOBILITY_HEADER);
    }

    private int readMobilityHeader(final BindingUpdateRequest out)
    {
        final MobilityHeader mh = mobilityHeader;
        final int status = mh.wrap(memory, walker.upperLayerOffset(), walker.packetEnd());
        if (status == CodecStatus.BAD_FIELD)
        {
            // RFC 6275 §9.2: Payload Proto must be IPPROTO_NONE (59).
            return drop(SignalingInputCounter.DROP_MH_BAD_PAYLOAD_PROTO);
        }
        if (status != CodecStatus.OK && status != CodecStatus.UNSUPPORTED)
        {
            // RFC 6275 §9.2: Header Len must match the payload and cover the type's fixed part.
            return drop(SignalingInputCounter.DROP_MH_BAD_LENGTH);
        }
        // RFC 6275 §6.1.1, §9.2: pseudo-header source = Home Address option's address when present, destination =
        // final destination; a bad checksum is silently discarded, before the type is looked at.
        if (!mh.verifyChecksum(walker.pseudoHeaderSourceOffset(), walker.finalDestinationOffset()))
        {
            return drop(SignalingInputCounter.DROP_MH_BAD_CHECKSUM);
        }
        final int type = mh.type();
        if (type == MobilityHeader.TYPE_BINDING_UPDATE)
        {
            return readBindingUpdate(out);
        }
        if (status == CodecStatus.UNSUPPORTED && !isKnownType(type))
        {
            // RFC 6275 §9.2: an unknown MH Type is answered with Binding Error status 2.
            increment(SignalingInputCounter.DROP_MH_UNKNOWN_TYPE);
            return UNKNOWN_MH_TYPE + type;
        }
        return drop(SignalingInputCounter.DROP_MH_NOT_BINDING_UPDATE);
    }

    private int readBindingUpdate(final BindingUpdateRequest out)
    {
        bindingUpdate.wrap(mobilityHeader);
        out.sequence = bindingUpdate.sequence();
        out.flags = bindingUpdate.flags();
        out.lifetimeUnits = bindingUpdate.lifetime();
        final int options = readOptions(out);
        if (options != OK)
        {
            return options;
        }
        increment(SignalingInputCounter.RX_BINDING_UPDATE);
        increment(switch (out.path.transport)
        {
            case SignalingTransport.IPV4_PROTOCOL_41 -> SignalingInputCounter.RX_IPV4_PROTOCOL_41;
            case SignalingTransport.IPV4_UDP -> SignalingInputCounter.RX_IPV4_UDP;
            default -> SignalingInputCounter.RX_NATIVE_IPV6;
        });
        if (out.hasDnsUpdate)
        {
            increment(SignalingInputCounter.DNS_UPDATE_PRESENT);
        }
        return OK;
    }

    private int readOptions(final BindingUpdateRequest out)
    {
        final long header = mobilityHeader.offset();
        final long limit = mobilityHeader.optionsLimit();
        long at = mobilityHeader.optionsOffset();
        while (at < limit)
        {
            final int type = Bytes.u8(memory, at);
            if (type == MobilityOptionIterator.PAD1)
            {
                // RFC 6275 §6.2.2: Pad1 is a single octet.
                at++;
                continue;
            }
            if (limit - at < MobilityOption.VALUE_OFFSET)
            {
                return drop(SignalingInputCounter.DROP_OPTION_TRUNCATED);
            }
            final int length = Bytes.u8(memory, at + MobilityOption.LENGTH_OFFSET);
            final long end = at + MobilityOption.VALUE_OFFSET + length;
            if (end > limit)
            {
                // RFC 6275 §6.2.1: an option's data lies inside the message.
                return drop(SignalingInputCounter.DROP_OPTION_OVERRUN);
            }
            final int status = readOption(type, length, at, at - header, out);
            if (status != OK)
            {
                return status;
            }
            at = end;
        }
        return OK;
    }

    private int readOption(
        final int type, final int length, final long at, final long positionInHeader, final BindingUpdateRequest out)
    {
        if (type == MobilityOptionIterator.PADN)
        {
            // RFC 6275 §6.2.3: the content of PadN is ignored.
            return OK;
        }
        if (type >= FIRST_LEGACY_OPTION && type <= LAST_LEGACY_OPTION &&
            !out.flag(BindingUpdate.FLAG_PROXY_REGISTRATION))
        {
            // Wire reference B.2: UMIP-DSMIP and 2hanson/dsmip put IPv4 HoA/CoA/Ack/NAT Detection at 21-24; IANA
            // gave 21-24 to FMIPv6/PMIPv6 options that a mobile node's own Binding Update never carries.
            return drop(SignalingInputCounter.DROP_LEGACY_OPTION);
        }
        if (!MobilityOptionIterator.isKnown(type))
        {
            // RFC 6275 §6.2.1: an unrecognised option is skipped.
            increment(SignalingInputCounter.OPTION_UNKNOWN_SKIPPED);
            return OK;
        }
        if (length < MobilityOptionIterator.minimumLength(type) || length > MobilityOptionIterator.maximumLength(type))
        {
            return drop(SignalingInputCounter.DROP_OPTION_BAD_LENGTH);
        }
        final int modulus = MobilityOptionIterator.alignmentModulus(type);
        if (modulus != 0 && positionInHeader % modulus != MobilityOptionIterator.alignmentRemainder(type))
        {
            // RFC 6275 §6.2.1 states alignment as the sender's duty; fields are read unaligned, so accept.
            increment(SignalingInputCounter.OPTION_MISALIGNED);
        }
        return decodeOption(type, at, out);
    }

    private int decodeOption(final int type, final long at, final BindingUpdateRequest out)
    {
        switch (type)
        {
            case MobilityOptionIterator.ALTERNATE_CARE_OF_ADDRESS:
                return alternateCareOf(at, out);
            case MobilityOptionIterator.MOBILE_NETWORK_PREFIX:
                return mobileNetworkPrefix(at, out);
            case MobilityOptionIterator.IPV4_HOME_ADDRESS:
                return ipv4HomeAddress(at, out);
            case MobilityOptionIterator.IPV4_CARE_OF_ADDRESS:
                return ipv4CareOf(at, out);
            case MobilityOptionIterator.DNS_UPDATE:
                if (out.hasDnsUpdate)
                {
                    return drop(SignalingInputCounter.DROP_DUPLICATE_OPTION);
                }
                out.hasDnsUpdate = true;
                return OK;
            default:
                // Known options a Binding Update may carry but the home registration does not use here (Binding
                // Authorization Data, Nonce Indices, Service Selection, ...): length checked, content ignored.
                return OK;
        }
    }

    private int alternateCareOf(final long at, final BindingUpdateRequest out)
    {
        // RFC 6275 §6.2.5.
        if (out.hasAlternateCareOf)
        {
            return drop(SignalingInputCounter.DROP_DUPLICATE_OPTION);
        }
        final long address = at + AlternateCareOfAddressOption.ADDRESS_OFFSET;
        out.hasAlternateCareOf = true;
        out.alternateCareOfHigh = Bytes.i64(memory, address);
        out.alternateCareOfLow = Bytes.i64(memory, address + 8);
        return OK;
    }

    private int mobileNetworkPrefix(final long at, final BindingUpdateRequest out)
    {
        // RFC 3963 §4.3: one option per prefix.
        final int index = out.mobileNetworkPrefixCount;
        if (index == BindingUpdateRequest.MAX_MOBILE_NETWORK_PREFIXES)
        {
            return drop(SignalingInputCounter.DROP_TOO_MANY_PREFIXES);
        }
        prefix.wrap(memory, at);
        out.mobileNetworkPrefixHigh[index] = Bytes.i64(memory, prefix.prefixOffset());
        out.mobileNetworkPrefixLow[index] = Bytes.i64(memory, prefix.prefixOffset() + 8);
        out.mobileNetworkPrefixLength[index] = prefix.prefixLength();
        out.mobileNetworkPrefixCount = index + 1;
        return OK;
    }

    private int ipv4HomeAddress(final long at, final BindingUpdateRequest out)
    {
        // RFC 5555 §3.1.1.
        if (out.hasIpv4HomeAddress)
        {
            return drop(SignalingInputCounter.DROP_DUPLICATE_OPTION);
        }
        ipv4HomeAddress.wrap(memory, at);
        out.hasIpv4HomeAddress = true;
        out.ipv4HomeAddress = ipv4HomeAddress.address();
        out.ipv4HomePrefixLength = ipv4HomeAddress.prefixLength();
        out.ipv4PrefixRequested = ipv4HomeAddress.prefixRequested();
        return OK;
    }

    private int ipv4CareOf(final long at, final BindingUpdateRequest out)
    {
        // RFC 5555 §3.1.5.
        if (out.hasIpv4CareOf)
        {
            return drop(SignalingInputCounter.DROP_DUPLICATE_OPTION);
        }
        ipv4CareOf.wrap(memory, at);
        out.hasIpv4CareOf = true;
        out.ipv4CareOf = ipv4CareOf.address();
        return OK;
    }

    private static boolean isKnownType(final int type)
    {
        // RFC 6275 §6.1 types 0-7, and Home Agent Switch, Heartbeat and Binding Revocation, which the codec names.
        return MobilityHeader.fixedLength(type) >= 0 || type == MobilityHeader.TYPE_HOME_AGENT_SWITCH ||
            type == MobilityHeader.TYPE_HEARTBEAT || type == MobilityHeader.TYPE_BINDING_REVOCATION;
    }

    private static boolean isIpv4Mapped(final long high, final long low)
    {
        // RFC 4291 §2.5.5.2: ::ffff:0:0/96.
        return high == IPV4_MAPPED_HIGH && (low & IPV4_MAPPED_LOW_MASK) == IPV4_MAPPED_LOW_PREFIX;
    }

    private int u16Native(final long offset)
    {
        return memory.get(NATIVE_U16, offset) & 0xFFFF;
    }

    private int drop(final SignalingInputCounter reason)
    {
        counts[reason.ordinal()]++;
        return reason.resultCode();
    }

    private void increment(final SignalingInputCounter counter)
    {
        counts[counter.ordinal()]++;
    }
}
