package dsmipha.slowpath.registration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The store's live-binding map (open addressing, backward-shift deletion) against {@link HashMap} under random
 * puts and removes over a small key space, so probe chains collide, wrap and shift.
 */
class BindingStoreLiveRecordsTest
{
    private record Key(long high, long low)
    {
    }

    @Test
    void agreesWithAHashMapUnderRandomPutsAndRemoves()
    {
        final BindingStore.LiveRecords live = new BindingStore.LiveRecords(16);
        final Map<Key, byte[]> oracle = new HashMap<>();
        final SplittableRandom random = new SplittableRandom(7);
        for (int step = 0; step < 200_000; step++)
        {
            final Key key = new Key(random.nextInt(3), random.nextInt(400));
            if (random.nextInt(3) == 0)
            {
                assertEquals(oracle.remove(key) != null, live.remove(key.high(), key.low()), "step " + step);
            }
            else
            {
                final int length = 12 + random.nextInt(3);
                final byte[] record = live.slotFor(key.high(), key.low(), length);
                assertEquals(length, record.length);
                record[0] = (byte)step;
                oracle.put(key, record.clone());
            }
            assertEquals(oracle.size(), live.size());
        }
        for (final Map.Entry<Key, byte[]> entry : oracle.entrySet())
        {
            assertArrayEquals(entry.getValue(), live.get(entry.getKey().high(), entry.getKey().low()));
        }
        int held = 0;
        for (int i = 0; i < live.capacity(); i++)
        {
            held += live.recordAt(i) != null ? 1 : 0;
        }
        assertEquals(oracle.size(), held, "no unreachable record left behind by a deletion");
        assertNull(live.get(5, 5));
    }

    @Test
    void aRefreshOfTheSameLengthReusesTheRecord()
    {
        final BindingStore.LiveRecords live = new BindingStore.LiveRecords(16);
        final byte[] first = live.slotFor(1, 2, 120);
        assertSame(first, live.slotFor(1, 2, 120), "no allocation per refresh");
        assertEquals(137, live.slotFor(1, 2, 137).length, "a new prefix count gets a new array");
        assertEquals(1, live.size());
    }
}
