package dsmipha.fastpath.route;

/**
 * Every address the home agent itself answers on: each port's IPv4, global IPv6 and link-local IPv6 address, and
 * the home agent service addresses from config (the address mobile nodes send Binding Updates to, RFC 6275 §10.1;
 * the IPv4 address of the DSMIPv6 home agent, RFC 5555 §3.1). The classifier asks it whether a packet is for the
 * home agent (signaling, tunnels from mobile nodes) or to be forwarded.
 * <p>
 * A handful of addresses, kept in flat arrays and searched linearly: a few compares beat a hash for the sizes a
 * home agent has. Immutable after construction, so any number of workers read it without coordination.
 */
public final class LocalAddresses
{
    private final int[] ipv4;
    private final long[] ipv6High;
    private final long[] ipv6Low;

    /**
     * @param ports        the ports' own addresses.
     * @param serviceIpv4  further IPv4 addresses of the home agent.
     * @param serviceIpv6  further IPv6 addresses of the home agent as {high, low} pairs.
     */
    public LocalAddresses(final PortAddresses[] ports, final int[] serviceIpv4, final long[][] serviceIpv6)
    {
        int v4 = serviceIpv4.length;
        int v6 = serviceIpv6.length;
        for (final PortAddresses port : ports)
        {
            v4 += port.hasIpv4() ? 1 : 0;
            v6 += port.hasIpv6() ? 2 : 1;
        }
        ipv4 = new int[v4];
        ipv6High = new long[v6];
        ipv6Low = new long[v6];
        int i4 = 0;
        int i6 = 0;
        for (final PortAddresses port : ports)
        {
            if (port.hasIpv4())
            {
                ipv4[i4++] = port.ipv4Address();
            }
            if (port.hasIpv6())
            {
                ipv6High[i6] = port.ipv6High();
                ipv6Low[i6++] = port.ipv6Low();
            }
            ipv6High[i6] = port.linkLocalHigh();
            ipv6Low[i6++] = port.linkLocalLow();
        }
        for (final int address : serviceIpv4)
        {
            ipv4[i4++] = address;
        }
        for (final long[] address : serviceIpv6)
        {
            if (address.length != 2)
            {
                throw new IllegalArgumentException("an IPv6 service address is {high, low}");
            }
            ipv6High[i6] = address[0];
            ipv6Low[i6++] = address[1];
        }
    }

    /**
     * @param address an IPv4 address.
     * @return true when it is one of the home agent's own.
     */
    public boolean isLocalIpv4(final int address)
    {
        for (final int local : ipv4)
        {
            if (local == address)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @param high high 64 bits of an IPv6 address.
     * @param low  low 64 bits.
     * @return true when it is one of the home agent's own.
     */
    public boolean isLocalIpv6(final long high, final long low)
    {
        for (int i = 0; i < ipv6High.length; i++)
        {
            if (ipv6Low[i] == low && ipv6High[i] == high)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @return number of IPv4 addresses held.
     */
    public int ipv4Count()
    {
        return ipv4.length;
    }

    /**
     * @return number of IPv6 addresses held (link-local ones included).
     */
    public int ipv6Count()
    {
        return ipv6High.length;
    }
}
