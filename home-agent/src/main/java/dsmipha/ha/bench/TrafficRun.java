package dsmipha.ha.bench;

import java.io.PrintWriter;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

import org.HdrHistogram.Histogram;

import dsmipha.fastpath.io.FrameLayout;
import dsmipha.fastpath.io.FramePool;
import dsmipha.fastpath.io.MemoryPort;
import dsmipha.fastpath.io.PacketBurst;
import dsmipha.fastpath.worker.FastpathCounter;
import dsmipha.ha.HomeAgent;
import dsmipha.slowpath.registration.RegistrationConfig;

/**
 * The downlink, uplink and mix scenarios: a real home agent with N bindings installed, driven from the calling
 * thread on the wire side of its in-memory ports, closed loop: bursts of 32 are injected round robin over the
 * queues while fewer than {@link #WINDOW_PER_WORKER} packets per worker are inside the home agent, and everything
 * the ports send is collected and timed.
 * <pre>
 *   generator: allocate, copy template, stamp binding n and the burst's send time ─► inject (home | access port)
 *   home agent: worker(s) classify, look up, encapsulate | decapsulate, route ─► transmit
 *   generator: collect both ports' queues ─► count frames and octets, latency = now - stamped send time
 * </pre>
 * Latency is per packet, from the send time the generator stamped once per burst into the packet's last 8
 * octets to the collect pass that finds it, so it includes up to one window of queueing. The window counts the
 * home agent's drops (read from its counters when it stalls) so a dropped packet does not shrink it.
 */
public final class TrafficRun
{
    /** Packets per burst. */
    public static final int BURST = 32;
    /** Packets one worker may have inside the home agent (closed loop). */
    public static final int WINDOW_PER_WORKER = 8 * BURST;

    private static final int STREAM = 1 << 20;
    private static final long PROGRESS_NS = 2_000_000_000L;
    private static final long DRAIN_LIMIT_NS = 2_000_000_000L;
    private static final long STALL_NS = 200_000L;
    private static final long MAX_LATENCY_NS = 60_000_000_000L;
    private static final long WARMUP_STEP_NS = 250_000_000L;
    private static final int MAX_EXTRA_WARMUP_STEPS = 12;
    private static final double STEADY_GAIN = 1.05;

    private final BenchSettings settings;
    private final PrintWriter progress;
    private final boolean uplinkOnly;
    private final boolean mix;
    private final int[] stream = new int[STREAM];
    private final Histogram histogram = new Histogram(MAX_LATENCY_NS, 3);

    private BenchAgent bench;
    private FramePool pool;
    private MemoryPort access;
    private MemoryPort home;
    private TrafficFrames frames;
    private PacketBurst outgoing;
    private PacketBurst incoming;
    private long offered;
    private long received;
    private long receivedOctets;
    private long knownDrops;
    private long packetIndex;
    private long burstIndex;
    private long lastReceiveNs;

