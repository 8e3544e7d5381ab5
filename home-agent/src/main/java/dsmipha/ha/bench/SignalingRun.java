package dsmipha.ha.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.HdrHistogram.Histogram;

import dsmipha.common.codec.mh.BindingUpdate;
import dsmipha.fastpath.io.FrameLayout;
import dsmipha.fastpath.io.FramePool;
import dsmipha.fastpath.io.MemoryPort;
import dsmipha.fastpath.io.PacketBurst;
import dsmipha.fastpath.traffic.DemoNetwork;
import dsmipha.ha.HomeAgent;
import dsmipha.perf.emulator.BindingAckReader;
import dsmipha.perf.emulator.BindingUpdateFrames;
import dsmipha.slowpath.registration.BindingRecord;
import dsmipha.slowpath.registration.RegistrationConfig;

/**
 * The signaling, registration and restart scenarios: real Binding Updates from the emulator
 * ({@link BindingUpdateFrames}, native from IPv6 care-of addresses, A and H set: a home registration, RFC 6275
 * §9.5.1, §10.3.1) injected on the access port, and the Binding Acks read back ({@link BindingAckReader}).
 * <pre>
 *   registration: node i = home 2001:db8:a::1:0 + i, care-of 2001:db8:c::100 + i; each node sends one Binding
 *                 Update (again after 1 s without an Ack, next sequence number) until all N are accepted
 *   signaling:    the N nodes registered first; then for the warm-up and the duration, round robin, each sends
 *                 its next Binding Update (a refresh, RFC 6275 §11.7.1) with at most {@link #WINDOW} outstanding
 *   restart:      registration with a state directory; close (what SIGTERM does); start again; compare the
 *                 binding caches; restore time = the second start until it runs with every binding restored
 * </pre>
 * Latency is per Binding Update, send to Ack (the send time kept per node; at most one outstanding per node).
 */
public final class SignalingRun
{
    /** Binding Updates outstanding at most. */
    public static final int WINDOW = 256;
    /** Home addresses start here in the home prefix 2001:db8:a::/64 (below: the demo's nodes). */
    static final long HOME_LOW_BASE = 0x1_0000_0000L;
    /** Care-of addresses start here in 2001:db8:c::/64. */
    static final long CARE_OF_LOW_BASE = 0x1_0000_0000L;

    private static final int FLAGS = BindingUpdate.FLAG_ACKNOWLEDGE | BindingUpdate.FLAG_HOME_REGISTRATION;
    private static final int LIFETIME_UNITS = 900;
    private static final long RESEND_NS = 1_000_000_000L;
    private static final long PROGRESS_NS = 2_000_000_000L;
    private static final int STATUS_ACCEPTED_LIMIT = 128;

    private final BenchSettings settings;
    private final PrintWriter progress;
    private final BindingUpdateFrames updates = new BindingUpdateFrames(DemoNetwork.ACCESS_MAC,
        DemoNetwork.GATEWAY_MAC, DemoNetwork.HOME6_HIGH, 1, DemoNetwork.HOME4 | 1);
    private final BindingAckReader acks = new BindingAckReader();
    private final Histogram histogram = new Histogram(60_000_000_000L, 3);
    private final int[] sequence;
    private final long[] sentNs;
    private final boolean[] accepted;

    private BenchAgent bench;
    private FramePool pool;
    private MemoryPort access;
    private MemoryPort home;
    private PacketBurst outgoing;
    private PacketBurst incoming;
    private long outstanding;
    private long acceptedCount;
    private long acksReceived;
    private long sent;
    private long refused;

    /**
     * @param settings the run.
     * @param progress progress lines (stderr), or null.
     */
    public SignalingRun(final BenchSettings settings, final PrintWriter progress)
    {
        this.settings = settings;
        this.progress = progress;
        this.sequence = new int[settings.bindings()];
        this.sentNs = new long[settings.bindings()];
        this.accepted = new boolean[settings.bindings()];
    }

    /**
     * Run the scenario.
     *
     * @param countersDir folder for the instance folder.
     * @return the result.
     * @throws IOException if the restart scenario's state directory cannot be made.
     */
    public BenchResult run(final Path countersDir) throws IOException
    {
        return switch (settings.scenario())
        {
            case BenchScenarios.SIGNALING -> signaling(countersDir);
            case BenchScenarios.REGISTRATION -> registration(countersDir);
            case BenchScenarios.RESTART -> restart(countersDir);
            default -> throw new IllegalArgumentException("not a signaling scenario: " + settings.scenario());
        };
    }

    private BenchResult registration(final Path countersDir)
    {
        try (BenchAgent started = start(countersDir, null))
        {
            final long allocBefore = bench.allocatedBytes();
            final long cpuBefore = bench.cpuNanos();
            final long startNs = System.nanoTime();
            ramp();
            final long elapsedNs = System.nanoTime() - startNs;
            return signalingResult(acceptedCount, elapsedNs, allocBefore, cpuBefore);
        }
    }

