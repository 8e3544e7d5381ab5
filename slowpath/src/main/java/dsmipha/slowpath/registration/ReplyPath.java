package dsmipha.slowpath.registration;

/**
 * The way back to a mobile node as its last signaling message came: ingress port, link-layer addresses, transport
 * and, over IPv4, the outer addresses and UDP ports as the home agent saw them (after any NAT). A Binding
 * Acknowledgement answers along it (RFC 5555 §4.2: outer destination = the NAT-mapped source address and port of
 * the received Binding Update); a binding keeps a copy for its Binding Refresh Requests.
 * <p>
 * Mutable and reused (no allocation per message); {@link #copyFrom} copies all fields. MAC addresses are 48-bit
 * numbers in the low bits of a long, octet 0 most significant.
 */
public final class ReplyPath
{
    /** Port the request arrived on; the reply leaves there. */
    public int port;
    /** Ethernet source of the request (the previous hop): the reply's Ethernet destination. */
    public long peerMac;
    /** Ethernet destination of the request (our port's MAC): the reply's Ethernet source. */
    public long localMac;
    /** One of {@link SignalingTransport}'s constants. */
    public int transport;
    /** Outer IPv4 source of the request (the care-of address, or the NAT's mapped address); 0 for native IPv6. */
    public int peerIpv4;
    /** Outer IPv4 destination of the request (the home agent's IPv4 address); 0 for native IPv6. */
    public int localIpv4;
    /** UDP source port of the request (the NAT-mapped port); 0 unless {@link SignalingTransport#IPV4_UDP}. */
    public int peerUdpPort;
    /** UDP destination port of the request (4191); 0 unless {@link SignalingTransport#IPV4_UDP}. */
    public int localUdpPort;

    /**
     * @param other the path to copy.
     * @return this.
     */
    public ReplyPath copyFrom(final ReplyPath other)
    {
        port = other.port;
        peerMac = other.peerMac;
        localMac = other.localMac;
        transport = other.transport;
        peerIpv4 = other.peerIpv4;
        localIpv4 = other.localIpv4;
        peerUdpPort = other.peerUdpPort;
        localUdpPort = other.localUdpPort;
        return this;
    }

    /**
     * @return this, all fields zero (native IPv6 on port 0).
     */
    public ReplyPath clear()
    {
        port = 0;
        peerMac = 0;
        localMac = 0;
        transport = SignalingTransport.NATIVE_IPV6;
        peerIpv4 = 0;
        localIpv4 = 0;
        peerUdpPort = 0;
        localUdpPort = 0;
        return this;
    }
}
