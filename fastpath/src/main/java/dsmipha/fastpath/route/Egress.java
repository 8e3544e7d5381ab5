package dsmipha.fastpath.route;

import java.lang.foreign.MemorySegment;

import dsmipha.common.codec.Bytes;
import dsmipha.common.codec.EthernetHeader;
import dsmipha.common.codec.Ipv4Header;
import dsmipha.common.codec.Ipv6Header;
import dsmipha.fastpath.io.FrameLayout;
import dsmipha.fastpath.io.PacketBurst;

/**
 * Stage {@code ip-egress}: the last stage before transmit. For a packet that starts at its IP header (after
 * forwarding, decapsulation or encapsulation; already validated, TTL or hop limit already handled) it picks the
 * route of the destination ({@link RouteTable}, longest prefix match), finds the next hop's MAC
 * ({@link NeighborTable}), prepends the 14-octet Ethernet II header into the frame's headroom and answers the
 * output port.
 * <pre>
 *  before:  | metadata | headroom ..................... | IP header | payload |
 *                                                       ^ start
 *  after:   | metadata | headroom ........ | Ethernet   | IP header | payload |
 *                                         ^ start - 14
 *           Ethernet = next hop MAC (6) | output port MAC (6) | EtherType 0x0800 or 0x86DD (RFC 894, RFC 2464 §3)
 * </pre>
 * The next hop is the route's gateway, or the destination itself on a connected route (RFC 1812 §5.2.4.3, RFC 4861
 * §5.2). A gateway's neighbour slot is cached per route, so a gateway route costs one check of one slot instead of
 * a hash probe; the cache is dropped whenever the route table changes.
 * <p>
 * On a negative status the packet is unchanged and the outcome counted ({@link EgressCounter}). For
 * {@link #NEIGHBOR_UNRESOLVED} the worker punts the packet so the slowpath's resolver learns of the next hop, which
 * {@link #unresolvedPort()}, {@link #unresolvedHigh()} and {@link #unresolvedLow()} give. No exceptions, no
 * allocation. Not thread safe: one instance per worker.
 */
public final class Egress
{
    /** Status: no route for the destination (or the route's port has no addresses here). */
    public static final int NO_ROUTE = -1;
    /** Status: no neighbour entry for the next hop; punt the packet to resolve it. */
    public static final int NEIGHBOR_UNRESOLVED = -2;
    /** Status: resolution of the next hop in progress. */
    public static final int NEIGHBOR_INCOMPLETE = -3;
    /** Status: resolution of the next hop failed. */
    public static final int NEIGHBOR_FAILED = -4;
    /** Status: the neighbour entry kept changing under the read. */
    public static final int NEIGHBOR_BUSY = -5;
    /** Status: less than 14 octets of headroom. */
    public static final int NO_HEADROOM = -6;
    /** Status: not an IPv4 or IPv6 packet. */
    public static final int NOT_IP = -7;

    /** counts[] index of a negative status s is DROP_INDEX_BASE - s. */
    private static final int DROP_INDEX_BASE = EgressCounter.NO_ROUTE.ordinal() + NO_ROUTE;
    private static final int MIN_OFFSET = FrameLayout.METADATA_LENGTH + EthernetHeader.LENGTH;

    private final RouteTable routes;
    private final NeighborTable neighbors;
    private final long[] portMacs;
    private final NeighborView view = new NeighborView();
    private final int[] slotHints;
    private final long[] counts = new long[EgressCounter.values().length];
    private long hintGeneration = -1;
    private int unresolvedPort = -1;
    private long unresolvedHigh;
    private long unresolvedLow;

