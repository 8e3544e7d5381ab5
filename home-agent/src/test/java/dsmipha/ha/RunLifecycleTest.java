package dsmipha.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dsmip-ha run --config} as an operator meets it, in a child JVM: the effective layout at startup; a second
 * instance on the same run directory refused; SIGHUP reloading the mobile nodes without dropping a binding, and a
 * faulty file on SIGHUP leaving the running config in place; SIGTERM draining to exit status 0 with a snapshot that
 * the next start restores from.
 */
class RunLifecycleTest
{
    private static final List<String> JVM_FLAGS = List.of("--enable-native-access=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
        "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private static final long WAIT_MS = 30_000;

    @TempDir
    Path dir;

    @Test
    void layoutLockReloadDrainAndRestore() throws Exception
    {
        final Path config = dir.resolve("ha.toml");
        final Path state = dir.resolve("state");
        Files.writeString(config, config(state, 1));

        final Child first = Child.start(dir, "first", "run", "--config", config.toString(), "--quiet");
        first.awaitStdout("instance 'life' running");
        first.awaitStdout("worker 0   unpinned   access:0 home:0");
        first.awaitStdout("access     memory, 1 queue, 192.0.2.1/25 2001:db8:ac::1/64");

        final Child second = Child.start(dir, "second", "run", "--config", config.toString(), "--quiet");
        assertEquals(2, second.waitForExit(), second.describe());
        assertTrue(second.stderr().contains("another home agent instance (pid " + first.pid() + ") is running on"),
            second.describe());

        // The synthetic traffic registers its mobile node; wait until the slowpath has journaled a binding.
        first.awaitCondition(() -> Files.exists(state.resolve("bindings.journal")) &&
            Files.size(state.resolve("bindings.journal")) > 64, "a binding journaled");

        Files.writeString(config, config(state, 2));
        first.signal("HUP");
        first.awaitStdout("reloaded: 2 mobile node(s)");

        Files.writeString(config, config(state, 2).replace("burst = 32", "burst = 0"));
        first.signal("HUP");
        first.awaitStderr("config not reloaded, the running one stays");
        first.awaitStderr("fastpath.burst: must be 1..1024, not 0");

        first.signal("TERM");
        assertEquals(0, first.waitForExit(), first.describe());
        assertTrue(first.stdout().contains("dsmip-ha: stopped"), first.describe());
        assertTrue(Files.exists(state.resolve("bindings.snapshot")), "the drain wrote a snapshot");

        Files.writeString(config, config(state, 2));
        final Child restarted = Child.start(dir, "restarted", "run", "--config", config.toString(), "--quiet");
        final Matcher restored = restarted.awaitStdout(Pattern.compile("(\\d+) binding\\(s\\) restored"));
        assertTrue(Integer.parseInt(restored.group(1)) >= 1, restarted.describe());
        restarted.awaitStdout("instance 'life' running");
        restarted.signal("TERM");
        assertEquals(0, restarted.waitForExit(), restarted.describe());
    }

    private String config(final Path state, final int mobileNodes) throws IOException
    {
        final StringBuilder nodes = new StringBuilder();
        for (int i = 0; i < mobileNodes; i++)
        {
            nodes.append("\n[[mobile-nodes]]\nhome-address = \"2001:db8:a::").append(Integer.toHexString(0x900 + i))
                .append("\"\n");
        }
        return Files.readString(Path.of(System.getProperty("user.dir")).getParent()
            .resolve("config/examples/demo.toml"))
            .replace("name = \"demo\"", "name = \"life\"\ncounters-dir = \"" + dir.resolve("counters") + "\"")
            .replace("# state-dir = \"/tmp/dsmip-ha-demo-state\"     # keep bindings across restarts",
                "state-dir = \"" + state + "\"")
            .replace("[fastpath]\n", "[fastpath]\nburst = 32\n")
            .replace("rate-pps = 0 ", "rate-pps = 20000 ") + nodes;
    }

    /**
     * A child JVM running the command line, its output in files.
     */
    private record Child(Process process, Path stdoutFile, Path stderrFile)
    {
        static Child start(final Path dir, final String name, final String... args) throws IOException
        {
            final List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElseThrow());
            command.addAll(JVM_FLAGS);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
            command.addAll(List.of(args));
            final Path out = dir.resolve(name + ".stdout");
            final Path err = dir.resolve(name + ".stderr");
            final Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
            return new Child(process, out, err);
        }

        long pid()
        {
            return process.pid();
        }

        String stdout() throws IOException
        {
            return Files.readString(stdoutFile);
        }

        String stderr() throws IOException
        {
            return Files.readString(stderrFile);
        }

        String describe() throws IOException
        {
            return "stdout:\n" + stdout() + "\nstderr:\n" + stderr();
        }

        void signal(final String name) throws Exception
        {
            final Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).start();
            assertEquals(0, kill.waitFor(), "kill -" + name);
        }

        int waitForExit() throws Exception
        {
            if (!process.waitFor(WAIT_MS, TimeUnit.MILLISECONDS))
            {
                process.destroyForcibly();
                fail("no exit within " + WAIT_MS + " ms: " + describe());
            }
            return process.exitValue();
        }

        void awaitStdout(final String text) throws Exception
        {
            awaitCondition(() -> stdout().contains(text), "stdout to show '" + text + "'");
        }

        void awaitStderr(final String text) throws Exception
        {
            awaitCondition(() -> stderr().contains(text), "stderr to show '" + text + "'");
        }

        Matcher awaitStdout(final Pattern pattern) throws Exception
        {
            final Matcher[] found = new Matcher[1];
            awaitCondition(() ->
            {
                final Matcher m = pattern.matcher(stdout());
                found[0] = m;
                return m.find();
            }, "stdout to match " + pattern);
            return found[0];
        }

        void awaitCondition(final Check check, final String what) throws Exception
        {
            final long deadline = System.currentTimeMillis() + WAIT_MS;
            while (!check.holds())
            {
                if (!process.isAlive())
                {
                    fail("exited (" + process.exitValue() + ") while waiting for " + what + ": " + describe());
                }
                if (System.currentTimeMillis() > deadline)
                {
                    fail("timed out waiting for " + what + ": " + describe());
                }
                Thread.sleep(50);
            }
        }
    }

    @FunctionalInterface
    private interface Check
    {
        boolean holds() throws Exception;
    }
}
