package dsmipha.slowpath.registration;

/**
 * One home registration binding cache entry (RFC 6275 §9.1, §10.1; RFC 3963 §6.1.2 prefix table rows; RFC 5555
 * §3.1.1 IPv4 home address and prefix), as the slowpath keeps it: the source from which the fastpath entries are
 * published, and what persistence saves and {@link RegistrationProcessor#restore} takes back.
 * <p>
 * Addresses are 128-bit numbers in two longs (octets 0..7, 8..15, big-endian); IPv4 addresses big-endian 32-bit
 * numbers. One object per binding (allocated when the binding is created, never per message); fields are public
 * for tools and persistence, but a record held by the processor must only be read.
 * <pre>
 *   key           homeHigh/Low (IPv6 home address)
 *   signaling     localHigh/Low (HA address), replyHigh/Low (IPv6 dst of BA and BRR: the care-of address
 *                 natively, the home address over IPv4), path (last BU's way back)
 *   tunnel        variantIpv6 / variantIpv4 (EncapVariant codes), careOfHigh/Low (IPv6 CoA, or IPv4-mapped IPv4
 *                 CoA option), tunnelIpv4 + natUdpPort (outer destination over IPv4: the NAT-mapped address and
 *                 port with variant 5), natDetected
 *   state         sequence (last accepted), flags (last accepted BU flags), lifetimeSeconds, expiryNs
 *   IPv4 (5555)   ipv4Home (0 none) + ipv4HomeDynamic; ipv4PrefixLength (0 none) + ipv4PrefixNetwork + dynamic
 *   NEMO (3963)   mobileNetworkPrefixCount + High/Low/Length arrays (allocated for mobile routers only)
 * </pre>
 * Bytes per binding (compressed oops, 64-bit JVM): this object 176 (header 12, ten longs, thirteen ints, four
 * booleans, six references), its {@link ReplyPath} 56, the binding cache slots 40..80 (20 octets a slot at load
 * 1/4..1/2): 270..310 octets retained. Measured: a million native bindings retain 277 octets each (264 MiB) in
 * a -Xmx2g JVM, and a new binding allocates 336 octets including the garbage of cache growth
 * (RegistrationAllocationTest). A mobile router adds about 400 octets for its prefix arrays.
 */
public final class BindingRecord
{
    /** IPv6 home address octets 0..7 (the key). */
    public long homeHigh;
    /** IPv6 home address octets 8..15. */
    public long homeLow;
    /** The home agent address the mobile node registered with (BA and BRR source) octets 0..7. */
    public long localHigh;
    /** octets 8..15. */
    public long localLow;
    /** IPv6 destination of BA and BRR octets 0..7: the care-of address natively, the home address over IPv4. */
    public long replyHigh;
    /** octets 8..15. */
    public long replyLow;
    /** Care-of address octets 0..7: IPv6 natively, IPv4-mapped for an IPv4 care-of address. */
    public long careOfHigh;
    /** octets 8..15. */
    public long careOfLow;
    /** Outer IPv4 destination of the tunnel (the NAT-mapped address with variant 5, else the IPv4 CoA); 0 natively. */
    public int tunnelIpv4;
    /** UDP destination port of variant 5 (the NAT-mapped source port of the last BU); 0 otherwise. */
    public int natUdpPort;
    /** True when the last BU showed a NAT on the path (RFC 5555 §4.1). */
    public boolean natDetected;
    /** Encapsulation variant for the IPv6 home address (EncapVariant code). */
    public int variantIpv6;
    /** Encapsulation variant for the IPv4 home address and prefix (EncapVariant code); 0 when none granted. */
    public int variantIpv4;
    /** The way back to the mobile node as its last accepted BU came. */
    public final ReplyPath path = new ReplyPath();
    /** Last accepted sequence number (16 bits, RFC 6275 §9.5.1). */
    public int sequence;
    /** Flags word of the last accepted BU (BindingUpdate.FLAG_*). */
    public int flags;
    /** Granted lifetime in seconds. */
    public int lifetimeSeconds;
    /** When the binding expires, on the processor's clock (the nowNs it is given). */
    public long expiryNs;
    /** Fastpath binding id (u32 handle). */
    public int bindingId;
    /** IPv4 home address granted, 0 when none. */
    public int ipv4Home;
    /** True when {@link #ipv4Home} is a lease from the dynamic address pool. */
    public boolean ipv4HomeDynamic;
    /** IPv4 home prefix network granted (RFC 5555 §3.1.1 P flag); meaningful when the length is not 0. */
    public int ipv4PrefixNetwork;
    /** IPv4 home prefix length 1..32; 0 when no prefix is granted. */
    public int ipv4PrefixLength;
    /** True when the IPv4 prefix is a lease from the prefix pool. */
    public boolean ipv4PrefixDynamic;
    /** Mobile network prefixes registered (RFC 3963), 0 for a mobile node. */
    public int mobileNetworkPrefixCount;
    /** Prefix octets 0..7 per mobile network prefix; null until the binding is a mobile router's. */
    public long[] mobileNetworkPrefixHigh;
    /** Prefix octets 8..15. */
    public long[] mobileNetworkPrefixLow;
    /** Prefix lengths. */
    public int[] mobileNetworkPrefixLength;

