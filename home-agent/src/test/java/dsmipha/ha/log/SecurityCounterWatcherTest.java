package dsmipha.ha.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dsmipha.common.counters.CounterSlots;
import dsmipha.common.counters.CountersFile;
import dsmipha.common.log.EventLog;
import dsmipha.common.log.LogAgent;
import dsmipha.common.log.LogConfig;
import dsmipha.common.log.CapturingSink;
import dsmipha.fastpath.decap.DecapCounter;

/**
 * The watcher turns growth of the fastpath's source-check counters (summed over workers) into one security event
 * per counter and interval, once: no growth, no event; other counters never.
 */
final class SecurityCounterWatcherTest
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = 1_795_462_418_000L;

    @TempDir
    Path dir;

    @Test
    void logsEachDeltaOnceAndNothingWithoutGrowth() throws Exception
    {
        final CapturingSink lines = new CapturingSink();
        final EventLog log = new EventLog(LogConfig.defaults());
        final LogAgent agent = log.newAgent(lines, null);
        try (CountersFile file = CountersFile.create(dir.resolve("counters.dat"), 256, "t", 1, 0))
        {
            final CounterSlots worker0 = new CounterSlots(file, DecapCounter.values(), 0, "worker-0");
            final CounterSlots worker1 = new CounterSlots(file, DecapCounter.values(), 1, "worker-1");
            worker0.add(DecapCounter.DROP_CARE_OF_MISMATCH.ordinal(), 7);
            worker0.publish();
            final SecurityCounterWatcher watcher = new SecurityCounterWatcher(file.reader(), log, T0);

            worker0.add(DecapCounter.DROP_CARE_OF_MISMATCH.ordinal(), 3);
            worker1.add(DecapCounter.DROP_CARE_OF_MISMATCH.ordinal(), 2);
            worker1.add(DecapCounter.IPV6_IN_IPV6_OK.ordinal(), 1_000);
            worker0.publish();
            worker1.publish();
            assertEquals(1, watcher.onTick(T0 + 1_000));
            assertEquals(0, watcher.onTick(T0 + 2_000), "no growth: no event");
            worker1.add(DecapCounter.DROP_UDP_PORT_MISMATCH.ordinal(), 4);
            worker1.add(DecapCounter.DROP_NO_BINDING.ordinal(), 1);
            worker1.publish();
            assertEquals(2, watcher.onTick(T0 + 3_500));
            agent.drain();

            assertEquals(3, lines.lines.size(), String.join("\n", lines.lines));
            final JsonNode careOf = JSON.readTree(lines.lines.get(0));
            assertEquals("fastpath.source-check-failed", careOf.get("event").asText());
            assertEquals("security", careOf.get("category").asText());
            assertEquals("warn", careOf.get("level").asText());
            assertEquals("decap-drop-care-of-mismatch", careOf.get("counter").asText());
            assertEquals(5, careOf.get("packets").asLong(), "the 7 before the watcher started are the baseline");
            assertEquals(1_000, careOf.get("interval_ms").asLong());
            assertEquals(12, careOf.get("total").asLong());
            final List<String> counters = new ArrayList<>();
            for (int i = 1; i < 3; i++)
            {
                final JsonNode node = JSON.readTree(lines.lines.get(i));
                counters.add(node.get("counter").asText() + "=" + node.get("packets").asLong());
                assertEquals(1_500, node.get("interval_ms").asLong());
            }
            assertEquals(List.of("decap-drop-no-binding=1", "decap-drop-udp-port-mismatch=4"), counters);
        }
    }

    @Test
    void watchesEveryFastpathSourceCheck()
    {
        assertEquals(List.of(1426, 1428, 1429, 1430),
            SecurityCounterWatcher.SOURCE_CHECKS.stream().map(DecapCounter::id).toList());
        assertTrue(SecurityCounterWatcher.SOURCE_CHECKS.stream()
            .allMatch(counter -> counter.label().startsWith("decap-drop-")));
    }

}
