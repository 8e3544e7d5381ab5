package dsmipha.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dsmipha.common.agent.AgentPlacement;
import dsmipha.common.agent.ThreadingMode;
import dsmipha.common.counters.CounterDescriptor;
import dsmipha.common.counters.CounterDescriptors;
import dsmipha.fastpath.io.FrameLayout;

class HomeAgentTest
{
    @Test
    void theEmbeddedDefaultForwardsPuntsAndDropsAndAnotherProcessReadsItsCountersLive(@TempDir final Path dir)
        throws Exception
    {
        final HomeAgentConfig config = config(dir, ThreadingMode.SHARED, List.of(AgentPlacement.UNPINNED));
        try (HomeAgent agent = HomeAgent.start(config))
        {
            // The launcher's run loop stores a heartbeat every second; do the same while the stat process starts.
            final Thread heartbeat = Thread.ofPlatform().daemon().start(() ->
            {
                while (!Thread.currentThread().isInterrupted())
                {
                    agent.heartbeat();
                    try
                    {
                        Thread.sleep(500);
                    }
                    catch (final InterruptedException ex)
                    {
                        return;
                    }
                }
            });
            final long firstRx = awaitCounter(agent, "rx-packets", 10_000);
            final String output = runStatInAnotherProcess(dir);
            final long statRx = valueIn(output, "rx-packets");
            assertTrue(statRx >= firstRx, "stat saw rx-packets " + statRx + " after " + firstRx + ":\n" + output);
            for (final String counter : List.of("forward-ipv4", "forward-ipv6", "downlink-to-binding",
                "encap-ip6-in-ip6-ok", "encap-ip4-in-ip4-ok", "encap-in-udp4-ok", "egress-ip4-ok", "egress-ip6-ok", "decap-ip6-in-ip6-ok", "decap-ip4-in-udp4-ok", "uplink-tunnel", "prefix-added", "punt-mobility-header",
                "drop-ttl-expired", "icmp-time-exceeded-v4-sent", "sig-rx-bu", "reg-accepted-new", "tx-binding-ack",
                "wire-collected"))
            {
                assertTrue(valueIn(output, counter) > 0, counter + " in:\n" + output);
            }
            assertTrue(output.contains("running"), output);
            assertTrue(valueIn(output, "drop-tx-full") <= 0, "the wire side drains what the ports send:\n" + output);
            heartbeat.interrupt();
            assertEquals(0, agent.countersFile().snapshot().stream()
                .filter(s -> s.typeId() == SystemCounter.AGENT_ERRORS.id()).mapToLong(s -> s.value()).sum());
        }
    }

    @Test
    void dedicatedThreadsArePinnedWhereTheConfigSays(@TempDir final Path dir) throws Exception
    {
        final HomeAgentConfig config = config(dir, ThreadingMode.DEDICATED, List.of(0));
        try (HomeAgent agent = HomeAgent.start(config))
        {
            awaitCounter(agent, "rx-packets", 1_000);
            assertEquals(0, agent.host().pinnedAgents().get(0).pinnedCpu());
            assertEquals(AgentPlacement.UNPINNED, agent.host().pinnedAgents().get(1).pinnedCpu());
        }
    }

