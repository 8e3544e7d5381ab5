package dsmipha.fastpath.decap;

import dsmipha.common.counters.CounterDescriptor;
import dsmipha.common.counters.CounterDescriptors;
import dsmipha.common.counters.CounterInfo;

/**
 * Every outcome of stage {@code mip-decap} ({@link Decapsulator}), ids 1400-1499 of the fastpath range (see
 * {@link CounterDescriptor}). Each packet ends in exactly one outcome: {@code decap-*-ok} (forwarded on),
 * {@link #NAT_KEEPALIVE} (consumed), {@link #TO_HOME_AGENT} (punted) or {@code decap-drop-*}; the two ECN counters
 * and {@link #PREFIX_SOURCE} are extra notes on packets that were accepted.
 * <p>
 * The ordinal of an outcome is the per-packet code a {@link Decapsulator} reports, so a worker can add the codes
 * of a burst to its counter slots without a lookup.
 */
public enum DecapCounter implements CounterDescriptor
{
    /** IPv6 in IPv6, next header 41 (RFC 2473 §3, RFC 6275 §10.4.5): inner packet accepted. */
    IPV6_IN_IPV6_OK(1400, "decap-ip6-in-ip6-ok", "IPv6-in-IPv6 packet from a mobile node decapsulated"),
    /** IPv4 in IPv6, next header 4 (RFC 2473 §3, RFC 5555 §4.2): inner packet accepted. */
    IPV4_IN_IPV6_OK(1401, "decap-ip4-in-ip6-ok", "IPv4-in-IPv6 packet from a mobile node decapsulated"),
    /** IPv6 in IPv4, protocol 41 (RFC 4213 §3.6, RFC 5555 §4.2): inner packet accepted. */
    IPV6_IN_IPV4_OK(1402, "decap-ip6-in-ip4-ok", "IPv6-in-IPv4 (protocol 41) packet decapsulated"),
    /** IPv4 in IPv4, protocol 4 (RFC 2003 §3, RFC 5555 §4.2): inner packet accepted. */
    IPV4_IN_IPV4_OK(1403, "decap-ip4-in-ip4-ok", "IPv4-in-IPv4 (protocol 4) packet decapsulated"),
    /** IPv6 in IPv4/UDP 4191 (RFC 5555 §4.1, NAT traversal): inner packet accepted. */
    IPV6_IN_UDP4_OK(1404, "decap-ip6-in-udp4-ok", "IPv6-in-IPv4/UDP 4191 packet decapsulated"),
    /** IPv4 in IPv4/UDP 4191 (RFC 5555 §4.1, NAT traversal): inner packet accepted. */
    IPV4_IN_UDP4_OK(1405, "decap-ip4-in-udp4-ok", "IPv4-in-IPv4/UDP 4191 packet decapsulated"),
    /**
     * An empty IPv6 packet (next header 59, RFC 8200 §4.7) to one of the home agent's own addresses, through the
     * tunnel its binding registered: it only refreshes the NAT mapping on the way (RFC 5555 §4.2, "NAT bindings can
     * be refreshed through sending and receiving traffic encapsulated in UDP"). Consumed: never forwarded, never
     * punted.
     */
    NAT_KEEPALIVE(1406, "decap-nat-keepalive", "empty IPv6 packet (next header 59) to the home agent consumed"),
    /**
     * Any other inner packet addressed to one of the home agent's own addresses (IPv4 or IPv6): never forwarded,
     * punted as host-bound with the whole frame so that the slowpath sees the tunnel it came through.
     */
    TO_HOME_AGENT(1407, "decap-to-home-agent", "inner packet addressed to the home agent itself punted"),

