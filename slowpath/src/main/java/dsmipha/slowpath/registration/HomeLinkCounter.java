package dsmipha.slowpath.registration;

import dsmipha.common.counters.CounterDescriptor;
import dsmipha.common.counters.CounterDescriptors;
import dsmipha.common.counters.CounterInfo;

/**
 * Outcomes of the home agent's home link duties ({@link ProxyHomeLink}, {@link VirtualHomeLink}), ids 2350-2399 of
 * the slowpath range (see {@link CounterDescriptor}): addresses proxied and withdrawn, announcements sent,
 * Duplicate Address Detection runs and their outcomes, and every reason something was not done.
 */
public enum HomeLinkCounter implements CounterDescriptor
{
    /** IPv6 home addresses that started being proxied (RFC 6275 §10.4.1). */
    PROXY_IPV6_ADDED(2350, "hl-proxy-ipv6-added", "IPv6 home addresses proxied from now on"),
    /** IPv4 home addresses that started being proxied (RFC 5555 §4.3, RFC 5944 §4.6). */
    PROXY_IPV4_ADDED(2351, "hl-proxy-ipv4-added", "IPv4 home addresses proxied from now on"),
    /** IPv6 home addresses no longer proxied (deregistration or expiry). */
    PROXY_IPV6_REMOVED(2352, "hl-proxy-ipv6-removed", "IPv6 home addresses no longer proxied"),
    /** IPv4 home addresses no longer proxied (deregistration or expiry). */
    PROXY_IPV4_REMOVED(2353, "hl-proxy-ipv4-removed", "IPv4 home addresses no longer proxied"),
    /** Unsolicited Neighbor Advertisements sent for a new registration (RFC 6275 §10.4.1, RFC 4861 §7.2.6). */
    TX_UNSOLICITED_ADVERTISEMENT(2354, "hl-tx-unsolicited-na", "unsolicited Neighbor Advertisements sent"),
    /** Gratuitous ARP requests sent for a new registration (RFC 5944 §4.6, RFC 5227 §3). */
    TX_GRATUITOUS_ARP(2355, "hl-tx-gratuitous-arp", "gratuitous ARP announcements sent"),
    /** Duplicate Address Detection probes sent: NS from :: to the solicited-node address (RFC 4862 §5.4.2). */
    TX_DAD_SOLICITATION(2356, "hl-tx-dad-ns", "Duplicate Address Detection Neighbor Solicitations sent"),
    /** DAD runs that ended with no other node claiming the address (RFC 4862 §5.4). */
    DAD_UNIQUE(2357, "hl-dad-unique", "Duplicate Address Detection runs that found the address unique"),
    /** DAD runs ended by a Neighbor Advertisement for the tentative address (RFC 4862 §5.4.4). */
    DAD_DUPLICATE_ADVERTISEMENT(2358, "hl-dad-duplicate-na",
        "DAD runs ended as duplicate by a Neighbor Advertisement for the address"),
    /** DAD runs ended by another node's DAD probe for the same address (RFC 4862 §5.4.3). */
    DAD_DUPLICATE_PROBE(2359, "hl-dad-duplicate-ns",
        "DAD runs ended as duplicate by another node's probe for the address"),
    /** DAD runs that failed because the probe could not be sent (the link transmitter refused it). */
    DAD_FAILED_TX_REFUSED(2360, "hl-dad-failed-tx-refused", "DAD runs failed: probe refused by the transmitter"),
    /** DAD runs refused because the table of pending runs was full (reported as failure, BA status 134). */
    DAD_FAILED_TABLE_FULL(2361, "hl-dad-failed-table-full", "DAD runs failed: too many runs pending"),
    /** DAD runs refused for an address that cannot be a unicast home address (unspecified or multicast). */
    DAD_FAILED_BAD_ADDRESS(2362, "hl-dad-failed-bad-address", "DAD runs failed: not a unicast address"),
    /** An announcement frame (unsolicited NA or gratuitous ARP) refused by the link transmitter. */
    DROP_TX_REFUSED(2363, "hl-drop-tx-refused", "announcement frames refused by the link transmitter"),
    /** Repeats of a new registration's announcements not scheduled: the repeat queue was full. */
    DROP_ANNOUNCE_QUEUE_FULL(2364, "hl-drop-announce-queue-full",
        "announcement repeats not scheduled: repeat queue full"),
    /** A deregistration for an address that was not proxied: nothing to withdraw. */
    DEREGISTER_NOT_PROXIED(2365, "hl-deregister-not-proxied", "deregistrations for addresses not proxied"),
    /** A home address that cannot be proxied (IPv6 multicast, IPv4 multicast or limited broadcast): ignored. */
    DROP_BAD_ADDRESS(2366, "hl-drop-bad-address", "home addresses that are not unicast: not proxied"),
    /** Registrations on a virtual home link (3GPP): nothing proxied, announced or detected. */
    VIRTUAL_REGISTRATION(2367, "hl-virtual-registration", "registrations on a virtual home link (no proxying)"),
    /** DAD requests on a virtual home link: reported unique without a probe. */
    VIRTUAL_DAD_SKIPPED(2368, "hl-virtual-dad-skipped", "DAD requests on a virtual home link answered unique");

    static
    {
        CounterDescriptors.requireUnique(values());
    }

    private final CounterInfo info;

    HomeLinkCounter(final int id, final String label, final String description)
    {
        this.info = new CounterInfo(id, label, description);
    }

    @Override
    public CounterInfo info()
    {
        return info;
    }
}
