package dsmipha.fastpath.route;

/**
 * States of a neighbour cache entry, named as RFC 4861 §7.3.2 names them, plus {@link #FAILED} (resolution gave up,
 * RFC 4861 §7.3.3 "address resolution fails") and {@link #STATIC} (configured, never aged or learned over).
 * <p>
 * Codes are small ints so the fastpath compares them without touching an enum; {@code 0} is never a state.
 * <pre>
 *   (no entry) --punted NEIGHBOR_UNRESOLVED--> INCOMPLETE --reply--> REACHABLE --REACHABLE_TIME--> STALE
 *                                               |  3 x RETRANS_TIMER, no reply          |  reply: REACHABLE
 *                                               v                                      |  3 unicast probes
 *                                             FAILED --hold time--> (no entry)  <------+  unanswered: removed
 * </pre>
 */
public final class NeighborState
{
    /** Address resolution is in progress and the link-layer address is not yet known (RFC 4861 §7.3.2). */
    public static final int INCOMPLETE = 1;
    /** Positive confirmation was received within REACHABLE_TIME (RFC 4861 §7.3.2). */
    public static final int REACHABLE = 2;
    /** The link-layer address is known but reachability is unconfirmed; still used to send (RFC 4861 §7.3.2). */
    public static final int STALE = 3;
    /** Resolution failed after MAX_MULTICAST_SOLICIT tries; packets to the neighbour are dropped for a while. */
    public static final int FAILED = 4;
    /** Configured: never aged, never changed by learning. */
    public static final int STATIC = 5;

    private NeighborState()
    {
    }

    /**
     * @param state a state code.
     * @return true when a packet may be sent with the entry's link-layer address.
     */
    public static boolean isUsable(final int state)
    {
        return state == REACHABLE || state == STALE || state == STATIC;
    }

    /**
     * @param state a state code.
     * @return true for one of the codes above.
     */
    public static boolean isValid(final int state)
    {
        return state >= INCOMPLETE && state <= STATIC;
    }

    /**
     * @param state a state code.
     * @return its name, for logs and tests.
     */
    public static String name(final int state)
    {
        switch (state)
        {
            case INCOMPLETE:
                return "INCOMPLETE";
            case REACHABLE:
                return "REACHABLE";
            case STALE:
                return "STALE";
            case FAILED:
                return "FAILED";
            case STATIC:
                return "STATIC";
            default:
                return "UNKNOWN(" + state + ")";
        }
    }
}
