package dsmipha.slowpath.neighbor;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

import dsmipha.common.codec.ArpPacket;
import dsmipha.common.codec.Bytes;
import dsmipha.common.codec.CodecStatus;
import dsmipha.common.codec.EthernetHeader;
import dsmipha.common.codec.Icmpv6Header;
import dsmipha.common.codec.Ipv6Header;
import dsmipha.common.counters.CounterSlots;
import dsmipha.fastpath.route.LocalAddresses;
import dsmipha.fastpath.route.NeighborState;
import dsmipha.fastpath.route.NeighborTable;
import dsmipha.fastpath.route.PortAddresses;

/**
 * The slowpath side of next-hop resolution: the single writer of the {@link NeighborTable} that every worker's
 * egress stage reads. Runs on the signaling thread; time comes in as {@code nowNs} so tests drive it by hand.
 * <ul>
 *   <li><b>ARP</b> (RFC 826 "Packet Reception"): the sender's addresses are merged into an existing entry; a new
 *       entry is made only when the target protocol address is ours; a request for one of our addresses
 *       ({@link LocalAddresses}) is answered with the ingress port's MAC. A sender address of 0.0.0.0 (an ARP
 *       probe, RFC 5227 §2.1.1) is not learnt.</li>
 *   <li><b>Neighbor Solicitation</b> (RFC 4861 §7.1.1 validation, §7.2.3): for one of our addresses, learn the
 *       source link-layer address option (new or changed: STALE) and answer with a solicited Neighbor
 *       Advertisement (§7.2.4: R set, we are a router; S set unless the source was unspecified, then to
 *       all-nodes; O set for our own addresses; Target Link-Layer Address option).</li>
 *   <li><b>Neighbor Advertisement</b> (§7.1.2 validation, §7.2.5): completes an INCOMPLETE entry (S: REACHABLE,
 *       otherwise STALE), confirms or updates an existing one following the O and S flags; an advertisement for
 *       no entry is silently discarded.</li>
 *   <li><b>Unresolved next hop</b> (a packet the egress stage punted): a new INCOMPLETE entry and an ARP request
 *       (broadcast) or a Neighbor Solicitation to the solicited-node multicast address (§7.2.2, RFC 4291 §2.7.1,
 *       RFC 2464 §7), sent again every RETRANS_TIMER until MAX_MULTICAST_SOLICIT have gone unanswered, then
 *       FAILED (§7.2.2, §7.3.3). A next hop that already has an entry sends nothing more: at most one request
 *       per RETRANS_TIMER per destination (RFC 1122 §2.3.2.1).</li>
 *   <li><b>Aging</b> (§7.3.3, simplified): REACHABLE becomes STALE after REACHABLE_TIME (not randomised, §6.3.2
 *       would); STALE entries are still used by the fastpath and, after DELAY_FIRST_PROBE_TIME, probed with
 *       unicast solicitations (ARP requests to the known MAC, RFC 1122 §2.3.2.1) every RETRANS_TIMER; after
 *       MAX_UNICAST_SOLICIT unanswered the entry is removed. The fastpath has no "in use" signal, so every stale
 *       entry is probed as if in use (one probe per neighbour per REACHABLE_TIME). FAILED entries are removed
 *       after a hold time so a later packet starts a fresh resolution. STATIC entries never age or change.</li>
 * </ul>
 * Proxy answers for mobile nodes' home addresses go through the {@link ProxyNeighbor} hook (RFC 6275 §10.4.1,
 * RFC 5555 §4.3), which the registration work implements. Valid Neighbor Advertisements and DAD probes (NS from
 * ::) are shown first to a {@link DadObserver}, through which DAD run for mobile nodes' home addresses hears
 * collisions (RFC 4862 §5.4.3, §5.4.4). Not thread safe: the signaling thread's.
 */
