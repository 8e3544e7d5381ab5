package dsmipha.fastpath.worker;

import java.lang.foreign.MemorySegment;

import org.agrona.concurrent.Agent;

import dsmipha.common.codec.Bytes;
import dsmipha.common.codec.Ipv4Header;
import dsmipha.common.codec.Ipv6Header;
import dsmipha.common.counters.CounterSlots;
import dsmipha.fastpath.binding.BindingTable;
import dsmipha.fastpath.binding.BindingView;
import dsmipha.fastpath.decap.DecapCounter;
import dsmipha.fastpath.encap.Encapsulator;
import dsmipha.fastpath.encap.OuterHeaderTemplate;
import dsmipha.fastpath.icmp.TunnelMtuCheck;
import dsmipha.fastpath.io.FramePool;
import dsmipha.fastpath.io.PacketBurst;
import dsmipha.fastpath.io.PacketPort;
import dsmipha.fastpath.io.TransmitRing;
import dsmipha.fastpath.punt.PuntProxy;
import dsmipha.fastpath.route.Egress;

/**
 * A fastpath worker: one per core, owning its queues, bursts, stages and counters. One duty cycle, per served
 * queue (VPP's graph, walked per burst):
 * <pre>
 *  rxBurst ─► ha-classify ─┬─ punt ─► punt ring ─► slowpath        (ring full: drop-punt-ring-full)
 *                          ├─ drop (named reason; TTL expired ─► ICMP Time Exceeded)
 *                          ├─ decap ─► mip-decap ─► inner TTL ─┐   (checks failed: decap-drop-*; to the home
 *                          │                                   │    agent: keepalive consumed, else punted)
 *                          └─ forward ─► TTL/hop limit ────────┴─► one burst lookup (exact), prefix for misses
 *        ┌─────────────────────────────────────────────────────────────┘
 *        ├─ binding ─► tunnel MTU ─┬─ fits ─► mip-encap ─┐
 *        │                         ├─ too big ─► ICMP PTB / Fragmentation Needed (rate limited), drop
 *        │                         └─ IPv4, DF clear ─► fragment ─► mip-encap each ─┤
 *        └─ no binding ───────────────────────────────────────────────────────────┴─► egress (route, next hop,
 *           Ethernet) ─► transmit burst of the output port ─► txBurst(this worker's queue)
 * </pre>
 * The tunnels' inner sources have their binding loads started for the whole burst before decapsulation
 * ({@code BindingTable.prefetch}). Generated packets (ICMP errors, fragments) join the same egress, tunnelled when
 * addressed to a mobile node; frames the slowpath asks to send arrive on this worker's {@link TransmitRing} and
 * leave with them. The worker's counters are published every busy cycle, the stages' every
 * {@link #STAGE_COUNTER_PUBLISH_CYCLES} and on the first idle one. Nothing is allocated after construction.
 * <p>
 * Not thread safe: driven by one thread (its own pinned thread, a shared thread, or the caller in tests).
 */
public final class WorkerAgent implements Agent
{
    /** Glean punts (next hop unknown) allowed per received burst: the resolver needs one, not a flood. */
    public static final int NEIGHBOR_MISS_PUNTS_PER_BURST = 4;
    /**
     * Busy duty cycles between two publications of the stages' counters (they are copied from the stages, ~150
     * of them, so not every cycle); an idle cycle after work publishes them at once.
     */
    public static final int STAGE_COUNTER_PUBLISH_CYCLES = 64;

