package dsmipha.slowpath.registration;

import dsmipha.common.counters.CounterSlots;
import dsmipha.slowpath.neighbor.ProxyNeighbor;

/**
 * The home agent's duties on the home link for registered mobile nodes (RFC 6275 §10.4.1, RFC 5555 §4.3,
 * RFC 5944 §4.6): answer ARP and Neighbor Solicitations for their home addresses (the {@link ProxyNeighbor}
 * half), announce a new registration with gratuitous ARP and an unsolicited Neighbor Advertisement, withdraw on
 * deregistration, and run Duplicate Address Detection for an IPv6 home address on its first registration.
 * A virtual home link (the 3GPP model) does none of this. Called on the signaling thread only.
 */
public interface HomeLink extends ProxyNeighbor
{
    /** Outcome of {@link DadListener#onDuplicateAddressDetection}: no other node answered. */
    int DAD_UNIQUE = 0;
    /** Outcome: another node on the home link defends the address (BA status 134). */
    int DAD_DUPLICATE = 1;
    /** Outcome: DAD could not run (no frame, no home port); treated as failure (BA status 134). */
    int DAD_FAILED = 2;

    /** Receives the outcome of a Duplicate Address Detection started by {@link #startDuplicateAddressDetection}. */
    interface DadListener
    {
        /**
         * @param token   the caller's token given at start.
         * @param outcome {@link #DAD_UNIQUE}, {@link #DAD_DUPLICATE} or {@link #DAD_FAILED}.
         * @param nowNs   current time.
         */
        void onDuplicateAddressDetection(long token, int outcome, long nowNs);
    }

    /**
     * A mobile node's home registration was accepted (new or refreshed): from now on proxy its addresses, and on
     * a new registration announce them.
     *
     * @param homeHigh     IPv6 home address octets 0..7.
     * @param homeLow      octets 8..15.
     * @param ipv4Home     IPv4 home address, or 0 when none.
     * @param newBinding   true for a first registration (announce); false for a refresh or movement.
     * @param nowNs        current time.
     */
    void onRegistered(long homeHigh, long homeLow, int ipv4Home, boolean newBinding, long nowNs);

    /**
     * A binding ended (deregistration or expiry): stop proxying its addresses.
     *
     * @param homeHigh IPv6 home address octets 0..7.
     * @param homeLow  octets 8..15.
     * @param ipv4Home IPv4 home address, or 0 when none.
     * @param nowNs    current time.
     */
    void onDeregistered(long homeHigh, long homeLow, int ipv4Home, long nowNs);

    /**
     * @return true when a first registration must wait for Duplicate Address Detection (config).
     */
    boolean duplicateAddressDetection();

    /**
     * Start DAD (RFC 4862 §5.4) for an IPv6 home address; the listener hears the outcome later (at the latest
     * after RetransTimer, 1 s) from {@link #doWork}.
     *
     * @param homeHigh IPv6 home address octets 0..7.
     * @param homeLow  octets 8..15.
     * @param token    passed back to the listener.
     * @param listener receives the outcome.
     * @param nowNs    current time.
     */
    void startDuplicateAddressDetection(long homeHigh, long homeLow, long token, DadListener listener, long nowNs);

    /**
     * Bring counter slots over {@link HomeLinkCounter} up to this home link's counts and publish them.
     *
     * @param slots the home link's slots, written by no one else.
     * @return number of slots published.
     */
    default int publish(final CounterSlots slots)
    {
        return 0;
    }

    /**
     * Run timers (DAD completion, announcement repeats).
     *
     * @param nowNs current time.
     * @return work done.
     */
    int doWork(long nowNs);
}
