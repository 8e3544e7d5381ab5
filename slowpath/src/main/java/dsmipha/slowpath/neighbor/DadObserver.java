package dsmipha.slowpath.neighbor;

/**
 * Hook through which Duplicate Address Detection run on behalf of mobile nodes (RFC 6275 §10.3.1) hears the
 * messages that prove a tentative address is taken (RFC 4862 §5.4.3, §5.4.4): any valid Neighbor Advertisement
 * whose target is the tentative address, and a Neighbor Solicitation for it from the unspecified address (another
 * node running DAD for the same address). The {@link NeighborResolver} asks it after validating each message
 * (RFC 4861 §7.1.1, §7.1.2) and before its own processing. Called on the signaling thread only.
 */
public interface DadObserver
{
    /** Observes nothing: the default until registration plugs in. */
    DadObserver NONE = (port, targetHigh, targetLow, advertisement) -> false;

    /**
     * A valid Neighbor Advertisement, or a Neighbor Solicitation from the unspecified address, arrived.
     *
     * @param port          the port it came in on.
     * @param targetHigh    its target address, octets 0..7.
     * @param targetLow     octets 8..15.
     * @param advertisement true for a Neighbor Advertisement, false for a DAD probe (NS from ::).
     * @return true when the target was tentative on that port: the message was taken as a collision, and the
     *         resolver does nothing more with it.
     */
    boolean onDadCollision(int port, long targetHigh, long targetLow, boolean advertisement);
}
