package dsmipha.slowpath.registration;

/**
 * One received Binding Update, decoded and checked for well-formedness by {@code BindingUpdateReader}, ready for
 * the registration rules of {@code RegistrationProcessor}. Raw as received: the reader only checks syntax (lengths,
 * checksum, option bounds and alignment); every protocol decision (which address is the care-of address, whether
 * a NAT is on the path, authorization) belongs to the processor.
 * <p>
 * Addresses are 128-bit numbers in two longs ({@code high} = octets 0..7, {@code low} = octets 8..15, big-endian);
 * IPv4 addresses are big-endian 32-bit numbers. Mutable and reused: nothing is allocated per message.
 * <pre>
 *   path         how it came: port, MACs, transport, outer IPv4 addresses and UDP ports (see ReplyPath)
 *   source       IPv6 source: the care-of address natively; the IPv6 home address over IPv4 (RFC 5555 §4.1)
 *   destination  IPv6 destination: the home agent's address
 *   homeAddress  the Home Address destination option (RFC 6275 §6.3), when present
 *   sequence, flags, lifetime    the Binding Update's fixed fields (RFC 6275 §6.1.7)
 *   options      Alternate CoA (3), MNPs (6, RFC 3963), IPv4 HoA (29), IPv4 CoA (32), DNS Update (17: noted)
 * </pre>
 */
public final class BindingUpdateRequest
{
    /** Most Mobile Network Prefix options kept from one Binding Update; more are a malformed request. */
    public static final int MAX_MOBILE_NETWORK_PREFIXES = 16;

    /** The way the request came, and its reply goes. */
    public final ReplyPath path = new ReplyPath();

    /** True when the request was ESP-protected and the SA verified it (the IPsec issue sets this). */
    public boolean ipsecProtected;

    /** IPv6 source address octets 0..7. */
    public long sourceHigh;
    /** IPv6 source address octets 8..15. */
    public long sourceLow;
    /** IPv6 destination address octets 0..7 (the home agent). */
    public long destinationHigh;
    /** IPv6 destination address octets 8..15. */
    public long destinationLow;

    /** True when a Home Address destination option was present. */
    public boolean hasHomeAddressOption;
    /** Home Address option's address octets 0..7. */
    public long homeAddressHigh;
    /** Home Address option's address octets 8..15. */
    public long homeAddressLow;

    /** Sequence number (16 bits). */
    public int sequence;
    /** The 16-bit flags word as received (BindingUpdate.FLAG_* masks). */
    public int flags;
    /** Lifetime in 4-second units (RFC 6275 §6.1.7). */
    public int lifetimeUnits;

    /** True when an Alternate Care-of Address option (type 3) was present. */
    public boolean hasAlternateCareOf;
    /** Alternate care-of address octets 0..7. */
    public long alternateCareOfHigh;
    /** Alternate care-of address octets 8..15. */
    public long alternateCareOfLow;

    /** True when an IPv4 Home Address option (type 29, RFC 5555 §3.1.1) was present. */
    public boolean hasIpv4HomeAddress;
    /** Its address; 0.0.0.0 asks for a dynamic one. */
    public int ipv4HomeAddress;
    /** Its prefix length (6 bits). */
    public int ipv4HomePrefixLength;
    /** Its P flag: a prefix is requested. */
    public boolean ipv4PrefixRequested;

    /** True when an IPv4 Care-of Address option (type 32, RFC 5555 §3.1.5) was present. */
    public boolean hasIpv4CareOf;
    /** Its address. */
    public int ipv4CareOf;

    /** True when a DNS Update option (type 17, RFC 5026) was present; served by the DNS issue. */
    public boolean hasDnsUpdate;

    /** Mobile Network Prefix options (type 6, RFC 3963 §6.2) kept, in order. */
    public int mobileNetworkPrefixCount;
    /** Prefix octets 0..7 per option. */
    public final long[] mobileNetworkPrefixHigh = new long[MAX_MOBILE_NETWORK_PREFIXES];
    /** Prefix octets 8..15 per option. */
    public final long[] mobileNetworkPrefixLow = new long[MAX_MOBILE_NETWORK_PREFIXES];
    /** Prefix length per option. */
    public final int[] mobileNetworkPrefixLength = new int[MAX_MOBILE_NETWORK_PREFIXES];

    /**
     * @param mask one of {@code BindingUpdate.FLAG_*}.
     * @return true when that flag is set.
     */
    public boolean flag(final int mask)
    {
        return (flags & mask) != 0;
    }

    /**
     * @return this, every field cleared (the reader calls it before decoding).
     */
    public BindingUpdateRequest clear()
    {
        path.clear();
        ipsecProtected = false;
        sourceHigh = 0;
        sourceLow = 0;
        destinationHigh = 0;
        destinationLow = 0;
        hasHomeAddressOption = false;
        homeAddressHigh = 0;
        homeAddressLow = 0;
        sequence = 0;
        flags = 0;
        lifetimeUnits = 0;
        hasAlternateCareOf = false;
        alternateCareOfHigh = 0;
        alternateCareOfLow = 0;
        hasIpv4HomeAddress = false;
        ipv4HomeAddress = 0;
        ipv4HomePrefixLength = 0;
        ipv4PrefixRequested = false;
        hasIpv4CareOf = false;
        ipv4CareOf = 0;
        hasDnsUpdate = false;
        mobileNetworkPrefixCount = 0;
        return this;
    }

    /**
     * Copy another request (a pending registration keeps its own copy while Duplicate Address Detection runs).
     *
     * @param other the request to copy.
     * @return this.
     */
    public BindingUpdateRequest copyFrom(final BindingUpdateRequest other)
    {
        path.copyFrom(other.path);
        ipsecProtected = other.ipsecProtected;
        sourceHigh = other.sourceHigh;
        sourceLow = other.sourceLow;
        destinationHigh = other.destinationHigh;
        destinationLow = other.destinationLow;
        hasHomeAddressOption = other.hasHomeAddressOption;
        homeAddressHigh = other.homeAddressHigh;
        homeAddressLow = other.homeAddressLow;
        sequence = other.sequence;
        flags = other.flags;
        lifetimeUnits = other.lifetimeUnits;
        hasAlternateCareOf = other.hasAlternateCareOf;
        alternateCareOfHigh = other.alternateCareOfHigh;
        alternateCareOfLow = other.alternateCareOfLow;
        hasIpv4HomeAddress = other.hasIpv4HomeAddress;
        ipv4HomeAddress = other.ipv4HomeAddress;
        ipv4HomePrefixLength = other.ipv4HomePrefixLength;
        ipv4PrefixRequested = other.ipv4PrefixRequested;
        hasIpv4CareOf = other.hasIpv4CareOf;
        ipv4CareOf = other.ipv4CareOf;
        hasDnsUpdate = other.hasDnsUpdate;
        mobileNetworkPrefixCount = other.mobileNetworkPrefixCount;
        System.arraycopy(other.mobileNetworkPrefixHigh, 0, mobileNetworkPrefixHigh, 0, mobileNetworkPrefixCount);
        System.arraycopy(other.mobileNetworkPrefixLow, 0, mobileNetworkPrefixLow, 0, mobileNetworkPrefixCount);
        System.arraycopy(other.mobileNetworkPrefixLength, 0, mobileNetworkPrefixLength, 0, mobileNetworkPrefixCount);
        return this;
    }
}