    /**
     * @param routes    the route table (read lock-free).
     * @param neighbors the neighbour table (read lock-free).
     * @param ports     the ports' addresses, indexed by port index; a route's port must be one of them.
     */
    public Egress(final RouteTable routes, final NeighborTable neighbors, final PortAddresses[] ports)
    {
        this.routes = routes;
        this.neighbors = neighbors;
        this.slotHints = new int[routes.capacity()];
        int maxPort = 0;
        for (final PortAddresses port : ports)
        {
            maxPort = Math.max(maxPort, port.portIndex());
        }
        this.portMacs = new long[maxPort + 1];
        for (final PortAddresses port : ports)
        {
            portMacs[port.portIndex()] = port.mac();
        }
    }

    /**
     * Prepare every packet of a burst, recording each one's output port or status.
     *
     * @param burst   the packets, each starting at its IP header.
     * @param results receives {@code results[i]}: the output port (&gt;= 0) or a negative status.
     * @return number of packets prepared for transmit.
     */
    public int prepareBurst(final PacketBurst burst, final int[] results)
    {
        final int count = burst.count();
        int prepared = 0;
        for (int i = 0; i < count; i++)
        {
            final int result = prepare(burst, i);
            results[i] = result;
            prepared += result >= 0 ? 1 : 0;
        }
        return prepared;
    }

    /**
     * Route one packet and prepend its Ethernet header.
     *
     * @param burst the burst.
     * @param i     packet index; the packet starts at its IP header.
     * @return the output port index (&gt;= 0), the packet then starting at its Ethernet header; or a negative status,
     *         the packet unchanged.
     */
    public int prepare(final PacketBurst burst, final int i)
    {
        if (burst.offset(i) < MIN_OFFSET)
        {
            return drop(NO_HEADROOM);
        }
        final MemorySegment memory = burst.memory();
        final long start = burst.address(i);
        final int length = burst.length(i);
        final int version = length > 0 ? Bytes.u8(memory, start) >>> 4 : 0;
        if (version == Ipv4Header.VERSION && length >= Ipv4Header.LENGTH)
        {
            return prepareIpv4(burst, i, memory, start);
        }
        if (version == Ipv6Header.VERSION && length >= Ipv6Header.LENGTH)
        {
            return prepareIpv6(burst, i, memory, start);
        }
        return drop(NOT_IP);
    }

    private int prepareIpv4(final PacketBurst burst, final int i, final MemorySegment memory, final long start)
    {
        final int destination = Bytes.i32(memory, start + Ipv4Header.DESTINATION_OFFSET);
        final RouteSnapshot snapshot = routes.snapshot();
        final int route = snapshot.lookupIpv4(destination);
        if (route < 0)
        {
            return drop(NO_ROUTE);
        }
        final boolean connected = snapshot.isConnected(route);
        final long high = connected ? NeighborTable.IPV4_MAPPED_HIGH : snapshot.gatewayHigh(route);
        final long low = connected ? NeighborTable.ipv4MappedLow(destination) : snapshot.gatewayLow(route);
        final int status = resolve(snapshot, route, connected, high, low);
        if (status < 0)
        {
            return drop(status);
        }
        counts[EgressCounter.IPV4_OK.ordinal()]++;
        return writeEthernet(burst, i, memory, start, status, EthernetHeader.ETHERTYPE_IPV4);
    }

    private int prepareIpv6(final PacketBurst burst, final int i, final MemorySegment memory, final long start)
    {
        final long dstHigh = Bytes.i64(memory, start + Ipv6Header.DESTINATION_OFFSET);
        final long dstLow = Bytes.i64(memory, start + Ipv6Header.DESTINATION_OFFSET + Long.BYTES);
        final RouteSnapshot snapshot = routes.snapshot();
        final int route = snapshot.lookupIpv6(dstHigh, dstLow);
        if (route < 0)
        {
            return drop(NO_ROUTE);
        }
        final boolean connected = snapshot.isConnected(route);
        final long high = connected ? dstHigh : snapshot.gatewayHigh(route);
        final long low = connected ? dstLow : snapshot.gatewayLow(route);
        final int status = resolve(snapshot, route, connected, high, low);
        if (status < 0)
        {
            return drop(status);
        }
        counts[EgressCounter.IPV6_OK.ordinal()]++;
        return writeEthernet(burst, i, memory, start, status, EthernetHeader.ETHERTYPE_IPV6);
    }

