package dsmipha.slowpath.registration;

import dsmipha.common.counters.CounterDescriptor;
import dsmipha.common.counters.CounterDescriptors;
import dsmipha.common.counters.CounterInfo;

/**
 * Outcomes of home registration ({@link RegistrationProcessor}), ids 2200-2299 of the slowpath range (see
 * {@link CounterDescriptor}): what it received, accepted, expired and sent, and every reason it discarded or
 * rejected a Binding Update or refused an IPv4 home address.
 * <pre>
 *   2200-2219  events (received, accepted, sent, expired)
 *   2220-2239  silent discards
 *   2240-2259  rejections (Binding Ack status &gt;= 128)
 *   2260-2279  IPv4 home address refusals (IPv4 Address Ack status &gt;= 128, registration still accepted)
 * </pre>
 */
public enum RegistrationCounter implements CounterDescriptor
{
    /** Binding Updates handed to the registration rules. */
    RX_BINDING_UPDATE(2200, "reg-rx-bu", "Binding Updates received by the registration rules"),
    /** First registrations accepted (a new binding cache entry). */
    ACCEPTED_NEW(2201, "reg-accepted-new", "home registrations accepted that created a binding"),
    /** Refreshes and movements of an existing binding accepted (RFC 6275 §10.3.1). */
    ACCEPTED_REFRESH(2202, "reg-accepted-refresh", "home registrations accepted that refreshed or moved a binding"),
    /** Deregistrations accepted (RFC 6275 §10.3.2). */
    DEREGISTERED(2203, "reg-deregistered", "bindings removed by a deregistration"),
    /** Bindings removed because their lifetime ran out (RFC 6275 §10.3.1). */
    EXPIRED(2204, "reg-expired", "bindings removed at the end of their lifetime"),
    /** Binding Acknowledgements handed to the sender. */
    TX_BINDING_ACK(2205, "reg-tx-ba", "Binding Acknowledgements sent"),
    /** Binding Refresh Requests handed to the sender (RFC 6275 §9.5.5). */
    TX_REFRESH_REQUEST(2206, "reg-tx-brr", "Binding Refresh Requests sent before expiry"),
    /** Duplicate Address Detections started for a first registration (RFC 6275 §10.3.1). */
    DAD_STARTED(2207, "reg-dad-started", "DAD runs started for first registrations"),
    /** Binding Updates over IPv4/UDP whose IPv4 CoA option differed from the outer source (RFC 5555 §4.1). */
    NAT_DETECTED(2208, "reg-nat-detected", "registrations with a NAT detected on the path"),
    /** IPv4 home addresses or prefixes granted (RFC 5555 §3.2.1 status 0). */
    IPV4_GRANTED(2209, "reg-ipv4-granted", "IPv4 home addresses or prefixes granted"),
    /** Bindings restored (after a restart). */
    RESTORED(2210, "reg-restored", "bindings restored from a saved record"),
    /** Saved records refused on restore (expired, outside the home prefixes, or the tables refused them). */
    RESTORE_REFUSED(2211, "reg-restore-refused", "saved bindings refused on restore"),
    /** A new registration config was taken (SIGHUP); bindings stay. */
    RELOADED(2212, "reg-reloaded", "registration configs reloaded without dropping bindings"),
    /** A dynamic IPv4 lease of an existing binding lies outside the reloaded pools; it stays until the binding ends. */
    RELOAD_LEASE_OUTSIDE_POOL(2213, "reg-reload-lease-outside", "leases kept outside the pools after a reload"),

    /** No IPsec protection and unprotected signaling not allowed (RFC 6275 §5.1, §9.5.1). */
    DROP_UNPROTECTED(2220, "reg-drop-unprotected", "Binding Updates without IPsec protection discarded"),
    /** H flag clear: a correspondent registration, not served (RFC 6275 §9.5.1, no Binding Authorization Data). */
    DROP_NOT_HOME_REGISTRATION(2221, "reg-drop-not-home-registration",
        "Binding Updates without the H flag (correspondent registrations) discarded"),
    /** Flags of other protocols (M RFC 5380, T RFC 5845, B RFC 6602, S RFC 7161, D RFC 8885) on a home registration. */
    DROP_UNSUPPORTED_FLAGS(2222, "reg-drop-unsupported-flags",
        "Binding Updates with M/T/B/S/D flags this home agent does not serve discarded"),
    /** A Binding Update for a home address whose DAD is still running: the retransmission is answered later. */
    DROP_DAD_IN_PROGRESS(2223, "reg-drop-dad-in-progress", "Binding Updates discarded while DAD runs"),