public final class NeighborResolver
{
    /** RETRANS_TIMER (RFC 4861 §10): 1 s between solicitations. */
    public static final long RETRANS_TIMER_NS = 1_000_000_000L;
    /** MAX_MULTICAST_SOLICIT (RFC 4861 §10): solicitations before resolution fails. */
    public static final int MAX_MULTICAST_SOLICIT = 3;
    /** MAX_UNICAST_SOLICIT (RFC 4861 §10): unicast probes before a stale entry is removed. */
    public static final int MAX_UNICAST_SOLICIT = 3;
    /** REACHABLE_TIME (RFC 4861 §10): 30 s of reachability after a confirmation. */
    public static final long REACHABLE_TIME_NS = 30_000_000_000L;
    /** DELAY_FIRST_PROBE_TIME (RFC 4861 §10): 5 s from STALE to the first unicast probe. */
    public static final long DELAY_FIRST_PROBE_TIME_NS = 5_000_000_000L;
    /** How long a FAILED entry drops packets before it is removed and may be tried again. */
    public static final long FAILED_HOLD_NS = 20_000_000_000L;

    private static final long NONE = Long.MAX_VALUE;
    private static final long LINK_LOCAL_MASK = 0xFFC0_0000_0000_0000L;
    private static final long LINK_LOCAL_PREFIX = 0xFE80_0000_0000_0000L;
    private static final long ALL_NODES_MAC = NeighborFrames.multicastMac(NeighborFrames.ALL_NODES_LOW);

    private final NeighborTable table;
    private final PortAddresses[] ports;
    private final LocalAddresses local;
    private final LinkTransmitter transmitter;
    private final ProxyNeighbor proxy;
    private final long reachableTimeNs;
    private final long retransTimerNs;
    private final long delayFirstProbeNs;
    private final long failedHoldNs;
    private final NeighborFrames frames = new NeighborFrames();
    private final EthernetHeader ethernet = new EthernetHeader();
    private final ArpPacket arp = new ArpPacket();
    private final Ipv6Header ipv6 = new Ipv6Header();
    private final Icmpv6Header icmp = new Icmpv6Header();
    private final long[] deadlineNs;
    private final int[] solicitations;
    private final long[] counts = new long[NeighborCounter.values().length];
    private long nextDeadlineNs = NONE;
    private DadObserver dadObserver = DadObserver.NONE;

    /**
     * A resolver with the RFC 4861 §10 default timers.
     *
     * @param table       the neighbour table; this resolver must be its only writer.
     * @param ports       the ports' own addresses.
     * @param local       every address the home agent answers for as itself.
     * @param transmitter sends the frames built.
     * @param proxy       the proxy ARP/ND hook, {@link ProxyNeighbor#NONE} until registration plugs in.
     */
    public NeighborResolver(
        final NeighborTable table,
        final PortAddresses[] ports,
        final LocalAddresses local,
        final LinkTransmitter transmitter,
        final ProxyNeighbor proxy)
    {
        this(table, ports, local, transmitter, proxy,
            REACHABLE_TIME_NS, RETRANS_TIMER_NS, DELAY_FIRST_PROBE_TIME_NS, FAILED_HOLD_NS);
    }

    /**
     * @param table             the neighbour table; this resolver must be its only writer.
     * @param ports             the ports' own addresses.
     * @param local             every address the home agent answers for as itself.
     * @param transmitter       sends the frames built.
     * @param proxy             the proxy ARP/ND hook.
     * @param reachableTimeNs   REACHABLE_TIME.
     * @param retransTimerNs    RETRANS_TIMER.
     * @param delayFirstProbeNs DELAY_FIRST_PROBE_TIME.
     * @param failedHoldNs      how long a FAILED entry stays.
     */
    public NeighborResolver(
        final NeighborTable table,
        final PortAddresses[] ports,
        final LocalAddresses local,
        final LinkTransmitter transmitter,
        final ProxyNeighbor proxy,
        final long reachableTimeNs,
        final long retransTimerNs,
        final long delayFirstProbeNs,
        final long failedHoldNs)
    {
        this.table = table;
        this.local = local;
        this.transmitter = transmitter;
        this.proxy = proxy;
        this.reachableTimeNs = reachableTimeNs;
        this.retransTimerNs = retransTimerNs;
        this.delayFirstProbeNs = delayFirstProbeNs;
        this.failedHoldNs = failedHoldNs;
        int maxPort = 0;
        for (final PortAddresses port : ports)
        {
            maxPort = Math.max(maxPort, port.portIndex());
        }
        this.ports = new PortAddresses[maxPort + 1];
        for (final PortAddresses port : ports)
        {
            this.ports[port.portIndex()] = port;
        }
        this.deadlineNs = new long[table.slotCount()];
        this.solicitations = new int[table.slotCount()];
        Arrays.fill(deadlineNs, NONE);
    }

