package dsmipha.fastpath.io;

/**
 * The in-memory backend: a port whose "wire" is a pair of rings per queue inside this process. The fastpath side
 * ({@link #rxBurst}, {@link #txBurst}) is the same API a NIC port offers; the {@link Wire} side is what a traffic
 * source, a test or the perf harness uses to put packets on the wire and take transmitted packets off it.
 * <pre>
 *            wire side (generator, test)                    port side (worker owning queue q)
 *   Wire.inject(q) ──► [ toPort ring q ] ──► rxBurst(q) ──► worker stages
 *   Wire.collect(q) ◄── [ toWire ring q ] ◄── txBurst(q) ◄──┘
 * </pre>
 * Each ring is single producer, single consumer: one wire-side thread and one worker per queue.
 */
public final class MemoryPort implements PacketPort
{
    private final String name;
    private final FramePool pool;
    private final SpscDescriptorRing[] toPort;
    private final SpscDescriptorRing[] toWire;
    private final Wire wire = new Wire();

    /**
     * @param name         port name.
     * @param pool         frames for both directions.
     * @param queueCount   number of queues.
     * @param ringCapacity descriptors per ring, a power of two.
     */
    public MemoryPort(final String name, final FramePool pool, final int queueCount, final int ringCapacity)
    {
        if (queueCount < 1)
        {
            throw new IllegalArgumentException("queue count must be positive: " + queueCount);
        }
        this.name = name;
        this.pool = pool;
        this.toPort = new SpscDescriptorRing[queueCount];
        this.toWire = new SpscDescriptorRing[queueCount];
        for (int q = 0; q < queueCount; q++)
        {
            toPort[q] = new SpscDescriptorRing(ringCapacity);
            toWire[q] = new SpscDescriptorRing(ringCapacity);
        }
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public int queueCount()
    {
        return toPort.length;
    }

    @Override
    public FramePool pool()
    {
        return pool;
    }

    @Override
    public int rxBurst(final int queue, final PacketBurst burst, final int max)
    {
        return toPort[queue].pollBurst(burst, max);
    }

    @Override
    public int txBurst(final int queue, final PacketBurst burst, final int from, final int count)
    {
        return toWire[queue].offerBurst(burst, from, count);
    }

    /**
     * @return the wire side of this port.
     */
    public Wire wire()
    {
        return wire;
    }

    @Override
    public void close()
    {
    }

    /**
     * The far end of the in-memory link.
     */
    public final class Wire
    {
        /**
         * Put packets on the wire towards the port (they arrive on {@code rxBurst(queue)}).
         *
         * @param queue queue index.
         * @param burst packets; those accepted leave the caller's ownership.
         * @param from  first index.
         * @param count how many.
         * @return how many were accepted (the rest stay with the caller: the "NIC" RX ring is full).
         */
        public int inject(final int queue, final PacketBurst burst, final int from, final int count)
        {
            return toPort[queue].offerBurst(burst, from, count);
        }

        /**
         * Take packets the port transmitted on a queue; the caller owns (and must free) them.
         *
         * @param queue queue index.
         * @param burst appended to.
         * @param max   the most to take.
         * @return how many were taken.
         */
        public int collect(final int queue, final PacketBurst burst, final int max)
        {
            return toWire[queue].pollBurst(burst, max);
        }

        /**
         * @param queue queue index.
         * @return packets waiting to be received by the port on that queue.
         */
        public int pendingToPort(final int queue)
        {
            return toPort[queue].size();
        }
    }
}
