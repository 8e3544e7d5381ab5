package dsmipha.ha;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dsmipha.common.agent.AgentPlacement;
import dsmipha.common.agent.ThreadingMode;
import dsmipha.fastpath.io.FrameLayout;
import dsmipha.fastpath.worker.QueueAssignment;
import dsmipha.ha.config.NetworkConfig;
import dsmipha.slowpath.registration.RegistrationConfig;

/**
 * Everything a home agent instance is started with. This instance runs on in-memory ports with a
 * synthetic traffic source (the embedded default); the config file format, NIC ports and the full key set are
 * the runnable-home-agent issue's.
 *
 * @param instanceName     instance name (counters file folder, shown by {@code stat}).
 * @param countersDir      folder holding the instance folders.
 * @param threadingMode    how agents map to threads.
 * @param idleStrategy     idle strategy of every agent thread.
 * @param workerCpus       one entry per worker: the CPU it is pinned to, or {@link AgentPlacement#UNPINNED}.
 * @param slowpathCpu      the signaling agent's CPU, or unpinned.
 * @param trafficCpu       the traffic source's CPU, or unpinned.
 * @param queuesPerPort    queues on each in-memory port; queue q of both ports is served by worker q % workers.
 * @param frameCount       frames in the pool.
 * @param frameLength      octets per frame.
 * @param ringCapacity     descriptors per port ring.
 * @param burstSize        packets per burst.
 * @param puntRingCapacity octets of the punt ring.
 * @param trafficRatePps   synthetic offered load in packets per second, 0 = as fast as the ports take them.
 * @param bindingCapacity  bindings the shared binding table holds (1 .. 2^28; 10 M takes 1.7 GB off the heap,
 *                         docs/binding-table.md); a full table refuses new bindings with a counter.
 * @param registration     home registration settings (docs/registration.md).
 * @param stateDirectory   where bindings and address leases are kept across restarts; null keeps none.
 * @param network          ports, routes and static neighbours; null: the embedded default's in-memory network with
 *                         {@code queuesPerPort} queues on each port.
 * @param workerQueues     per worker, the port queues it serves; empty: queue q of both ports goes to worker
 *                         q % workers.
 */