    private BenchResult signaling(final Path countersDir)
    {
        try (BenchAgent started = start(countersDir, null))
        {
            ramp();
            // Refreshes before the window too, so the JIT has compiled the refresh path (warm-up, not reported).
            storm(System.nanoTime() + settings.warmupNs());
            histogram.reset();
            final long acceptedBefore = acceptedCount;
            final long allocBefore = bench.allocatedBytes();
            final long cpuBefore = bench.cpuNanos();
            final long startNs = System.nanoTime();
            storm(startNs + settings.durationNs());
            final long elapsedNs = System.nanoTime() - startNs;
            return signalingResult(acceptedCount - acceptedBefore, elapsedNs, allocBefore, cpuBefore);
        }
    }

    private BenchResult restart(final Path countersDir) throws IOException
    {
        final Path stateDir = Files.createTempDirectory(countersDir, "state");
        final Map<Long, Long> before;
        try (BenchAgent started = start(countersDir, stateDir))
        {
            ramp();
            // What SIGTERM does (docs/operations.md): close() drains, snapshots the bindings and stops.
            started.close();
            before = cache(started.agent());
        }
        final long startNs = System.nanoTime();
        final Map<Long, Long> after;
        final long restoreNs;
        try (BenchAgent restarted = BenchAgent.start(settings, countersDir, instance(),
            RegistrationConfig.demo(), stateDir, capacity()))
        {
            restoreNs = System.nanoTime() - startNs;
            restarted.close();
            after = cache(restarted.agent());
        }
        long lost = 0;
        for (final Map.Entry<Long, Long> entry : before.entrySet())
        {
            if (!entry.getValue().equals(after.get(entry.getKey())))
            {
                lost++;
            }
        }
        lost += Math.max(0, settings.bindings() - before.size());
        note("restart: %d bindings before, %d after, %d lost, restored in %.3f s", before.size(), after.size(), lost,
            restoreNs / 1e9);
        return new BenchResult(settings, null, null, null, null, null, null, null, null, lost, restoreNs / 1e9,
            null, null);
    }

    private BenchAgent start(final Path countersDir, final Path stateDir)
    {
        bench = BenchAgent.start(settings, countersDir, instance(), RegistrationConfig.demo(), stateDir, capacity());
        final HomeAgent agent = bench.agent();
        pool = agent.pool();
        access = agent.port(HomeAgent.ACCESS_PORT);
        home = agent.port(HomeAgent.HOME_PORT);
        outgoing = new PacketBurst(pool, TrafficRun.BURST);
        incoming = new PacketBurst(pool, 4 * TrafficRun.BURST);
        return bench;
    }

    private String instance()
    {
        return "bench-" + settings.scenario();
    }

    private long capacity()
    {
        return settings.bindings() + (long)settings.bindings() / 4 + 1024;
    }

    /**
     * The binding cache read after the agents stopped: home address (low octets) to care-of address (low octets).
     */
    private static Map<Long, Long> cache(final HomeAgent agent)
    {
        final Map<Long, Long> cache = new HashMap<>();
        agent.registration().forEachBinding((final BindingRecord record) ->
            cache.put(record.homeLow, record.careOfLow));
        return cache;
    }

    private BenchResult signalingResult(
        final long acceptedUpdates, final long elapsedNs, final long allocBefore, final long cpuBefore)
    {
        final boolean timed = histogram.getTotalCount() > 0;
        final double perSecond = acceptedUpdates / (elapsedNs / 1e9);
        note("%s: %d Binding Updates accepted in %.2f s (%.0f/s); over the run %d sent, %d refused by the port, " +
            "%d Acks", settings.scenario(), acceptedUpdates, elapsedNs / 1e9, perSecond, sent, refused, acksReceived);
        return new BenchResult(settings, null, null, timed ? histogram.getValueAtPercentile(50) : null,
            timed ? histogram.getValueAtPercentile(99) : null, timed ? histogram.getValueAtPercentile(99.9) : null,
            acceptedUpdates == 0 ? null : (bench.allocatedBytes() - allocBefore) / (double)acceptedUpdates,
            (bench.cpuNanos() - cpuBefore) / (double)elapsedNs, perSecond, null, null, histogram.copy(), null);
    }

    /**
     * Every node registers once (resending after {@link #RESEND_NS} without an Ack) until all are accepted or the
     * limit passes.
     */
    private void ramp()
    {
        final int nodes = settings.bindings();
        final long limitNs = System.nanoTime() + Math.max(30_000_000_000L, nodes * 100_000L);
        long nextProgressNs = System.nanoTime() + PROGRESS_NS;
        int nextNode = 0;
        int resendFrom = 0;
        long nowNs;
        while (acceptedCount < nodes && (nowNs = System.nanoTime()) < limitNs)
        {
            outgoing.clear();
            while (nextNode < nodes && outstanding + outgoing.count() < WINDOW && outgoing.remaining() > 0)
            {
                if (!add(nextNode, nowNs))
                {
                    break;
                }
                nextNode++;
            }
            if (nextNode == nodes && outgoing.count() == 0)
            {
                resendFrom = resendStale(resendFrom, nowNs);
            }
            inject();
            collect(System.nanoTime());
            if (nowNs >= nextProgressNs)
            {
                note("%s: %d of %d bindings registered", settings.scenario(), acceptedCount, nodes);
                nextProgressNs = nowNs + PROGRESS_NS;
            }
        }
    }