    @Test
    void anImpossibleLayoutIsRefusedBeforeAnythingStarts(@TempDir final Path dir)
    {
        final IllegalArgumentException offline = assertThrows(IllegalArgumentException.class,
            () -> HomeAgent.validateLayout(config(dir, ThreadingMode.DEDICATED, List.of(1000))));
        assertTrue(offline.getMessage().contains("cpu 1000 is not available"), offline.getMessage());
        final IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
            () -> HomeAgent.validateLayout(config(dir, ThreadingMode.DEDICATED, List.of(0, 0))));
        assertTrue(twice.getMessage().contains("two dedicated agents"), twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new HomeAgentConfig("x", dir, ThreadingMode.SHARED,
            "backoff", List.of(-1, -1), -1, -1, 1, 8192, 2048, 1024, 32, 1 << 20, 0, 1024));
        final IllegalArgumentException noBindings = assertThrows(IllegalArgumentException.class,
            () -> new HomeAgentConfig("x", dir, ThreadingMode.SHARED, "backoff", List.of(-1), -1, -1, 1, 8192, 2048,
                1024, 32, 1 << 20, 0, 0));
        assertTrue(noBindings.getMessage().contains("binding capacity"), noBindings.getMessage());
    }

    @Test
    void everyCounterIdAndLabelIsUniqueAcrossTheProduct()
    {
        final List<CounterDescriptor> all = Main.allCounters();
        CounterDescriptors.requireUnique(all.toArray(CounterDescriptor[]::new));
        final Set<String> labels = new HashSet<>();
        for (final CounterDescriptor counter : all)
        {
            assertTrue(counter.label().matches("[a-z0-9-]+"), counter.label());
            assertTrue(labels.add(counter.label()));
        }
    }

    @Test
    void docsCountersListsEveryCounter() throws Exception
    {
        final String doc = java.nio.file.Files.readString(Path.of("../docs/counters.md"));
        for (final CounterDescriptor counter : Main.allCounters())
        {
            assertTrue(doc.contains("| " + counter.id() + " | `" + counter.label() + "` |"),
                "docs/counters.md lacks " + counter.id() + " " + counter.label() +
                    ": regenerate it from 'bin/dsmip-ha counters'");
        }
    }

    @Test
    void statExplainsWhenNoInstanceRuns(@TempDir final Path dir) throws Exception
    {
        final PrintStream err = System.err;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try
        {
            final int exit = new picocli.CommandLine(new Main()).execute("stat", "--dir", dir.toString(),
                "--count", "1");
            assertEquals(1, exit);
        }
        finally
        {
            System.setErr(err);
        }
        assertTrue(captured.toString(StandardCharsets.UTF_8).contains("is the home agent running?"));
    }

    @Test
    void badConfigurationIsOneLineAndExitStatus2(@TempDir final Path dir)
    {
        final java.io.StringWriter err = new java.io.StringWriter();
        final int exit = Main.commandLine().setErr(new java.io.PrintWriter(err, true))
            .execute("run", "--bindings", "0", "--dir", dir.toString(), "--duration", "1s");
        assertEquals(2, exit);
        assertEquals("dsmip-ha: binding capacity must be 1..268435456: 0", err.toString().strip());
    }

    private static HomeAgentConfig config(final Path dir, final ThreadingMode mode, final List<Integer> cpus)
    {
        return new HomeAgentConfig("test", dir, mode, "backoff", cpus, AgentPlacement.UNPINNED,
            AgentPlacement.UNPINNED, Math.max(1, cpus.size()), 16384, FrameLayout.DEFAULT_FRAME_LENGTH, 1024, 32,
            1 << 20, 0, 1024);
    }

    private static long awaitCounter(final HomeAgent agent, final String name, final long atLeast)
        throws InterruptedException
    {
        final StatView view = new StatView(agent.countersFile(), false, true);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline)
        {
            final Map<String, Long> sample = view.sample();
            final long value = sample.getOrDefault(name, 0L);
            if (value >= atLeast)
            {
                return value;
            }
            Thread.sleep(10);
        }
        throw new AssertionError(name + " never reached " + atLeast);
    }

    private static String runStatInAnotherProcess(final Path dir) throws Exception
    {
        final String java = ProcessHandle.current().info().command().orElseThrow();
        final List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
            Main.class.getName(), "stat", "--dir", dir.toString(), "--instance", "test", "--count", "2",
            "--interval", "200ms"));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    private static long valueIn(final String output, final String counter)
    {
        long last = -1;
        final Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(counter) + "\\s+([0-9,]+)").matcher(output);
        while (matcher.find())
        {
            last = Long.parseLong(matcher.group(1).replace(",", ""));
        }
        return last;
    }
}
