package dsmipha.slowpath.registration;

import java.util.List;

/**
 * What the operator decides about home registration. Immutable; validated on construction (an impossible value is
 * an {@link IllegalArgumentException} naming the field).
 *
 * @param allowUnprotectedSignaling accept Binding Updates without IPsec (labs only; RFC 6275 §5.1 requires ESP for
 *                                  home registration). Default false: unprotected Binding Updates are dropped and
 *                                  counted.
 * @param maxLifetimeSeconds        longest binding lifetime granted (RFC 6275 §10.3.1 lets the HA reduce it);
 *                                  at most 262140 (the 16-bit field in 4 s units).
 * @param refreshRequestLeadSeconds send a Binding Refresh Request this long before a binding expires
 *                                  (RFC 6275 §9.5.5); 0 = never.
 * @param natKeepaliveSeconds       refresh time in the NAT Detection option (RFC 5555 §3.2.2, NATKATIMEOUT, default
 *                                  110).
 * @param forceUdp                  answer every IPv4 registration with F set (the operator knows a NAT or firewall
 *                                  is on every path; RFC 5555 §4.1).
 * @param homeLinkMode              proxy ARP/ND on a real home link, or a virtual home link (3GPP).
 * @param duplicateAddressDetection run DAD for an IPv6 home address on its first registration (RFC 6275
 *                                  §10.3.1); ignored on a virtual home link.
 * @param tunnelMtu                 MTU of the path towards care-of addresses, for the fastpath's tunnel MTU check.
 * @param homePrefixes              the home link's IPv6 prefixes with their valid lifetimes (a binding never
 *                                  outlives the prefix of its home address, RFC 6275 §10.3.1).
 * @param homeIpv4Subnets           the home link's IPv4 subnets (static IPv4 home addresses must lie inside).
 * @param authorizeHomePrefix       accept any home address in a home prefix without a {@link MobileNodePolicy}
 *                                  (labs); otherwise only listed mobile nodes register (status 133 otherwise).
 * @param ipv4AddressPools          pools for dynamic IPv4 home addresses (IPv4 HoA option with 0.0.0.0).
 * @param ipv4PrefixPools           pools from which IPv4 home prefixes are cut (P flag with 0.0.0.0).
 * @param mobileNodes               per mobile node authorization.
 */
