package dsmipha.ha.config;

import dsmipha.fastpath.route.RouteTable;

/**
 * A static route: a prefix reached through a port, via a gateway or connected.
 *
 * @param ipv6       an IPv6 route (else IPv4).
 * @param high       IPv6 prefix octets 0..7; for IPv4, 0.
 * @param low        IPv6 prefix octets 8..15; for IPv4, the prefix as a big-endian number in the low 32 bits.
 * @param length     prefix length.
 * @param port       output port index.
 * @param viaHigh    IPv6 gateway octets 0..7 (0 with viaLow 0: connected); unused for IPv4.
 * @param viaLow     IPv6 gateway octets 8..15, or the IPv4 gateway in the low 32 bits (0: connected).
 */
public record RouteConfig(boolean ipv6, long high, long low, int length, int port, long viaHigh, long viaLow)
{
    /**
     * @param routes the table to add this route to.
     * @return the table's result (negative: refused).
     */
    public int addTo(final RouteTable routes)
    {
        final boolean connected = viaHigh == 0 && viaLow == 0;
        if (ipv6)
        {
            return connected ? routes.addIpv6Connected(high, low, length, port) :
                routes.addIpv6(high, low, length, port, viaHigh, viaLow);
        }
        return connected ? routes.addIpv4Connected((int)low, length, port) :
            routes.addIpv4((int)low, length, port, (int)viaLow);
    }
}
