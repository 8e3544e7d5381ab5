package dsmipha.fastpath.punt;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The ring that carries punted packets from every worker to the slowpath: Agrona's many-to-one ring buffer over
 * off-heap memory, with a {@link MemorySegment} view of the same memory so packets are copied segment to segment
 * without an intermediate array.
 */
public final class PuntRing implements AutoCloseable
{
    private final Arena arena;
    private final MemorySegment memory;
    private final ManyToOneRingBuffer ring;

    /**
     * @param capacity octets of message space, a power of two (e.g. 4 MiB holds about 2,800 full-size packets).
     */
    public PuntRing(final int capacity)
    {
        if (Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("punt ring capacity must be a power of two: " + capacity);
        }
        final int length = capacity + RingBufferDescriptor.TRAILER_LENGTH;
        this.arena = Arena.ofShared();
        this.memory = arena.allocate(length, 64);
        this.ring = new ManyToOneRingBuffer(new UnsafeBuffer(memory.address(), length));
    }

    /**
     * @return the ring (writers claim and commit; the slowpath reads).
     */
    public ManyToOneRingBuffer ring()
    {
        return ring;
    }

    /**
     * @return the ring's memory as a segment (the same octets as {@code ring().buffer()}).
     */
    public MemorySegment memory()
    {
        return memory;
    }

    @Override
    public void close()
    {
        arena.close();
    }
}
