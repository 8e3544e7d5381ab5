package dsmipha.fastpath.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Lock-free LIFO free list of frame indices (a Treiber stack), the free list of a {@link FramePool}: the frame
 * freed last is the one allocated next, so its cache lines (the headroom an outer header is written into, the
 * first lines of packet data) are still in the CPU's caches. DPDK offers the same choice: its {@code stack} mempool
 * handler, and the per-lcore LIFO caches in front of its ring handler, exist for this reason. A FIFO ring hands out
 * the frame freed longest ago: with thousands of frames, every packet starts with cache misses
 * (docs/adr/0003-packet-memory.md has the measurement).
 * <pre>
 *   head (one 64-bit word, CAS)            next[] (one int per frame)
 *   +------------------+-----------------+    frame:  0    1    2    3   ...
 *   | tag (32 bits)    | top index + 1   |    next:  -1    0    1    2   ...   (index below it, -1 = bottom)
 *   +------------------+-----------------+
 * </pre>
 * Push writes {@code next[frame] = top}, then CASes the head to (tag + 1, frame); pop reads the top, its
 * {@code next}, and CASes the head to (tag + 1, next). The tag changes on every successful CAS, so a pop that read
 * a {@code next} that changed meanwhile (the top popped and pushed back by other threads: the ABA case) fails its
 * CAS and retries. No allocation, no locks; the frames' memory is never freed, so no reclamation problem arises.
 * Thread safe: any thread may push and pop.
 */
public final class FrameStack
{
    private static final VarHandle HEAD;
    private static final long INDEX_MASK = 0xFFFF_FFFFL;

    static
    {
        try
        {
            HEAD = MethodHandles.lookup().findVarHandle(FrameStack.class, "head", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final int[] next;
    private final boolean[] stacked;
    @SuppressWarnings("unused")
    private long p01, p02, p03, p04, p05, p06, p07;
    private volatile long head;
    @SuppressWarnings("unused")
    private long p11, p12, p13, p14, p15, p16, p17;

    /**
     * @param capacity the most frames (frame indices 0..capacity-1).
     */
    public FrameStack(final int capacity)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        next = new int[capacity];
        stacked = new boolean[capacity];
    }

    /**
     * Push a frame.
     *
     * @param frame a frame index not in the stack.
     * @return false when the index is out of range or already in the stack (a double free).
     */
    public boolean push(final int frame)
    {
        if (frame < 0 || frame >= next.length || stacked[frame])
        {
            return false;
        }
        stacked[frame] = true;
        long h;
        do
        {
            h = head;
            next[frame] = (int)(h & INDEX_MASK) - 1;
        }
        while (!HEAD.compareAndSet(this, h, (((h >>> 32) + 1) << 32) | (frame + 1L)));
        return true;
    }

    /**
     * Pop the frame pushed last.
     *
     * @return a frame index, or -1 when the stack is empty.
     */
    public int pop()
    {
        long h;
        int top;
        do
        {
            h = head;
            top = (int)(h & INDEX_MASK) - 1;
            if (top < 0)
            {
                return -1;
            }
        }
        while (!HEAD.compareAndSet(this, h, (((h >>> 32) + 1) << 32) | (next[top] + 1L)));
        stacked[top] = false;
        return top;
    }

    /**
     * Frames in the stack: exact when no thread is pushing or popping (tests, diagnostics); walks the stack.
     *
     * @return the count.
     */
    public int size()
    {
        int count = 0;
        for (int frame = (int)(head & INDEX_MASK) - 1; frame >= 0 && count <= next.length; frame = next[frame])
        {
            count++;
        }
        return count;
    }

    /**
     * @return the capacity.
     */
    public int capacity()
    {
        return next.length;
    }
}