    boolean refreshRequestSent;
    long timerDeadlineNs;
    BindingRecord timerPrev;
    BindingRecord timerNext;
    int timerSpoke = -1;

    /**
     * @param mask one of {@code BindingUpdate.FLAG_*}.
     * @return true when the last accepted Binding Update had it.
     */
    public boolean flag(final int mask)
    {
        return (flags & mask) != 0;
    }

    /**
     * Copy another record's binding state (not its timer links).
     *
     * @param other the record to copy.
     * @return this.
     */
    public BindingRecord copyFrom(final BindingRecord other)
    {
        homeHigh = other.homeHigh;
        homeLow = other.homeLow;
        localHigh = other.localHigh;
        localLow = other.localLow;
        replyHigh = other.replyHigh;
        replyLow = other.replyLow;
        careOfHigh = other.careOfHigh;
        careOfLow = other.careOfLow;
        tunnelIpv4 = other.tunnelIpv4;
        natUdpPort = other.natUdpPort;
        natDetected = other.natDetected;
        variantIpv6 = other.variantIpv6;
        variantIpv4 = other.variantIpv4;
        path.copyFrom(other.path);
        sequence = other.sequence;
        flags = other.flags;
        lifetimeSeconds = other.lifetimeSeconds;
        expiryNs = other.expiryNs;
        bindingId = other.bindingId;
        ipv4Home = other.ipv4Home;
        ipv4HomeDynamic = other.ipv4HomeDynamic;
        ipv4PrefixNetwork = other.ipv4PrefixNetwork;
        ipv4PrefixLength = other.ipv4PrefixLength;
        ipv4PrefixDynamic = other.ipv4PrefixDynamic;
        copyPrefixesFrom(other);
        refreshRequestSent = other.refreshRequestSent;
        return this;
    }

    /**
     * @param high   prefix octets 0..7.
     * @param low    octets 8..15.
     * @param length prefix length.
     * @return true when this binding holds that mobile network prefix.
     */
    public boolean hasMobileNetworkPrefix(final long high, final long low, final int length)
    {
        for (int i = 0; i < mobileNetworkPrefixCount; i++)
        {
            if (mobileNetworkPrefixHigh[i] == high && mobileNetworkPrefixLow[i] == low &&
                mobileNetworkPrefixLength[i] == length)
            {
                return true;
            }
        }
        return false;
    }

    void addMobileNetworkPrefix(final long high, final long low, final int length)
    {
        if (mobileNetworkPrefixHigh == null)
        {
            mobileNetworkPrefixHigh = new long[BindingUpdateRequest.MAX_MOBILE_NETWORK_PREFIXES];
            mobileNetworkPrefixLow = new long[BindingUpdateRequest.MAX_MOBILE_NETWORK_PREFIXES];
            mobileNetworkPrefixLength = new int[BindingUpdateRequest.MAX_MOBILE_NETWORK_PREFIXES];
        }
        else if (mobileNetworkPrefixCount == mobileNetworkPrefixHigh.length)
        {
            final int grown = mobileNetworkPrefixCount * 2;
            mobileNetworkPrefixHigh = java.util.Arrays.copyOf(mobileNetworkPrefixHigh, grown);
            mobileNetworkPrefixLow = java.util.Arrays.copyOf(mobileNetworkPrefixLow, grown);
            mobileNetworkPrefixLength = java.util.Arrays.copyOf(mobileNetworkPrefixLength, grown);
        }
        mobileNetworkPrefixHigh[mobileNetworkPrefixCount] = high;
        mobileNetworkPrefixLow[mobileNetworkPrefixCount] = low;
        mobileNetworkPrefixLength[mobileNetworkPrefixCount] = length;
        mobileNetworkPrefixCount++;
    }

    private void copyPrefixesFrom(final BindingRecord other)
    {
        mobileNetworkPrefixCount = 0;
        for (int i = 0; i < other.mobileNetworkPrefixCount; i++)
        {
            addMobileNetworkPrefix(
                other.mobileNetworkPrefixHigh[i], other.mobileNetworkPrefixLow[i], other.mobileNetworkPrefixLength[i]);
        }
    }
}
