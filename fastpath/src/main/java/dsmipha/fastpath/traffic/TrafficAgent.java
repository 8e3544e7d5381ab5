package dsmipha.fastpath.traffic;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;

import dsmipha.common.counters.CounterSlots;
import dsmipha.fastpath.io.FramePool;
import dsmipha.fastpath.io.MemoryPort;
import dsmipha.fastpath.io.PacketBurst;

/**
 * Drives the wire side of in-memory ports: each duty cycle it takes off the wire what the ports transmitted (and
 * frees those frames), then offers a burst of {@link SyntheticTraffic} on every queue of every port, paced to
 * a packet rate when one is set. This is what the demo runs in place of a NIC and its link partner.
 * <p>
 * Not thread safe: one thread.
 */
public final class TrafficAgent implements Agent
{
    private static final int INJECTED = WireCounter.INJECTED.ordinal();
    private static final int RX_MISSED = WireCounter.RX_MISSED.ordinal();
    private static final int COLLECTED = WireCounter.COLLECTED.ordinal();
    private static final int POOL_EMPTY = WireCounter.POOL_EMPTY.ordinal();

    private final MemoryPort[] ports;
    private final SyntheticTraffic traffic;
    private final CounterSlots counters;
    private final NanoClock clock;
    private final long packetsPerSecond;
    private final int burstSize;
    private final PacketBurst burst;
    private final FramePool pool;
    private long startNs = -1;
    private long sent;

    /**
     * @param ports            the ports whose wire side this agent drives (one frame pool).
     * @param traffic          the packet mix.
     * @param counters         counter slots over {@link WireCounter}.
     * @param clock            time source for pacing.
     * @param packetsPerSecond offered load, or 0 for as fast as the ports take packets.
     * @param burstSize        packets per offered burst.
     */
    public TrafficAgent(
        final MemoryPort[] ports,
        final SyntheticTraffic traffic,
        final CounterSlots counters,
        final NanoClock clock,
        final long packetsPerSecond,
        final int burstSize)
    {
        this.ports = ports.clone();
        this.traffic = traffic;
        this.counters = counters;
        this.clock = clock;
        this.packetsPerSecond = packetsPerSecond;
        this.burstSize = burstSize;
        this.pool = ports[0].pool();
        this.burst = new PacketBurst(pool, burstSize);
    }

    @Override
    public int doWork()
    {
        int work = collect();
        work += offer();
        if (work > 0)
        {
            counters.publish();
        }
        return work;
    }

    @Override
    public String roleName()
    {
        return "traffic";
    }

    /**
     * @return packets offered so far.
     */
    public long sent()
    {
        return sent;
    }

    private int collect()
    {
        int collected = 0;
        for (final MemoryPort port : ports)
        {
            for (int q = 0; q < port.queueCount(); q++)
            {
                // Everything injected on every port may leave by one port (tunnels go out the access side), so
                // a queue is drained, not sampled: a link partner takes what the port sends.
                int n;
                do
                {
                    burst.clear();
                    n = port.wire().collect(q, burst, burstSize);
                    burst.freeAll();
                    collected += n;
                }
                while (n == burstSize);
            }
        }
        counters.add(COLLECTED, collected);
        return collected;
    }

    private int offer()
    {
        int offered = 0;
        for (final MemoryPort port : ports)
        {
            for (int q = 0; q < port.queueCount(); q++)
            {
                final int allowance = allowance();
                if (allowance == 0)
                {
                    return offered;
                }
                offered += offerBurst(port, q, allowance);
            }
        }
        return offered;
    }

    private int offerBurst(final MemoryPort port, final int queue, final int allowance)
    {
        burst.clear();
        final int made = traffic.fill(pool, burst, allowance);
        if (made < allowance)
        {
            counters.increment(POOL_EMPTY);
        }
        final int accepted = port.wire().inject(queue, burst, 0, made);
        for (int i = accepted; i < made; i++)
        {
            pool.free(burst.frame(i));
        }
        counters.add(INJECTED, accepted);
        counters.add(RX_MISSED, made - accepted);
        sent += made;
        return made;
    }

    private int allowance()
    {
        if (packetsPerSecond <= 0)
        {
            return burstSize;
        }
        final long nowNs = clock.nanoTime();
        if (startNs < 0)
        {
            startNs = nowNs;
        }
        final long due = (nowNs - startNs) / 1000 * packetsPerSecond / 1_000_000;
        return (int)Math.max(0, Math.min(burstSize, due - sent));
    }
}
