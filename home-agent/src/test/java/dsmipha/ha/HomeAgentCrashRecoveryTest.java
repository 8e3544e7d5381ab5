package dsmipha.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dsmipha.slowpath.registration.BindingRecord;
import dsmipha.slowpath.registration.StoreCounter;

/**
 * Issue 7's promise under fault injection: a kill -9 at any moment never loses a binding whose Binding Ack was sent
 * and never leaves a store that cannot be read. A child JVM ({@link CrashRecoveryChild}) registers and refreshes
 * mobile nodes with the binding store on and logs every accepting Ack the moment it leaves the access port; the
 * parent kills it with SIGKILL after a random 200-1500 ms, opens the same state directory and checks that every
 * logged binding is there with at least the logged sequence number. Rounds continue from the previous round's
 * state (new home addresses each round), so each recovery also reads what earlier kills left, torn tails included.
 * <p>
 * {@link #withoutTheGateKillsLoseAcknowledgedBindings} runs the same with the Ack gate off (system property
 * {@code -Dackgate.demonstrateLoss=true} to run it): it shows the test can fail. Not in CI: ungated, a kill loses
 * acknowledged bindings only when it lands between an Ack and its write (microseconds) or in a compaction, so some
 * runs of 10 rounds lose none.
 */
class HomeAgentCrashRecoveryTest
{
    private static final int ROUNDS = 4;
    /** Ungated, a kill loses Acks only when it lands in the short write lag or a compaction: more tries. */
    private static final int DEMONSTRATION_ROUNDS = 10;
    private static final long HOME_LOW_STRIDE = 0x1_0000_0000L;
    private static final List<String> JVM_FLAGS = List.of("--enable-native-access=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
        "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    @TempDir
    Path dir;

    @Test
    void aKillNeverLosesABindingWhoseAckWasSent() throws Exception
    {
        final List<RoundResult> results = rounds(false, ROUNDS);
        for (final RoundResult result : results)
        {
            assertEquals(List.of(), result.lost(), "round " + result.round() + ": acknowledged bindings lost");
        }
        assertTrue(results.stream().mapToInt(RoundResult::acked).sum() > 0, "the children acknowledged bindings");
    }

    @Test
    void withoutTheGateKillsLoseAcknowledgedBindings() throws Exception
    {
        Assumptions.assumeTrue(Boolean.getBoolean("ackgate.demonstrateLoss"),
            "manual check: run with -Dackgate.demonstrateLoss=true");
        final List<RoundResult> results = rounds(true, DEMONSTRATION_ROUNDS);
        assertTrue(results.stream().anyMatch(r -> !r.lost().isEmpty()), "no round lost an acknowledged binding");
    }

    private List<RoundResult> rounds(final boolean ungated, final int rounds) throws Exception
    {
        final Path state = dir.resolve("state");
        final Map<String, Integer> acked = new HashMap<>();
        final List<RoundResult> results = new ArrayList<>();
        for (int round = 0; round < rounds; round++)
        {
            final Path ackLog = dir.resolve("acks-" + round + ".log");
            final long killAfterMs = ThreadLocalRandom.current().nextLong(200, 1501);
            runAndKill(state, ackLog, (round + 1) * HOME_LOW_STRIDE, killAfterMs, ungated);
            final int ackedThisRound = readAckLog(ackLog, acked);
            results.add(check(round, state, acked, ackedThisRound, killAfterMs));
        }
        return results;
    }

    private void runAndKill(final Path state, final Path ackLog, final long firstHomeLow, final long killAfterMs,
        final boolean ungated) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(JVM_FLAGS);
        if (ungated)
        {
            command.add("-D" + HomeAgent.UNGATED_ACKS_PROPERTY + "=true");
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CrashRecoveryChild.class.getName(),
            state.toString(), Files.createDirectories(dir.resolve("child-counters")).toString(), ackLog.toString(),
            Long.toHexString(firstHomeLow)));
        final Process child = new ProcessBuilder(command)
            .redirectError(dir.resolve("child-stderr.log").toFile()).start();
        try (BufferedReader stdout = new BufferedReader(
            new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII)))
        {
            String line;
            while ((line = stdout.readLine()) != null && !line.equals("ready"))
            {
                // restore messages
            }
            if (line == null)
            {
                child.waitFor(10, TimeUnit.SECONDS);
                fail("child exited before it ran: " + Files.readString(dir.resolve("child-stderr.log")));
            }
            Thread.sleep(killAfterMs);
            assertTrue(child.isAlive(), "child still running when killed");
            child.destroyForcibly(); // SIGKILL
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        }
    }

    private static int readAckLog(final Path ackLog, final Map<String, Integer> acked) throws IOException
    {
        if (!Files.exists(ackLog))
        {
            return 0;
        }
        int lines = 0;
        for (final String line : Files.readAllLines(ackLog, StandardCharsets.US_ASCII))
        {
            // The child may die inside a write: a line without its newline is not an Ack it finished logging.
            final String[] fields = line.split(" ");
            if (fields.length == 3)
            {
                acked.merge(fields[0] + " " + fields[1], Integer.parseInt(fields[2]), Math::max);
                lines++;
            }
        }
        return lines;
    }

    private RoundResult check(final int round, final Path state, final Map<String, Integer> acked,
        final int ackedThisRound, final long killAfterMs) throws IOException
    {
        final List<String> lost = new ArrayList<>();
        final Path counters = Files.createDirectories(dir.resolve("parent-counters-" + round));
        // Opening the store must work whatever the kill left (a torn tail is detected and cut, never thrown).
        try (HomeAgent agent = HomeAgent.startWithoutTraffic(CrashRecoveryChild.config(counters, state)))
        {
            for (final Map.Entry<String, Integer> entry : acked.entrySet())
            {
                final String[] key = entry.getKey().split(" ");
                final BindingRecord binding = agent.registration().binding(
                    Long.parseUnsignedLong(key[0], 16), Long.parseUnsignedLong(key[1], 16));
                if (binding == null || binding.sequence < entry.getValue())
                {
                    lost.add(entry.getKey() + " acked " + entry.getValue() + " stored " +
                        (binding == null ? "none" : binding.sequence));
                }
            }
            final long torn = total(agent, StoreCounter.RECOVERY_TORN.id());
            System.out.printf("crash round %d: killed after %d ms, %d acks logged (%d bindings so far), %d restored," +
                " torn %d, crc %d, lost %d (%d unbound)%s%n", round, killAfterMs, ackedThisRound, acked.size(),
                agent.registration().bindingCount(), torn, total(agent, StoreCounter.RECOVERY_CRC_MISMATCH.id()),
                lost.size(), lost.stream().filter(l -> l.endsWith("none")).count(),
                lost.isEmpty() ? "" : " e.g. " + lost.getFirst());
            assertEquals(0, total(agent, StoreCounter.RECOVERY_BAD_FILE.id()), "store file header intact");
        }
        return new RoundResult(round, ackedThisRound, lost);
    }

    private static long total(final HomeAgent agent, final int id)
    {
        return agent.countersFile().snapshot().stream().filter(s -> s.typeId() == id).mapToLong(s -> s.value()).sum();
    }

    private record RoundResult(int round, int acked, List<String> lost)
    {
    }
}