    private static final int RX_PACKETS = FastpathCounter.RX_PACKETS.ordinal();
    private static final int RX_BYTES = FastpathCounter.RX_BYTES.ordinal();
    private static final int TX_PACKETS = FastpathCounter.TX_PACKETS.ordinal();
    private static final int TX_BYTES = FastpathCounter.TX_BYTES.ordinal();
    private static final int BURSTS = FastpathCounter.BURSTS.ordinal();
    private static final int FORWARD_IPV4 = FastpathCounter.FORWARD_IPV4.ordinal();
    private static final int FORWARD_IPV6 = FastpathCounter.FORWARD_IPV6.ordinal();
    private static final int DOWNLINK = FastpathCounter.DOWNLINK_TO_BINDING.ordinal();
    private static final int DOWNLINK_PREFIX = FastpathCounter.DOWNLINK_PREFIX.ordinal();
    private static final int DROP_ENCAP_FAILED = FastpathCounter.DROP_ENCAP_FAILED.ordinal();
    private static final int DROP_NOT_FORWARDABLE = FastpathCounter.DROP_NOT_FORWARDABLE.ordinal();
    private static final int NATIVE = FastpathCounter.ROUTED_NATIVELY.ordinal();
    private static final int UPLINK = FastpathCounter.UPLINK_TUNNEL.ordinal();
    private static final int SLOWPATH_TX = FastpathCounter.SLOWPATH_TX.ordinal();
    private static final int DROP_PUNT_RING_FULL = FastpathCounter.DROP_PUNT_RING_FULL.ordinal();
    private static final int DROP_TX_FULL = FastpathCounter.DROP_TX_FULL.ordinal();
    private static final int DROP_TTL = FastpathCounter.DROP_TTL_EXPIRED.ordinal();
    private static final int DROP_HOP_LIMIT = FastpathCounter.DROP_HOP_LIMIT_EXPIRED.ordinal();
    private static final int DROP_BINDING_BUSY = FastpathCounter.DROP_BINDING_BUSY.ordinal();
    private static final int PUNT_NEIGHBOR_MISS = FastpathCounter.PUNT_NEIGHBOR_MISS.ordinal();
    private static final int DROP_NEIGHBOR_MISS_LIMIT = FastpathCounter.DROP_NEIGHBOR_MISS_LIMIT.ordinal();
    private static final int PUNT_HOST_BOUND = FastpathCounter.PUNT_HOST_BOUND.ordinal();
    private static final int DECAP_TO_HOME_AGENT = DecapCounter.TO_HOME_AGENT.ordinal();
    /** Counter id by ordinal: {@code values()} clones its array on every call, so it stays off the packet path. */
    private static final int[] COUNTER_IDS = counterIds();

    private final int workerIndex;
    private final int txQueue;
    private final PacketPort[] ports;
    private final QueueAssignment[] assignments;
    private final int burstSize;
    private final PuntProxy punt;
    private final TransmitRing transmitRing;
    private final CounterSlots counters;
    private final CounterSlots stageCounters;
    private final WorkerStages stages;
    private final PacketBurst rx;
    private final PacketBurst generated;
    private final PacketBurst[] tx;
    private final PacketBurst dropped;
    private final int[] next;
    private final int[] reason;
    private final int[] l3Offsets;
    private final int[] innerOffsets;
    private final BindingView view = new BindingView();
    private final BindingView[] views;
    private final long[] keyHigh;
    private final long[] keyLow;
    private final int[] results;
    private final int[] routeIndex;
    private int routeCount;
    /** Folded value of the prefetch loads, kept so that they cannot be removed. */
    private long prefetched;
    private int neighborMissBudget;
    private int cyclesSinceStagePublish;
    private boolean stageCountersDirty;

