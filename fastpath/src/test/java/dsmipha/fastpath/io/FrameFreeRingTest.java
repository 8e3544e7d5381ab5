package dsmipha.fastpath.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class FrameFreeRingTest
{
    @Test
    void fullAndEmptyAreReturnValues()
    {
        final FrameFreeRing ring = new FrameFreeRing(4);
        assertEquals(-1, ring.poll());
        for (int i = 0; i < 4; i++)
        {
            assertTrue(ring.offer(i));
        }
        assertFalse(ring.offer(9));
        for (int i = 0; i < 4; i++)
        {
            assertEquals(i, ring.poll());
        }
        assertEquals(-1, ring.poll());
        assertThrows(IllegalArgumentException.class, () -> new FrameFreeRing(6));
    }

    @Test
    void concurrentProducersAndConsumersNeitherLoseNorDuplicateFrames() throws Exception
    {
        final int frames = 1024;
        final FrameFreeRing ring = new FrameFreeRing(frames);
        for (int i = 0; i < frames; i++)
        {
            ring.offer(i);
        }
        final int threads = 4;
        final int rounds = 200_000;
        final CountDownLatch done = new CountDownLatch(threads);
        final AtomicLong failures = new AtomicLong();
        for (int t = 0; t < threads; t++)
        {
            new Thread(() ->
            {
                for (int r = 0; r < rounds; r++)
                {
                    final int frame = ring.poll();
                    if (frame >= 0 && !ring.offer(frame))
                    {
                        failures.incrementAndGet();
                    }
                }
                done.countDown();
            }).start();
        }
        done.await();
        assertEquals(0, failures.get());
        final BitSet seen = new BitSet();
        for (int frame; (frame = ring.poll()) >= 0; )
        {
            assertFalse(seen.get(frame), "frame " + frame + " twice");
            seen.set(frame);
        }
        assertEquals(frames, seen.cardinality());
    }
}