    // ------------------------------------------------------------------------------------------ config

    /**
     * Plug in the Duplicate Address Detection hook: from now on valid Neighbor Advertisements and DAD probes
     * (NS from ::) are shown to it first (RFC 4862 §5.4.3, §5.4.4).
     *
     * @param observer the hook, or {@link DadObserver#NONE}.
     */
    public void dadObserver(final DadObserver observer)
    {
        this.dadObserver = observer == null ? DadObserver.NONE : observer;
    }

    /**
     * Add or replace a static entry (config): never aged, never changed by learning. Any state the resolver held
     * for the neighbour is dropped.
     *
     * @param port the port the neighbour is on.
     * @param high address octets 0..7 (IPv4: 0).
     * @param low  address octets 8..15 (IPv4: {@link NeighborTable#ipv4MappedLow}).
     * @param mac  its MAC in the low 48 bits.
     * @return the slot, or {@link NeighborTable#TABLE_FULL} / {@link NeighborTable#INVALID}.
     */
    public int addStatic(final int port, final long high, final long low, final long mac)
    {
        final int slot = table.put(port, high, low, NeighborState.STATIC, mac);
        if (slot >= 0)
        {
            deadlineNs[slot] = NONE;
            solicitations[slot] = 0;
        }
        else if (slot == NeighborTable.TABLE_FULL)
        {
            tally(NeighborCounter.DROP_TABLE_FULL);
        }
        return slot;
    }

    /**
     * @param port    the port the neighbour is on.
     * @param address its IPv4 address.
     * @param mac     its MAC.
     * @return as {@link #addStatic}.
     */
    public int addStaticIpv4(final int port, final int address, final long mac)
    {
        return addStatic(port, NeighborTable.IPV4_MAPPED_HIGH, NeighborTable.ipv4MappedLow(address), mac);
    }

    // ------------------------------------------------------------------------------------------ unresolved

    /**
     * A packet was punted because its next hop has no entry: start resolving it.
     *
     * @param port  the egress port of the route.
     * @param high  next-hop octets 0..7 (IPv4-mapped for IPv4).
     * @param low   next-hop octets 8..15.
     * @param nowNs the current time.
     * @return what was done: {@link NeighborCounter#TX_ARP_REQUEST}, {@link NeighborCounter#TX_NEIGHBOR_SOLICITATION},
     *         {@link NeighborCounter#UNRESOLVED_PENDING} or a drop reason.
     */
    public NeighborCounter onUnresolved(final int port, final long high, final long low, final long nowNs)
    {
        tally(NeighborCounter.RX_UNRESOLVED);
        if (portAddresses(port) == null || !isUnicast(high, low))
        {
            return tally(NeighborCounter.DROP_BAD_NEXT_HOP);
        }
        if (table.find(port, high, low) >= 0)
        {
            return tally(NeighborCounter.UNRESOLVED_PENDING);
        }
        final int slot = table.put(port, high, low, NeighborState.INCOMPLETE, 0L);
        if (slot < 0)
        {
            return tally(NeighborCounter.DROP_TABLE_FULL);
        }
        solicitations[slot] = 0;
        return solicit(slot, false, nowNs);
    }

    // ------------------------------------------------------------------------------------------ ARP

