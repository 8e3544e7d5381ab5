package dsmipha.ha.config;

import dsmipha.fastpath.route.NeighborState;
import dsmipha.fastpath.route.NeighborTable;

/**
 * A static neighbour (a next hop whose link-layer address is configured rather than resolved).
 *
 * @param port the port index it is on.
 * @param high IPv6 address octets 0..7 (0 for IPv4).
 * @param low  IPv6 address octets 8..15, or the IPv4-mapped form of an IPv4 address.
 * @param mac  its MAC address.
 */
public record NeighborConfig(int port, long high, long low, long mac)
{
    /**
     * @param neighbors the table to add it to.
     * @return the table's result (negative: refused).
     */
    public int addTo(final NeighborTable neighbors)
    {
        return neighbors.put(port, high, low, NeighborState.STATIC, mac);
    }
}
