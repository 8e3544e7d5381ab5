package dsmipha.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dsmipha.common.agent.AgentPlacement;
import dsmipha.common.agent.ThreadingMode;
import dsmipha.common.counters.CounterDescriptor;
import dsmipha.common.counters.CounterSlots;
import dsmipha.common.counters.CountersFile;
import dsmipha.fastpath.io.FrameLayout;
import dsmipha.fastpath.worker.FastpathCounter;

class StatusCommandTest
{
    @Test
    void aRunningInstanceIsRunningFromAnotherProcess(@TempDir final Path dir) throws Exception
    {
        final HomeAgentConfig config = new HomeAgentConfig("status-test", dir, ThreadingMode.SHARED, "backoff",
            List.of(AgentPlacement.UNPINNED), AgentPlacement.UNPINNED, AgentPlacement.UNPINNED, 1, 16384,
            FrameLayout.DEFAULT_FRAME_LENGTH, 1024, 32, 1 << 20, 0, 1024);
        try (HomeAgent agent = HomeAgent.start(config))
        {
            final Thread heartbeat = Thread.ofPlatform().daemon().start(() ->
            {
                while (!Thread.currentThread().isInterrupted())
                {
                    agent.heartbeat();
                    try
                    {
                        Thread.sleep(200);
                    }
                    catch (final InterruptedException ex)
                    {
                        return;
                    }
                }
            });
            awaitCounter(agent, "tx-binding-ack", 1);
            final Process process = new ProcessBuilder(List.of(
                ProcessHandle.current().info().command().orElseThrow(), "--enable-native-access=ALL-UNNAMED",
                "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "status", "--dir", dir.toString(), "--instance", "status-test"))
                .redirectErrorStream(true).start();
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
            heartbeat.interrupt();
            assertEquals(StatusView.EXIT_RUNNING, process.exitValue(), output);
            assertTrue(output.contains("instance               status-test"), output);
            assertTrue(output.contains("pid                    " + ProcessHandle.current().pid()), output);
            assertTrue(output.contains(": RUNNING"), output);
            assertEquals(0, valueIn(output, "agent-errors"), output);
            assertTrue(valueIn(output, "rx-packets") > 0, output);
            assertTrue(valueIn(output, "tx-binding-ack") > 0, output);
            assertTrue(valueIn(output, "reg-accepted-new") > 0, output);
            assertTrue(valueIn(output, "drops (all)") > 0, "the demo sends bad packets:\n" + output);
        }
    }

    @Test
    void aStaleHeartbeatIsNotRunningWithExitStatus1(@TempDir final Path dir)
    {
        final long longAgoMs = System.currentTimeMillis() - 60_000;
        try (CountersFile file = CountersFile.create(dir.resolve("gone").resolve(HomeAgentConfig.COUNTERS_FILE_NAME),
            64, "gone", 4242, longAgoMs))
        {
            final CounterSlots slots = new CounterSlots(file, FastpathCounter.values(), 0, "worker-0");
            slots.set(FastpathCounter.RX_PACKETS.ordinal(), 1234);
            slots.set(FastpathCounter.DROP_TTL_EXPIRED.ordinal(), 3);
            slots.set(FastpathCounter.DROP_MALFORMED_IPV4.ordinal(), 4);
            slots.publish();
        }
        final StringWriter out = new StringWriter();
        final int exit = Main.commandLine().setOut(new PrintWriter(out, true))
            .execute("status", "--dir", dir.toString(), "--instance", "gone");
        assertEquals(StatusView.EXIT_NOT_RUNNING, exit, out.toString());
        final String text = out.toString();
        assertTrue(text.contains("pid                    4242"), text);
        assertTrue(text.contains("s ago: NOT RUNNING"), text);
        assertEquals(1234, valueIn(text, "rx-packets"), text);
        assertEquals(7, valueIn(text, "drops (all)"), text);
        assertEquals(-1, valueIn(text, "tx-binding-ack"), "only counters that exist are shown:\n" + text);
    }

    @Test
    void noCountersFileIsNotRunningAndBadUsageIsExitStatus2(@TempDir final Path dir)
    {
        final StringWriter out = new StringWriter();
        final int exit = Main.commandLine().setOut(new PrintWriter(out, true))
            .execute("status", "--dir", dir.toString(), "--instance", "nobody");
        assertEquals(StatusView.EXIT_NOT_RUNNING, exit);
        assertTrue(out.toString().contains("NOT RUNNING (no counters file at"), out.toString());

        final StringWriter err = new StringWriter();
        assertEquals(2, Main.commandLine().setErr(new PrintWriter(err, true)).execute("status", "--bogus"));
        assertTrue(err.toString().contains("--bogus"), err.toString());
    }

    @Test
    void dropsAreTheCountersNamedDrop()
    {
        assertEquals(1 + 2 + 4 + 8, StatusView.drops(Map.of("drop-ttl-expired", 1L, "sig-drop-esp", 2L,
            "tx-drop-ring-full", 4L, "decap-drop-no-binding", 8L, "rx-packets", 100L, "dropped-ish", 16L,
            "binding-table-full", 32L)));
        for (final CounterDescriptor counter : Main.allCounters())
        {
            final boolean named = counter.label().contains("drop");
            assertEquals(named, StatusView.drops(Map.of(counter.label(), 1L)) == 1, counter.label());
        }
    }

    private static void awaitCounter(final HomeAgent agent, final String name, final long atLeast)
        throws InterruptedException
    {
        final StatView view = new StatView(agent.countersFile(), false, true);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (view.sample().getOrDefault(name, 0L) < atLeast)
        {
            assertTrue(System.nanoTime() < deadline, name + " never reached " + atLeast);
            Thread.sleep(10);
        }
    }

    private static long valueIn(final String output, final String counter)
    {
        final List<Long> values = new ArrayList<>();
        final Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(counter) + "\\s+([0-9,]+)$").matcher(output);
        while (matcher.find())
        {
            values.add(Long.parseLong(matcher.group(1).replace(",", "")));
        }
        return values.isEmpty() ? -1 : values.get(values.size() - 1);
    }
}
