package dsmipha.slowpath.registration;

import dsmipha.common.counters.CounterDescriptor;
import dsmipha.common.counters.CounterDescriptors;
import dsmipha.common.counters.CounterInfo;

/**
 * Outcomes of reading punted signaling packets ({@link BindingUpdateReader}), ids 2300-2349 of the slowpath range
 * (see {@link CounterDescriptor}): Binding Updates decoded per transport, options skipped or accepted out of line,
 * and every reason a punt record is not a well-formed Binding Update. A {@code DROP_*} counter is also the reader's
 * result code for that reason ({@link #resultCode()}).
 */
public enum SignalingInputCounter implements CounterDescriptor
{
    /** Binding Updates decoded and handed to the registration rules. */
    RX_BINDING_UPDATE(2300, "sig-rx-bu", "Binding Updates decoded"),
    /** ... of which came natively over IPv6. */
    RX_NATIVE_IPV6(2301, "sig-rx-bu-ipv6", "Binding Updates received natively over IPv6"),
    /** ... of which came in IPv4 protocol 41 (RFC 5555 §4.2). */
    RX_IPV4_PROTOCOL_41(2302, "sig-rx-bu-ipv4-proto41", "Binding Updates received in IPv4 protocol 41"),
    /** ... of which came in IPv4/UDP to port 4191 (RFC 5555 §4.1). */
    RX_IPV4_UDP(2303, "sig-rx-bu-ipv4-udp", "Binding Updates received in IPv4/UDP 4191"),
    /** Mobility options of a type this home agent does not know, skipped (RFC 6275 §6.2.1). */
    OPTION_UNKNOWN_SKIPPED(2304, "sig-option-unknown-skipped", "unknown mobility options skipped"),
    /** Known mobility options off their xn+y alignment: accepted (RFC 6275 §6.2.1 binds the sender). */
    OPTION_MISALIGNED(2305, "sig-option-misaligned", "mobility options off their alignment, accepted"),
    /** Binding Updates carrying a DNS Update option (RFC 5026 §8.1), noted for the DNS issue. */
    DNS_UPDATE_PRESENT(2306, "sig-dns-update-present", "Binding Updates with a DNS Update option"),