    /**
     * A punted ARP packet.
     *
     * @param packet      segment holding the frame.
     * @param offset      of its Ethernet header.
     * @param length      of the frame in octets.
     * @param ingressPort the port it came in on.
     * @param nowNs       the current time.
     * @return the main outcome: {@link NeighborCounter#TX_ARP_REPLY}, {@link NeighborCounter#PROXY_ANSWERED},
     *         {@link NeighborCounter#RX_ARP_REPLY} (learnt or ignored) or a drop reason.
     */
    public NeighborCounter onArp(
        final MemorySegment packet, final long offset, final int length, final int ingressPort, final long nowNs)
    {
        final long limit = offset + length;
        final PortAddresses port = portAddresses(ingressPort);
        if (port == null || ethernet.wrap(packet, offset, limit) != CodecStatus.OK ||
            ethernet.etherType() != EthernetHeader.ETHERTYPE_ARP ||
            arp.wrap(packet, ethernet.payloadOffset(), limit) != CodecStatus.OK ||
            !(arp.isRequest() || arp.isReply()) || !isUnicastMac(arp.senderMac()))
        {
            return tally(NeighborCounter.DROP_MALFORMED);
        }
        final boolean request = arp.isRequest();
        tally(request ? NeighborCounter.RX_ARP_REQUEST : NeighborCounter.RX_ARP_REPLY);
        final int senderIp = arp.senderIp();
        final int targetIp = arp.targetIp();
        final long senderMac = arp.senderMac();
        final boolean forUs = local.isLocalIpv4(targetIp);
        if (senderIp != 0)
        {
            // RFC 826: merge the sender into an existing entry; add it only when we are the target.
            learn(ingressPort, NeighborTable.IPV4_MAPPED_HIGH, NeighborTable.ipv4MappedLow(senderIp), senderMac,
                !request && forUs, forUs, nowNs);
        }
        if (!request)
        {
            return NeighborCounter.RX_ARP_REPLY;
        }
        if (forUs)
        {
            return send(ingressPort, frames.arpReply(port.mac(), targetIp, senderMac, senderIp),
                NeighborCounter.TX_ARP_REPLY);
        }
        if (proxy.proxiesIpv4(ingressPort, targetIp))
        {
            // Proxy ARP for an away mobile node's IPv4 home address (RFC 5944 §4.6, RFC 5555 §4.3).
            send(ingressPort, frames.arpReply(port.mac(), targetIp, senderMac, senderIp), NeighborCounter.TX_ARP_REPLY);
            return tally(NeighborCounter.PROXY_ANSWERED);
        }
        return tally(NeighborCounter.DROP_NOT_FOR_US);
    }

    // ------------------------------------------------------------------------------------------ ND

    /**
     * A punted Neighbor Discovery message (ICMPv6 133-137).
     *
     * @param packet      segment holding the frame.
     * @param offset      of its Ethernet header.
     * @param length      of the frame in octets.
     * @param ingressPort the port it came in on.
     * @param nowNs       the current time.
     * @return the main outcome: {@link NeighborCounter#TX_NEIGHBOR_ADVERTISEMENT},
     *         {@link NeighborCounter#PROXY_ANSWERED}, {@link NeighborCounter#RESOLVED},
     *         {@link NeighborCounter#RX_NEIGHBOR_ADVERTISEMENT}, {@link NeighborCounter#RX_ND_OTHER} or a drop reason.
     */
    public NeighborCounter onNeighborDiscovery(
        final MemorySegment packet, final long offset, final int length, final int ingressPort, final long nowNs)
    {
        final PortAddresses port = portAddresses(ingressPort);
        if (port == null || !wrapNeighborDiscovery(packet, offset, offset + length))
        {
            return tally(NeighborCounter.DROP_MALFORMED);
        }
        final int type = icmp.type();
        if (type != Icmpv6Header.TYPE_NEIGHBOR_SOLICITATION && type != Icmpv6Header.TYPE_NEIGHBOR_ADVERTISEMENT)
        {
            return tally(NeighborCounter.RX_ND_OTHER);
        }
        final long targetOffset = icmp.targetAddressOffset();
        final long targetHigh = Bytes.i64(packet, targetOffset);
        final long targetLow = Bytes.i64(packet, targetOffset + Long.BYTES);
        final boolean solicitation = type == Icmpv6Header.TYPE_NEIGHBOR_SOLICITATION;
        final long linkAddress = icmp.linkLayerAddressOption(solicitation ?
            Icmpv6Header.OPTION_SOURCE_LINK_LAYER_ADDRESS : Icmpv6Header.OPTION_TARGET_LINK_LAYER_ADDRESS);
        // RFC 4861 §7.1.1, §7.1.2: the target is not multicast, every option has a non-zero length.
        if ((targetHigh >>> 56) == 0xFF || linkAddress == Icmpv6Header.OPTIONS_MALFORMED ||
            (linkAddress >= 0 && !isUnicastMac(linkAddress)))
        {
            return tally(NeighborCounter.DROP_MALFORMED);
        }
        return solicitation ?
            onSolicitation(port, targetHigh, targetLow, linkAddress, nowNs) :
            onAdvertisement(ingressPort, targetHigh, targetLow, linkAddress, nowNs);
    }

