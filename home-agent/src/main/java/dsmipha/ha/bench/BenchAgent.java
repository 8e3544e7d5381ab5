package dsmipha.ha.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dsmipha.common.agent.AgentPlacement;
import dsmipha.common.agent.ThreadingMode;
import dsmipha.common.counters.CounterSample;
import dsmipha.fastpath.io.FrameLayout;
import dsmipha.fastpath.worker.FastpathCounter;
import dsmipha.ha.HomeAgent;
import dsmipha.ha.HomeAgentConfig;
import dsmipha.slowpath.registration.RegistrationConfig;

/**
 * A real in-process home agent for one bench run: {@link HomeAgent#startWithoutTraffic} on in-memory ports, its
 * agent threads found (the threads that appeared while it started), and their allocation and CPU time read through
 * {@link com.sun.management.ThreadMXBean}.
 * <pre>
 *   --cores 2,3      DEDICATED: worker w pinned to the w-th CPU listed, the slowpath unpinned
 *   cores >= w + 2   DEDICATED, unpinned (a thread per worker, one for the slowpath, one left for the generator)
 *   otherwise        SHARED: the workers and the slowpath on one thread (the 2-core development machine)
 * </pre>
 */
public final class BenchAgent implements AutoCloseable
{
    /** Descriptors per port ring. */
    public static final int RING_CAPACITY = 1024;

    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private final HomeAgent agent;
    private final long[] threadIds;
    private boolean closed;

    private BenchAgent(final HomeAgent agent, final long[] threadIds)
    {
        this.agent = agent;
        this.threadIds = threadIds;
    }

    /**
     * Start a home agent for a run.
     *
     * @param settings     the run.
     * @param countersDir  folder for its instance folder.
     * @param instance     instance name.
     * @param registration registration settings.
     * @param stateDir     state directory, or null.
     * @param capacity     bindings the table must hold.
     * @return the running agent.
     */
    public static BenchAgent start(
        final BenchSettings settings,
        final Path countersDir,
        final String instance,
        final RegistrationConfig registration,
        final Path stateDir,
        final long capacity)
    {
        final Set<Long> before = new HashSet<>();
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            before.add(thread.threadId());
        }
        // The home agent reports restored bindings on stdout: keep stdout for the results (--json is one line each).
        final PrintStream stdout = System.out;
        final HomeAgent agent;
        System.setOut(System.err);
        try
        {
            agent = HomeAgent.startWithoutTraffic(config(settings, countersDir, instance, registration, stateDir,
                capacity));
        }
        finally
        {
            System.setOut(stdout);
        }
        final List<Long> ids = new ArrayList<>();
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            if (!before.contains(thread.threadId()) && !thread.getName().contains("control"))
            {
                ids.add(thread.threadId());
            }
        }
        return new BenchAgent(agent, ids.stream().mapToLong(Long::longValue).toArray());
    }

    /**
     * The home agent config of a run, built like {@code dsmip-ha run}'s embedded default.
     *
     * @param settings     the run.
     * @param countersDir  folder for the instance folder.
     * @param instance     instance name.
     * @param registration registration settings.
     * @param stateDir     state directory, or null.
     * @param capacity     bindings the table must hold.
     * @return the config.
     */
    static HomeAgentConfig config(
        final BenchSettings settings,
        final Path countersDir,
        final String instance,
        final RegistrationConfig registration,
        final Path stateDir,
        final long capacity)
    {
        final int workers = settings.workers();
        final ThreadingMode mode = threadingMode(settings);
        final List<Integer> cpus = new ArrayList<>();
        for (int w = 0; w < workers; w++)
        {
            cpus.add(settings.cpus().isEmpty() ? AgentPlacement.UNPINNED : settings.cpus().get(w));
        }
        final int frames = 2 * workers * RING_CAPACITY + 16384;
        return new HomeAgentConfig(instance, countersDir, mode, "backoff", cpus, AgentPlacement.UNPINNED,
            AgentPlacement.UNPINNED, workers, frames, FrameLayout.DEFAULT_FRAME_LENGTH, RING_CAPACITY, 32,
            16 * 1024 * 1024, 0, Math.max(capacity, 1024)).withRegistration(registration).withStateDirectory(stateDir);
    }

    /**
     * @param settings the run.
     * @return DEDICATED with pinned cores or enough cores for a thread per agent plus the generator, else SHARED.
     */
    static ThreadingMode threadingMode(final BenchSettings settings)
    {
        final int cores = Runtime.getRuntime().availableProcessors();
        return !settings.cpus().isEmpty() || cores >= settings.workers() + 2 ?
            ThreadingMode.DEDICATED : ThreadingMode.SHARED;
    }

    /**
     * @return a fresh counters folder (under /dev/shm where it exists), removed by {@link #deleteTree}.
     * @throws IOException if it cannot be made.
     */
    public static Path temporaryCountersDir() throws IOException
    {
        final Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ?
            Files.createTempDirectory(shm, "dsmip-ha-bench") : Files.createTempDirectory("dsmip-ha-bench");
    }

    /**
     * @param root a folder to remove with everything in it; missing is fine.
     */
    public static void deleteTree(final Path root)
    {
        if (root == null || !Files.exists(root))
        {
            return;
        }
        try (var paths = Files.walk(root))
        {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        }
        catch (final IOException ignored)
        {
            // Best effort: a temporary folder.
        }
    }

    /**
     * @return the running home agent.
     */
    public HomeAgent agent()
    {
        return agent;
    }

    /**
     * @return bytes the home agent's threads have allocated so far.
     */
    public long allocatedBytes()
    {
        long total = 0;
        for (final long allocated : THREADS.getThreadAllocatedBytes(threadIds))
        {
            total += Math.max(0, allocated);
        }
        return total;
    }

    /**
     * @return CPU nanoseconds the home agent's threads have used so far.
     */
    public long cpuNanos()
    {
        long total = 0;
        for (final long cpu : THREADS.getThreadCpuTime(threadIds))
        {
            total += Math.max(0, cpu);
        }
        return total;
    }

    /**
     * @return how many agent threads were found.
     */
    public int threadCount()
    {
        return threadIds.length;
    }

    /**
     * @return every drop counter of the fastpath (worker, decapsulation, encapsulation, egress, ICMP, MTU stages)
     *         that is above zero, by label, summed over the workers.
     */
    public Map<String, Long> fastpathDrops()
    {
        final Map<String, Long> drops = new TreeMap<>();
        for (final CounterSample sample : agent.countersFile().snapshot())
        {
            final String label = sample.label();
            if (sample.value() > 0 && label.startsWith("worker-") && isDrop(label))
            {
                drops.merge(label.substring(label.indexOf(':') + 1).trim(), sample.value(), Long::sum);
            }
        }
        return drops;
    }

    /**
     * @param counter a fastpath counter.
     * @return its value summed over the workers.
     */
    public long fastpathCounter(final FastpathCounter counter)
    {
        long total = 0;
        for (final CounterSample sample : agent.countersFile().snapshot())
        {
            if (sample.typeId() == counter.id())
            {
                total += sample.value();
            }
        }
        return total;
    }

    private static boolean isDrop(final String label)
    {
        return label.contains("drop");
    }

    /**
     * Stop the home agent (what SIGTERM does); a second call does nothing.
     */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            agent.close();
        }
    }
}