    /** Punt record shorter than its header, or a record offset that points outside it. */
    DROP_TRUNCATED_RECORD(2310, "sig-drop-truncated-record", "punt record too short or offsets outside it"),
    /** The inner L3 offset in the punt header disagrees with the headers found in the packet. */
    DROP_PUNT_OFFSET_MISMATCH(2311, "sig-drop-punt-offset-mismatch", "punt header inner L3 offset disagrees"),
    /** Ethernet header truncated, three tags, or an 802.3 length field. */
    DROP_MALFORMED_ETHERNET(2312, "sig-drop-malformed-ethernet", "malformed Ethernet header"),
    /** Neither IPv6, nor IPv4 protocol 41, nor IPv4/UDP to port 4191. */
    DROP_UNEXPECTED_ENCAPSULATION(2313, "sig-drop-unexpected-encap", "not IPv6, IPv4/41 or IPv4/UDP 4191"),
    /** Outer IPv4 header malformed (RFC 791 §3.1) or its header checksum wrong. */
    DROP_MALFORMED_IPV4(2314, "sig-drop-malformed-ipv4", "malformed outer IPv4 header or bad checksum"),
    /** Outer IPv4 datagram is a fragment: the slowpath does not reassemble. */
    DROP_IPV4_FRAGMENT(2315, "sig-drop-ipv4-fragment", "outer IPv4 fragment"),
    /** UDP header malformed or its checksum wrong (RFC 768). */
    DROP_MALFORMED_UDP(2316, "sig-drop-malformed-udp", "malformed UDP header or bad UDP checksum"),
    /** IPv4/UDP to a pre-RFC 5555 DSMIPv6 port (666 UMIP-DSMIP, 667 2hanson/dsmip). */
    DROP_LEGACY_UDP_PORT(2317, "sig-drop-legacy-udp-port", "UDP to a pre-RFC 5555 DSMIPv6 port (666/667)"),
    /** IPv6 header or extension chain malformed (RFC 8200 §4; RFC 6275 §6.3, §6.4). */
    DROP_MALFORMED_IPV6(2318, "sig-drop-malformed-ipv6", "malformed IPv6 header or extension headers"),
    /** An unrecognised IPv6 option whose action says discard (RFC 8200 §4.2). */
    DROP_UNKNOWN_IPV6_OPTION(2319, "sig-drop-unknown-ipv6-option", "unknown IPv6 option with a discard action"),
    /** IPv6 fragment: the slowpath does not reassemble. */
    DROP_IPV6_FRAGMENT(2320, "sig-drop-ipv6-fragment", "IPv6 fragment"),
    /** ESP-protected: for the IPsec stage, not decoded here. */
    DROP_ESP(2321, "sig-drop-esp", "ESP-protected signaling not decrypted"),
    /** The upper layer is not a Mobility Header (135). */
    DROP_NOT_MOBILITY_HEADER(2322, "sig-drop-not-mh", "upper layer not a Mobility Header"),
    /** Payload Proto not 59 (RFC 6275 §9.2: ICMPv6 Parameter Problem code 0 is the sender's answer). */
    DROP_MH_BAD_PAYLOAD_PROTO(2323, "sig-drop-mh-payload-proto", "Mobility Header Payload Proto not 59"),
    /** Header Len disagrees with the IPv6 payload or is shorter than the type's fixed part (RFC 6275 §9.2). */
    DROP_MH_BAD_LENGTH(2324, "sig-drop-mh-length", "Mobility Header length wrong"),
    /** Checksum wrong (RFC 6275 §6.1.1, §9.2: silently discarded). */
    DROP_MH_BAD_CHECKSUM(2325, "sig-drop-mh-checksum", "Mobility Header checksum wrong"),
    /** MH Type this home agent does not know: answered with Binding Error status 2 (RFC 6275 §9.2). */
    DROP_MH_UNKNOWN_TYPE(2326, "sig-drop-mh-unknown-type", "unknown MH Type (Binding Error status 2)"),
    /** A known MH Type the home agent does not serve (not a Binding Update): counted only. */
    DROP_MH_NOT_BINDING_UPDATE(2327, "sig-drop-mh-not-bu", "known MH Type other than Binding Update"),
    /** A mobility option's type octet is the last octet of the options area (no length octet). */
    DROP_OPTION_TRUNCATED(2328, "sig-drop-option-truncated", "mobility option without its length octet"),
    /** A mobility option's data runs past the end of the message (RFC 6275 §6.2.1). */
    DROP_OPTION_OVERRUN(2329, "sig-drop-option-overrun", "mobility option runs past the message"),
    /** A known mobility option with a length its type does not allow. */
    DROP_OPTION_BAD_LENGTH(2330, "sig-drop-option-length", "mobility option length wrong for its type"),
    /** A second Alternate CoA, IPv4 HoA, IPv4 CoA or DNS Update option: which one counts is ambiguous. */
    DROP_DUPLICATE_OPTION(2331, "sig-drop-duplicate-option", "single-instance mobility option repeated"),
    /** More Mobile Network Prefix options than {@link BindingUpdateRequest#MAX_MOBILE_NETWORK_PREFIXES}. */
    DROP_TOO_MANY_PREFIXES(2332, "sig-drop-too-many-mnp", "too many Mobile Network Prefix options"),
    /** Pre-RFC 5555 DSMIPv6 options 21-24 (UMIP-DSMIP, 2hanson/dsmip) in a Binding Update that is no PBU. */
    DROP_LEGACY_OPTION(2333, "sig-drop-legacy-option", "pre-RFC 5555 DSMIPv6 option (21-24)"),
    /** IPv4-mapped IPv6 source address: draft DSMIPv6's IPv4 care-of address, replaced by option 32. */
    DROP_LEGACY_MAPPED_SOURCE(2334, "sig-drop-legacy-mapped-source", "IPv4-mapped IPv6 source (draft DSMIPv6)");

    private static final SignalingInputCounter[] VALUES = values();

    static
    {
        CounterDescriptors.requireUnique(VALUES);
    }

    private final CounterInfo info;

    SignalingInputCounter(final int id, final String label, final String description)
    {
        this.info = new CounterInfo(id, label, description);
    }

    @Override
    public CounterInfo info()
    {
        return info;
    }

    /**
     * @return the reader's result code for this reason: the counter id, negated (stable across reordering).
     */
    public int resultCode()
    {
        return -info.id();
    }

    /**
     * @param resultCode a negative result of {@link BindingUpdateReader#read}.
     * @return the reason, or null when the code names none.
     */
    public static SignalingInputCounter fromResultCode(final int resultCode)
    {
        for (final SignalingInputCounter counter : VALUES)
        {
            if (counter.resultCode() == resultCode)
            {
                return counter;
            }
        }
        return null;
    }
}