    /**
     * Validation common to NS and NA (RFC 4861 §7.1.1, §7.1.2): IPv6 directly followed by ICMPv6, hop limit 255,
     * code 0, checksum good, the fixed part present.
     */
    private boolean wrapNeighborDiscovery(final MemorySegment packet, final long offset, final long limit)
    {
        if (ethernet.wrap(packet, offset, limit) != CodecStatus.OK ||
            ethernet.etherType() != EthernetHeader.ETHERTYPE_IPV6 ||
            ipv6.wrap(packet, ethernet.payloadOffset(), limit) != CodecStatus.OK ||
            ipv6.nextHeader() != Icmpv6Header.PROTOCOL || ipv6.hopLimit() != NeighborFrames.ND_HOP_LIMIT ||
            icmp.wrap(packet, ipv6.payloadOffset(), ipv6.end()) != CodecStatus.OK)
        {
            return false;
        }
        return icmp.code() == 0 && icmp.verifyChecksum(ipv6.sourceOffset(), ipv6.destinationOffset());
    }

    private NeighborCounter onSolicitation(
        final PortAddresses port, final long targetHigh, final long targetLow, final long linkAddress, final long nowNs)
    {
        tally(NeighborCounter.RX_NEIGHBOR_SOLICITATION);
        final int portIndex = port.portIndex();
        final long sourceHigh = ipv6.sourceHigh();
        final long sourceLow = ipv6.sourceLow();
        final boolean unspecified = sourceHigh == 0 && sourceLow == 0;
        // RFC 4861 §7.1.1: from the unspecified address only to a solicited-node address and without the option.
        if (unspecified && (linkAddress >= 0 || ipv6.destinationHigh() != NeighborFrames.ALL_NODES_HIGH ||
            ipv6.destinationLow() != NeighborFrames.solicitedNodeLow(targetLow)))
        {
            return tally(NeighborCounter.DROP_MALFORMED);
        }
        // RFC 4862 §5.4.3: another node's probe for an address we are checking on a mobile node's behalf.
        if (unspecified && dadObserver.onDadCollision(portIndex, targetHigh, targetLow, false))
        {
            return NeighborCounter.RX_NEIGHBOR_SOLICITATION;
        }
        final boolean ours = local.isLocalIpv6(targetHigh, targetLow);
        final boolean proxied = !ours && proxy.proxiesIpv6(portIndex, targetHigh, targetLow);
        if (!ours && !proxied)
        {
            return tally(NeighborCounter.DROP_NOT_FOR_US);
        }
        if (!unspecified && linkAddress >= 0)
        {
            // RFC 4861 §7.2.3: create or update the sender's entry; new or changed means STALE.
            learn(portIndex, sourceHigh, sourceLow, linkAddress, false, true, nowNs);
        }
        // RFC 4861 §7.2.4: R (a router), S unless answering DAD, O for our own addresses and not for proxies.
        final int flags = Icmpv6Header.NA_FLAG_ROUTER | (unspecified ? 0 : Icmpv6Header.NA_FLAG_SOLICITED) |
            (ours ? Icmpv6Header.NA_FLAG_OVERRIDE : 0);
        final long destinationMac = unspecified ? ALL_NODES_MAC : linkAddress >= 0 ? linkAddress :
            ethernet.sourceMac();
        final long destinationHigh = unspecified ? NeighborFrames.ALL_NODES_HIGH : sourceHigh;
        final long destinationLow = unspecified ? NeighborFrames.ALL_NODES_LOW : sourceLow;
        final long fromHigh = ours ? targetHigh : port.linkLocalHigh();
        final long fromLow = ours ? targetLow : port.linkLocalLow();
        final int frameLength = frames.neighborAdvertisement(destinationMac, port.mac(), fromHigh, fromLow,
            destinationHigh, destinationLow, flags, targetHigh, targetLow);
        final NeighborCounter sent = send(portIndex, frameLength, NeighborCounter.TX_NEIGHBOR_ADVERTISEMENT);
        return proxied && sent == NeighborCounter.TX_NEIGHBOR_ADVERTISEMENT ?
            tally(NeighborCounter.PROXY_ANSWERED) : sent;
    }

