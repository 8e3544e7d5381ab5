package dsmipha.fastpath.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Bounded multi-producer multi-consumer ring of frame indices: the free list of a {@link FramePool}, so that the
 * thread that frees a frame (a worker dropping a packet, the wire side after transmit) need not be the one that
 * allocated it. This is the role of DPDK's mempool ring.
 * <p>
 * Algorithm: Dmitry Vyukov's bounded MPMC queue. Each slot carries a sequence number; a producer claims a slot by
 * CAS on the tail when the slot's sequence equals the tail, writes the value and release-stores sequence + 1; a
 * consumer claims by CAS on the head when the sequence equals head + 1 and release-stores head + capacity. No
 * allocation, no locks; a full ring or an empty ring is a return value, decided from the head and tail indices.
 * A slot claimed by a peer that was preempted before it published (a producer before storing its value, a
 * consumer before releasing the slot) is waited for, as DPDK's multi-producer/consumer rte_ring waits for a peer
 * in flight: so "full" and "empty" are never reported falsely.
 */
public final class FrameFreeRing
{
    private static final VarHandle SEQUENCES = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(FrameFreeRing.class, "head", long.class);
            TAIL = lookup.findVarHandle(FrameFreeRing.class, "tail", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final long[] sequences;
    private final int[] values;
    private final int mask;
    @SuppressWarnings("unused")
    private long p01, p02, p03, p04, p05, p06, p07;
    private volatile long head;
    @SuppressWarnings("unused")
    private long p11, p12, p13, p14, p15, p16, p17;
    private volatile long tail;
    @SuppressWarnings("unused")
    private long p21, p22, p23, p24, p25, p26, p27;

    /**
     * @param capacity a power of two.
     */
    public FrameFreeRing(final int capacity)
    {
        if (capacity < 2 || Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("capacity must be a power of two >= 2: " + capacity);
        }
        sequences = new long[capacity];
        values = new int[capacity];
        mask = capacity - 1;
        for (int i = 0; i < capacity; i++)
        {
            sequences[i] = i;
        }
    }

    /**
     * @param value frame index to add.
     * @return false when the ring is full.
     */
    public boolean offer(final int value)
    {
        long position = (long)TAIL.getOpaque(this);
        while (true)
        {
            final int slot = (int)(position & mask);
            final long sequence = (long)SEQUENCES.getAcquire(sequences, slot);
            final long difference = sequence - position;
            if (difference == 0)
            {
                if (TAIL.weakCompareAndSet(this, position, position + 1))
                {
                    values[slot] = value;
                    SEQUENCES.setRelease(sequences, slot, position + 1);
                    return true;
                }
                position = (long)TAIL.getOpaque(this);
            }
            else if (difference < 0)
            {
                if (position - (long)HEAD.getAcquire(this) >= sequences.length)
                {
                    return false;
                }
                // Not full: the consumer of this slot's previous lap claimed it but was preempted before
                // releasing it. Wait for it, as DPDK's multi-consumer rte_ring waits for a peer in flight.
                Thread.onSpinWait();
                position = (long)TAIL.getOpaque(this);
            }
            else
            {
                position = (long)TAIL.getOpaque(this);
            }
        }
    }

    /**
     * @return a frame index, or -1 when the ring is empty.
     */
    public int poll()
    {
        long position = (long)HEAD.getOpaque(this);
        while (true)
        {
            final int slot = (int)(position & mask);
            final long sequence = (long)SEQUENCES.getAcquire(sequences, slot);
            final long difference = sequence - (position + 1);
            if (difference == 0)
            {
                if (HEAD.weakCompareAndSet(this, position, position + 1))
                {
                    final int value = values[slot];
                    SEQUENCES.setRelease(sequences, slot, position + mask + 1);
                    return value;
                }
                position = (long)HEAD.getOpaque(this);
            }
            else if (difference < 0)
            {
                if ((long)TAIL.getAcquire(this) <= position)
                {
                    return -1;
                }
                // Not empty: a producer claimed this slot and was preempted before publishing it.
                Thread.onSpinWait();
                position = (long)HEAD.getOpaque(this);
            }
            else
            {
                position = (long)HEAD.getOpaque(this);
            }
        }
    }

    /**
     * @return approximate number of entries (exact when no operation is in flight).
     */
    public int size()
    {
        return (int)Math.max(0, tail - head);
    }

    /**
     * @return the capacity.
     */
    public int capacity()
    {
        return mask + 1;
    }
}
