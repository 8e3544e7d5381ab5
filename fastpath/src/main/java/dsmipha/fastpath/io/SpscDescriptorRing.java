package dsmipha.fastpath.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Single-producer single-consumer ring of packet descriptors between two Java threads (a port queue and its
 * worker). A descriptor packs a packet into one {@code long}, so a burst moves with plain array stores and one
 * release store of the index.
 * <pre>
 *   63                              32 31              16 15               0
 *  +----------------------------------+------------------+------------------+
 *  |          frame index             |  offset in frame |  length (octets) |
 *  +----------------------------------+------------------+------------------+
 * </pre>
 * The producer caches the consumer's index and re-reads it only when the ring looks full; the consumer does the
 * same with the producer's index (the cached-index trick of Agrona's and DPDK's rings).
 */
public final class SpscDescriptorRing
{
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(SpscDescriptorRing.class, "head", long.class);
            TAIL = lookup.findVarHandle(SpscDescriptorRing.class, "tail", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final long[] slots;
    private final int mask;
    @SuppressWarnings("unused")
    private long p01, p02, p03, p04, p05, p06, p07;
    private long head;
    private long cachedTail;
    @SuppressWarnings("unused")
    private long p11, p12, p13, p14, p15, p16, p17;
    private long tail;
    private long cachedHead;
    @SuppressWarnings("unused")
    private long p21, p22, p23, p24, p25, p26, p27;

    /**
     * @param capacity a power of two.
     */
    public SpscDescriptorRing(final int capacity)
    {
        if (capacity < 2 || Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("capacity must be a power of two >= 2: " + capacity);
        }
        slots = new long[capacity];
        mask = capacity - 1;
    }

    /**
     * Pack a descriptor.
     *
     * @param frame  frame index.
     * @param offset offset within the frame, 0..65535.
     * @param length octets, 0..65535.
     * @return the descriptor.
     */
    public static long pack(final int frame, final int offset, final int length)
    {
        return ((long)frame << 32) | ((long)(offset & 0xFFFF) << 16) | (length & 0xFFFF);
    }

    /**
     * Producer: enqueue packets {@code [from, from + count)} of a burst.
     *
     * @param burst source.
     * @param from  first index.
     * @param count how many.
     * @return how many were enqueued (fewer when the ring fills).
     */
    public int offerBurst(final PacketBurst burst, final int from, final int count)
    {
        final long tail = this.tail;
        long free = slots.length - (tail - cachedHead);
        if (free < count)
        {
            cachedHead = (long)HEAD.getAcquire(this);
            free = slots.length - (tail - cachedHead);
        }
        final int n = (int)Math.min(free, count);
        for (int i = 0; i < n; i++)
        {
            slots[(int)((tail + i) & mask)] = pack(burst.frame(from + i), burst.offset(from + i),
                burst.length(from + i));
        }
        TAIL.setRelease(this, tail + n);
        return n;
    }

    /**
     * Producer: enqueue one descriptor.
     *
     * @param descriptor packed descriptor.
     * @return false when the ring is full.
     */
    public boolean offer(final long descriptor)
    {
        final long tail = this.tail;
        if (tail - cachedHead >= slots.length)
        {
            cachedHead = (long)HEAD.getAcquire(this);
            if (tail - cachedHead >= slots.length)
            {
                return false;
            }
        }
        slots[(int)(tail & mask)] = descriptor;
        TAIL.setRelease(this, tail + 1);
        return true;
    }

    /**
     * Consumer: dequeue up to {@code max} descriptors, appended to a burst.
     *
     * @param burst destination.
     * @param max   the most to dequeue.
     * @return how many were dequeued.
     */
    public int pollBurst(final PacketBurst burst, final int max)
    {
        final long head = this.head;
        long available = cachedTail - head;
        if (available < max)
        {
            cachedTail = (long)TAIL.getAcquire(this);
            available = cachedTail - head;
        }
        final int n = (int)Math.min(Math.min(available, max), burst.remaining());
        for (int i = 0; i < n; i++)
        {
            final long descriptor = slots[(int)((head + i) & mask)];
            burst.add((int)(descriptor >>> 32), (int)(descriptor >>> 16) & 0xFFFF, (int)descriptor & 0xFFFF);
        }
        HEAD.setRelease(this, head + n);
        return n;
    }

    /**
     * @return approximate number of descriptors in the ring.
     */
    public int size()
    {
        return (int)((long)TAIL.getAcquire(this) - (long)HEAD.getAcquire(this));
    }

    /**
     * @return the capacity.
     */
    public int capacity()
    {
        return slots.length;
    }
}
