package dsmipha.fastpath.route;

/**
 * The home agent's own link and network addresses on one port, from config: what the egress stage writes as the
 * Ethernet source, what ARP and Neighbor Discovery answer for, what ICMP errors and tunnels speak from.
 * <p>
 * Addresses are numbers, as on the wire read big-endian: an IPv4 address is one {@code int}, an IPv6 address two
 * {@code long}s (high and low 64 bits), a MAC address the low 48 bits of a {@code long}. An absent address has
 * prefix length 0 and value 0. Immutable.
 */
public final class PortAddresses
{
    private static final long MAC_MASK = 0xFFFF_FFFF_FFFFL;
    private static final long LINK_LOCAL_HIGH = 0xFE80_0000_0000_0000L;
    private static final long UNIVERSAL_LOCAL_BIT = 0x0200_0000_0000_0000L;

    private final int portIndex;
    private final long mac;
    private final int ipv4Address;
    private final int ipv4PrefixLength;
    private final long ipv6High;
    private final long ipv6Low;
    private final int ipv6PrefixLength;

    /**
     * @param portIndex        the port's index in the fastpath's port array.
     * @param mac              the port's MAC address in the low 48 bits.
     * @param ipv4Address      the port's IPv4 address, or 0 for none.
     * @param ipv4PrefixLength the on-link IPv4 prefix length (1-32), or 0 for none.
     * @param ipv6High         high 64 bits of the port's global IPv6 address, or 0.
     * @param ipv6Low          low 64 bits of the port's global IPv6 address, or 0.
     * @param ipv6PrefixLength the on-link IPv6 prefix length (1-128), or 0 for none.
     */
    public PortAddresses(
        final int portIndex,
        final long mac,
        final int ipv4Address,
        final int ipv4PrefixLength,
        final long ipv6High,
        final long ipv6Low,
        final int ipv6PrefixLength)
    {
        if (portIndex < 0)
        {
            throw new IllegalArgumentException("port index must not be negative: " + portIndex);
        }
        if ((mac & ~MAC_MASK) != 0 || mac == 0 || (mac & 0x0100_0000_0000L) != 0)
        {
            throw new IllegalArgumentException("port " + portIndex + ": MAC must be a 48-bit unicast address: "
                + Long.toHexString(mac));
        }
        checkLength(portIndex, "IPv4", ipv4PrefixLength, 32, ipv4Address != 0);
        checkLength(portIndex, "IPv6", ipv6PrefixLength, 128, ipv6High != 0 || ipv6Low != 0);
        this.portIndex = portIndex;
        this.mac = mac;
        this.ipv4Address = ipv4Address;
        this.ipv4PrefixLength = ipv4PrefixLength;
        this.ipv6High = ipv6High;
        this.ipv6Low = ipv6Low;
        this.ipv6PrefixLength = ipv6PrefixLength;
    }

    private static void checkLength(
        final int port, final String family, final int length, final int max, final boolean hasAddress)
    {
        if (length < 0 || length > max || (length == 0) == hasAddress)
        {
            throw new IllegalArgumentException("port " + port + ": " + family
                + " address and prefix length (1-" + max + ") go together; length was " + length);
        }
    }

    /**
     * @return the port's index.
     */
    public int portIndex()
    {
        return portIndex;
    }

    /**
     * @return the MAC address in the low 48 bits.
     */
    public long mac()
    {
        return mac;
    }

    /**
     * @return true when the port has an IPv4 address.
     */
    public boolean hasIpv4()
    {
        return ipv4PrefixLength != 0;
    }

    /**
     * @return the IPv4 address (0 when none).
     */
    public int ipv4Address()
    {
        return ipv4Address;
    }

    /**
     * @return the on-link IPv4 prefix length (0 when none).
     */
    public int ipv4PrefixLength()
    {
        return ipv4PrefixLength;
    }

    /**
     * @return true when the port has a global IPv6 address.
     */
    public boolean hasIpv6()
    {
        return ipv6PrefixLength != 0;
    }

    /**
     * @return high 64 bits of the global IPv6 address.
     */
    public long ipv6High()
    {
        return ipv6High;
    }

    /**
     * @return low 64 bits of the global IPv6 address.
     */
    public long ipv6Low()
    {
        return ipv6Low;
    }

    /**
     * @return the on-link IPv6 prefix length (0 when none).
     */
    public int ipv6PrefixLength()
    {
        return ipv6PrefixLength;
    }

    /**
     * @return high 64 bits of the port's link-local address, fe80::/64 (RFC 4291 §2.5.6).
     */
    public long linkLocalHigh()
    {
        return LINK_LOCAL_HIGH;
    }

    /**
     * @return low 64 bits of the port's link-local address: the modified EUI-64 interface identifier formed from
     *         the MAC (RFC 4291 §2.5.1 and Appendix A: FFFE inserted in the middle, universal/local bit inverted).
     */
    public long linkLocalLow()
    {
        final long upper24 = (mac >>> 24) & 0xFF_FFFFL;
        final long lower24 = mac & 0xFF_FFFFL;
        return ((upper24 << 40) | (0xFFFEL << 24) | lower24) ^ UNIVERSAL_LOCAL_BIT;
    }

    /**
     * @param address an IPv4 address.
     * @return true when the address is on this port's IPv4 link (inside its prefix).
     */
    public boolean isOnLinkIpv4(final int address)
    {
        if (ipv4PrefixLength == 0)
        {
            return false;
        }
        final int mask = -1 << (32 - ipv4PrefixLength);
        return ((address ^ ipv4Address) & mask) == 0;
    }

    /**
     * @param high high 64 bits of an IPv6 address.
     * @param low  low 64 bits.
     * @return true when the address is inside this port's on-link IPv6 prefix.
     */
    public boolean isOnLinkIpv6(final long high, final long low)
    {
        if (ipv6PrefixLength == 0)
        {
            return false;
        }
        if (ipv6PrefixLength <= 64)
        {
            final long mask = -1L << (64 - ipv6PrefixLength);
            return ((high ^ ipv6High) & mask) == 0;
        }
        final long lowMask = -1L << (128 - ipv6PrefixLength);
        return high == ipv6High && ((low ^ ipv6Low) & lowMask) == 0;
    }
}