    /**
     * Find the next hop's entry; on success the view holds its MAC.
     *
     * @return the output port, or a negative status.
     */
    private int resolve(
        final RouteSnapshot snapshot, final int route, final boolean connected, final long high, final long low)
    {
        final int port = snapshot.port(route);
        if (port >= portMacs.length || portMacs[port] == 0)
        {
            // The route names a port this stage has no addresses for: a config mismatch, never an exception here.
            return NO_ROUTE;
        }
        final int slot = connected ? neighbors.lookup(port, high, low, view) : gatewayLookup(snapshot, route, port,
            high, low);
        if (slot < 0)
        {
            return slot == NeighborTable.BUSY ? NEIGHBOR_BUSY : unresolved(port, high, low);
        }
        final int state = view.state;
        if (NeighborState.isUsable(state))
        {
            return port;
        }
        return state == NeighborState.INCOMPLETE ? NEIGHBOR_INCOMPLETE : NEIGHBOR_FAILED;
    }

    private int gatewayLookup(
        final RouteSnapshot snapshot, final int route, final int port, final long high, final long low)
    {
        final int[] hints = slotHints;
        if (snapshot.generation() != hintGeneration)
        {
            for (int h = 0; h < hints.length; h++)
            {
                hints[h] = -1;
            }
            hintGeneration = snapshot.generation();
        }
        final int hint = hints[route];
        if (hint >= 0)
        {
            final int slot = neighbors.readSlot(hint, port, high, low, view);
            if (slot != NeighborTable.NOT_FOUND)
            {
                return slot;
            }
        }
        final int slot = neighbors.lookup(port, high, low, view);
        hints[route] = slot >= 0 ? slot : -1;
        return slot;
    }

    private int unresolved(final int port, final long high, final long low)
    {
        unresolvedPort = port;
        unresolvedHigh = high;
        unresolvedLow = low;
        return NEIGHBOR_UNRESOLVED;
    }

    private int writeEthernet(
        final PacketBurst burst, final int i, final MemorySegment memory, final long start, final int port,
        final int etherType)
    {
        final long ethernet = start - EthernetHeader.LENGTH;
        EthernetHeader.writeMac(memory, ethernet + EthernetHeader.DESTINATION_OFFSET, view.mac);
        EthernetHeader.writeMac(memory, ethernet + EthernetHeader.SOURCE_OFFSET, portMacs[port]);
        Bytes.put16(memory, ethernet + EthernetHeader.ETHERTYPE_OFFSET, etherType);
        burst.adjustStart(i, -EthernetHeader.LENGTH);
        return port;
    }

    private int drop(final int status)
    {
        counts[DROP_INDEX_BASE - status]++;
        return status;
    }

    /**
     * @param counter an egress counter.
     * @return its count on this stage so far.
     */
    public long count(final EgressCounter counter)
    {
        return counts[counter.ordinal()];
    }

    /**
     * @return output port of the last {@link #NEIGHBOR_UNRESOLVED} packet, or -1 before the first.
     */
    public int unresolvedPort()
    {
        return unresolvedPort;
    }

    /**
     * @return high 64 bits of the next hop of the last {@link #NEIGHBOR_UNRESOLVED} packet (IPv4: IPv4-mapped).
     */
    public long unresolvedHigh()
    {
        return unresolvedHigh;
    }

    /**
     * @return low 64 bits of the next hop of the last {@link #NEIGHBOR_UNRESOLVED} packet.
     */
    public long unresolvedLow()
    {
        return unresolvedLow;
    }

    /**
     * @return reads of neighbour entries that saw a concurrent write and retried.
     */
    public long neighborReadRetryCount()
    {
        return view.readRetryCount;
    }
}
