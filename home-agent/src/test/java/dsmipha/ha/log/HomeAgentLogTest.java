package dsmipha.ha.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dsmipha.common.counters.CounterSample;
import dsmipha.common.counters.CounterSlots;
import dsmipha.common.counters.CountersFile;
import dsmipha.common.log.LogConfig;
import dsmipha.common.log.LogFormat;
import dsmipha.common.log.LogLevel;
import dsmipha.fastpath.decap.DecapCounter;

/**
 * The entry point the home agent wires: a real logger thread writing JSON Lines to a file, the source-check
 * watcher running on it, operations events, the log's own counters in the counters file, reopen after rotation.
 */
final class HomeAgentLogTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void startLogsOperationsAndSourceCheckEventsToTheFileAndCountsThem() throws Exception
    {
        final Path path = dir.resolve("dsmip-ha.log");
        try (CountersFile file = CountersFile.create(dir.resolve("counters.dat"), 256, "t", 1, 0))
        {
            final CounterSlots worker = new CounterSlots(file, DecapCounter.values(), 0, "worker-0");
            try (HomeAgentLog log = HomeAgentLog.start(
                new LogConfig(LogFormat.JSON, LogLevel.INFO, path, 10, 50), file))
            {
                assertNotNull(log.registrationEvents());
                log.agentStarted("shared", 3);
                log.storeError("sync", new java.io.IOException("No space left on device"));
                worker.add(DecapCounter.DROP_CARE_OF_MISMATCH.ordinal(), 9);
                worker.publish();
                waitFor(path, "fastpath.source-check-failed");
                Files.move(path, dir.resolve("dsmip-ha.log.1"));
                log.reopen();
                waitForFile(path); // reopened on the next duty cycle; until then lines still reach the old file
                log.agentStopped("test");
            }

            final List<String> rotated = Files.readAllLines(dir.resolve("dsmip-ha.log.1"));
            assertEquals(3, rotated.size(), String.join("\n", rotated));
            final JsonNode start = JSON.readTree(rotated.get(0));
            assertEquals("agent.start", start.get("event").asText());
            assertEquals(3, start.get("restored_bindings").asInt());
            final JsonNode store = JSON.readTree(rotated.get(1));
            assertEquals("store.error", store.get("event").asText());
            assertEquals("error", store.get("level").asText());
            assertEquals("IOException: No space left on device", store.get("error").asText());
            final JsonNode source = JSON.readTree(rotated.get(2));
            assertEquals("security", source.get("category").asText());
            assertEquals(9, source.get("packets").asLong());
            final List<String> current = Files.readAllLines(path);
            assertEquals(1, current.size(), String.join("\n", current));
            assertEquals("agent.stop", JSON.readTree(current.get(0)).get("event").asText());
            assertEquals(4, counter(file, "log: log-written"));
            assertEquals(1, counter(file, "log: log-reopened"));
        }
    }

    private static long counter(final CountersFile file, final String label)
    {
        return file.snapshot().stream().filter(sample -> sample.label().equals(label)).findFirst()
            .map(CounterSample::value).orElseThrow();
    }

    private static void waitForFile(final Path path) throws Exception
    {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Files.exists(path) && System.nanoTime() < deadline)
        {
            Thread.sleep(5);
        }
        assertTrue(Files.exists(path), "reopened " + path);
    }

    private static void waitFor(final Path path, final String text) throws Exception
    {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline)
        {
            if (Files.exists(path) && Files.readString(path).contains(text))
            {
                return;
            }
            Thread.sleep(20);
        }
        assertTrue(false, "no " + text + " in " + path + " within 10 s");
    }
}
