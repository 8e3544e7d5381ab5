package dsmipha.slowpath.neighbor;

import dsmipha.common.counters.CounterDescriptor;
import dsmipha.common.counters.CounterDescriptors;
import dsmipha.common.counters.CounterInfo;

/**
 * Outcomes of the neighbour resolver ({@link NeighborResolver}), ids 2100-2129 of the slowpath range (see
 * {@link CounterDescriptor}): what it received, sent, learnt and aged, and every reason it dropped a message.
 */
public enum NeighborCounter implements CounterDescriptor
{
    /** ARP requests received (RFC 826). */
    RX_ARP_REQUEST(2100, "nd-rx-arp-request", "ARP requests received"),
    /** ARP replies received (RFC 826). */
    RX_ARP_REPLY(2101, "nd-rx-arp-reply", "ARP replies received"),
    /** Neighbor Solicitations received (RFC 4861 §7.2.3). */
    RX_NEIGHBOR_SOLICITATION(2102, "nd-rx-ns", "Neighbor Solicitations received"),
    /** Neighbor Advertisements received (RFC 4861 §7.2.5). */
    RX_NEIGHBOR_ADVERTISEMENT(2103, "nd-rx-na", "Neighbor Advertisements received"),
    /** Router Solicitations and Advertisements and Redirects: punted with ND but not the resolver's to answer. */
    RX_ND_OTHER(2118, "nd-rx-other", "Router Solicitation/Advertisement and Redirect messages (not handled here)"),
    /** Packets punted by egress because their next hop had no entry (VPP's glean). */
    RX_UNRESOLVED(2104, "nd-rx-unresolved", "packets punted for a next hop without a neighbour entry"),
    /** ARP requests sent: resolution, retransmission and unicast probes. */
    TX_ARP_REQUEST(2105, "nd-tx-arp-request", "ARP requests sent"),
    /** ARP replies sent for our own addresses (RFC 826 "Packet Reception"). */
    TX_ARP_REPLY(2106, "nd-tx-arp-reply", "ARP replies sent"),
    /** Neighbor Solicitations sent: multicast resolution (RFC 4861 §7.2.2) and unicast probes (§7.3.3). */
    TX_NEIGHBOR_SOLICITATION(2107, "nd-tx-ns", "Neighbor Solicitations sent"),
    /** Solicited Neighbor Advertisements sent (RFC 4861 §7.2.4). */
    TX_NEIGHBOR_ADVERTISEMENT(2108, "nd-tx-na", "Neighbor Advertisements sent"),
    /** Entries created or whose link-layer address changed from a received message. */
    LEARNED(2109, "nd-learned", "neighbour entries created or changed from received messages"),
    /** INCOMPLETE entries that got their link-layer address. */
    RESOLVED(2110, "nd-resolved", "next hops resolved (INCOMPLETE to REACHABLE or STALE)"),
    /** Resolutions that gave up after MAX_MULTICAST_SOLICIT tries (RFC 4861 §7.2.2): entry FAILED. */
    RESOLUTION_FAILED(2111, "nd-resolution-failed", "resolutions failed after MAX_MULTICAST_SOLICIT tries"),
    /** REACHABLE entries aged to STALE after REACHABLE_TIME (RFC 4861 §7.3.3). */
    AGED_TO_STALE(2112, "nd-aged-to-stale", "REACHABLE entries aged to STALE"),
    /** STALE entries removed after MAX_UNICAST_SOLICIT unanswered probes (RFC 4861 §7.3.3). */
    STALE_REMOVED(2113, "nd-stale-removed", "STALE entries removed after unanswered unicast probes"),
    /** FAILED entries removed after their hold time, so that a new packet may try again. */
    FAILED_EXPIRED(2114, "nd-failed-expired", "FAILED entries removed after the hold time"),
    /** ARP requests and Neighbor Solicitations answered for a proxied address (the {@link ProxyNeighbor} hook). */
    PROXY_ANSWERED(2115, "nd-proxy-answered", "ARP/NS answered for a proxied (mobile node home) address"),
    /** Packets punted for a next hop that already has an entry: nothing sent (RFC 1122 §2.3.2.1 rate limit). */
    UNRESOLVED_PENDING(2116, "nd-unresolved-pending", "punted packets for a next hop already being resolved"),
    /** A received message would have changed a static entry: ignored. */
    STATIC_KEPT(2117, "nd-static-kept", "learning over a static entry refused"),
    /** ARP or Neighbor Discovery message that fails validation (RFC 826; RFC 4861 §7.1.1, §7.1.2). */
    DROP_MALFORMED(2120, "nd-drop-malformed", "ARP/ND message failed validation"),
    /** ARP request or Neighbor Solicitation for an address that is neither ours nor proxied. */
    DROP_NOT_FOR_US(2121, "nd-drop-not-for-us", "ARP request/NS for an address not ours"),
    /** Neighbor Advertisement with no entry for its target (RFC 4861 §7.2.5: silently discarded). */
    DROP_UNSOLICITED_ADVERTISEMENT(2122, "nd-drop-unsolicited-na", "Neighbor Advertisement for no entry"),
    /** The neighbour table is full: no new entry. */
    DROP_TABLE_FULL(2123, "nd-drop-table-full", "neighbour table full"),
    /** The port has no address of the family to solicit from (no IPv4 address for ARP). */
    DROP_NO_SOURCE_ADDRESS(2124, "nd-drop-no-source-address", "no own address on the port to resolve from"),
    /** Punted next hop on an unknown port or a multicast/unspecified address. */
    DROP_BAD_NEXT_HOP(2125, "nd-drop-bad-next-hop", "punted next hop on an unknown port or not unicast"),
    /** The link transmitter refused a frame. */
    DROP_TX_REFUSED(2126, "nd-drop-tx-refused", "frame refused by the link transmitter");

    static
    {
        CounterDescriptors.requireUnique(values());
    }

    private final CounterInfo info;

    NeighborCounter(final int id, final String label, final String description)
    {
        this.info = new CounterInfo(id, label, description);
    }

    @Override
    public CounterInfo info()
    {
        return info;
    }
}