    private NeighborCounter onAdvertisement(
        final int port, final long targetHigh, final long targetLow, final long linkAddress, final long nowNs)
    {
        tally(NeighborCounter.RX_NEIGHBOR_ADVERTISEMENT);
        final int flags = icmp.neighborFlags();
        final boolean solicited = (flags & Icmpv6Header.NA_FLAG_SOLICITED) != 0;
        final boolean override = (flags & Icmpv6Header.NA_FLAG_OVERRIDE) != 0;
        // RFC 4861 §7.1.2: a solicited advertisement is never sent to a multicast address.
        if (solicited && (ipv6.destinationHigh() >>> 56) == 0xFF)
        {
            return tally(NeighborCounter.DROP_MALFORMED);
        }
        // RFC 4862 §5.4.4: an advertisement for an address we are checking on a mobile node's behalf.
        if (dadObserver.onDadCollision(port, targetHigh, targetLow, true))
        {
            return NeighborCounter.RX_NEIGHBOR_ADVERTISEMENT;
        }
        final int slot = table.find(port, targetHigh, targetLow);
        if (slot < 0)
        {
            // RFC 4861 §7.2.5: no entry, the advertisement is silently discarded.
            return tally(NeighborCounter.DROP_UNSOLICITED_ADVERTISEMENT);
        }
        final int state = table.state(slot);
        final long cached = table.mac(slot);
        if (state == NeighborState.STATIC)
        {
            return linkAddress >= 0 && linkAddress != cached ?
                tally(NeighborCounter.STATIC_KEPT) : NeighborCounter.RX_NEIGHBOR_ADVERTISEMENT;
        }
        if (state == NeighborState.INCOMPLETE || state == NeighborState.FAILED)
        {
            if (linkAddress < 0)
            {
                // RFC 4861 §7.2.5: without the target's link-layer address it cannot complete the entry.
                return tally(NeighborCounter.DROP_MALFORMED);
            }
            return complete(slot, state, solicited ? NeighborState.REACHABLE : NeighborState.STALE, linkAddress,
                nowNs);
        }
        return refresh(slot, state, cached, linkAddress, solicited, override, nowNs);
    }

    /**
     * RFC 4861 §7.2.5 for an entry that is not INCOMPLETE: without O a different address only makes a REACHABLE
     * entry STALE; otherwise the address is taken, S confirms reachability.
     */
    private NeighborCounter refresh(
        final int slot,
        final int state,
        final long cached,
        final long linkAddress,
        final boolean solicited,
        final boolean override,
        final long nowNs)
    {
        final boolean differs = linkAddress >= 0 && linkAddress != cached;
        if (!override && differs)
        {
            if (state == NeighborState.REACHABLE)
            {
                table.update(slot, NeighborState.STALE, cached);
                arm(slot, nowNs + delayFirstProbeNs);
            }
            return NeighborCounter.RX_NEIGHBOR_ADVERTISEMENT;
        }
        final long mac = differs ? linkAddress : cached;
        if (solicited)
        {
            table.update(slot, NeighborState.REACHABLE, mac);
            arm(slot, nowNs + reachableTimeNs);
        }
        else if (differs)
        {
            table.update(slot, NeighborState.STALE, mac);
            arm(slot, nowNs + delayFirstProbeNs);
        }
        return differs ? tally(NeighborCounter.LEARNED) : NeighborCounter.RX_NEIGHBOR_ADVERTISEMENT;
    }

    // ------------------------------------------------------------------------------------------ learning

