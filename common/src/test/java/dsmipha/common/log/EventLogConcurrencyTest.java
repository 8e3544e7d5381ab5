package dsmipha.common.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * Several producer threads at once: every record arrives whole and once while the consumer drains concurrently,
 * and a shared token bucket lets exactly its burst through however many threads race for it.
 */
final class EventLogConcurrencyTest
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int THREADS = 4;
    private static final int EVENTS_PER_THREAD = 20_000;

    @Test
    void concurrentProducersLoseAndCorruptNothing() throws Exception
    {
        final ManualClock clock = new ManualClock();
        final EventLog log = new EventLog(new LogConfig(LogFormat.JSON, LogLevel.INFO, null, 0, 1), 1 << 16,
            clock, clock);
        final CapturingSink sink = new CapturingSink();
        final LogAgent agent = log.newAgent(sink, null);
        final EventType type = log.eventType("load.event", LogLevel.INFO, LogCategory.OPERATIONS);
        final CountDownLatch start = new CountDownLatch(1);
        final AtomicInteger running = new AtomicInteger(THREADS);
        final AtomicInteger lost = new AtomicInteger();
        for (int t = 0; t < THREADS; t++)
        {
            final int thread = t;
            new Thread(() ->
            {
                final EventWriter writer = log.newWriter();
                awaitQuietly(start);
                for (int i = 0; i < EVENTS_PER_THREAD; i++)
                {
                    // A full ring is counted, never waited on: retry here so the test can count every event.
                    while (!(writer.begin(type) && writer.number("thread", thread).number("i", i)
                        .string("text", "event \"" + i + "\"").commit()))
                    {
                        lost.incrementAndGet();
                        Thread.onSpinWait();
                    }
                }
                running.decrementAndGet();
            }).start();
        }
        start.countDown();
        while (running.get() > 0)
        {
            agent.doWork();
        }
        agent.drain();

        assertEquals(THREADS * EVENTS_PER_THREAD, sink.lines.size());
        assertEquals(lost.get(), log.count(LogCounter.DROPPED_RING_FULL));
        final int[] next = new int[THREADS];
        final Set<String> seen = new HashSet<>();
        for (final String line : sink.lines)
        {
            final JsonNode node = JSON.readTree(line);
            final int thread = node.get("thread").asInt();
            final int i = node.get("i").asInt();
            assertEquals(next[thread]++, i, "each thread's events in its order");
            assertEquals("event \"" + i + "\"", node.get("text").asText());
            assertTrue(seen.add(thread + "/" + i));
        }
    }

    @Test
    void racingThreadsGetExactlyTheBurst() throws Exception
    {
        final TokenBucket bucket = new TokenBucket(1, 100);
        final CountDownLatch start = new CountDownLatch(1);
        final AtomicInteger passed = new AtomicInteger();
        final Thread[] threads = new Thread[THREADS];
        for (int t = 0; t < THREADS; t++)
        {
            threads[t] = new Thread(() ->
            {
                awaitQuietly(start);
                for (int i = 0; i < 10_000; i++)
                {
                    passed.addAndGet(bucket.tryAcquire(42) ? 1 : 0);
                }
            });
            threads[t].start();
        }
        start.countDown();
        for (final Thread thread : threads)
        {
            thread.join();
        }
        assertEquals(100, passed.get());
        assertTrue(bucket.tryAcquire(42 + 1_000_000_000L), "one more after a second at 1/s");
    }

    private static void awaitQuietly(final CountDownLatch latch)
    {
        try
        {
            latch.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