public record HomeAgentConfig(
    String instanceName,
    Path countersDir,
    ThreadingMode threadingMode,
    String idleStrategy,
    List<Integer> workerCpus,
    int slowpathCpu,
    int trafficCpu,
    int queuesPerPort,
    int frameCount,
    int frameLength,
    int ringCapacity,
    int burstSize,
    int puntRingCapacity,
    long trafficRatePps,
    long bindingCapacity,
    RegistrationConfig registration,
    Path stateDirectory,
    NetworkConfig network,
    List<List<QueueAssignment>> workerQueues)
{
    /** Bindings of the embedded default. */
    public static final long DEFAULT_BINDING_CAPACITY = 1 << 16;
    /** Most bindings a table may be sized for (slot indices are {@code int}, load factor 0.75). */
    public static final long MAX_BINDING_CAPACITY = 1 << 28;

    /** Name of the counters file inside the instance folder. */
    public static final String COUNTERS_FILE_NAME = "counters.dat";

    /**
     * Validate.
     */
    public HomeAgentConfig
    {
        workerCpus = List.copyOf(workerCpus);
        if (workerCpus.isEmpty())
        {
            throw new IllegalArgumentException("at least one worker is needed");
        }
        network = network != null ? network : NetworkConfig.demo(queuesPerPort);
        workerQueues = copyQueues(workerQueues);
        if (!workerQueues.isEmpty() && workerQueues.size() != workerCpus.size())
        {
            throw new IllegalArgumentException("queue lists (" + workerQueues.size() + ") must match the workers (" +
                workerCpus.size() + ")");
        }
        if (workerQueues.isEmpty() && queuesPerPort < workerCpus.size())
        {
            throw new IllegalArgumentException("queues per port (" + queuesPerPort + ") must be at least the " +
                "number of workers (" + workerCpus.size() + "): a worker without a queue has nothing to do");
        }
        if (burstSize < 1 || burstSize > 1024)
        {
            throw new IllegalArgumentException("burst size must be 1..1024: " + burstSize);
        }
        if (Integer.bitCount(ringCapacity) != 1 || ringCapacity < burstSize)
        {
            throw new IllegalArgumentException("ring capacity must be a power of two >= burst size: " + ringCapacity);
        }
        final long ringFrames = (long)ringCapacity * (network.ports().get(0).queues() + network.ports().get(1).queues());
        if (frameCount < ringFrames)
        {
            throw new IllegalArgumentException("frame count " + frameCount + " is below the " + ringFrames +
                " frames the port rings can hold");
        }
        if (frameLength < FrameLayout.DATA_OFFSET + 64 || frameLength > FrameLayout.MAX_FRAME_LENGTH)
        {
            throw new IllegalArgumentException("frame length out of range: " + frameLength);
        }
        if (bindingCapacity < 1 || bindingCapacity > MAX_BINDING_CAPACITY)
        {
            throw new IllegalArgumentException("binding capacity must be 1.." + MAX_BINDING_CAPACITY + ": " +
                bindingCapacity);
        }
        if (registration == null)
        {
            throw new IllegalArgumentException("a registration config is required");
        }
        if (trafficRatePps < 0)
        {
            throw new IllegalArgumentException("traffic rate must not be negative: " + trafficRatePps);
        }
    }

    /**
     * The config without registration settings of its own: the demo's registration ({@link RegistrationConfig#demo})
     * and no state directory (bindings are not kept across a restart).
     *
     * @param instanceName     see the record.
     * @param countersDir      see the record.
     * @param threadingMode    see the record.
     * @param idleStrategy     see the record.
     * @param workerCpus       see the record.
     * @param slowpathCpu      see the record.
     * @param trafficCpu       see the record.
     * @param queuesPerPort    see the record.
     * @param frameCount       see the record.
     * @param frameLength      see the record.
     * @param ringCapacity     see the record.
     * @param burstSize        see the record.
     * @param puntRingCapacity see the record.
     * @param trafficRatePps   see the record.
     * @param bindingCapacity  see the record.
     */
    public HomeAgentConfig(
        final String instanceName,
        final Path countersDir,
        final ThreadingMode threadingMode,
        final String idleStrategy,
        final List<Integer> workerCpus,
        final int slowpathCpu,
        final int trafficCpu,
        final int queuesPerPort,
        final int frameCount,
        final int frameLength,
        final int ringCapacity,
        final int burstSize,
        final int puntRingCapacity,
        final long trafficRatePps,
        final long bindingCapacity)
    {
        this(instanceName, countersDir, threadingMode, idleStrategy, workerCpus, slowpathCpu, trafficCpu,
            queuesPerPort, frameCount, frameLength, ringCapacity, burstSize, puntRingCapacity, trafficRatePps,
            bindingCapacity, RegistrationConfig.demo(), null, null, List.of());
    }

    /**
     * @param registration the registration settings to use instead.
     * @return a copy with them.
     */
    public HomeAgentConfig withRegistration(final RegistrationConfig registration)
    {
        return new HomeAgentConfig(instanceName, countersDir, threadingMode, idleStrategy, workerCpus, slowpathCpu,
            trafficCpu, queuesPerPort, frameCount, frameLength, ringCapacity, burstSize, puntRingCapacity,
            trafficRatePps, bindingCapacity, registration, stateDirectory, network, workerQueues);
    }

    /**
     * @param directory where the binding store keeps bindings and leases across restarts, or null for none.
     * @return a copy with it.
     */
    public HomeAgentConfig withStateDirectory(final Path directory)
    {
        return new HomeAgentConfig(instanceName, countersDir, threadingMode, idleStrategy, workerCpus, slowpathCpu,
            trafficCpu, queuesPerPort, frameCount, frameLength, ringCapacity, burstSize, puntRingCapacity,
            trafficRatePps, bindingCapacity, registration, directory, network, workerQueues);
    }

    /**
     * @param ports  the network to run on.
     * @param queues per worker, the port queues it serves (empty: round robin).
     * @return a copy with them.
     */
    public HomeAgentConfig withNetwork(final NetworkConfig ports, final List<List<QueueAssignment>> queues)
    {
        return new HomeAgentConfig(instanceName, countersDir, threadingMode, idleStrategy, workerCpus, slowpathCpu,
            trafficCpu, queuesPerPort, frameCount, frameLength, ringCapacity, burstSize, puntRingCapacity,
            trafficRatePps, bindingCapacity, registration, stateDirectory, ports, queues);
    }

    /**
     * @param worker a worker index.
     * @return the port queues it serves: the configured list, or queue q of both ports for q = worker, worker +
     *         workers, ... below {@link #queuesPerPort()}.
     */
    public List<QueueAssignment> queuesOf(final int worker)
    {
        if (!workerQueues.isEmpty())
        {
            return workerQueues.get(worker);
        }
        final List<QueueAssignment> queues = new ArrayList<>();
        for (int q = worker; q < queuesPerPort; q += workerCpus.size())
        {
            queues.add(new QueueAssignment(NetworkConfig.ACCESS, q));
            queues.add(new QueueAssignment(NetworkConfig.HOME, q));
        }
        return queues;
    }

    /**
     * @return the instance folder: the counters file, the control socket and the instance lock live there.
     */
    public Path instanceDirectory()
    {
        return countersDir.resolve(instanceName);
    }

    private static List<List<QueueAssignment>> copyQueues(final List<List<QueueAssignment>> queues)
    {
        final List<List<QueueAssignment>> copy = new ArrayList<>();
        if (queues != null)
        {
            for (final List<QueueAssignment> list : queues)
            {
                copy.add(List.copyOf(list));
            }
        }
        return List.copyOf(copy);
    }

    /**
     * The embedded default: two in-memory ports with one queue each, one worker, the slowpath and a synthetic
     * traffic source sharing one thread with a backoff idle strategy, so it runs on any machine without root.
     *
     * @return the default config.
     */
    public static HomeAgentConfig embeddedDefault()
    {
        return new HomeAgentConfig("default", defaultCountersDir(), ThreadingMode.SHARED, "backoff",
            List.of(AgentPlacement.UNPINNED), AgentPlacement.UNPINNED, AgentPlacement.UNPINNED,
            1, 8192, FrameLayout.DEFAULT_FRAME_LENGTH, 1024, 32, 4 * 1024 * 1024, 0, DEFAULT_BINDING_CAPACITY);
    }

    /**
     * @return {@code /dev/shm/dsmip-ha} where shared memory is mounted (counters never touch a disk), else the
     * temporary folder.
     */
    public static Path defaultCountersDir()
    {
        final Path shm = Path.of("/dev/shm");
        final String user = System.getProperty("user.name", "user");
        return Files.isDirectory(shm) && Files.isWritable(shm) ?
            shm.resolve("dsmip-ha-" + user) : Path.of(System.getProperty("java.io.tmpdir"), "dsmip-ha-" + user);
    }

    /**
     * @return the counters file of this instance.
     */
    public Path countersFile()
    {
        return countersDir.resolve(instanceName).resolve(COUNTERS_FILE_NAME);
    }
}