    /**
     * Merge a neighbour's link-layer address learnt from a received message.
     *
     * @param confirmed the message proves two-way reachability (a reply to us).
     * @param create    make an entry when there is none.
     */
    private void learn(
        final int port,
        final long high,
        final long low,
        final long mac,
        final boolean confirmed,
        final boolean create,
        final long nowNs)
    {
        final int slot = table.find(port, high, low);
        final int next = confirmed ? NeighborState.REACHABLE : NeighborState.STALE;
        if (slot < 0)
        {
            if (create)
            {
                final int added = table.put(port, high, low, next, mac);
                if (added < 0)
                {
                    tally(NeighborCounter.DROP_TABLE_FULL);
                    return;
                }
                tally(NeighborCounter.LEARNED);
                armFor(added, next, nowNs);
            }
            return;
        }
        final int state = table.state(slot);
        final long cached = table.mac(slot);
        if (state == NeighborState.STATIC)
        {
            if (mac != cached)
            {
                tally(NeighborCounter.STATIC_KEPT);
            }
            return;
        }
        if (state == NeighborState.INCOMPLETE || state == NeighborState.FAILED)
        {
            complete(slot, state, next, mac, nowNs);
            return;
        }
        if (confirmed || mac != cached)
        {
            table.update(slot, confirmed ? NeighborState.REACHABLE : NeighborState.STALE, mac);
            armFor(slot, confirmed ? NeighborState.REACHABLE : NeighborState.STALE, nowNs);
            if (mac != cached)
            {
                tally(NeighborCounter.LEARNED);
            }
        }
    }

    private NeighborCounter complete(final int slot, final int was, final int next, final long mac, final long nowNs)
    {
        table.update(slot, next, mac);
        armFor(slot, next, nowNs);
        return tally(was == NeighborState.INCOMPLETE ? NeighborCounter.RESOLVED : NeighborCounter.LEARNED);
    }

    private void armFor(final int slot, final int state, final long nowNs)
    {
        arm(slot, nowNs + (state == NeighborState.REACHABLE ? reachableTimeNs : delayFirstProbeNs));
    }

    // ------------------------------------------------------------------------------------------ timers

    /**
     * Run the timers that are due: retransmissions, failures, aging, probes, removals.
     *
     * @param nowNs the current time.
     * @return number of entries whose timer fired (0 when nothing was due).
     */
    public int doWork(final long nowNs)
    {
        if (nextDeadlineNs == NONE || nowNs - nextDeadlineNs < 0)
        {
            return 0;
        }
        int fired = 0;
        long next = NONE;
        for (int slot = 0; slot < deadlineNs.length; slot++)
        {
            final long deadline = deadlineNs[slot];
            if (deadline == NONE)
            {
                continue;
            }
            if (!table.isLive(slot))
            {
                deadlineNs[slot] = NONE;
                continue;
            }
            if (nowNs - deadline >= 0)
            {
                deadlineNs[slot] = NONE;
                expire(slot, nowNs);
                fired++;
            }
            next = earliest(next, deadlineNs[slot]);
        }
        nextDeadlineNs = next;
        return fired;
    }

    private void expire(final int slot, final long nowNs)
    {
        switch (table.state(slot))
        {
            case NeighborState.INCOMPLETE:
                if (solicitations[slot] < MAX_MULTICAST_SOLICIT)
                {
                    solicit(slot, false, nowNs);
                }
                else
                {
                    fail(slot, nowNs);
                }
                break;
            case NeighborState.REACHABLE:
                table.update(slot, NeighborState.STALE, table.mac(slot));
                tally(NeighborCounter.AGED_TO_STALE);
                solicitations[slot] = 0;
                arm(slot, nowNs + delayFirstProbeNs);
                break;
            case NeighborState.STALE:
                if (solicitations[slot] < MAX_UNICAST_SOLICIT)
                {
                    solicit(slot, true, nowNs);
                }
                else
                {
                    // RFC 4861 §7.3.3: no answer to MAX_UNICAST_SOLICIT probes, the entry should be deleted.
                    table.removeSlot(slot);
                    tally(NeighborCounter.STALE_REMOVED);
                }
                break;
            case NeighborState.FAILED:
                table.removeSlot(slot);
                tally(NeighborCounter.FAILED_EXPIRED);
                break;
            default:
                break;
        }
    }

    private void fail(final int slot, final long nowNs)
    {
        table.update(slot, NeighborState.FAILED, 0L);
        tally(NeighborCounter.RESOLUTION_FAILED);
        arm(slot, nowNs + failedHoldNs);
    }

