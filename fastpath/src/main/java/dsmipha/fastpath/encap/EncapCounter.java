package dsmipha.fastpath.encap;

import dsmipha.common.counters.CounterDescriptor;
import dsmipha.common.counters.CounterDescriptors;
import dsmipha.common.counters.CounterInfo;

/**
 * Outcomes of the encapsulation stage (ids 1300-1399 of the fastpath range, see {@link CounterDescriptor}),
 * kept per worker by its {@link Encapsulator}. Every status other than {@link Encapsulator#OK} has its drop
 * counter here.
 */
public enum EncapCounter implements CounterDescriptor
{
    /** Packets tunnelled IPv6 in IPv6 (RFC 2473). */
    IPV6_IN_IPV6(1300, "encap-ip6-in-ip6-ok", "packets encapsulated IPv6 in IPv6 (RFC 2473)"),
    /** Packets tunnelled IPv4 in IPv6 (RFC 2473, RFC 5555 §4.2). */
    IPV4_IN_IPV6(1301, "encap-ip4-in-ip6-ok", "packets encapsulated IPv4 in IPv6 (RFC 2473)"),
    /** Packets tunnelled IPv6 in IPv4, protocol 41 (RFC 4213). */
    IPV6_IN_IPV4(1302, "encap-ip6-in-ip4-ok", "packets encapsulated IPv6 in IPv4, protocol 41 (RFC 4213)"),
    /** Packets tunnelled IPv4 in IPv4, protocol 4 (RFC 2003). */
    IPV4_IN_IPV4(1303, "encap-ip4-in-ip4-ok", "packets encapsulated IPv4 in IPv4, protocol 4 (RFC 2003)"),
    /** Packets tunnelled in IPv4/UDP to the NAT-mapped address and port (RFC 5555 §4.1). */
    IPV4_UDP(1304, "encap-in-udp4-ok", "packets encapsulated in IPv4/UDP 4191 (RFC 5555 §4.1)"),
    /** Dropped: too little headroom in the frame for the outer header. */
    NO_HEADROOM(1310, "encap-drop-no-headroom", "dropped: no headroom for the outer header"),
    /** Dropped: the inner IP version is not the one the binding's variant carries. */
    INNER_VERSION_MISMATCH(1311, "encap-drop-inner-version-mismatch",
        "dropped: inner IP version does not match the binding's encapsulation variant"),
    /** Dropped: the inner packet is shorter than its IP header. */
    INNER_TRUNCATED(1312, "encap-drop-inner-truncated", "dropped: inner packet shorter than its IP header"),
    /** Dropped: the encapsulated packet would exceed 65535 octets of IPv4 total length or IPv6 payload. */
    TOO_LONG(1313, "encap-drop-too-long", "dropped: encapsulated packet longer than the outer length field allows"),
    /** Dropped: the binding's variant is unknown or its template length does not fit the variant. */
    BAD_BINDING(1314, "encap-drop-bad-binding", "dropped: unknown variant or template length not matching it");

    static
    {
        CounterDescriptors.requireUnique(values());
    }

    private final CounterInfo info;

    EncapCounter(final int id, final String label, final String description)
    {
        this.info = new CounterInfo(id, label, description);
    }

    @Override
    public CounterInfo info()
    {
        return info;
    }
}