    /** P flag: proxy registration not enabled (RFC 5213 §5.3.1, status 152). */
    REJECT_PROXY_REGISTRATION(2240, "reg-reject-proxy", "proxy registrations rejected (152)"),
    /** Home address outside every home prefix (RFC 6275 §10.3.1, status 132). */
    REJECT_NOT_HOME_SUBNET(2241, "reg-reject-not-home-subnet", "home address not in a home prefix (132)"),
    /** No policy for the home address and home-prefix authorization off (RFC 6275 §10.3.1, status 133). */
    REJECT_NOT_AUTHORIZED(2242, "reg-reject-not-authorized", "mobile node not served by this home agent (133)"),
    /** Sequence number not greater than the last accepted (RFC 6275 §9.5.1, status 135). */
    REJECT_SEQUENCE(2243, "reg-reject-sequence", "sequence number out of window (135)"),
    /** Deregistration for a home address without a binding (RFC 6275 §10.3.2, status 133). */
    REJECT_DEREGISTRATION_NO_BINDING(2244, "reg-reject-dereg-no-binding",
        "deregistrations of no binding (133)"),
    /** Care-of address not a unicast address (RFC 6275 §6.1.8 status 174). */
    REJECT_INVALID_CARE_OF(2245, "reg-reject-invalid-care-of", "care-of address not unicast (174)"),
    /** Binding Update over IPv4 without the IPv4 Care-of Address option (RFC 5555 §4.1, status 174). */
    REJECT_MISSING_IPV4_CARE_OF(2246, "reg-reject-missing-ipv4-care-of",
        "Binding Updates over IPv4 without an IPv4 CoA option (174)"),
    /** Over protocol 41 the IPv4 CoA option differs from the outer source (RFC 5555 §4.1, status 174). */
    REJECT_CARE_OF_MISMATCH(2247, "reg-reject-care-of-mismatch",
        "protocol 41 Binding Updates whose IPv4 CoA option is not the outer source (174)"),
    /** DAD found the home address in use or could not run (RFC 6275 §10.3.1, status 134). */
    REJECT_DAD_FAILED(2248, "reg-reject-dad-failed", "duplicate address detection failed (134)"),
    /** Too many DAD runs pending (status 130). */
    REJECT_DAD_BUSY(2249, "reg-reject-dad-busy", "too many pending DAD runs (130)"),
    /** The binding or prefix table refused an entry (full or probe limit, status 130); nothing published. */
    REJECT_TABLE_FULL(2250, "reg-reject-table-full", "fastpath tables refused the binding (130)"),
    /** R flag without mobile router rights (RFC 3963 §6.2, status 140). */
    REJECT_MOBILE_ROUTER_NOT_PERMITTED(2251, "reg-reject-mr-not-permitted",
        "mobile router operation not permitted (140)"),
    /** Malformed Mobile Network Prefix (RFC 3963 §6.2, status 141). */
    REJECT_INVALID_PREFIX(2252, "reg-reject-invalid-prefix", "invalid mobile network prefix (141)"),
    /** Mobile Network Prefix not the router's (RFC 3963 §6.2, status 142). */
    REJECT_PREFIX_NOT_AUTHORIZED(2253, "reg-reject-prefix-not-authorized",
        "mobile router not authorized for prefix (142)"),
    /** Implicit mode with no configured prefix (RFC 3963 §6.2, status 143). */
    REJECT_PREFIX_UNAVAILABLE(2254, "reg-reject-prefix-unavailable",
        "no mobile network prefix configured for implicit mode (143)"),

    /** IPv4 home address other than the one assigned (RFC 5555 §3.2.1 status 130). */
    IPV4_INCORRECT_HOME_ADDRESS(2260, "reg-ipv4-incorrect", "IPv4 home address not the assigned one (130)"),
    /** IPv4 home address outside the home subnets or not unicast (RFC 5555 §3.2.1 status 131). */
    IPV4_INVALID_ADDRESS(2261, "reg-ipv4-invalid", "IPv4 home address invalid (131)"),
    /** Dynamic IPv4 home address pool exhausted (RFC 5555 §3.2.1 status 132). */
    IPV4_DYNAMIC_UNAVAILABLE(2262, "reg-ipv4-pool-empty", "no dynamic IPv4 home address available (132)"),
    /** Dynamic IPv4 home address not allowed for this node (RFC 5555 §3.2.1 status 129). */
    IPV4_PROHIBITED(2263, "reg-ipv4-prohibited", "IPv4 home address administratively prohibited (129)"),
    /** IPv4 prefix not authorized or none available (RFC 5555 §3.2.1 status 133). */
    IPV4_PREFIX_UNAUTHORIZED(2264, "reg-ipv4-prefix-unauthorized", "IPv4 prefix allocation unauthorized (133)");

    static
    {
        CounterDescriptors.requireUnique(values());
    }

    private final CounterInfo info;

    RegistrationCounter(final int id, final String label, final String description)
    {
        this.info = new CounterInfo(id, label, description);
    }

    @Override
    public CounterInfo info()
    {
        return info;
    }
}
