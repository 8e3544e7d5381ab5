package dsmipha.fastpath.worker;

import java.lang.foreign.MemorySegment;

import org.agrona.concurrent.Agent;

import dsmipha.common.counters.CounterSlots;
import dsmipha.fastpath.io.FramePool;
import dsmipha.fastpath.io.PacketBurst;
import dsmipha.fastpath.io.PacketPort;
import dsmipha.fastpath.punt.PuntProxy;

/**
 * A fastpath worker: one per core, owning its queues, bursts and counters. One duty cycle, per served queue:
 * <pre>
 *   rxBurst ──► ha-classify ──► ip-forward ──► tx burst of the output port ──► txBurst
 *                    │                                     (unsent: drop-tx-full)
 *                    ├──► punt ──► punt ring ──► slowpath  (ring full: drop-punt-ring-full)
 *                    └──► drop (named reason)
 * </pre>
 * and at the end of the cycle the counters are published once. Nothing is allocated after construction.
 * <p>
 * Not thread safe: driven by one thread (its own pinned thread, a shared thread, or the caller in tests).
 */
public final class WorkerAgent implements Agent
{
    private static final int RX_PACKETS = FastpathCounter.RX_PACKETS.ordinal();
    private static final int RX_BYTES = FastpathCounter.RX_BYTES.ordinal();
    private static final int TX_PACKETS = FastpathCounter.TX_PACKETS.ordinal();
    private static final int TX_BYTES = FastpathCounter.TX_BYTES.ordinal();
    private static final int BURSTS = FastpathCounter.BURSTS.ordinal();
    private static final int FORWARD_IPV4 = FastpathCounter.FORWARD_IPV4.ordinal();
    private static final int FORWARD_IPV6 = FastpathCounter.FORWARD_IPV6.ordinal();
    private static final int DROP_PUNT_RING_FULL = FastpathCounter.DROP_PUNT_RING_FULL.ordinal();
    private static final int DROP_TX_FULL = FastpathCounter.DROP_TX_FULL.ordinal();
    /** Counter id by ordinal: {@code values()} clones its array on every call, so it stays off the packet path. */
    private static final int[] COUNTER_IDS = counterIds();

    private final int workerIndex;
    private final PacketPort[] ports;
    private final QueueAssignment[] assignments;
    private final int burstSize;
    private final PuntProxy punt;
    private final CounterSlots counters;
    private final PacketBurst rx;
    private final PacketBurst[] tx;
    private final PacketBurst dropped;
    private final int[] next;
    private final int[] reason;
    private final int[] l3Offsets;
    private final Classifier classifier = new Classifier();
    private final Forwarder forwarder = new Forwarder();

    /**
     * @param workerIndex this worker's number (counter owner and punt metadata).
     * @param ports       every port, indexed as in the assignments; all share one frame pool.
     * @param assignments the queues this worker serves.
     * @param burstSize   most packets per receive burst.
     * @param punt        writer into the punt ring.
     * @param counters    this worker's counter slots over {@link FastpathCounter}.
     */
    public WorkerAgent(
        final int workerIndex,
        final PacketPort[] ports,
        final QueueAssignment[] assignments,
        final int burstSize,
        final PuntProxy punt,
        final CounterSlots counters)
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
        }
        this.workerIndex = workerIndex;
        this.ports = ports.clone();
        this.assignments = assignments.clone();
        this.burstSize = burstSize;
        this.punt = punt;
        this.counters = counters;
        this.rx = new PacketBurst(pool, burstSize);
        this.tx = new PacketBurst[ports.length];
        for (int p = 0; p < ports.length; p++)
        {
            tx[p] = new PacketBurst(pool, burstSize);
        }
        this.dropped = new PacketBurst(pool, burstSize);
        this.next = new int[burstSize];
        this.reason = new int[burstSize];
        this.l3Offsets = new int[burstSize];
    }

    @Override
    public int doWork()
    {
        int work = 0;
        for (final QueueAssignment assignment : assignments)
        {
            work += serve(assignment);
        }
        if (work > 0)
        {
            counters.publish();
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

    private int serve(final QueueAssignment assignment)
    {
        rx.clear();
        final int received = ports[assignment.port()].rxBurst(assignment.queue(), rx, burstSize);
        if (received == 0)
        {
            return 0;
        }
        countReceived(received);
        classifier.classify(rx, next, reason, l3Offsets);
        dispatch(assignment);
        flush(assignment.outputPort(), assignment.queue());
        freeDropped(assignment.port());
        return received;
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

    private void dispatch(final QueueAssignment assignment)
    {
        final MemorySegment memory = rx.memory();
        final PacketBurst out = tx[assignment.outputPort()];
        for (int i = 0, count = rx.count(); i < count; i++)
        {
            switch (next[i])
            {
                case Next.FORWARD_IPV4 ->
                {
                    forwarder.forwardIpv4(memory, rx.address(i) + l3Offsets[i]);
                    counters.increment(FORWARD_IPV4);
                    rx.moveTo(i, out);
                }
                case Next.FORWARD_IPV6 ->
                {
                    forwarder.forwardIpv6(memory, rx.address(i) + l3Offsets[i]);
                    counters.increment(FORWARD_IPV6);
                    rx.moveTo(i, out);
                }
                case Next.PUNT ->
                {
                    puntPacket(assignment, memory, i);
                    rx.moveTo(i, dropped);
                }
                default ->
                {
                    counters.increment(reason[i]);
                    rx.moveTo(i, dropped);
                }
            }
        }
    }

    private void puntPacket(final QueueAssignment assignment, final MemorySegment memory, final int i)
    {
        final int reasonOrdinal = reason[i];
        if (punt.punt(COUNTER_IDS[reasonOrdinal], memory, rx.address(i), rx.length(i),
            assignment.port(), assignment.queue(), l3Offsets[i]))
        {
            counters.increment(reasonOrdinal);
        }
        else
        {
            counters.increment(DROP_PUNT_RING_FULL);
        }
    }

    private void flush(final int outputPort, final int queue)
    {
        final PacketBurst out = tx[outputPort];
        final int count = out.count();
        if (count == 0)
        {
            return;
        }
        final int sent = ports[outputPort].txBurst(queue, out, 0, count);
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
