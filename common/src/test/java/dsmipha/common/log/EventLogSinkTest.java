package dsmipha.common.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file sink: appends, reopens at its path after a rename (logrotate without copytruncate), and the logger
 * thread ("log", daemon) writes what was produced before it is closed; tickers run on it.
 */
final class EventLogSinkTest
{
    @TempDir
    Path dir;

    @Test
    void reopenAfterRenameStartsANewFileAndLosesNothing() throws Exception
    {
        final Path path = dir.resolve("log/dsmip-ha.log");
        final ManualClock clock = new ManualClock();
        final EventLog log = new EventLog(new LogConfig(LogFormat.TEXT, LogLevel.INFO, path, 0, 1), 64 * 1024,
            clock, clock);
        final LogAgent agent = log.newAgent(LogSink.of(log.config()), null);

        log.info("before.rotate", "n", 1);
        agent.doWork();
        final Path rotated = dir.resolve("log/dsmip-ha.log.1");
        Files.move(path, rotated);
        log.info("between.rename.and.reopen", "n", 2);
        agent.doWork();
        log.reopen();
        log.info("after.reopen", "n", 3);
        agent.doWork();
        agent.onClose();

        final List<String> old = Files.readAllLines(rotated, StandardCharsets.UTF_8);
        final List<String> current = Files.readAllLines(path, StandardCharsets.UTF_8);
        assertEquals(2, old.size(), String.join("\n", old));
        assertTrue(old.get(0).contains("event=before.rotate"), old.get(0));
        assertTrue(old.get(1).contains("event=between.rename.and.reopen"), old.get(1));
        assertEquals(1, current.size(), String.join("\n", current));
        assertTrue(current.get(0).contains("event=after.reopen category=operations n=3"), current.get(0));
        assertEquals(1, log.count(LogCounter.REOPENED));
        assertEquals(3, log.count(LogCounter.WRITTEN));
    }

    @Test
    void fileSinkAppendsToAnExistingFile() throws Exception
    {
        final Path path = dir.resolve("append.log");
        Files.writeString(path, "earlier line\n");
        try (LogSink sink = LogSink.file(path))
        {
            sink.write("next line");
            sink.flush();
        }
        assertEquals(List.of("earlier line", "next line"), Files.readAllLines(path));
    }

    @Test
    void loggerThreadWritesAndRunsTickersUntilClosed() throws Exception
    {
        final Path path = dir.resolve("thread.log");
        final EventLog log = new EventLog(new LogConfig(LogFormat.JSON, LogLevel.INFO, path, 10, 50));
        final Thread[] tickerThread = new Thread[1];
        final java.util.concurrent.CountDownLatch ticked = new java.util.concurrent.CountDownLatch(1);
        log.addTicker(nowMs ->
        {
            tickerThread[0] = Thread.currentThread();
            ticked.countDown();
            return 0;
        });
        log.start(null, Throwable::printStackTrace);
        try
        {
            assertTrue(log.info("agent.start", "layout", "shared"));
            assertTrue(ticked.await(5, TimeUnit.SECONDS), "ticker ran within a tick interval");
        }
        finally
        {
            log.close();
        }
        assertEquals(EventLog.THREAD_NAME, tickerThread[0].getName());
        assertTrue(tickerThread[0].isDaemon());
        final List<String> lines = Files.readAllLines(path);
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).contains("\"event\":\"agent.start\""), lines.get(0));
    }
}
