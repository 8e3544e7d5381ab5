package dsmipha.perf.emulator;

import java.lang.foreign.MemorySegment;

import dsmipha.common.codec.Bytes;
import dsmipha.common.codec.CodecStatus;
import dsmipha.common.codec.EthernetHeader;
import dsmipha.common.codec.Ipv4Header;
import dsmipha.common.codec.Ipv6ExtensionWalker;
import dsmipha.common.codec.Ipv6Header;
import dsmipha.common.codec.UdpHeader;
import dsmipha.common.codec.mh.BindingAck;
import dsmipha.common.codec.mh.Ipv4AddressAcknowledgementOption;
import dsmipha.common.codec.mh.MobilityHeader;
import dsmipha.common.codec.mh.MobilityOptionIterator;
import dsmipha.common.codec.mh.NatDetectionOption;

/**
 * Reads a Binding Acknowledgement as it leaves the home agent's access port, in each of the three ways the home
 * agent answers (RFC 6275 §9.5.4, §6.4; RFC 5555 §4.2: the Ack goes back the way the Binding Update came):
 * <pre>
 *   native:      Ethernet / IPv6 (HA → CoA) / RH2 [home address] / MH BA [30] [31]
 *   protocol 41: Ethernet / IPv4 (HA4 → CoA4, 41) / IPv6 (HA → HoA) / MH BA [30]
 *   UDP:         Ethernet / IPv4 (HA4 → CoA4 or NAT) / UDP (4191 → port) / IPv6 (HA → HoA) / MH BA [30] [31]
 * </pre>
 * It gives the home address the Ack is for (the Type 2 Routing Header's, else the IPv6 destination), the status,
 * sequence number and lifetime, and from the options the NAT Detection option (31, RFC 5555 §3.2.2) and the IPv4
 * Address Acknowledgement (30, §3.2.1). Reusable; no allocation per frame. Not thread safe.
 */
public final class BindingAckReader
{
    /** No IPv4 Address Acknowledgement option in the Ack. */
    public static final int NO_IPV4_ACK = -1;

    private final EthernetHeader ethernet = new EthernetHeader();
    private final Ipv4Header ipv4 = new Ipv4Header();
    private final UdpHeader udp = new UdpHeader();
    private final Ipv6ExtensionWalker walker = new Ipv6ExtensionWalker();
    private final MobilityHeader mobilityHeader = new MobilityHeader();
    private final BindingAck bindingAck = new BindingAck();
    private final MobilityOptionIterator options = new MobilityOptionIterator();
    private final NatDetectionOption natDetection = new NatDetectionOption();
    private final Ipv4AddressAcknowledgementOption ipv4Ack = new Ipv4AddressAcknowledgementOption();

    private int outerKind;
    private long homeHigh;
    private long homeLow;
    private int status;
    private int flags;
    private int sequence;
    private int lifetimeUnits;
    private boolean natDetected;
    private long natRefreshSeconds;
    private int ipv4AckStatus;
    private int ipv4AckPrefixLength;
    private int ipv4AckAddress;

    /**
     * @param frame  the frame.
     * @param offset where its Ethernet header starts.
     * @param length its length.
     * @return true when it is a Binding Ack; the accessors then describe it.
     */
    public boolean read(final MemorySegment frame, final long offset, final int length)
    {
        final long limit = offset + length;
        if (ethernet.wrap(frame, offset, limit) != CodecStatus.OK)
        {
            return false;
        }
        final long l3 = ethernet.payloadOffset();
        if (ethernet.etherType() == EthernetHeader.ETHERTYPE_IPV6)
        {
            outerKind = TunnelClassifier.OUTER_IPV6;
            return readIpv6(frame, l3, limit);
        }
        if (ethernet.etherType() != EthernetHeader.ETHERTYPE_IPV4 || ipv4.wrap(frame, l3, limit) != CodecStatus.OK)
        {
            return false;
        }
        final long end = l3 + ipv4.totalLength();
        if (ipv4.protocol() == TunnelFrames.PROTOCOL_IPV6)
        {
            outerKind = TunnelClassifier.OUTER_IPV4;
            return readIpv6(frame, ipv4.payloadOffset(), end);
        }
        if (ipv4.protocol() == Ipv4Header.PROTOCOL_UDP && udp.wrap(frame, ipv4.payloadOffset(), end) == CodecStatus.OK
            && udp.sourcePort() == BindingUpdateFrames.DSMIPV6_PORT)
        {
            outerKind = TunnelClassifier.OUTER_UDP;
            return readIpv6(frame, udp.payloadOffset(), end);
        }
        return false;
    }

