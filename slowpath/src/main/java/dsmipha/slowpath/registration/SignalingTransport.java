package dsmipha.slowpath.registration;

/**
 * How a Binding Update reached the home agent, and so how its Binding Acknowledgement (and any later Binding
 * Refresh Request) leaves (RFC 5555 §4.1, §4.2): the reply goes back the way the request came.
 * <pre>
 *   NATIVE_IPV6        Ethernet / IPv6 [HAO] / MH
 *   IPV4_PROTOCOL_41   Ethernet / IPv4 (protocol 41) / IPv6 / MH             (no NAT on the path)
 *   IPV4_UDP           Ethernet / IPv4 / UDP (dst 4191) / IPv6 / MH          (NAT traversal, RFC 5555 §4.1)
 * </pre>
 */
public final class SignalingTransport
{
    /** IPv6 straight on the link: the care-of address is an IPv6 address. */
    public static final int NATIVE_IPV6 = 0;
    /** IPv6 in IPv4 protocol 41 (RFC 4213): an IPv4 care-of address without UDP. */
    public static final int IPV4_PROTOCOL_41 = 1;
    /** IPv6 in IPv4/UDP to port 4191 (RFC 5555 §4.1): an IPv4 care-of address, perhaps behind a NAT. */
    public static final int IPV4_UDP = 2;

    private SignalingTransport()
    {
    }

    /**
     * @param transport one of the constants.
     * @return true when the request came inside IPv4.
     */
    public static boolean isIpv4(final int transport)
    {
        return transport == IPV4_PROTOCOL_41 || transport == IPV4_UDP;
    }

    /**
     * @param transport one of the constants.
     * @return its name for logs and tools.
     */
    public static String name(final int transport)
    {
        return switch (transport)
        {
            case NATIVE_IPV6 -> "ipv6";
            case IPV4_PROTOCOL_41 -> "ipv4-proto41";
            case IPV4_UDP -> "ipv4-udp";
            default -> "unknown(" + transport + ")";
        };
    }
}