    /**
     * @param workerIndex   this worker's number (counter owner and punt metadata).
     * @param ports         every port, indexed as in the assignments and routes; all share one frame pool and
     *                      have a transmit queue numbered {@code workerIndex}.
     * @param assignments   the receive queues this worker serves.
     * @param burstSize     most packets per receive burst.
     * @param punt          writer into the punt ring.
     * @param transmitRing  frames the slowpath asks this worker to send.
     * @param stages        this worker's pipeline stages (its own instances over the shared tables).
     * @param counters      this worker's counter slots over {@link FastpathCounter}.
     * @param stageCounters this worker's counter slots over {@link WorkerStages#stageCounters()}.
     */
    public WorkerAgent(
        final int workerIndex,
        final PacketPort[] ports,
        final QueueAssignment[] assignments,
        final int burstSize,
        final PuntProxy punt,
        final TransmitRing transmitRing,
        final WorkerStages stages,
        final CounterSlots counters,
        final CounterSlots stageCounters)
    {
        if (assignments.length == 0)
        {
            throw new IllegalArgumentException("worker " + workerIndex + " serves no queue");
        }
        final FramePool pool = ports[0].pool();
        for (final PacketPort port : ports)
        {
            if (port.pool() != pool)
            {
                throw new IllegalArgumentException("ports of one worker must share one frame pool: " + port.name());
            }
            if (port.queueCount() <= workerIndex)
            {
                throw new IllegalArgumentException("port " + port.name() + " has " + port.queueCount()
                    + " queues: worker " + workerIndex + " needs transmit queue " + workerIndex);
            }
        }
        this.workerIndex = workerIndex;
        this.txQueue = workerIndex;
        this.ports = ports.clone();
        this.assignments = assignments.clone();
        this.burstSize = burstSize;
        this.punt = punt;
        this.transmitRing = transmitRing;
        this.stages = stages;
        this.counters = counters;
        this.stageCounters = stageCounters;
        this.rx = new PacketBurst(pool, burstSize);
        // An IPv4 packet of at most a frame becomes at most a few fragments; errors are one per packet.
        this.generated = new PacketBurst(pool, burstSize * 4);
        this.tx = new PacketBurst[ports.length];
        for (int p = 0; p < ports.length; p++)
        {
            tx[p] = new PacketBurst(pool, burstSize * 6);
        }
        this.dropped = new PacketBurst(pool, burstSize * 6);
        this.next = new int[burstSize];
        this.reason = new int[burstSize];
        this.l3Offsets = new int[burstSize];
        this.innerOffsets = new int[burstSize];
        this.views = new BindingView[burstSize];
        for (int i = 0; i < burstSize; i++)
        {
            views[i] = new BindingView();
        }
        this.keyHigh = new long[burstSize];
        this.keyLow = new long[burstSize];
        this.results = new int[burstSize];
        this.routeIndex = new int[burstSize];
    }

    @Override
    public int doWork()
    {
        int work = 0;
        for (final QueueAssignment assignment : assignments)
        {
            work += serve(assignment);
        }
        work += transmitForSlowpath();
        if (work > 0)
        {
            flushAll();
            counters.publish();
            stageCountersDirty = true;
            if (++cyclesSinceStagePublish >= STAGE_COUNTER_PUBLISH_CYCLES)
            {
                publishStageCounters();
            }
        }
        else if (stageCountersDirty)
        {
            publishStageCounters();
        }
        return work;
    }

    @Override
    public String roleName()
    {
        return "worker-" + workerIndex;
    }

    /**
     * @return this worker's counters (local totals; published ones are in the counters file).
     */
    public CounterSlots counters()
    {
        return counters;
    }

    /**
     * @return this worker's stages (their counters).
     */
    public WorkerStages stages()
    {
        return stages;
    }

    private int serve(final QueueAssignment assignment)
    {
        rx.clear();
        final int received = ports[assignment.port()].rxBurst(assignment.queue(), rx, burstSize);
        if (received == 0)
        {
            return 0;
        }
        countReceived(received);
        neighborMissBudget = NEIGHBOR_MISS_PUNTS_PER_BURST;
        stages.classifier().classify(rx, next, reason, l3Offsets, innerOffsets);
        prefetchUplinkBindings(received);
        routeCount = 0;
        for (int i = 0; i < received; i++)
        {
            dispatch(assignment, i);
        }
        routeAll(assignment);
        egressGenerated(assignment);
        freeDropped(assignment.port());
        return received;
    }

