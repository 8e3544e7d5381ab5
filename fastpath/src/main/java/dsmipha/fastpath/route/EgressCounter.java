package dsmipha.fastpath.route;

import dsmipha.common.counters.CounterDescriptor;
import dsmipha.common.counters.CounterDescriptors;
import dsmipha.common.counters.CounterInfo;

/**
 * Every outcome of stage {@code ip-egress} ({@link Egress}), ids 1600-1629 of the fastpath range (see
 * {@link CounterDescriptor}). Each packet given to the stage ends in exactly one of these.
 * <p>
 * The ordinal of a drop or punt outcome is {@code DROP_INDEX_BASE - status} for the stage's negative status, so the
 * stage counts with one array increment; {@code EgressCounterTest} pins that order.
 */
public enum EgressCounter implements CounterDescriptor
{
    /** IPv4 packet given its Ethernet header and an output port. */
    IPV4_OK(1600, "egress-ip4-ok", "IPv4 packet given an Ethernet header for its next hop"),
    /** IPv6 packet given its Ethernet header and an output port. */
    IPV6_OK(1601, "egress-ip6-ok", "IPv6 packet given an Ethernet header for its next hop"),

    /** No route matches the destination (RFC 1812 §5.2.7.1 and RFC 4443 §3.1 would send an ICMP error). */
    NO_ROUTE(1610, "egress-drop-no-route", "no route to the destination"),
    /** No neighbour entry for the next hop: the worker punts the packet so the resolver starts (VPP's glean). */
    NEIGHBOR_UNRESOLVED(1611, "egress-punt-neighbor-unresolved", "next hop has no neighbour entry: punted to resolve"),
    /** Resolution of the next hop is under way (RFC 4861 §7.2.2 would queue; this stage drops). */
    NEIGHBOR_INCOMPLETE(1612, "egress-drop-neighbor-incomplete", "next hop resolution in progress"),
    /** Resolution of the next hop failed (RFC 4861 §7.3.3; RFC 1122 §2.3.2.2 allows the drop). */
    NEIGHBOR_FAILED(1613, "egress-drop-neighbor-failed", "next hop resolution failed"),
    /** The neighbour entry kept changing under the read; dropped rather than waiting. */
    NEIGHBOR_BUSY(1614, "egress-drop-neighbor-busy", "neighbour entry kept changing under the lookup"),
    /** Fewer than 14 octets of headroom before the packet (FrameLayout metadata must stay intact). */
    NO_HEADROOM(1615, "egress-drop-no-headroom", "no headroom left for the Ethernet header"),
    /** Version nibble neither 4 nor 6, or shorter than the fixed IP header. */
    NOT_IP(1616, "egress-drop-not-ip", "packet at egress is not an IPv4 or IPv6 packet");

    static
    {
        CounterDescriptors.requireUnique(values());
    }

    private final CounterInfo info;

    EgressCounter(final int id, final String label, final String description)
    {
        this.info = new CounterInfo(id, label, description);
    }

    @Override
    public CounterInfo info()
    {
        return info;
    }
}
