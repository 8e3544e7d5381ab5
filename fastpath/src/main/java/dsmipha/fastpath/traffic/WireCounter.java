package dsmipha.fastpath.traffic;

import dsmipha.common.counters.CounterDescriptor;
import dsmipha.common.counters.CounterDescriptors;
import dsmipha.common.counters.CounterInfo;

/**
 * Counters of the far ("wire") side of in-memory ports: what a traffic source offered and what came back.
 * Ids 100-199 (see {@link CounterDescriptor}).
 */
public enum WireCounter implements CounterDescriptor
{
    /** Packets put on the wire towards a port. */
    INJECTED(100, "wire-injected", "packets the traffic source put on the wire towards the ports"),
    /** Packets the port's receive ring had no room for (a NIC's rx-missed). */
    RX_MISSED(101, "wire-rx-missed", "packets refused because the port's receive ring was full"),
    /** Packets the ports transmitted, taken off the wire. */
    COLLECTED(102, "wire-collected", "packets the ports transmitted, taken off the wire"),
    /** Cycles where the frame pool had no free frame. */
    POOL_EMPTY(103, "wire-pool-empty", "generation cycles that found the frame pool empty");

    static
    {
        CounterDescriptors.requireUnique(values());
    }

    private final CounterInfo info;

    WireCounter(final int id, final String label, final String description)
    {
        this.info = new CounterInfo(id, label, description);
    }

    @Override
    public CounterInfo info()
    {
        return info;
    }
}