    private boolean readIpv6(final MemorySegment frame, final long offset, final long limit)
    {
        if (limit - offset < Ipv6Header.LENGTH || walker.walk(frame, offset, limit) != CodecStatus.OK ||
            walker.upperLayerProtocol() != MobilityHeader.PROTOCOL)
        {
            return false;
        }
        if (mobilityHeader.wrap(frame, walker.upperLayerOffset(), walker.packetEnd()) != CodecStatus.OK ||
            mobilityHeader.type() != MobilityHeader.TYPE_BINDING_ACK || bindingAck.wrap(mobilityHeader) != CodecStatus.OK)
        {
            return false;
        }
        // RFC 6275 §6.4, §9.5.4: natively the home address travels in the Type 2 Routing Header; over IPv4 the
        // IPv6 destination is the home address (RFC 5555 §4.2).
        if (walker.hasType2RoutingHeader())
        {
            homeHigh = Bytes.i64(frame, walker.type2HomeAddressOffset());
            homeLow = Bytes.i64(frame, walker.type2HomeAddressOffset() + 8);
        }
        else
        {
            homeHigh = walker.ipv6().destinationHigh();
            homeLow = walker.ipv6().destinationLow();
        }
        status = bindingAck.status();
        flags = bindingAck.flags();
        sequence = bindingAck.sequence();
        lifetimeUnits = bindingAck.lifetime();
        readOptions();
        return true;
    }

    private void readOptions()
    {
        natDetected = false;
        natRefreshSeconds = 0;
        ipv4AckStatus = NO_IPV4_ACK;
        ipv4AckPrefixLength = 0;
        ipv4AckAddress = 0;
        options.reset(mobilityHeader);
        int type;
        while ((type = options.next()) >= 0 && type != MobilityOptionIterator.END)
        {
            if (type == MobilityOptionIterator.NAT_DETECTION)
            {
                natDetection.wrap(options);
                natDetected = true;
                natRefreshSeconds = natDetection.refreshTimeSeconds();
            }
            else if (type == MobilityOptionIterator.IPV4_ADDRESS_ACKNOWLEDGEMENT)
            {
                ipv4Ack.wrap(options);
                ipv4AckStatus = ipv4Ack.status();
                ipv4AckPrefixLength = ipv4Ack.prefixLength();
                ipv4AckAddress = ipv4Ack.address();
            }
        }
    }

    /**
     * @return how the Ack travelled: {@link TunnelClassifier#OUTER_IPV6} (natively), {@code OUTER_IPV4}
     * (protocol 41) or {@code OUTER_UDP}.
     */
    public int outerKind()
    {
        return outerKind;
    }

    /**
     * @return the home address the Ack is for, octets 0..7.
     */
    public long homeHigh()
    {
        return homeHigh;
    }

    /**
     * @return octets 8..15.
     */
    public long homeLow()
    {
        return homeLow;
    }

    /**
     * @return the Ack's status (RFC 6275 §6.1.8): below 128 accepted.
     */
    public int status()
    {
        return status;
    }

    /**
     * @return the Ack's flags octet.
     */
    public int flags()
    {
        return flags;
    }

    /**
     * @return the sequence number.
     */
    public int sequence()
    {
        return sequence;
    }

    /**
     * @return the granted lifetime in 4-second units.
     */
    public int lifetimeUnits()
    {
        return lifetimeUnits;
    }

    /**
     * @return true when the Ack carried a NAT Detection option.
     */
    public boolean natDetected()
    {
        return natDetected;
    }

    /**
     * @return the NAT Detection option's refresh time in seconds (0 when absent).
     */
    public long natRefreshSeconds()
    {
        return natRefreshSeconds;
    }

    /**
     * @return the IPv4 Address Acknowledgement status, or {@link #NO_IPV4_ACK}.
     */
    public int ipv4AckStatus()
    {
        return ipv4AckStatus;
    }

    /**
     * @return the IPv4 Address Acknowledgement's prefix length.
     */
    public int ipv4AckPrefixLength()
    {
        return ipv4AckPrefixLength;
    }

    /**
     * @return the IPv4 home address the Ack grants.
     */
    public int ipv4AckAddress()
    {
        return ipv4AckAddress;
    }
}