    /** Outer header (IPv4, IPv6 with its extension headers, or UDP) malformed or truncated. */
    DROP_MALFORMED_OUTER(1420, "decap-drop-malformed-outer", "outer IPv4/IPv6/UDP header malformed or truncated"),
    /** Outer header is a fragment; reassembly of tunnel packets is not built (RFC 2473 §7.1, RFC 4213 §3.2). */
    DROP_OUTER_FRAGMENT(1421, "decap-drop-outer-fragment", "outer header is a fragment (no tunnel reassembly)"),
    /** Outer protocol is not a tunnel this stage knows: not 41, 4, or UDP to port 4191. */
    DROP_NOT_A_TUNNEL(1422, "decap-drop-not-a-tunnel", "outer protocol is not 41, 4 or UDP to port 4191"),
    /** Inner IP version is not the one the tunnel type carries (41 carries IPv6, 4 carries IPv4). */
    DROP_INNER_VERSION_MISMATCH(1423, "decap-drop-inner-version", "inner IP version does not match the tunnel"),
    /** Inner IPv4 or IPv6 header malformed or truncated. */
    DROP_MALFORMED_INNER(1424, "decap-drop-malformed-inner", "inner IPv4/IPv6 header malformed or truncated"),
    /** Inner IPv4 header checksum wrong (RFC 791 §3.1, RFC 1812 §5.2.2). */
    DROP_INNER_BAD_CHECKSUM(1425, "decap-drop-inner-bad-checksum", "inner IPv4 header checksum does not verify"),
    /** No binding for the inner source address (the mobile node's home address). */
    DROP_NO_BINDING(1426, "decap-drop-no-binding", "no binding for the inner source (home) address"),
    /** The binding kept changing while read; the packet is dropped rather than waiting (binding-table.md). */
    DROP_BINDING_BUSY(1427, "decap-drop-binding-busy", "binding entry kept changing under the lookup"),
    /** The tunnel type is not the encapsulation the binding was registered with (RFC 5555 §4.1, §4.2). */
    DROP_VARIANT_MISMATCH(1428, "decap-drop-variant-mismatch", "tunnel type differs from the registered one"),
    /** Outer source is not the registered care-of address: a spoofed or stale packet (RFC 6275 §10.4.5). */
    DROP_CARE_OF_MISMATCH(1429, "decap-drop-care-of-mismatch", "outer source is not the registered care-of"),
    /** UDP source port is not the registered NAT-mapped port (RFC 5555 §4.1). */
    DROP_UDP_PORT_MISMATCH(1430, "decap-drop-udp-port-mismatch", "UDP source port is not the registered one"),
    /** Outer CE on an inner Not-ECT packet: RFC 6040 §4.2 says drop. */
    DROP_ECN_CE_ON_NOT_ECT(1431, "decap-drop-ecn-ce-not-ect", "outer ECN CE on an inner Not-ECT packet"),

    /** Accepted packets whose inner ECN field was changed to CE or ECT(1) from the outer (RFC 6040 §4.2). */
    ECN_PROPAGATED(1440, "decap-ecn-propagated", "inner ECN field set from the outer header (RFC 6040)"),
    /** Accepted packets with an ECN combination RFC 6040 §4.2 marks "(!!!)": to be logged, maybe alarmed. */
    ECN_UNUSED_COMBINATION(1441, "decap-ecn-unused-combination", "RFC 6040 (!!!) inner/outer ECN combination"),
    /** Accepted packets whose inner source was served through a prefix binding (RFC 3963, RFC 5555 §3.1.1). */
    PREFIX_SOURCE(1442, "decap-prefix-source", "inner source accepted through a registered prefix's owner");

    /** Number of per-packet outcomes: ordinals below this are outcomes, the rest are notes. */
    public static final int OUTCOME_COUNT = ECN_PROPAGATED.ordinal();

    static
    {
        CounterDescriptors.requireUnique(values());
    }

    private final CounterInfo info;

    DecapCounter(final int id, final String label, final String description)
    {
        this.info = new CounterInfo(id, label, description);
    }

    /**
     * @param outcome a per-packet outcome code (an ordinal).
     * @return true when the code says the packet was decapsulated and may be forwarded (a keepalive or a packet
     *         to the home agent itself is neither).
     */
    public static boolean isAccepted(final int outcome)
    {
        return outcome >= IPV6_IN_IPV6_OK.ordinal() && outcome <= IPV4_IN_UDP4_OK.ordinal();
    }

    @Override
    public CounterInfo info()
    {
        return info;
    }
}
