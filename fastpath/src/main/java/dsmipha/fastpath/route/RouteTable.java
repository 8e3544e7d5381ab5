package dsmipha.fastpath.route;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The egress routing table: prefix to (output port, next hop), IPv4 and IPv6, longest prefix match. A route either
 * names a gateway (the next hop is that router) or is <em>connected</em> (the prefix is on the port's link and the
 * destination itself is the next hop, RFC 1812 §5.2.4.3, RFC 4861 §5.2 "next-hop determination").
 * <p>
 * <b>Single writer, copy on write.</b> The config (or slowpath) thread changes routes; each change builds a new
 * immutable {@link RouteSnapshot} and publishes it with one release store. Workers read {@link #snapshot()} with
 * one acquire load and never see a half-made change. Routes change rarely (config, not traffic), so allocating a
 * new snapshot per change is cheap and keeps the readers' path free of seqlocks and retries; nothing allocates on
 * the packet path.
 * <p>
 * Keys are numbers as read big-endian off the wire: an IPv4 prefix is an {@code int}, an IPv6 prefix two
 * {@code long}s. IPv4 gateways are kept IPv4-mapped ({@code ::ffff:a.b.c.d}, RFC 4291 §2.5.5.2), the
 * {@link NeighborTable}'s key form.
 */
public final class RouteTable
{
    /** Change result: a route was added. */
    public static final int ADDED = 1;
    /** Change result: the route of that prefix was replaced. */
    public static final int REPLACED = 2;
    /** Change result: the route was removed. */
    public static final int REMOVED = 3;
    /** Change result: no route for that prefix. */
    public static final int NOT_FOUND = -1;
    /** Change result: the table holds its capacity of routes; nothing changed. */
    public static final int TABLE_FULL = -10;
    /**
     * Change result: bad length, host bits set past the prefix length, port out of range, or an unspecified or
     * multicast gateway; nothing changed.
     */
    public static final int INVALID = -12;

    private static final VarHandle SNAPSHOT;

    static
    {
        try
        {
            SNAPSHOT = MethodHandles.lookup().findVarHandle(RouteTable.class, "current", RouteSnapshot.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final int capacity;
    private final int portCount;

    // Writer-side master copy, unsorted.
    private final boolean[] ipv6;
    private final long[] prefixHigh;
    private final long[] prefixLow;
    private final int[] length;
    private final int[] port;
    private final boolean[] connected;
    private final long[] gatewayHigh;
    private final long[] gatewayLow;
    private int size;
    private long generation;

    @SuppressWarnings("unused")
    private RouteSnapshot current = RouteSnapshot.EMPTY;

    /**
     * @param capacity  most routes of both families together.
     * @param portCount number of ports; a route's port must be below it.
     */
    public RouteTable(final int capacity, final int portCount)
    {
        if (capacity < 1 || portCount < 1)
        {
            throw new IllegalArgumentException("capacity and port count must be positive");
        }
        this.capacity = capacity;
        this.portCount = portCount;
        ipv6 = new boolean[capacity];
        prefixHigh = new long[capacity];
        prefixLow = new long[capacity];
        length = new int[capacity];
        port = new int[capacity];
        connected = new boolean[capacity];
        gatewayHigh = new long[capacity];
        gatewayLow = new long[capacity];
    }

    /**
     * @return the routes now in force. Any thread; one acquire load, no allocation.
     */
    public RouteSnapshot snapshot()
    {
        return (RouteSnapshot)SNAPSHOT.getAcquire(this);
    }

    /**
     * @return most routes of both families together.
     */
    public int capacity()
    {
        return capacity;
    }

    // ------------------------------------------------------------------------------------------ writer API

    /**
     * Add or replace an IPv4 route via a gateway. Writer thread only.
     *
     * @param prefix       the prefix, host bits zero.
     * @param prefixLength 0..32 (0 is the default route).
     * @param outputPort   the port to send on.
     * @param gateway      the next-hop router's IPv4 address.
     * @return {@link #ADDED}, {@link #REPLACED}, {@link #TABLE_FULL} or {@link #INVALID}.
     */
    public int addIpv4(final int prefix, final int prefixLength, final int outputPort, final int gateway)
    {
        if (gateway == 0 || isIpv4Multicast(gateway))
        {
            return INVALID;
        }
        return add(false, 0, ipv4Key(prefix), prefixLength, outputPort, false, 0L, NeighborTable.ipv4MappedLow(gateway));
    }

    /**
     * Add or replace a connected IPv4 route: the prefix is on the port's link. Writer thread only.
     *
     * @param prefix       the prefix, host bits zero.
     * @param prefixLength 0..32.
     * @param outputPort   the port whose link holds the prefix.
     * @return {@link #ADDED}, {@link #REPLACED}, {@link #TABLE_FULL} or {@link #INVALID}.
     */
    public int addIpv4Connected(final int prefix, final int prefixLength, final int outputPort)
    {
        return add(false, 0, ipv4Key(prefix), prefixLength, outputPort, true, 0L, 0L);
    }

    /**
     * Add or replace an IPv6 route via a gateway (often the router's link-local address, RFC 4861 §8). Writer
     * thread only.
     *
     * @param high         prefix octets 0..7.
     * @param low          prefix octets 8..15 (host bits zero).
     * @param prefixLength 0..128 (0 is the default route).
     * @param outputPort   the port to send on.
     * @param gwHigh       gateway octets 0..7.
     * @param gwLow        gateway octets 8..15.
     * @return {@link #ADDED}, {@link #REPLACED}, {@link #TABLE_FULL} or {@link #INVALID}.
     */
    public int addIpv6(
        final long high, final long low, final int prefixLength, final int outputPort, final long gwHigh, final long gwLow)
    {
        if ((gwHigh == 0 && gwLow == 0) || (gwHigh >>> 56) == 0xFF || NeighborTable.isIpv4Mapped(gwHigh, gwLow))
        {
            return INVALID;
        }
        return add(true, high, low, prefixLength, outputPort, false, gwHigh, gwLow);
    }

    /**
     * Add or replace a connected IPv6 route. Writer thread only.
     *
     * @param high         prefix octets 0..7.
     * @param low          prefix octets 8..15.
     * @param prefixLength 0..128.
     * @param outputPort   the port whose link holds the prefix.
     * @return {@link #ADDED}, {@link #REPLACED}, {@link #TABLE_FULL} or {@link #INVALID}.
     */
    public int addIpv6Connected(final long high, final long low, final int prefixLength, final int outputPort)
    {
        return add(true, high, low, prefixLength, outputPort, true, 0L, 0L);
    }

    /**
     * Remove an IPv4 route. Writer thread only.
     *
     * @param prefix       the prefix.
     * @param prefixLength its length.
     * @return {@link #REMOVED} or {@link #NOT_FOUND}.
     */
    public int removeIpv4(final int prefix, final int prefixLength)
    {
        return remove(false, 0, ipv4Key(prefix), prefixLength);
    }

    /**
     * Remove an IPv6 route. Writer thread only.
     *
     * @param high         prefix octets 0..7.
     * @param low          prefix octets 8..15.
     * @param prefixLength its length.
     * @return {@link #REMOVED} or {@link #NOT_FOUND}.
     */
    public int removeIpv6(final long high, final long low, final int prefixLength)
    {
        return remove(true, high, low, prefixLength);
    }

    /**
     * Add the connected routes of every port's own prefixes (the on-link IPv4 and IPv6 prefixes of
     * {@link PortAddresses}). Writer thread only.
     *
     * @param ports the ports.
     * @return the number of routes added or replaced.
     */
    public int addConnected(final PortAddresses[] ports)
    {
        int added = 0;
        for (final PortAddresses p : ports)
        {
            if (p.hasIpv4())
            {
                final int mask = ipv4Mask(p.ipv4PrefixLength());
                added += addIpv4Connected(p.ipv4Address() & mask, p.ipv4PrefixLength(), p.portIndex()) > 0 ? 1 : 0;
            }
            if (p.hasIpv6())
            {
                final int len = p.ipv6PrefixLength();
                added += addIpv6Connected(p.ipv6High() & highMask(len), p.ipv6Low() & lowMask(len), len,
                    p.portIndex()) > 0 ? 1 : 0;
            }
        }
        return added;
    }

    /**
     * @return routes held. Writer thread.
     */
    public int size()
    {
        return size;
    }

    private int add(
        final boolean isIpv6,
        final long high,
        final long low,
        final int prefixLength,
        final int outputPort,
        final boolean isConnected,
        final long gwHigh,
        final long gwLow)
    {
        final int maxLength = isIpv6 ? 128 : 32;
        if (prefixLength < 0 || prefixLength > maxLength || outputPort < 0 || outputPort >= portCount)
        {
            return INVALID;
        }
        final int bits = isIpv6 ? prefixLength : prefixLength + 96;
        if ((high & ~highMask(bits)) != 0 || (low & ~lowMask(bits)) != 0)
        {
            return INVALID;
        }
        int index = find(isIpv6, high, low, prefixLength);
        final int result = index >= 0 ? REPLACED : ADDED;
        if (index < 0)
        {
            if (size == capacity)
            {
                return TABLE_FULL;
            }
            index = size++;
        }
        ipv6[index] = isIpv6;
        prefixHigh[index] = high;
        prefixLow[index] = low;
        length[index] = prefixLength;
        port[index] = outputPort;
        connected[index] = isConnected;
        gatewayHigh[index] = gwHigh;
        gatewayLow[index] = gwLow;
        publish();
        return result;
    }

    private int remove(final boolean isIpv6, final long high, final long low, final int prefixLength)
    {
        final int index = find(isIpv6, high, low, prefixLength);
        if (index < 0)
        {
            return NOT_FOUND;
        }
        final int last = --size;
        ipv6[index] = ipv6[last];
        prefixHigh[index] = prefixHigh[last];
        prefixLow[index] = prefixLow[last];
        length[index] = length[last];
        port[index] = port[last];
        connected[index] = connected[last];
        gatewayHigh[index] = gatewayHigh[last];
        gatewayLow[index] = gatewayLow[last];
        publish();
        return REMOVED;
    }

    private int find(final boolean isIpv6, final long high, final long low, final int prefixLength)
    {
        for (int i = 0; i < size; i++)
        {
            if (ipv6[i] == isIpv6 && length[i] == prefixLength && prefixHigh[i] == high && prefixLow[i] == low)
            {
                return i;
            }
        }
        return NOT_FOUND;
    }

    /**
     * Build the sorted snapshot (each family longest prefix first) and publish it with a release store.
     */
    private void publish()
    {
        final int[] order = sortedOrder();
        int v4 = 0;
        for (int i = 0; i < size; i++)
        {
            v4 += ipv6[i] ? 0 : 1;
        }
        final int v6 = size - v4;
        final int[] v4Prefix = new int[v4];
        final int[] v4Mask = new int[v4];
        final long[] v6High = new long[v6];
        final long[] v6Low = new long[v6];
        final long[] v6MaskHigh = new long[v6];
        final long[] v6MaskLow = new long[v6];
        final int[] outLength = new int[size];
        final int[] outPort = new int[size];
        final boolean[] outConnected = new boolean[size];
        final long[] outGwHigh = new long[size];
        final long[] outGwLow = new long[size];
        for (int r = 0; r < size; r++)
        {
            final int i = order[r];
            if (r < v4)
            {
                v4Prefix[r] = (int)prefixLow[i];
                v4Mask[r] = ipv4Mask(length[i]);
            }
            else
            {
                v6High[r - v4] = prefixHigh[i];
                v6Low[r - v4] = prefixLow[i];
                v6MaskHigh[r - v4] = highMask(length[i]);
                v6MaskLow[r - v4] = lowMask(length[i]);
            }
            outLength[r] = length[i];
            outPort[r] = port[i];
            outConnected[r] = connected[i];
            outGwHigh[r] = gatewayHigh[i];
            outGwLow[r] = gatewayLow[i];
        }
        final RouteSnapshot snapshot = new RouteSnapshot(++generation, v4, v6, v4Prefix, v4Mask, v6High, v6Low,
            v6MaskHigh, v6MaskLow, outLength, outPort, outConnected, outGwHigh, outGwLow);
        SNAPSHOT.setRelease(this, snapshot);
    }

    /**
     * @return master indices ordered IPv4 before IPv6, then longest prefix first (insertion sort: tens of routes).
     */
    private int[] sortedOrder()
    {
        final int[] order = new int[size];
        for (int i = 0; i < size; i++)
        {
            int j = i;
            while (j > 0 && before(i, order[j - 1]))
            {
                order[j] = order[j - 1];
                j--;
            }
            order[j] = i;
        }
        return order;
    }

    private boolean before(final int a, final int b)
    {
        if (ipv6[a] != ipv6[b])
        {
            return !ipv6[a];
        }
        return length[a] > length[b];
    }

    private static long ipv4Key(final int prefix)
    {
        return prefix & 0xFFFF_FFFFL;
    }

    private static boolean isIpv4Multicast(final int address)
    {
        // 224.0.0.0/4 (RFC 5771) and the limited broadcast address are never a next hop.
        return (address >>> 28) == 0xE || address == -1;
    }

    /**
     * @param prefixLength 0..32.
     * @return the IPv4 netmask.
     */
    static int ipv4Mask(final int prefixLength)
    {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    /**
     * @param prefixLength 0..128.
     * @return mask of the high 64 bits.
     */
    static long highMask(final int prefixLength)
    {
        if (prefixLength >= 64)
        {
            return -1L;
        }
        return prefixLength == 0 ? 0L : -1L << (64 - prefixLength);
    }

    /**
     * @param prefixLength 0..128.
     * @return mask of the low 64 bits.
     */
    static long lowMask(final int prefixLength)
    {
        if (prefixLength <= 64)
        {
            return 0L;
        }
        return -1L << (128 - prefixLength);
    }
}
