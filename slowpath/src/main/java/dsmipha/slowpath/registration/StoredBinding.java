package dsmipha.slowpath.registration;

import java.util.List;

/**
 * Everything a binding needs to be re-published to the fastpath and re-answered after a restart: what
 * {@link BindingStore} writes for one mobile node (keyed by its IPv6 home address).
 *
 * @param homeHigh              IPv6 home address octets 0..7 (the key).
 * @param homeLow               octets 8..15.
 * @param careOfHigh            care-of address octets 0..7 (an IPv4 care-of address as IPv4-mapped ::ffff:a.b.c.d).
 * @param careOfLow             octets 8..15.
 * @param transport             how signaling arrives, a {@link SignalingTransport} constant.
 * @param natPeerIpv4           outer IPv4 source of the mobile node's packets (the NAT's public side), 0 when IPv6.
 * @param natPeerPort           outer UDP source port (RFC 5555 §4.1), 0 unless {@link SignalingTransport#IPV4_UDP}.
 * @param localIpv4             the home agent's IPv4 address the mobile node sends to.
 * @param localPort             the home agent's UDP port (4191).
 * @param portIndex             the home agent's port (interface) the binding's packets use.
 * @param peerMac               next hop MAC towards the care-of address, 48 bits in the low bits.
 * @param localMac              the home agent port's MAC, 48 bits in the low bits.
 * @param haHigh                the home agent address the mobile node registered with, octets 0..7.
 * @param haLow                 octets 8..15.
 * @param ipv4HomeAddress       IPv4 home address (RFC 5555 §3.1.1), 0 when none.
 * @param ipv4HomePrefixLength  its prefix length.
 * @param ipv4HomeDynamic       it came from an {@link Ipv4AddressPool} (claim it back at recovery).
 * @param ipv4PrefixNetwork     IPv4 home prefix (P flag), 0 when none.
 * @param ipv4PrefixLength      its length.
 * @param ipv4PrefixDynamic     it came from an {@link Ipv4PrefixPool} (claim it back at recovery).
 * @param mobileNetworkPrefixes mobile network prefixes (RFC 3963 §6.1.2), empty for a mobile host.
 * @param flags                 the accepted Binding Update's flags, the 16 bits after the sequence number.
 * @param lastSequence          last accepted sequence number (RFC 6275 §9.5.1), 16 bits.
 * @param expiryEpochMs         wall-clock expiry (epoch ms): a restart must not extend a lifetime.
 * @param bindingId             the home agent's id of the binding (for logs and tools).
 */
public record StoredBinding(
    long homeHigh,
    long homeLow,
    long careOfHigh,
    long careOfLow,
    int transport,
    int natPeerIpv4,
    int natPeerPort,
    int localIpv4,
    int localPort,
    int portIndex,
    long peerMac,
    long localMac,
    long haHigh,
    long haLow,
    int ipv4HomeAddress,
    int ipv4HomePrefixLength,
    boolean ipv4HomeDynamic,
    int ipv4PrefixNetwork,
    int ipv4PrefixLength,
    boolean ipv4PrefixDynamic,
    List<MobileNetworkPrefix> mobileNetworkPrefixes,
    int flags,
    int lastSequence,
    long expiryEpochMs,
    long bindingId)
{
    /**
     * A mobile network prefix (RFC 3963 §4.3).
     *
     * @param high   octets 0..7.
     * @param low    octets 8..15.
     * @param length prefix length 0..128.
     */
    public record MobileNetworkPrefix(long high, long low, int length)
    {
        /** Validate. */
        public MobileNetworkPrefix
        {
            if (length < 0 || length > 128)
            {
                throw new IllegalArgumentException("mobile network prefix length must be 0..128: " + length);
            }
        }
    }

    /** Copy the list and check what the store's record layout can hold. */
    public StoredBinding
    {
        mobileNetworkPrefixes = List.copyOf(mobileNetworkPrefixes);
        requireBits("transport", transport, 8);
        requireBits("NAT peer port", natPeerPort, 16);
        requireBits("local port", localPort, 16);
        requireBits("port index", portIndex, 16);
        requireBits("IPv4 home prefix length", ipv4HomePrefixLength, 6);
        requireBits("IPv4 prefix length", ipv4PrefixLength, 6);
        requireBits("flags", flags, 16);
        requireBits("sequence", lastSequence, 16);
        if ((peerMac >>> 48) != 0 || (localMac >>> 48) != 0)
        {
            throw new IllegalArgumentException("MAC addresses are 48 bits");
        }
    }

    private static void requireBits(final String field, final int value, final int bits)
    {
        if (value < 0 || value >= 1 << bits)
        {
            throw new IllegalArgumentException(field + " must fit " + bits + " bits: " + value);
        }
    }
}
