package dsmipha.fastpath.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class FrameStackTest
{
    @Test
    void lastFreedIsFirstAllocatedAndEmptyIsAReturnValue()
    {
        final FrameStack stack = new FrameStack(4);
        assertEquals(-1, stack.pop());
        assertTrue(stack.push(2));
        assertTrue(stack.push(0));
        assertTrue(stack.push(3));
        assertEquals(3, stack.size());
        assertEquals(3, stack.pop(), "LIFO: the frame freed last is still in the caches");
        assertEquals(0, stack.pop());
        assertEquals(2, stack.pop());
        assertEquals(-1, stack.pop());
        assertEquals(0, stack.size());
    }

    @Test
    void doubleFreesAndForeignIndicesAreRefused()
    {
        final FrameStack stack = new FrameStack(4);
        assertTrue(stack.push(1));
        assertFalse(stack.push(1), "already free");
        assertFalse(stack.push(4));
        assertFalse(stack.push(-1));
        assertEquals(1, stack.size());
        assertThrows(IllegalArgumentException.class, () -> new FrameStack(0));
    }

    @Test
    void thePoolRefusesADoubleFree()
    {
        try (FramePool pool = new FramePool(4, FrameLayout.DEFAULT_FRAME_LENGTH))
        {
            final int frame = pool.allocate();
            pool.free(frame);
            assertThrows(IllegalStateException.class, () -> pool.free(frame));
            assertEquals(4, pool.available());
        }
    }

    @Test
    void aBulkAllocationTakesAllOrNothing()
    {
        try (FramePool pool = new FramePool(4, FrameLayout.DEFAULT_FRAME_LENGTH))
        {
            final int[] frames = new int[8];
            assertFalse(pool.allocate(frames, 5), "four frames cannot give five");
            assertEquals(4, pool.available(), "nothing taken");
            assertTrue(pool.allocate(frames, 3));
            assertEquals(1, pool.available());
            for (int k = 0; k < 3; k++)
            {
                pool.free(frames[k]);
            }
            assertEquals(4, pool.available());
        }
    }

    @Test
    void concurrentPushersAndPoppersNeitherLoseNorDuplicateFrames() throws Exception
    {
        final int frames = 64;
        final FrameStack stack = new FrameStack(frames);
        for (int i = 0; i < frames; i++)
        {
            stack.push(i);
        }
        // Few frames and many threads: tops are popped and pushed back all the time (the ABA case the tag covers).
        final int threads = 4;
        final int rounds = 500_000;
        final CountDownLatch done = new CountDownLatch(threads);
        final AtomicLong failures = new AtomicLong();
        for (int t = 0; t < threads; t++)
        {
            new Thread(() ->
            {
                final int[] held = new int[3];
                for (int r = 0; r < rounds; r++)
                {
                    int n = 0;
                    for (; n < held.length; n++)
                    {
                        held[n] = stack.pop();
                        if (held[n] < 0)
                        {
                            break;
                        }
                    }
                    for (int i = 0; i < n; i++)
                    {
                        if (!stack.push(held[i]))
                        {
                            failures.incrementAndGet();
                        }
                    }
                }
                done.countDown();
            }).start();
        }
        done.await();
        assertEquals(0, failures.get());
        final BitSet seen = new BitSet();
        for (int frame; (frame = stack.pop()) >= 0; )
        {
            assertFalse(seen.get(frame), "frame " + frame + " twice");
            seen.set(frame);
        }
        assertEquals(frames, seen.cardinality());
    }
}