    /**
     * The decapsulator checks each tunnelled packet against the binding of its inner source, one lookup at a time:
     * start the whole burst's table loads first, so that those lookups find their lines cached.
     */
    private void prefetchUplinkBindings(final int received)
    {
        final MemorySegment memory = rx.memory();
        int n = 0;
        for (int i = 0; i < received; i++)
        {
            final int inner = innerOffsets[i];
            if (next[i] != Next.DECAP || inner == Classifier.NO_INNER)
            {
                continue;
            }
            final long at = rx.address(i) + inner;
            final int room = rx.length(i) - inner;
            final int version = room > 0 ? Bytes.u8(memory, at) >>> 4 : 0;
            if (version == 6 && room >= Ipv6Header.LENGTH)
            {
                keyHigh[n] = Bytes.i64(memory, at + Ipv6Header.SOURCE_OFFSET);
                keyLow[n++] = Bytes.i64(memory, at + Ipv6Header.SOURCE_OFFSET + 8);
            }
            else if (version == 4 && room >= Ipv4Header.LENGTH)
            {
                keyHigh[n] = 0;
                keyLow[n++] = BindingView.ipv4MappedLow(Bytes.i32(memory, at + Ipv4Header.SOURCE_OFFSET));
            }
        }
        if (n > 0)
        {
            prefetched += stages.resolver().bindings().prefetch(keyHigh, keyLow, n);
        }
    }

    private void countReceived(final int received)
    {
        long octets = 0;
        for (int i = 0; i < received; i++)
        {
            octets += rx.length(i);
        }
        counters.increment(BURSTS);
        counters.add(RX_PACKETS, received);
        counters.add(RX_BYTES, octets);
    }

    private void dispatch(final QueueAssignment assignment, final int i)
    {
        switch (next[i])
        {
            case Next.FORWARD_IPV4, Next.FORWARD_IPV6 ->
            {
                rx.adjustStart(i, l3Offsets[i]);
                forward(i);
            }
            case Next.DECAP ->
            {
                rx.adjustStart(i, l3Offsets[i]);
                decapsulate(assignment, i);
            }
            case Next.PUNT ->
            {
                puntPacket(assignment, i, reason[i], l3Offsets[i], innerOffsets[i]);
                drop(i);
            }
            default ->
            {
                final int why = reason[i];
                counters.increment(why);
                if (why == DROP_TTL || why == DROP_HOP_LIMIT)
                {
                    rx.adjustStart(i, l3Offsets[i]);
                    stages.icmp().timeExceeded(rx, i, generated);
                }
                drop(i);
            }
        }
    }

    private void decapsulate(final QueueAssignment assignment, final int i)
    {
        counters.increment(UPLINK);
        final int outcome = stages.decapsulator().decapsulate(rx, i);
        if (!DecapCounter.isAccepted(outcome))
        {
            // A packet to one of our own addresses is never forwarded: a NAT keepalive (RFC 5555 §4.2) is consumed
            // with the drops, anything else goes to the slowpath as host-bound traffic.
            if (outcome == DECAP_TO_HOME_AGENT)
            {
                puntFromTunnel(assignment, i);
            }
            drop(i);
            return;
        }
        // The inner packet is forwarded by this node (RFC 2473 §3.2): its own TTL or hop limit applies.
        final MemorySegment memory = rx.memory();
        final long inner = rx.address(i);
        final boolean ipv4 = (Bytes.u8(memory, inner) >>> 4) == 4;
        final int ttl = Bytes.u8(memory, inner + (ipv4 ? Ipv4Header.TTL_OFFSET : Ipv6Header.HOP_LIMIT_OFFSET));
        if (ttl <= 1)
        {
            counters.increment(ipv4 ? DROP_TTL : DROP_HOP_LIMIT);
            stages.icmp().timeExceeded(rx, i, generated);
            drop(i);
            return;
        }
        forward(i);
    }

    /**
     * Punt a tunnelled packet to the home agent the way the classifier punts tunnelled signaling: the whole frame,
     * with the outer L3 offset and the inner header's offset, so the slowpath sees the tunnel it came through.
     * Decapsulation left the packet as it arrived, starting at its outer L3 header.
     */
    private void puntFromTunnel(final QueueAssignment assignment, final int i)
    {
        final int l3 = l3Offsets[i];
        rx.adjustStart(i, -l3);
        puntPacket(assignment, i, PUNT_HOST_BOUND, l3, innerOffsets[i]);
    }

