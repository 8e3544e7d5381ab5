package dsmipha.slowpath.neighbor;

/**
 * Hook for proxy ARP and proxy Neighbor Discovery: which addresses the home agent answers for on behalf of away
 * mobile nodes. A home agent intercepts packets for a registered home address by answering ARP requests (RFC 5944
 * §4.6, RFC 5555 §4.3 for the IPv4 home address) and Neighbor Solicitations (RFC 6275 §10.4.1) for it with its own
 * link-layer address.
 * <p>
 * The decision belongs to the registration work (the binding manager knows which mobile nodes are away and on
 * which home link); it implements this interface. The resolver only asks it and, on a yes, answers with the
 * ingress port's MAC. The gratuitous announcements RFC 6275 §10.4.1 requires on registration are the registration
 * work's too. Called on the signaling thread only.
 */
public interface ProxyNeighbor
{
    /** Proxies nothing: the default until registration plugs in. */
    ProxyNeighbor NONE = new ProxyNeighbor()
    {
        @Override
        public boolean proxiesIpv4(final int port, final int address)
        {
            return false;
        }

        @Override
        public boolean proxiesIpv6(final int port, final long high, final long low)
        {
            return false;
        }
    };

    /**
     * @param port    the port the ARP request came in on (the home link).
     * @param address the IPv4 address asked for.
     * @return true when the home agent answers for it (an away mobile node's IPv4 home address).
     */
    boolean proxiesIpv4(int port, int address);

    /**
     * @param port the port the Neighbor Solicitation came in on.
     * @param high target address octets 0..7.
     * @param low  target address octets 8..15.
     * @return true when the home agent answers for it (an away mobile node's home address).
     */
    boolean proxiesIpv6(int port, long high, long low);
}
