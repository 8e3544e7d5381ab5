package dsmipha.common.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;

/**
 * The producer side allocates nothing: a rate-limited flood stops in {@link EventWriter#begin} and a written
 * event copies binary fields into the ring; measured with the JVM's per-thread allocation counter.
 */
final class EventLogAllocationTest
{
    private static final int EVENTS = 200_000;

    private final ManualClock clock = new ManualClock();

    @Test
    void rateLimitedFloodAndRecordedEventsAllocateNothing()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().threadId();
        final EventLog limited = new EventLog(new LogConfig(LogFormat.JSON, LogLevel.INFO, null, 10, 50),
            64 * 1024, clock, clock);
        final EventType flood = limited.eventType("signaling.malformed", LogLevel.WARN, LogCategory.SECURITY);
        final EventWriter writer = limited.newWriter();
        final EventLog unlimited = new EventLog(new LogConfig(LogFormat.JSON, LogLevel.INFO, null, 0, 1),
            1 << 24, clock, clock);
        final EventType recorded = unlimited.eventType("registration.rejected", LogLevel.WARN,
            LogCategory.SECURITY);
        final EventWriter recorder = unlimited.newWriter();

        produce(writer, flood, EVENTS / 4);
        produce(recorder, recorded, 1_000);
        final long before = threads.getThreadAllocatedBytes(threadId);
        final int limitedPassed = produce(writer, flood, EVENTS);
        final long afterLimited = threads.getThreadAllocatedBytes(threadId);
        final int recordedPassed = produce(recorder, recorded, 50_000);
        final long afterRecorded = threads.getThreadAllocatedBytes(threadId);

        final long limitedBytes = afterLimited - before;
        final long recordedBytes = afterRecorded - afterLimited;
        System.out.printf("event log producer: %d bytes for %d rate-limited events, %d bytes for %d recorded%n",
            limitedBytes, EVENTS, recordedBytes, recordedPassed);
        assertEquals(0, limitedPassed, "the bucket was spent in the warm-up");
        assertEquals(50_000, recordedPassed);
        // The measuring call itself may allocate a little; one object per event would be >= 3 MB.
        assertTrue(limitedBytes < 16 * 1024, "rate-limited events allocated " + limitedBytes + " bytes");
        assertTrue(recordedBytes < 16 * 1024, "recorded events allocated " + recordedBytes + " bytes");
    }

    private static int produce(final EventWriter writer, final EventType type, final int count)
    {
        int passed = 0;
        for (int i = 0; i < count; i++)
        {
            if (writer.begin(type))
            {
                passed += writer.ipv6("home", 0x2001_0DB8_000A_0000L, i).ipv4("source", 0xCB00_7107 + i)
                    .number("status", 133).string("counter", "reg-reject-not-authorized").commit() ? 1 : 0;
            }
        }
        return passed;
    }
}