    private void forward(final int i)
    {
        // Decrement the TTL or hop limit and queue the packet for the burst's binding lookup by destination.
        final MemorySegment memory = rx.memory();
        final long l3 = rx.address(i);
        final int k = routeCount;
        if ((Bytes.u8(memory, l3) >>> 4) == 4)
        {
            stages.forwarder().forwardIpv4(memory, l3);
            counters.increment(FORWARD_IPV4);
            keyHigh[k] = 0;
            keyLow[k] = BindingView.ipv4MappedLow(Bytes.i32(memory, l3 + Ipv4Header.DESTINATION_OFFSET));
        }
        else
        {
            final long destination = l3 + Ipv6Header.DESTINATION_OFFSET;
            final long high = Bytes.i64(memory, destination);
            final long low = Bytes.i64(memory, destination + 8);
            if (BindingView.isIpv4Mapped(high, low))
            {
                // RFC 4291 §2.5.5.2: an IPv4-mapped address never appears as an IPv6 destination on the wire
                // (and would alias an IPv4 home address's key).
                counters.increment(DROP_NOT_FORWARDABLE);
                drop(i);
                return;
            }
            stages.forwarder().forwardIpv6(memory, l3);
            counters.increment(FORWARD_IPV6);
            keyHigh[k] = high;
            keyLow[k] = low;
        }
        routeIndex[k] = i;
        routeCount = k + 1;
    }

    private void routeAll(final QueueAssignment assignment)
    {
        final int count = routeCount;
        if (count == 0)
        {
            return;
        }
        // One burst lookup overlaps the table's cache misses (rte_hash_lookup_bulk); prefixes only for misses.
        stages.resolver().bindings().lookupBurst(keyHigh, keyLow, count, views, results);
        for (int k = 0; k < count; k++)
        {
            int found = results[k];
            if (found == BindingTable.NOT_FOUND)
            {
                found = resolvePrefix(k);
            }
            route(assignment, routeIndex[k], views[k], found);
        }
    }

    private int resolvePrefix(final int k)
    {
        final long high = keyHigh[k];
        final long low = keyLow[k];
        final int found = BindingView.isIpv4Mapped(high, low)
            ? stages.resolver().resolvePrefixIpv4((int)low, views[k])
            : stages.resolver().resolvePrefixIpv6(high, low, views[k]);
        if (found >= 0)
        {
            counters.increment(DOWNLINK_PREFIX);
        }
        return found;
    }

    private void route(final QueueAssignment assignment, final int i, final BindingView binding, final int found)
    {
        if (found >= 0)
        {
            counters.increment(DOWNLINK);
            tunnel(assignment, i, binding);
        }
        else if (found == BindingTable.BUSY)
        {
            counters.increment(DROP_BINDING_BUSY);
            drop(i);
        }
        else
        {
            counters.increment(NATIVE);
            egress(assignment, rx, i);
        }
    }

    private void tunnel(final QueueAssignment assignment, final int i, final BindingView binding)
    {
        final int room = TunnelMtuCheck.room(binding.tunnelMtu(), binding.templateLength());
        final TunnelMtuCheck mtu = stages.mtu();
        switch (mtu.check(rx, i, room))
        {
            case TunnelMtuCheck.FITS -> encapsulate(assignment, rx, i, binding);
            case TunnelMtuCheck.TOO_BIG_IPV6 ->
            {
                // RFC 4213 §3.2, RFC 8201 §4: tell the source the path MTU through the tunnel.
                stages.icmp().packetTooBig(rx, i, mtu.reportedMtu(room), generated);
                drop(i);
            }
            case TunnelMtuCheck.TOO_BIG_IPV4_DF ->
            {
                // RFC 1191 §4: Fragmentation Needed with the next-hop MTU, the room the tunnel leaves.
                stages.icmp().fragmentationNeeded(rx, i, room, generated);
                drop(i);
            }
            case TunnelMtuCheck.FRAGMENT_IPV4 -> fragmentAndEncapsulate(assignment, i, room, binding);
            case TunnelMtuCheck.FRAGMENT_OUTER -> encapsulateAndFragmentOuter(assignment, i, binding);
            default ->
            {
                counters.increment(DROP_ENCAP_FAILED);
                drop(i);
            }
        }
    }

