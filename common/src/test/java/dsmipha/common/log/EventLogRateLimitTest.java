package dsmipha.common.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dsmipha.common.counters.CounterSlots;
import dsmipha.common.counters.CountersFile;

/**
 * Per-event-name token buckets: a burst passes, the rest is suppressed and counted, and the next written event
 * of the name reports how many were suppressed. Also: a full ring loses events and counts them, never blocks.
 */
final class EventLogRateLimitTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();
    private final CapturingSink sink = new CapturingSink();

    @Test
    void burstPassesThenSuppressedCountRidesOnTheNextEvent() throws Exception
    {
        final EventLog log = new EventLog(new LogConfig(LogFormat.JSON, LogLevel.INFO, null, 2, 5), 64 * 1024,
            clock, clock);
        final LogAgent agent = log.newAgent(sink, null);
        final EventType flood = log.eventType("signaling.malformed", LogLevel.WARN, LogCategory.SECURITY);
        final EventType other = log.eventType("registration.rejected", LogLevel.WARN, LogCategory.SECURITY);
        final EventWriter writer = log.newWriter();

        int passed = 0;
        for (int i = 0; i < 100; i++)
        {
            if (writer.begin(flood))
            {
                passed += writer.number("n", i).commit() ? 1 : 0;
            }
        }
        assertEquals(5, passed, "the burst");
        assertEquals(95, log.count(LogCounter.SUPPRESSED));
        assertTrue(writer.begin(other), "another name has its own bucket");
        writer.commit();

        clock.advanceMs(499);
        assertFalse(writer.begin(flood), "2/s: no token before 500 ms");
        clock.advanceMs(1);
        assertTrue(writer.begin(flood));
        writer.number("n", 100).commit();
        clock.advanceMs(10_000);
        assertTrue(writer.begin(flood));
        writer.number("n", 101).commit();
        agent.drain();

        assertEquals(8, sink.lines.size());
        for (int i = 0; i < 5; i++)
        {
            assertFalse(JSON.readTree(sink.lines.get(i)).has("suppressed"), sink.lines.get(i));
        }
        final JsonNode afterFlood = JSON.readTree(sink.lines.get(6));
        assertEquals(100, afterFlood.get("n").asInt());
        assertEquals(96, afterFlood.get("suppressed").asLong(), "95 in the flood and 1 at 499 ms");
        assertFalse(JSON.readTree(sink.lines.get(7)).has("suppressed"), "reported once");
        assertEquals(96, log.count(LogCounter.SUPPRESSED));
    }

    @Test
    void levelBelowTheConfiguredOneIsNeitherRecordedNorCounted()
    {
        final EventLog log = new EventLog(new LogConfig(LogFormat.JSON, LogLevel.WARN, null, 1, 1), 64 * 1024,
            clock, clock);
        final EventWriter writer = log.newWriter();
        final EventType start = log.eventType("agent.start", LogLevel.INFO, LogCategory.OPERATIONS);

        assertFalse(writer.begin(start));
        assertFalse(writer.number("x", 1).commit());
        assertTrue(writer.begin(start, LogLevel.ERROR));
        assertEquals(0, log.count(LogCounter.SUPPRESSED));
    }

    @Test
    void fullRingLosesEventsWithoutBlockingAndCountsThem() throws Exception
    {
        final EventLog log = new EventLog(new LogConfig(LogFormat.JSON, LogLevel.INFO, null, 0, 1), 1024,
            clock, clock);
        try (CountersFile file = CountersFile.create(dir.resolve("counters.dat"), 16, "t", 1, 0))
        {
            final CounterSlots slots = new CounterSlots(file, LogCounter.values(), 0, "log");
            final LogAgent agent = log.newAgent(sink, slots);
            final EventType type = log.eventType("a.b", LogLevel.INFO, LogCategory.OPERATIONS);
            final EventWriter writer = log.newWriter();

            int accepted = 0;
            int lost = 0;
            for (int i = 0; i < 200; i++)
            {
                assertTrue(writer.begin(type), "no rate limit");
                if (writer.number("i", i).commit())
                {
                    accepted++;
                }
                else
                {
                    lost++;
                }
            }
            assertTrue(accepted > 0 && lost > 0, accepted + " accepted, " + lost + " lost");
            assertEquals(lost, log.count(LogCounter.DROPPED_RING_FULL));
            assertEquals(accepted, agent.drain());
            assertEquals(accepted, sink.lines.size());
            for (int i = 0; i < accepted; i++)
            {
                assertEquals(i, JSON.readTree(sink.lines.get(i)).get("i").asInt(), "the first ones, in order");
            }
            assertEquals(lost, file.reader().getCounterValue(counterId(file, "log: log-drop-ring-full")));
            assertEquals(accepted, file.reader().getCounterValue(counterId(file, "log: log-written")));
        }
    }

    private static int counterId(final CountersFile file, final String label)
    {
        return file.snapshot().stream().filter(sample -> sample.label().equals(label)).findFirst().orElseThrow()
            .counterId();
    }
}
