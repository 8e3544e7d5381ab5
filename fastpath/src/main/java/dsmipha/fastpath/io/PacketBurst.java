package dsmipha.fastpath.io;

import java.lang.foreign.MemorySegment;

/**
 * A burst of packets, as structure of arrays over preallocated descriptors: the unit every stage of a worker
 * works on. Packet {@code i} is {@code length(i)} octets at {@code frame(i) * frameLength + offset(i)} in the
 * pool's segment. A burst is owned by one thread and reused for every duty cycle.
 * <pre>
 *   index:    0      1      2     ...  count-1
 *   frames:  [f0]   [f1]   [f2]   ...           frame index in the pool
 *   offsets: [320]  [320]  [302]  ...           first octet within the frame (moves down on encapsulation)
 *   lengths: [98]   [1514] [60]   ...           octets
 * </pre>
 */
public final class PacketBurst
{
    private final FramePool pool;
    private final MemorySegment memory;
    private final int frameLength;
    private final int[] frames;
    private final int[] offsets;
    private final int[] lengths;
    private int count;

    /**
     * @param pool     the pool the frames come from.
     * @param capacity the most packets the burst can hold.
     */
    public PacketBurst(final FramePool pool, final int capacity)
    {
        this.pool = pool;
        this.memory = pool.memory();
        this.frameLength = pool.frameLength();
        this.frames = new int[capacity];
        this.offsets = new int[capacity];
        this.lengths = new int[capacity];
    }

    /**
     * Append a packet.
     *
     * @param frame  frame index.
     * @param offset first octet within the frame.
     * @param length octets.
     * @return false when the burst is full (nothing appended).
     */
    public boolean add(final int frame, final int offset, final int length)
    {
        if (count == frames.length)
        {
            return false;
        }
        frames[count] = frame;
        offsets[count] = offset;
        lengths[count] = length;
        count++;
        return true;
    }

    /**
     * Forget every packet without freeing frames (their ownership moved elsewhere).
     */
    public void clear()
    {
        count = 0;
    }

    /**
     * Free every frame in the burst back to the pool and clear it.
     */
    public void freeAll()
    {
        for (int i = 0; i < count; i++)
        {
            pool.free(frames[i]);
        }
        count = 0;
    }

    /**
     * @return number of packets.
     */
    public int count()
    {
        return count;
    }

    /**
     * @return the most packets the burst can hold.
     */
    public int capacity()
    {
        return frames.length;
    }

    /**
     * @return room left.
     */
    public int remaining()
    {
        return frames.length - count;
    }

    /**
     * @param i packet index.
     * @return its frame index.
     */
    public int frame(final int i)
    {
        return frames[i];
    }

    /**
     * @param i packet index.
     * @return offset of its first octet within its frame.
     */
    public int offset(final int i)
    {
        return offsets[i];
    }

    /**
     * @param i packet index.
     * @return its length in octets.
     */
    public int length(final int i)
    {
        return lengths[i];
    }

    /**
     * @param i packet index.
     * @return absolute offset of its first octet in {@link #memory()}.
     */
    public long address(final int i)
    {
        return (long)frames[i] * frameLength + offsets[i];
    }

    /**
     * Move the start of a packet (negative delta prepends into the headroom) and adjust its length to match.
     *
     * @param i     packet index.
     * @param delta octets to move the start by.
     */
    public void adjustStart(final int i, final int delta)
    {
        offsets[i] += delta;
        lengths[i] -= delta;
    }

    /**
     * Forget the packets from index {@code count} on (descriptors only: their frames must have moved elsewhere).
     *
     * @param count packets to keep, at most {@link #count()}.
     */
    public void truncate(final int count)
    {
        if (count < 0 || count > this.count)
        {
            throw new IllegalArgumentException("cannot truncate a burst of " + this.count + " to " + count);
        }
        this.count = count;
    }

    /**
     * @param i      packet index.
     * @param length new length in octets.
     */
    public void length(final int i, final int length)
    {
        lengths[i] = length;
    }

    /**
     * Copy packet {@code i} of this burst to the end of another burst (descriptor only; the frame moves with it).
     *
     * @param i    packet index here.
     * @param into destination burst.
     * @return false when the destination is full.
     */
    public boolean moveTo(final int i, final PacketBurst into)
    {
        return into.add(frames[i], offsets[i], lengths[i]);
    }

    /**
     * @return the segment holding every frame of the pool.
     */
    public MemorySegment memory()
    {
        return memory;
    }

    /**
     * @return the pool.
     */
    public FramePool pool()
    {
        return pool;
    }
}
