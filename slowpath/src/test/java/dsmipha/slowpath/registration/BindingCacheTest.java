package dsmipha.slowpath.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The binding cache index against a HashMap oracle under random puts and removes (backward-shift deletion, growth),
 * and the timing wheel's order, cancellation and crowded spokes.
 */
final class BindingCacheTest
{
    @Test
    void behavesLikeAMapUnderRandomOperations()
    {
        final BindingCache cache = new BindingCache(4, 99);
        final Map<List<Long>, BindingRecord> oracle = new HashMap<>();
        final Random random = new Random(7);
        for (int i = 0; i < 200_000; i++)
        {
            final long high = random.nextInt(4);
            final long low = random.nextInt(5_000);
            final List<Long> key = List.of(high, low);
            if (random.nextInt(3) == 0)
            {
                assertSame(oracle.remove(key), cache.remove(high, low));
            }
            else
            {
                final BindingRecord record = new BindingRecord();
                record.homeHigh = high;
                record.homeLow = low;
                assertSame(oracle.put(key, record), cache.put(record));
            }
            if ((i & 1023) == 0)
            {
                assertEquals(oracle.size(), cache.size());
            }
        }
        for (final Map.Entry<List<Long>, BindingRecord> entry : oracle.entrySet())
        {
            assertSame(entry.getValue(), cache.get(entry.getKey().get(0), entry.getKey().get(1)));
        }
        final List<BindingRecord> visited = new ArrayList<>();
        cache.forEach(visited::add);
        assertEquals(oracle.size(), visited.size());
        assertNull(cache.get(9, 9));
    }

    @Test
    void timerWheelFiresInTimeAndSkipsCancelledAndLaterRevolutions()
    {
        final BindingTimerWheel wheel = new BindingTimerWheel();
        final long tick = 1L << BindingTimerWheel.TICK_SHIFT;
        final long start = 1_000 * tick;
        final List<BindingRecord> fired = new ArrayList<>();
        final BindingRecord soon = new BindingRecord();
        final BindingRecord cancelled = new BindingRecord();
        final BindingRecord nextRevolution = new BindingRecord();
        wheel.schedule(soon, start + 3 * tick + 5, start);
        wheel.schedule(cancelled, start + 3 * tick + 6, start);
        wheel.schedule(nextRevolution, start + (BindingTimerWheel.SPOKES + 3) * tick + 5, start);
        wheel.cancel(cancelled);
        for (long t = start; t < start + 3 * tick + 5; t += tick / 4)
        {
            wheel.poll(t, 100, (r, now) -> fired.add(r));
        }
        assertEquals(List.of(), fired);
        wheel.poll(start + 3 * tick + 5, 100, (r, now) -> fired.add(r));
        assertEquals(List.of(soon), fired);
        for (long t = start + 3 * tick; t < start + (BindingTimerWheel.SPOKES + 3) * tick; t += tick)
        {
            wheel.poll(t, 100, (r, now) -> fired.add(r));
        }
        assertEquals(List.of(soon), fired);
        wheel.poll(start + (BindingTimerWheel.SPOKES + 4) * tick, 100, (r, now) -> fired.add(r));
        assertEquals(List.of(soon, nextRevolution), fired);
        assertEquals(0, wheel.scheduledCount());
    }

    @Test
    void crowdedSpokeIsDrainedInBoundedSteps()
    {
        final BindingTimerWheel wheel = new BindingTimerWheel();
        final long start = 0;
        final int count = 100_000;
        for (int i = 0; i < count; i++)
        {
            wheel.schedule(new BindingRecord(), start + 10, start);
        }
        int fired = 0;
        int calls = 0;
        while (fired < count)
        {
            final int now = wheel.poll(start + 10, 256, (r, t) -> { });
            assertEquals(true, now <= 256);
            fired += now;
            calls++;
        }
        assertEquals(count / 256 + 1, calls);
        assertEquals(0, wheel.scheduledCount());
    }
}