    private void encapsulateAndFragmentOuter(final QueueAssignment assignment, final int i, final BindingView binding)
    {
        // RFC 2473 §7.1 (a), RFC 4213 §3.2: an IPv6 packet of at most 1280 octets must pass; the tunnel packet is
        // fragmented by this tunnel entry (IPv6 outer: a Fragment header, RFC 8200 §4.5; IPv4 outer: DF is clear
        // over an IPv6 inner, RFC 791 fragmentation).
        if (stages.encapsulator().encapsulate(rx, i, binding) != Encapsulator.OK)
        {
            counters.increment(DROP_ENCAP_FAILED);
            drop(i);
            return;
        }
        final int first = generated.count();
        final int fragments = binding.templateLength() == OuterHeaderTemplate.IPV6_LENGTH
            ? stages.fragmenter6().fragment(rx, i, binding.tunnelMtu(), generated)
            : stages.fragmenter().fragment(rx, i, binding.tunnelMtu(), generated);
        drop(i);
        for (int f = first, end = first + Math.max(fragments, 0); f < end; f++)
        {
            egress(assignment, generated, f);
        }
        generated.truncate(first);
    }

    private void fragmentAndEncapsulate(
        final QueueAssignment assignment, final int i, final int room, final BindingView binding)
    {
        final int first = generated.count();
        final int fragments = stages.fragmenter().fragment(rx, i, room, generated);
        drop(i);
        if (fragments <= 0)
        {
            return;
        }
        // The fragments go out now, through the same binding; they are taken out of the generated burst's
        // egress-only tail by encapsulating them here and moving them to the transmit side.
        for (int f = first, end = first + fragments; f < end; f++)
        {
            encapsulate(assignment, generated, f, binding);
        }
        generated.truncate(first);
    }

    private void encapsulate(
        final QueueAssignment assignment, final PacketBurst burst, final int i, final BindingView binding)
    {
        if (stages.encapsulator().encapsulate(burst, i, binding) != Encapsulator.OK)
        {
            counters.increment(DROP_ENCAP_FAILED);
            burst.moveTo(i, dropped);
            return;
        }
        egress(assignment, burst, i);
    }

    private void egress(final QueueAssignment assignment, final PacketBurst burst, final int i)
    {
        final Egress egress = stages.egress();
        final int port = egress.prepare(burst, i);
        if (port >= 0)
        {
            if (!burst.moveTo(i, tx[port]))
            {
                counters.increment(DROP_TX_FULL);
                burst.moveTo(i, dropped);
            }
            return;
        }
        if (port == Egress.NEIGHBOR_UNRESOLVED)
        {
            if (neighborMissBudget > 0)
            {
                neighborMissBudget--;
                puntGlean(assignment);
            }
            else
            {
                counters.increment(DROP_NEIGHBOR_MISS_LIMIT);
            }
        }
        burst.moveTo(i, dropped);
    }

    private void puntGlean(final QueueAssignment assignment)
    {
        // The packet itself is dropped (as VPP's glean does); the resolver gets the next hop to solicit.
        final Egress egress = stages.egress();
        if (punt.puntNextHop(COUNTER_IDS[PUNT_NEIGHBOR_MISS], egress.unresolvedPort(), assignment.queue(),
            egress.unresolvedHigh(), egress.unresolvedLow()))
        {
            counters.increment(PUNT_NEIGHBOR_MISS);
        }
        else
        {
            counters.increment(DROP_PUNT_RING_FULL);
        }
    }