public record RegistrationConfig(
    boolean allowUnprotectedSignaling,
    int maxLifetimeSeconds,
    int refreshRequestLeadSeconds,
    long natKeepaliveSeconds,
    boolean forceUdp,
    HomeLinkMode homeLinkMode,
    boolean duplicateAddressDetection,
    int tunnelMtu,
    List<Ipv6Prefix> homePrefixes,
    List<Ipv4Prefix> homeIpv4Subnets,
    boolean authorizeHomePrefix,
    List<Ipv4Prefix> ipv4AddressPools,
    List<Ipv4Prefix> ipv4PrefixPools,
    List<MobileNodePolicy> mobileNodes)
{
    /** Largest lifetime the Binding Update's 16-bit field can carry (RFC 6275 §6.1.7). */
    public static final int MAX_LIFETIME_SECONDS = 0xFFFF * 4;
    /** NATKATIMEOUT (RFC 5555 §3.2.2). */
    public static final long DEFAULT_NAT_KEEPALIVE_SECONDS = 110;
    /** Default longest binding lifetime. */
    public static final int DEFAULT_MAX_LIFETIME_SECONDS = 3600;

    /** Whether the home agent serves a real home link or a virtual one. */
    public enum HomeLinkMode
    {
        /** Proxy ARP and proxy ND for away mobile nodes' home addresses (RFC 6275 §10.4.1). */
        PROXY,
        /** No home link to defend (the 3GPP model): no proxying, no DAD. */
        VIRTUAL
    }

    /**
     * An IPv6 prefix.
     *
     * @param high                 octets 0..7.
     * @param low                  octets 8..15.
     * @param length               prefix length 0..128; bits beyond it must be zero.
     * @param validLifetimeSeconds how long the prefix stays valid; {@link Long#MAX_VALUE} = infinite.
     */
    public record Ipv6Prefix(long high, long low, int length, long validLifetimeSeconds)
    {
        /** Validate. */
        public Ipv6Prefix
        {
            if (length < 0 || length > 128)
            {
                throw new IllegalArgumentException("IPv6 prefix length must be 0..128: " + length);
            }
            if ((high & ~mask(length)) != 0 || (low & ~mask(length - 64)) != 0)
            {
                throw new IllegalArgumentException("IPv6 prefix has bits set beyond /" + length);
            }
            if (validLifetimeSeconds < 0)
            {
                throw new IllegalArgumentException("IPv6 prefix lifetime must not be negative");
            }
        }

        /**
         * @param addressHigh address octets 0..7.
         * @param addressLow  octets 8..15.
         * @return true when the address lies inside this prefix.
         */
        public boolean contains(final long addressHigh, final long addressLow)
        {
            return (addressHigh & mask(length)) == high && (addressLow & mask(length - 64)) == low;
        }

        private static long mask(final int bits)
        {
            return bits <= 0 ? 0 : bits >= 64 ? -1L : -1L << (64 - bits);
        }
    }

    /**
     * An IPv4 prefix.
     *
     * @param network big-endian 32-bit number; bits beyond the length must be zero.
     * @param length  prefix length 0..32.
     */
    public record Ipv4Prefix(int network, int length)
    {
        /** Validate. */
        public Ipv4Prefix
        {
            if (length < 0 || length > 32)
            {
                throw new IllegalArgumentException("IPv4 prefix length must be 0..32: " + length);
            }
            if ((network & ~mask(length)) != 0)
            {
                throw new IllegalArgumentException("IPv4 prefix has bits set beyond /" + length);
            }
        }

        /**
         * @param address big-endian 32-bit number.
         * @return true when the address lies inside this prefix.
         */
        public boolean contains(final int address)
        {
            return (address & mask(length)) == network;
        }

        /**
         * @param bits prefix length.
         * @return the netmask as a big-endian 32-bit number.
         */
        public static int mask(final int bits)
        {
            return bits <= 0 ? 0 : bits >= 32 ? -1 : -1 << (32 - bits);
        }
    }

    /**
     * What one mobile node (identified by its IPv6 home address) may register.
     *
     * @param homeHigh              IPv6 home address octets 0..7.
     * @param homeLow               octets 8..15.
     * @param ipv4HomeAddress       its static IPv4 home address, or 0 when none is assigned.
     * @param dynamicIpv4           may ask for a dynamic IPv4 home address from a pool (0.0.0.0).
     * @param ipv4Prefixes          IPv4 home prefixes it may claim with the P flag (RFC 5555 §3.1.1).
     * @param mobileRouter          may register as a mobile router (R flag, RFC 3963 §6.6); else status 140.
     * @param mobileNetworkPrefixes its mobile network prefixes (explicit mode checks against these; implicit mode
     *                              registers these).
     */
    public record MobileNodePolicy(
        long homeHigh,
        long homeLow,
        int ipv4HomeAddress,
        boolean dynamicIpv4,
        List<Ipv4Prefix> ipv4Prefixes,
        boolean mobileRouter,
        List<Ipv6Prefix> mobileNetworkPrefixes)
    {
        /** Copy the lists. */
        public MobileNodePolicy
        {
            ipv4Prefixes = List.copyOf(ipv4Prefixes);
            mobileNetworkPrefixes = List.copyOf(mobileNetworkPrefixes);
        }
    }

    /** Validate and copy. */
    public RegistrationConfig
    {
        homePrefixes = List.copyOf(homePrefixes);
        homeIpv4Subnets = List.copyOf(homeIpv4Subnets);
        ipv4AddressPools = List.copyOf(ipv4AddressPools);
        ipv4PrefixPools = List.copyOf(ipv4PrefixPools);
        mobileNodes = List.copyOf(mobileNodes);
        if (maxLifetimeSeconds < 4 || maxLifetimeSeconds > MAX_LIFETIME_SECONDS)
        {
            throw new IllegalArgumentException("max lifetime must be 4.." + MAX_LIFETIME_SECONDS + " s: " +
                maxLifetimeSeconds);
        }
        if (refreshRequestLeadSeconds < 0 || refreshRequestLeadSeconds >= maxLifetimeSeconds)
        {
            throw new IllegalArgumentException("refresh request lead must be 0..max lifetime - 1 s: " +
                refreshRequestLeadSeconds);
        }
        if (natKeepaliveSeconds < 0 || natKeepaliveSeconds > 0xFFFF_FFFFL)
        {
            throw new IllegalArgumentException("NAT keepalive must fit 32 bits: " + natKeepaliveSeconds);
        }
        if (tunnelMtu < 1280 || tunnelMtu > 65535)
        {
            throw new IllegalArgumentException("tunnel MTU must be 1280..65535: " + tunnelMtu);
        }
        if (homeLinkMode == null)
        {
            throw new IllegalArgumentException("home link mode is required");
        }
    }

    /**
     * The embedded demo's registration: the demo network's home prefix 2001:db8:a::/64 and subnet 198.51.100.0/24,
     * any home address in the prefix accepted, dynamic IPv4 home addresses from 198.51.100.128/26, IPv4 prefixes
     * cut from 198.51.100.96/27, unprotected signaling allowed (there is no IPsec in the demo; the home agent
     * warns at startup), proxy home link with DAD off (the in-memory home link has no other nodes to answer).
     *
     * @return the demo's registration config.
     */
    public static RegistrationConfig demo()
    {
        return new RegistrationConfig(true, DEFAULT_MAX_LIFETIME_SECONDS, 0, DEFAULT_NAT_KEEPALIVE_SECONDS, false,
            HomeLinkMode.PROXY, false, 1500,
            List.of(new Ipv6Prefix(0x20010db8_000a0000L, 0, 64, Long.MAX_VALUE)),
            List.of(new Ipv4Prefix(0xC6336400, 24)), true,
            List.of(new Ipv4Prefix(0xC6336480, 26)), List.of(new Ipv4Prefix(0xC6336460, 27)), List.of());
    }
}
