package dsmipha.slowpath;

import java.lang.foreign.MemorySegment;

import dsmipha.common.counters.CounterSlots;
import dsmipha.fastpath.io.FrameLayout;
import dsmipha.fastpath.io.FramePool;
import dsmipha.fastpath.io.TransmitRing;

/**
 * The slowpath's way out: copies a frame it built (a Binding Acknowledgement, an ARP reply, a Neighbor
 * Advertisement) into a pool frame and hands it to the worker that transmits for the chosen port, through that
 * worker's {@link TransmitRing}. The worker sends it through its own transmit queue of the port in its next duty
 * cycle, so no queue is shared and the workers take no lock. A full ring or an empty pool drops the frame with a
 * counter; the caller never blocks (signaling retransmits are the protocol's: RFC 6275 §11.8).
 * <p>
 * Not thread safe: the slowpath thread only.
 */
public final class SlowpathTransmitter
{
    private static final int TX_FRAMES = SlowpathCounter.TX_FRAMES.ordinal();
    private static final int TX_DROP_RING_FULL = SlowpathCounter.TX_DROP_RING_FULL.ordinal();
    private static final int TX_DROP_NO_FRAME = SlowpathCounter.TX_DROP_NO_FRAME.ordinal();
    private static final int TX_DROP_INVALID = SlowpathCounter.TX_DROP_INVALID.ordinal();

    private final FramePool pool;
    private final TransmitRing[] ringByPort;
    private final CounterSlots counters;
    private final int maxLength;

    /**
     * @param pool       the ports' frame pool.
     * @param ringByPort for each port index, the transmit ring of the worker that sends for it.
     * @param counters   the slowpath's counters over {@link SlowpathCounter}.
     */
    public SlowpathTransmitter(final FramePool pool, final TransmitRing[] ringByPort, final CounterSlots counters)
    {
        this.pool = pool;
        this.ringByPort = ringByPort.clone();
        this.counters = counters;
        this.maxLength = pool.frameLength() - FrameLayout.DATA_OFFSET;
    }

    /**
     * Send one frame.
     *
     * @param port   output port index.
     * @param frame  memory holding the frame, starting at its Ethernet header.
     * @param offset offset of the frame's first octet.
     * @param length frame length in octets.
     * @return true when handed to the worker.
     */
    public boolean transmit(final int port, final MemorySegment frame, final long offset, final int length)
    {
        if (port < 0 || port >= ringByPort.length || length <= 0 || length > maxLength)
        {
            counters.increment(TX_DROP_INVALID);
            return false;
        }
        final int index = pool.allocate();
        if (index < 0)
        {
            counters.increment(TX_DROP_NO_FRAME);
            return false;
        }
        MemorySegment.copy(frame, offset, pool.memory(), pool.frameOffset(index) + FrameLayout.DATA_OFFSET, length);
        if (!ringByPort[port].offer(index, FrameLayout.DATA_OFFSET, length, port))
        {
            pool.free(index);
            counters.increment(TX_DROP_RING_FULL);
            return false;
        }
        counters.increment(TX_FRAMES);
        return true;
    }
}
