package dsmipha.fastpath.route;

/**
 * One immutable version of the {@link RouteTable}: the routes of both families in flat arrays, sorted by prefix
 * length, longest first, so the first prefix that matches is the longest match (RFC 1812 §5.2.4.3 for IPv4; the
 * same rule for IPv6, RFC 4291 §2.5). A worker takes the table's current snapshot once per packet (one acquire
 * load) and reads every field of the route it matched from that same snapshot, so a route change between lookup
 * and use can never mix two versions.
 * <p>
 * Route indices are per snapshot: IPv4 routes are 0..ipv4Count-1, IPv6 routes follow. The snapshot of a table
 * never has more than the table's capacity of routes, so a worker can size per-route arrays (such as cached
 * neighbour slots) by {@link RouteTable#capacity()}.
 * <p>
 * Lookup is a linear walk: a home agent's config holds a handful of routes (the home link, an access link, a
 * default), where a few compares cost less than any trie. A deployment with hundreds of routes should put the
 * binding module's LPM table behind this same API (docs/egress.md).
 */
public final class RouteSnapshot
{
    /** {@link #lookupIpv4}/{@link #lookupIpv6} result: no route matches. */
    public static final int NO_ROUTE = -1;

    static final RouteSnapshot EMPTY = new RouteSnapshot(0, 0, 0, new int[0], new int[0], new long[0], new long[0],
        new long[0], new long[0], new int[0], new int[0], new boolean[0], new long[0], new long[0]);

    private final long generation;
    private final int ipv4Count;
    private final int ipv6Count;
    private final int[] ipv4Prefix;
    private final int[] ipv4Mask;
    private final long[] ipv6PrefixHigh;
    private final long[] ipv6PrefixLow;
    private final long[] ipv6MaskHigh;
    private final long[] ipv6MaskLow;
    private final int[] prefixLength;
    private final int[] port;
    private final boolean[] connected;
    private final long[] gatewayHigh;
    private final long[] gatewayLow;

    RouteSnapshot(
        final long generation,
        final int ipv4Count,
        final int ipv6Count,
        final int[] ipv4Prefix,
        final int[] ipv4Mask,
        final long[] ipv6PrefixHigh,
        final long[] ipv6PrefixLow,
        final long[] ipv6MaskHigh,
        final long[] ipv6MaskLow,
        final int[] prefixLength,
        final int[] port,
        final boolean[] connected,
        final long[] gatewayHigh,
        final long[] gatewayLow)
    {
        this.generation = generation;
        this.ipv4Count = ipv4Count;
        this.ipv6Count = ipv6Count;
        this.ipv4Prefix = ipv4Prefix;
        this.ipv4Mask = ipv4Mask;
        this.ipv6PrefixHigh = ipv6PrefixHigh;
        this.ipv6PrefixLow = ipv6PrefixLow;
        this.ipv6MaskHigh = ipv6MaskHigh;
        this.ipv6MaskLow = ipv6MaskLow;
        this.prefixLength = prefixLength;
        this.port = port;
        this.connected = connected;
        this.gatewayHigh = gatewayHigh;
        this.gatewayLow = gatewayLow;
    }

    /**
     * Longest prefix match of an IPv4 destination.
     *
     * @param destination the IPv4 destination address.
     * @return the route index, or {@link #NO_ROUTE}.
     */
    public int lookupIpv4(final int destination)
    {
        final int[] prefix = ipv4Prefix;
        final int[] mask = ipv4Mask;
        for (int r = 0; r < ipv4Count; r++)
        {
            if ((destination & mask[r]) == prefix[r])
            {
                return r;
            }
        }
        return NO_ROUTE;
    }

    /**
     * Longest prefix match of an IPv6 destination.
     *
     * @param high destination octets 0..7 as a big-endian number.
     * @param low  destination octets 8..15.
     * @return the route index, or {@link #NO_ROUTE}.
     */
    public int lookupIpv6(final long high, final long low)
    {
        final long[] prefixHigh = ipv6PrefixHigh;
        final long[] prefixLow = ipv6PrefixLow;
        final long[] maskHigh = ipv6MaskHigh;
        final long[] maskLow = ipv6MaskLow;
        for (int i = 0; i < ipv6Count; i++)
        {
            if ((high & maskHigh[i]) == prefixHigh[i] && (low & maskLow[i]) == prefixLow[i])
            {
                return ipv4Count + i;
            }
        }
        return NO_ROUTE;
    }

    /**
     * @return a number that grows with every change of the table; equal generations mean equal routes.
     */
    public long generation()
    {
        return generation;
    }

    /**
     * @return number of IPv4 routes.
     */
    public int ipv4Count()
    {
        return ipv4Count;
    }

    /**
     * @return number of IPv6 routes.
     */
    public int ipv6Count()
    {
        return ipv6Count;
    }

    /**
     * @param route a route index.
     * @return true for an IPv4 route.
     */
    public boolean isIpv4(final int route)
    {
        return route < ipv4Count;
    }

    /**
     * @param route a route index.
     * @return its prefix length.
     */
    public int prefixLength(final int route)
    {
        return prefixLength[route];
    }

    /**
     * @param route a route index.
     * @return its IPv4 prefix (route must be IPv4).
     */
    public int ipv4Prefix(final int route)
    {
        return ipv4Prefix[route];
    }

    /**
     * @param route a route index.
     * @return high 64 bits of its IPv6 prefix (route must be IPv6).
     */
    public long ipv6PrefixHigh(final int route)
    {
        return ipv6PrefixHigh[route - ipv4Count];
    }

    /**
     * @param route a route index.
     * @return low 64 bits of its IPv6 prefix (route must be IPv6).
     */
    public long ipv6PrefixLow(final int route)
    {
        return ipv6PrefixLow[route - ipv4Count];
    }

    /**
     * @param route a route index.
     * @return the output port.
     */
    public int port(final int route)
    {
        return port[route];
    }

    /**
     * @param route a route index.
     * @return true when the prefix is on the port's link: the destination itself is the next hop.
     */
    public boolean isConnected(final int route)
    {
        return connected[route];
    }

    /**
     * @param route a route index.
     * @return high 64 bits of the gateway (IPv4 gateways IPv4-mapped); 0 for a connected route.
     */
    public long gatewayHigh(final int route)
    {
        return gatewayHigh[route];
    }

    /**
     * @param route a route index.
     * @return low 64 bits of the gateway; 0 for a connected route.
     */
    public long gatewayLow(final int route)
    {
        return gatewayLow[route];
    }

    /**
     * @return number of routes of both families.
     */
    public int size()
    {
        return ipv4Count + ipv6Count;
    }
}