    private void egressGenerated(final QueueAssignment assignment)
    {
        // ICMP errors go back to the offending packet's source; when that is a mobile node (a packet it sent
        // through its tunnel expired here), the error is tunnelled to it like any packet to its home address.
        for (int g = 0, count = generated.count(); g < count; g++)
        {
            if (resolveDestination(generated, g) >= 0)
            {
                encapsulate(assignment, generated, g, view);
            }
            else
            {
                egress(assignment, generated, g);
            }
        }
        generated.clear();
    }

    private int resolveDestination(final PacketBurst burst, final int i)
    {
        final MemorySegment memory = burst.memory();
        final long l3 = burst.address(i);
        if ((Bytes.u8(memory, l3) >>> 4) == 4)
        {
            return stages.resolver().resolveIpv4(Bytes.i32(memory, l3 + Ipv4Header.DESTINATION_OFFSET), view);
        }
        final long destination = l3 + Ipv6Header.DESTINATION_OFFSET;
        return stages.resolver().resolveIpv6(Bytes.i64(memory, destination), Bytes.i64(memory, destination + 8), view);
    }

    private void puntPacket(
        final QueueAssignment assignment, final int i, final int reasonOrdinal, final int l3, final int inner)
    {
        if (punt.punt(COUNTER_IDS[reasonOrdinal], rx.memory(), rx.address(i), rx.length(i),
            assignment.port(), assignment.queue(), l3, inner))
        {
            counters.increment(reasonOrdinal);
        }
        else
        {
            counters.increment(DROP_PUNT_RING_FULL);
        }
    }

    private void drop(final int i)
    {
        rx.moveTo(i, dropped);
    }

    private int transmitForSlowpath()
    {
        rx.clear();
        final int taken = transmitRing.poll(rx, burstSize);
        for (int i = 0; i < taken; i++)
        {
            final int port = TransmitRing.outputPort(rx, i);
            if (port >= tx.length || !rx.moveTo(i, tx[port]))
            {
                counters.increment(DROP_TX_FULL);
                rx.moveTo(i, dropped);
            }
        }
        counters.add(SLOWPATH_TX, taken);
        rx.clear();
        if (dropped.count() > 0)
        {
            ports[0].free(dropped, 0, dropped.count());
            dropped.clear();
        }
        return taken;
    }

    private void flushAll()
    {
        for (int p = 0; p < tx.length; p++)
        {
            flush(p);
        }
        if (dropped.count() > 0)
        {
            ports[0].free(dropped, 0, dropped.count());
            dropped.clear();
        }
    }

    private void flush(final int outputPort)
    {
        final PacketBurst out = tx[outputPort];
        final int count = out.count();
        if (count == 0)
        {
            return;
        }
        final int sent = ports[outputPort].txBurst(txQueue, out, 0, count);
        long octets = 0;
        for (int i = 0; i < sent; i++)
        {
            octets += out.length(i);
        }
        counters.add(TX_PACKETS, sent);
        counters.add(TX_BYTES, octets);
        for (int i = sent; i < count; i++)
        {
            out.moveTo(i, dropped);
            counters.increment(DROP_TX_FULL);
        }
        out.clear();
    }

    private void freeDropped(final int rxPort)
    {
        // Frames go back to the port they came from, once per burst (DPDK's "death row").
        final int count = dropped.count();
        if (count > 0)
        {
            ports[rxPort].free(dropped, 0, count);
            dropped.clear();
        }
    }

    private void publishStageCounters()
    {
        stages.collectCounters(stageCounters);
        stageCounters.publish();
        cyclesSinceStagePublish = 0;
        stageCountersDirty = false;
    }

    private static int[] counterIds()
    {
        final FastpathCounter[] counters = FastpathCounter.values();
        final int[] ids = new int[counters.length];
        for (int i = 0; i < counters.length; i++)
        {
            ids[i] = counters[i].id();
        }
        return ids;
    }
}