    private int resendStale(final int from, final long nowNs)
    {
        final int nodes = settings.bindings();
        int node = from;
        for (int scanned = 0; scanned < nodes && outgoing.remaining() > 0; scanned++)
        {
            final boolean waiting = sentNs[node] != 0;
            if (!accepted[node] && (!waiting || nowNs - sentNs[node] > RESEND_NS))
            {
                // Lost (no Ack within a second) or refused: sent again with the next sequence number.
                if (waiting)
                {
                    outstanding--;
                }
                if (!add(node, nowNs))
                {
                    outstanding += waiting ? 1 : 0;
                    break;
                }
            }
            node = node + 1 == nodes ? 0 : node + 1;
        }
        return node;
    }

    /**
     * Round robin over the registered nodes, each sending its next Binding Update, until the time passes.
     */
    private void storm(final long untilNs)
    {
        final int nodes = settings.bindings();
        long nextProgressNs = System.nanoTime() + PROGRESS_NS;
        int node = 0;
        long nowNs;
        while ((nowNs = System.nanoTime()) < untilNs)
        {
            outgoing.clear();
            while (outstanding + outgoing.count() < Math.min(WINDOW, nodes) && outgoing.remaining() > 0)
            {
                if (sentNs[node] != 0 && nowNs - sentNs[node] < RESEND_NS)
                {
                    break;
                }
                if (sentNs[node] != 0)
                {
                    // Lost (no Ack within a second): it no longer counts as outstanding.
                    outstanding--;
                }
                if (!add(node, nowNs))
                {
                    break;
                }
                node = node + 1 == nodes ? 0 : node + 1;
            }
            inject();
            collect(System.nanoTime());
            if (nowNs >= nextProgressNs)
            {
                note("signaling: %d Binding Updates accepted", acceptedCount);
                nextProgressNs = nowNs + PROGRESS_NS;
            }
        }
    }

    private boolean add(final int node, final long nowNs)
    {
        final int frame = pool.allocate();
        if (frame < 0)
        {
            return false;
        }
        // RFC 6275 §9.5.1: each Binding Update carries a sequence number above the last accepted one (modulo 2^16).
        sequence[node] = (sequence[node] + 1) & 0xFFFF;
        final long data = pool.frameOffset(frame) + FrameLayout.DATA_OFFSET;
        final int length = updates.writeNative(pool.memory(), data, DemoNetwork.HOME6_HIGH, HOME_LOW_BASE + node,
            DemoNetwork.CARE_OF6_HIGH, CARE_OF_LOW_BASE + node, sequence[node], FLAGS, LIFETIME_UNITS,
            BindingUpdateFrames.NO_IPV4_HOME);
        outgoing.add(frame, FrameLayout.DATA_OFFSET, length);
        sentNs[node] = nowNs;
        accepted[node] = false;
        outstanding++;
        return true;
    }

    private void inject()
    {
        final int made = outgoing.count();
        if (made == 0)
        {
            return;
        }
        final int accepted = access.wire().inject(0, outgoing, 0, made);
        sent += accepted;
        refused += made - accepted;
        for (int i = accepted; i < made; i++)
        {
            pool.free(outgoing.frame(i));
        }
        // Refused by a full ring: resent after RESEND_NS like a lost one.
        outgoing.clear();
    }

    private void collect(final long nowNs)
    {
        final MemorySegment memory = pool.memory();
        for (int q = 0; q < access.queueCount(); q++)
        {
            int n;
            do
            {
                incoming.clear();
                n = access.wire().collect(q, incoming, incoming.capacity());
                for (int i = 0; i < n; i++)
                {
                    onFrame(memory, incoming.address(i), incoming.length(i), nowNs);
                }
                incoming.freeAll();
            }
            while (n == incoming.capacity());
            // The home link's proxy Neighbor Advertisements (RFC 6275 §10.4.1): not part of the measure.
            do
            {
                incoming.clear();
                n = home.wire().collect(q, incoming, incoming.capacity());
                incoming.freeAll();
            }
            while (n == incoming.capacity());
        }
    }

    private void onFrame(final MemorySegment memory, final long address, final int length, final long nowNs)
    {
        if (!acks.read(memory, address, length) || acks.homeHigh() != DemoNetwork.HOME6_HIGH)
        {
            return;
        }
        final long node = acks.homeLow() - HOME_LOW_BASE;
        if (node < 0 || node >= settings.bindings())
        {
            return;
        }
        final int index = (int)node;
        if (acks.sequence() != sequence[index] || sentNs[index] == 0)
        {
            return;
        }
        acksReceived++;
        outstanding--;
        histogram.recordValue(Math.max(0, nowNs - sentNs[index]));
        sentNs[index] = 0;
        // RFC 6275 §6.1.8: status values below 128 accept the Binding Update.
        if (acks.status() < STATUS_ACCEPTED_LIMIT)
        {
            accepted[index] = true;
            acceptedCount++;
        }
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
