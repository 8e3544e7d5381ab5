package dsmipha.fastpath.io;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Preallocated packet frames in one off-heap segment, with a lock-free free list: the equivalent of a DPDK mempool.
 * Frames are allocated once at start; allocating and freeing a frame afterwards moves an index, never memory.
 * <p>
 * Thread safe: any thread may allocate and free (the free list is a lock-free LIFO {@link FrameStack}, so the frame
 * freed last, still in the caches, is the next one allocated).
 */
public final class FramePool implements AutoCloseable
{
    private final Arena arena;
    private final MemorySegment memory;
    private final int frameLength;
    private final int frameCount;
    private final FrameStack free;

    /**
     * @param frameCount  number of frames.
     * @param frameLength octets per frame, at least {@link FrameLayout#DATA_OFFSET} + 64 and at most
     *                    {@link FrameLayout#MAX_FRAME_LENGTH}.
     */
    public FramePool(final int frameCount, final int frameLength)
    {
        if (frameLength < FrameLayout.DATA_OFFSET + 64 || frameLength > FrameLayout.MAX_FRAME_LENGTH)
        {
            throw new IllegalArgumentException("frame length " + frameLength + " outside " +
                (FrameLayout.DATA_OFFSET + 64) + ".." + FrameLayout.MAX_FRAME_LENGTH);
        }
        if (frameCount < 1)
        {
            throw new IllegalArgumentException("frame count must be positive: " + frameCount);
        }
        this.arena = Arena.ofShared();
        this.memory = arena.allocate((long)frameCount * frameLength, 64);
        this.frameLength = frameLength;
        this.frameCount = frameCount;
        this.free = new FrameStack(frameCount);
        for (int i = frameCount - 1; i >= 0; i--)
        {
            free.push(i);
        }
    }

    /**
     * @return a free frame index, or -1 when the pool is exhausted.
     */
    public int allocate()
    {
        return free.pop();
    }

    /**
     * Take {@code count} frames or none (DPDK's {@code rte_mempool_get_bulk}): a caller that needs several frames
     * for one result (the fragments of a packet) never holds part of them.
     *
     * @param frames receives the frame indices, at least {@code count} long.
     * @param count  frames wanted.
     * @return true when all were taken; false when the pool had fewer (nothing is taken then).
     */
    public boolean allocate(final int[] frames, final int count)
    {
        for (int k = 0; k < count; k++)
        {
            final int frame = free.pop();
            if (frame < 0)
            {
                for (int j = 0; j < k; j++)
                {
                    free.push(frames[j]);
                }
                return false;
            }
            frames[k] = frame;
        }
        return true;
    }

    /**
     * @param frame a frame index obtained from {@link #allocate()}.
     */
    public void free(final int frame)
    {
        if (!free.push(frame))
        {
            throw new IllegalStateException("frame " + frame + " freed twice, or not a frame of this pool");
        }
    }

    /**
     * @return the segment holding every frame.
     */
    public MemorySegment memory()
    {
        return memory;
    }

    /**
     * @param frame frame index.
     * @return offset of the frame's first octet in {@link #memory()}.
     */
    public long frameOffset(final int frame)
    {
        return (long)frame * frameLength;
    }

    /**
     * @return octets per frame.
     */
    public int frameLength()
    {
        return frameLength;
    }

    /**
     * @return number of frames.
     */
    public int frameCount()
    {
        return frameCount;
    }

    /**
     * @return frames currently free (approximate while other threads allocate or free).
     */
    public int available()
    {
        return free.size();
    }

    @Override
    public void close()
    {
        arena.close();
    }
}