    /**
     * Send one solicitation for a slot's neighbour and arm the retransmission: multicast (broadcast ARP, NS to the
     * solicited-node address) while resolving, unicast to the cached MAC while probing a STALE entry.
     */
    private NeighborCounter solicit(final int slot, final boolean unicast, final long nowNs)
    {
        final int portIndex = table.port(slot);
        final PortAddresses port = ports[portIndex];
        final long high = table.keyHigh(slot);
        final long low = table.keyLow(slot);
        final long mac = unicast ? table.mac(slot) : 0L;
        solicitations[slot]++;
        arm(slot, nowNs + retransTimerNs);
        if (NeighborTable.isIpv4Mapped(high, low))
        {
            if (!port.hasIpv4())
            {
                // Nothing to put in ar$spa: this next hop cannot be resolved from this port.
                fail(slot, nowNs);
                return tally(NeighborCounter.DROP_NO_SOURCE_ADDRESS);
            }
            final int length = frames.arpRequest(unicast ? mac : EthernetHeader.BROADCAST_MAC, port.mac(),
                port.ipv4Address(), (int)low);
            return send(portIndex, length, NeighborCounter.TX_ARP_REQUEST);
        }
        // RFC 4861 §7.2.2: the source is an address of the interface; link-local targets get the link-local one.
        final boolean useLinkLocal = (high & LINK_LOCAL_MASK) == LINK_LOCAL_PREFIX || !port.hasIpv6();
        final long sourceHigh = useLinkLocal ? port.linkLocalHigh() : port.ipv6High();
        final long sourceLow = useLinkLocal ? port.linkLocalLow() : port.ipv6Low();
        final long destinationHigh = unicast ? high : NeighborFrames.ALL_NODES_HIGH;
        final long destinationLow = unicast ? low : NeighborFrames.solicitedNodeLow(low);
        final long destinationMac = unicast ? mac : NeighborFrames.multicastMac(destinationLow);
        final int length = frames.neighborSolicitation(destinationMac, port.mac(), sourceHigh, sourceLow,
            destinationHigh, destinationLow, high, low);
        return send(portIndex, length, NeighborCounter.TX_NEIGHBOR_SOLICITATION);
    }

    private void arm(final int slot, final long deadline)
    {
        deadlineNs[slot] = deadline;
        nextDeadlineNs = earliest(nextDeadlineNs, deadline);
    }

    private static long earliest(final long a, final long b)
    {
        if (a == NONE)
        {
            return b;
        }
        if (b == NONE)
        {
            return a;
        }
        return b - a < 0 ? b : a;
    }

    // ------------------------------------------------------------------------------------------ helpers

    private NeighborCounter send(final int port, final int length, final NeighborCounter sent)
    {
        if (!transmitter.transmit(port, frames.frame(), 0, length))
        {
            return tally(NeighborCounter.DROP_TX_REFUSED);
        }
        return tally(sent);
    }

    private PortAddresses portAddresses(final int port)
    {
        return port >= 0 && port < ports.length ? ports[port] : null;
    }

    private static boolean isUnicast(final long high, final long low)
    {
        if (high == 0 && low == 0)
        {
            return false;
        }
        if (NeighborTable.isIpv4Mapped(high, low))
        {
            final int address = (int)low;
            // 0.0.0.0, 224.0.0.0/4 multicast (RFC 5771) and the limited broadcast are never a next hop.
            return address != 0 && (address >>> 28) != 0xE && address != -1;
        }
        return (high >>> 56) != 0xFF;
    }

    private static boolean isUnicastMac(final long mac)
    {
        return mac != 0 && !EthernetHeader.isGroupMac(mac);
    }

    private NeighborCounter tally(final NeighborCounter counter)
    {
        counts[counter.ordinal()]++;
        return counter;
    }

    /**
     * @param counter a resolver counter.
     * @return its count so far.
     */
    public long count(final NeighborCounter counter)
    {
        return counts[counter.ordinal()];
    }

    /**
     * Bring counter slots over {@link NeighborCounter} up to this resolver's counts and publish them.
     *
     * @param slots the resolver's slots in the counters file, written by no one else.
     * @return number of slots published.
     */
    public int publish(final CounterSlots slots)
    {
        return slots.publishTotals(counts);
    }

    /**
     * @param slot a table slot.
     * @return solicitations sent for the entry in its current state (tests and diagnostics).
     */
    public int solicitations(final int slot)
    {
        return solicitations[slot];
    }

    /**
     * @param slot a table slot.
     * @return when the slot's timer fires next, or {@link Long#MAX_VALUE} when none is armed.
     */
    public long deadlineNs(final int slot)
    {
        return deadlineNs[slot];
    }
}
