package dsmipha.fastpath.io;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Frames the slowpath asks one worker to transmit (Binding Acknowledgements, ARP and Neighbor Discovery, ICMP):
 * a single-producer (the slowpath thread), single-consumer (the worker) ring of frame descriptors. The worker
 * drains it once per duty cycle into its own transmit bursts, so frames leave through the worker's transmit queue
 * of each port and the workers' path takes no lock and shares no queue (the "a way for the slowpath to
 * transmit through the same ports").
 * <p>
 * The output port travels in the frame's metadata ({@link FrameLayout#METADATA_TX_PORT_OFFSET}), the frame
 * itself in a {@link SpscDescriptorRing} descriptor:
 * <pre>
 *   slowpath: allocate frame ─► write packet at DATA_OFFSET ─► metadata[0..1] = port ─► offer(descriptor)
 *   worker:   poll(burst) ─► port = metadata[0..1] ─► its transmit burst for that port ─► txBurst(its queue)
 * </pre>
 */
public final class TransmitRing
{
    private static final ValueLayout.OfShort PORT_LAYOUT = ValueLayout.JAVA_SHORT_UNALIGNED;

    private final SpscDescriptorRing ring;
    private final FramePool pool;

    /**
     * @param pool     the frames' pool (the ports' pool).
     * @param capacity descriptors, a power of two.
     */
    public TransmitRing(final FramePool pool, final int capacity)
    {
        this.pool = pool;
        this.ring = new SpscDescriptorRing(capacity);
    }

    /**
     * Producer (slowpath): hand a filled frame to the worker.
     *
     * @param frame  frame index from the pool, owned by the caller.
     * @param offset offset of the packet's first octet (its Ethernet header) within the frame.
     * @param length packet length.
     * @param port   output port index.
     * @return true when queued (the frame now belongs to the worker); false when the ring is full (the caller
     *         still owns the frame).
     */
    public boolean offer(final int frame, final int offset, final int length, final int port)
    {
        pool.memory().set(PORT_LAYOUT, pool.frameOffset(frame) + FrameLayout.METADATA_TX_PORT_OFFSET, (short)port);
        return ring.offer(SpscDescriptorRing.pack(frame, offset, length));
    }

    /**
     * Consumer (worker): take up to {@code max} frames.
     *
     * @param burst appended to.
     * @param max   the most to take.
     * @return how many were taken.
     */
    public int poll(final PacketBurst burst, final int max)
    {
        return ring.pollBurst(burst, max);
    }

    /**
     * @param burst a burst filled by {@link #poll}.
     * @param i     packet index.
     * @return the output port the slowpath chose for it.
     */
    public static int outputPort(final PacketBurst burst, final int i)
    {
        final MemorySegment memory = burst.memory();
        return Short.toUnsignedInt(memory.get(PORT_LAYOUT,
            burst.pool().frameOffset(burst.frame(i)) + FrameLayout.METADATA_TX_PORT_OFFSET));
    }

    /**
     * @return frames queued and not yet taken (approximate).
     */
    public int size()
    {
        return ring.size();
    }
}