    /**
     * @param settings the run.
     * @param progress progress lines (stderr), or null.
     */
    public TrafficRun(final BenchSettings settings, final PrintWriter progress)
    {
        this.settings = settings;
        this.progress = progress;
        this.uplinkOnly = BenchScenarios.UPLINK.equals(settings.scenario());
        this.mix = BenchScenarios.MIX.equals(settings.scenario());
        final SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < STREAM; i++)
        {
            stream[i] = random.nextInt(settings.bindings());
        }
    }

    /**
     * Start a home agent, install the bindings, drive traffic through warm-up and the window, drain, stop.
     *
     * @param countersDir folder for the instance folder.
     * @return the result.
     */
    public BenchResult run(final Path countersDir)
    {
        final int[] variants = mix ? new int[]{ 0, 1, 2, 3, 4, 5 } :
            new int[]{ TrafficFrames.variantIndex(settings.encap()) };
        frames = new TrafficFrames(variants, settings.packetSize());
        try (BenchAgent started = BenchAgent.start(settings, countersDir, "bench-" + settings.scenario(),
            RegistrationConfig.demo(), null, settings.bindings() + (long)settings.bindings() / 4))
        {
            bench = started;
            final HomeAgent agent = started.agent();
            final long installStart = System.nanoTime();
            frames.installBindings(agent.bindings(), settings.bindings());
            note("%s: %d bindings installed in %.1f s", label(), settings.bindings(),
                (System.nanoTime() - installStart) / 1e9);
            pool = agent.pool();
            access = agent.port(HomeAgent.ACCESS_PORT);
            home = agent.port(HomeAgent.HOME_PORT);
            outgoing = new PacketBurst(pool, BURST);
            incoming = new PacketBurst(pool, 4 * BURST);
            return measure();
        }
    }

    private BenchResult measure()
    {
        final long window = (long)WINDOW_PER_WORKER * settings.workers();
        final long startNs = System.nanoTime();
        lastReceiveNs = startNs;
        drive(startNs + settings.warmupNs(), window, false);
        warmUntilSteady(window);
        histogram.reset();
        final long windowStartNs = System.nanoTime();
        final long receivedBefore = received;
        final long octetsBefore = receivedOctets;
        final long allocBefore = bench.allocatedBytes();
        final long cpuBefore = bench.cpuNanos();
        drive(windowStartNs + settings.durationNs(), window, true);
        final long windowNs = System.nanoTime() - windowStartNs;
        final long packets = received - receivedBefore;
        final double seconds = windowNs / 1e9;
        final double alloc = packets == 0 ? 0 : (bench.allocatedBytes() - allocBefore) / (double)packets;
        final double cpu = (bench.cpuNanos() - cpuBefore) / (double)windowNs;
        final long octets = receivedOctets - octetsBefore;
        drain();
        final Map<String, Long> drops = bench.fastpathDrops();
        final long dropped = drops.values().stream().mapToLong(Long::longValue).sum();
        final PacketAccounting accounting = new PacketAccounting(offered, received, dropped, drops,
            bench.fastpathCounter(FastpathCounter.ROUTED_NATIVELY));
        final boolean timed = histogram.getTotalCount() > 0;
        return new BenchResult(settings, packets / seconds / 1e6, octets * 8 / seconds / 1e9,
            timed ? histogram.getValueAtPercentile(50) : null, timed ? histogram.getValueAtPercentile(99) : null,
            timed ? histogram.getValueAtPercentile(99.9) : null, alloc, cpu, null, null, null, histogram.copy(),
            accounting);
    }

    /**
     * Keep warming up in steps while the rate still climbs by more than {@link #STEADY_GAIN} a step (the JIT is
     * still compiling), up to {@link #MAX_EXTRA_WARMUP_STEPS} steps.
     */
    private void warmUntilSteady(final long window)
    {
        double previousRate = 0;
        for (int step = 0; step < MAX_EXTRA_WARMUP_STEPS; step++)
        {
            final long before = received;
            drive(System.nanoTime() + WARMUP_STEP_NS, window, false);
            final double rate = received - before;
            if (rate <= previousRate * STEADY_GAIN)
            {
                return;
            }
            previousRate = rate;
        }
    }

    private void drive(final long untilNs, final long window, final boolean measuring)
    {
        long nextProgressNs = System.nanoTime() + PROGRESS_NS;
        long nowNs;
        while ((nowNs = System.nanoTime()) < untilNs)
        {
            if (offered - received - knownDrops + BURST <= window)
            {
                offerBurst(nowNs);
            }
            else if (nowNs - lastReceiveNs > STALL_NS)
            {
                knownDrops = dropCount();
                lastReceiveNs = nowNs;
            }
            collect(nowNs);
            if (nowNs >= nextProgressNs)
            {
                note("%s: %s %d packets offered, %d received", label(), measuring ? "measuring" : "warming up",
                    offered, received);
                nextProgressNs = nowNs + PROGRESS_NS;
            }
        }
    }

    private void drain()
    {
        final long limitNs = System.nanoTime() + DRAIN_LIMIT_NS;
        long nowNs;
        while ((nowNs = System.nanoTime()) < limitNs)
        {
            collect(nowNs);
            if (offered == received + dropCount())
            {
                // One more pass: nothing may still be on its way out.
                collect(System.nanoTime());
                return;
            }
            Thread.onSpinWait();
        }
    }

    private long dropCount()
    {
        long total = 0;
        for (final long value : bench.fastpathDrops().values())
        {
            total += value;
        }
        return total;
    }

    private void offerBurst(final long nowNs)
    {
        final boolean uplink = mix ? (burstIndex & 1) == 1 : uplinkOnly;
        final MemoryPort port = uplink ? access : home;
        final int queue = (int)((mix ? burstIndex >> 1 : burstIndex) % port.queueCount());
        burstIndex++;
        final MemorySegment memory = pool.memory();
        outgoing.clear();
        for (int i = 0; i < BURST; i++)
        {
            final int frame = pool.allocate();
            if (frame < 0)
            {
                break;
            }
            final long k = packetIndex++;
            final int n = settings.unboundEvery() > 0 && k % settings.unboundEvery() == 0 ?
                settings.bindings() + (int)(k % 997) : stream[(int)(k & (STREAM - 1))];
            final long data = pool.frameOffset(frame) + FrameLayout.DATA_OFFSET;
            final int length = frames.write(memory, data, n, uplink, (int)(k % TrafficFrames.IMIX.length), nowNs);
            outgoing.add(frame, FrameLayout.DATA_OFFSET, length);
        }
        final int made = outgoing.count();
        final int accepted = port.wire().inject(queue, outgoing, 0, made);
        for (int i = accepted; i < made; i++)
        {
            pool.free(outgoing.frame(i));
        }
        offered += accepted;
    }

    private void collect(final long nowNs)
    {
        collectPort(access, nowNs);
        collectPort(home, nowNs);
    }

    private void collectPort(final MemoryPort port, final long nowNs)
    {
        final MemorySegment memory = pool.memory();
        for (int q = 0; q < port.queueCount(); q++)
        {
            int n;
            do
            {
                incoming.clear();
                n = port.wire().collect(q, incoming, incoming.capacity());
                for (int i = 0; i < n; i++)
                {
                    final int length = incoming.length(i);
                    receivedOctets += length;
                    final long latencyNs = nowNs - TrafficFrames.sendTime(memory, incoming.address(i), length);
                    if (latencyNs >= 0 && latencyNs < MAX_LATENCY_NS)
                    {
                        histogram.recordValue(latencyNs);
                    }
                }
                incoming.freeAll();
                received += n;
                if (n > 0)
                {
                    lastReceiveNs = nowNs;
                }
            }
            while (n == incoming.capacity());
        }
    }

    private String label()
    {
        return BenchScenarios.MIX.equals(settings.scenario()) ? "mix" : settings.scenario() + " " + settings.encap();
    }

    private void note(final String format, final Object... args)
    {
        if (progress != null)
        {
            progress.printf("dsmip-ha bench: " + format + "%n", args);
            progress.flush();
        }
    }
}
