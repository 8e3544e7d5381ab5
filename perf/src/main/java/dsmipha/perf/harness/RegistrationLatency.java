package dsmipha.perf.harness;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.HdrHistogram.Histogram;

import dsmipha.common.codec.EthernetHeader;
import dsmipha.common.codec.mh.BindingUpdate;
import dsmipha.common.counters.CounterSlots;
import dsmipha.common.counters.CountersFile;
import dsmipha.fastpath.binding.BindingTable;
import dsmipha.fastpath.binding.BindingTableDescriptor;
import dsmipha.fastpath.binding.BindingView;
import dsmipha.fastpath.binding.PrefixTable;
import dsmipha.fastpath.encap.OuterHeaderTemplate;
import dsmipha.fastpath.io.FramePool;
import dsmipha.fastpath.io.PacketBurst;
import dsmipha.fastpath.io.TransmitRing;
import dsmipha.fastpath.punt.PuntMessageDescriptor;
import dsmipha.fastpath.punt.PuntRing;
import dsmipha.fastpath.worker.FastpathCounter;
import dsmipha.perf.emulator.BindingUpdateFrames;
import dsmipha.slowpath.FrameSignalingSender;
import dsmipha.slowpath.MobilitySignaling;
import dsmipha.slowpath.SignalingAgent;
import dsmipha.slowpath.SlowpathCounter;
import dsmipha.slowpath.SlowpathTransmitter;
import dsmipha.slowpath.registration.HomeLinkCounter;
import dsmipha.slowpath.registration.Ipv4AddressPool;
import dsmipha.slowpath.registration.Ipv4PrefixPool;
import dsmipha.slowpath.registration.RegistrationConfig;
import dsmipha.slowpath.registration.RegistrationCounter;
import dsmipha.slowpath.registration.RegistrationProcessor;
import dsmipha.slowpath.registration.SignalingInputCounter;
import dsmipha.slowpath.registration.VirtualHomeLink;

/**
 * Time from a Binding Update's arrival at the slowpath to its fastpath binding entry being visible (issue 5): the
 * whole signaling agent (reader, registration, Binding Ack frame through the slowpath transmitter) runs on its own
 * thread under an Agrona {@link AgentRunner}; the main thread plays the fastpath worker and the transmit side.
 * <pre>
 *   main thread                                     signaling thread
 *   t0 = nanoTime ─► punt ring record (BU: HoA i,  ─► SignalingAgent.doWork ─► read, register ─► BindingTable.put
 *                    new care-of address)                                       └► Binding Ack ─► transmit ring
 *   poll BindingTable.lookupIpv6(HoA i) until its care-of address is the new one: t1; record t1 - t0
 *   drain the transmit ring, free the frames (the worker's part)
 * </pre>
 * Each timed Binding Update moves one of N pre-registered bindings (2001:db8:a::/64, random interface ids) to a
 * new native care-of address (RFC 6275 §10.3.1, a home registration with A and H, unprotected). Closed loop: one
 * outstanding. Backlog K: K Binding Updates for other bindings are written just before the timed one, so it waits
 * behind them; the rate printed is all Binding Updates over the run's time.
 * <p>
 * Arguments: {@code --bindings N} (default 1,000,000), {@code --samples S} (default 100,000), {@code --warmup W}
 * (default 50,000), {@code --backlog K} (default 0), {@code --idle busy|yield|backoff} (default busy).
 */
public final class RegistrationLatency
{
    private static final long HOME_PREFIX = 0x2001_0DB8_000A_0000L;
    private static final long CARE_OF_PREFIX = 0x2001_0DB8_000C_0000L;
    private static final long HOME_AGENT_LOW = 1;
    private static final int HOME_AGENT_IPV4 = 0xC633_6401;
    private static final int LIFETIME_UNITS = 900;
    private static final int FLAGS = BindingUpdate.FLAG_ACKNOWLEDGE | BindingUpdate.FLAG_HOME_REGISTRATION;
    private static final int PUNT_RING_CAPACITY = 1 << 22;
    private static final int FRAME_COUNT = 4096;
    private static final int FRAME_LENGTH = 2048;
    private static final int TRANSMIT_RING_CAPACITY = 1024;
    private static final int RECORD_LENGTH = 256;
    private static final long MAX_LATENCY_NS = 10_000_000_000L;

    private final int bindingCount;
    private final PuntRing puntRing = new PuntRing(PUNT_RING_CAPACITY);
    private final ManyToOneRingBuffer ring = puntRing.ring();
    private final MemorySegment ringMemory = puntRing.memory();
    private final FramePool pool = new FramePool(FRAME_COUNT, FRAME_LENGTH);
    private final TransmitRing transmitRing = new TransmitRing(pool, TRANSMIT_RING_CAPACITY);
    private final PacketBurst burst = new PacketBurst(pool, 64);
    private final BindingTable table;
    private final BindingView view = new BindingView();
    private final BindingUpdateFrames frames = new BindingUpdateFrames(0x02_00_00_00_00_01L,
        0x02_00_00_00_00_02L, HOME_PREFIX, HOME_AGENT_LOW, HOME_AGENT_IPV4);
    private final MemorySegment scratch = Arena.ofAuto().allocate(RECORD_LENGTH, 8);
    private final SplittableRandom random = new SplittableRandom(42);
    private final Path countersDirectory;
    private final CountersFile countersFile;
    private final CounterSlots slowpathCounters;
    private final MobilitySignaling mobility;
    private final SignalingAgent agent;
    private final long[] homeLow;
    private final int[] sequence;
    private long nextCareOfLow = 1;
    private long acksDrained;

    private RegistrationLatency(final int bindingCount) throws IOException
    {
        this.bindingCount = bindingCount;
        this.countersDirectory = Files.createTempDirectory("registration-latency");
        this.countersFile = CountersFile.create(countersDirectory.resolve("counters.dat"), 512, "latency", 1, 0);
        this.table = new BindingTable((long)(bindingCount * 1.3), BindingTableDescriptor.DEFAULT_LOAD_FACTOR,
            BindingTableDescriptor.DEFAULT_MAX_PROBE, 0x5EEDL, true);
        this.slowpathCounters = new CounterSlots(countersFile, SlowpathCounter.values(), 0, "slowpath");
        final SlowpathTransmitter transmitter =
            new SlowpathTransmitter(pool, new TransmitRing[] { transmitRing, transmitRing }, slowpathCounters);
        final FrameSignalingSender sender = new FrameSignalingSender(transmitter, slowpathCounters);
        final VirtualHomeLink homeLink = new VirtualHomeLink();
        final RegistrationConfig config = config();
        final CounterSlots registrationCounters =
            new CounterSlots(countersFile, RegistrationCounter.values(), 0, "slowpath");
        final RegistrationProcessor processor = new RegistrationProcessor(config, table,
            new PrefixTable(16, 0x5EEDL), new OuterHeaderTemplate(HOME_PREFIX, HOME_AGENT_LOW, HOME_AGENT_IPV4,
            OuterHeaderTemplate.DEFAULT_HOP_LIMIT), homeLink, sender, registrationCounters,
            new Ipv4AddressPool(config.ipv4AddressPools()), new Ipv4PrefixPool(config.ipv4PrefixPools()));
        this.mobility = new MobilitySignaling(processor, sender, homeLink,
            new CounterSlots(countersFile, SignalingInputCounter.values(), 0, "slowpath"), registrationCounters,
            new CounterSlots(countersFile, HomeLinkCounter.values(), 0, "slowpath"));
        this.agent = new SignalingAgent(puntRing, slowpathCounters, null, null, new SystemNanoClock(), null,
            mobility);
        this.homeLow = new long[bindingCount];
        this.sequence = new int[bindingCount];
    }

    /**
     * @param args see the class comment.
     * @throws Exception when the counters file cannot be made or the thread is interrupted.
     */
    public static void main(final String[] args) throws Exception
    {
        int bindings = 1_000_000;
        int samples = 100_000;
        int warmup = 50_000;
        int backlog = 0;
        String idle = "busy";
        for (int i = 0; i < args.length; i += 2)
        {
            final String value = args[i + 1];
            switch (args[i])
            {
                case "--bindings" -> bindings = Integer.parseInt(value);
                case "--samples" -> samples = Integer.parseInt(value);
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--backlog" -> backlog = Integer.parseInt(value);
                case "--idle" -> idle = value;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        final RegistrationLatency harness = new RegistrationLatency(bindings);
        harness.run(samples, warmup, backlog, idleStrategy(idle), idle);
    }

    private void run(
        final int samples, final int warmup, final int backlog, final IdleStrategy idle, final String idleName)
        throws InterruptedException
    {
        final long setupStartNs = System.nanoTime();
        preRegister();
        System.out.printf(Locale.ROOT, "registered %,d bindings in %.1f s%n", mobility.processor().bindingCount(),
            (System.nanoTime() - setupStartNs) / 1e9);
        final AgentRunner runner = new AgentRunner(idle, Throwable::printStackTrace, null, agent);
        final Thread thread = AgentRunner.startOnThread(runner);
        try
        {
            measure(warmup, backlog);
            final Histogram histogram = new Histogram(MAX_LATENCY_NS, 3);
            final long startNs = System.nanoTime();
            final long updates = measure(samples, backlog, histogram);
            final long elapsedNs = System.nanoTime() - startNs;
            report(histogram, samples, backlog, idleName, updates, elapsedNs);
        }
        finally
        {
            runner.close();
            thread.join();
        }
        drainAcks();
        slowpathCounters.publish();
        System.out.printf(Locale.ROOT, "bindings %,d, acks drained %,d, ack drops (ring full %d, no frame %d)%n",
            mobility.processor().bindingCount(), acksDrained,
            slowpathCounters.get(SlowpathCounter.TX_DROP_RING_FULL.ordinal()),
            slowpathCounters.get(SlowpathCounter.TX_DROP_NO_FRAME.ordinal()));
        table.close();
        countersFile.close();
        try
        {
            Files.deleteIfExists(countersDirectory.resolve("counters.dat"));
            Files.deleteIfExists(countersDirectory);
        }
        catch (final IOException ignore)
        {
            // A temporary directory left behind.
        }
    }

    /**
     * Register every binding on this thread before the signaling thread starts (thread start orders it).
     */
    private void preRegister()
    {
        for (int i = 0; i < bindingCount; i++)
        {
            homeLow[i] = random.nextLong() | 0x100_0000L;
            final int length = writeRecord(scratch, 0, homeLow[i], nextCareOfLow++, 0);
            mobility.onMobilityPunt(scratch, 0, length, System.nanoTime());
            drainAcks();
        }
        if (mobility.processor().bindingCount() != bindingCount)
        {
            throw new IllegalStateException("registered " + mobility.processor().bindingCount() + " of " +
                bindingCount);
        }
    }

    private long measure(final int samples, final int backlog)
    {
        return measure(samples, backlog, null);
    }

    /**
     * @return Binding Updates written (timed and backlog).
     */
    private long measure(final int samples, final int backlog, final Histogram histogram)
    {
        long updates = 0;
        for (int s = 0; s < samples; s++)
        {
            for (int k = 0; k < backlog; k++)
            {
                moveToNewCareOf(random.nextInt(bindingCount));
                updates++;
            }
            final int timed = random.nextInt(bindingCount);
            final long startNs = System.nanoTime();
            final long careOfLow = moveToNewCareOf(timed);
            updates++;
            final long home = homeLow[timed];
            while (table.lookupIpv6(HOME_PREFIX, home, view) < 0 || view.careOfLow() != careOfLow ||
                view.careOfHigh() != CARE_OF_PREFIX)
            {
                drainAcks();
                if (System.nanoTime() - startNs > MAX_LATENCY_NS)
                {
                    throw new IllegalStateException("binding " + timed + " never moved to its new care-of address");
                }
            }
            final long latencyNs = System.nanoTime() - startNs;
            if (histogram != null)
            {
                histogram.recordValue(latencyNs);
            }
            drainAcks();
        }
        return updates;
    }

    /**
     * Write a Binding Update moving a binding to a fresh care-of address into the punt ring, as a worker does.
     *
     * @return the new care-of address's low 64 bits.
     */
    private long moveToNewCareOf(final int binding)
    {
        final long careOfLow = nextCareOfLow++;
        final int seq = (sequence[binding] + 1) & 0xFFFF;
        sequence[binding] = seq;
        final int length = writeRecord(scratch, 0, homeLow[binding], careOfLow, seq);
        int index;
        while ((index = ring.tryClaim(FastpathCounter.PUNT_MOBILITY_HEADER.id(), length)) <= 0)
        {
            drainAcks();
        }
        MemorySegment.copy(scratch, 0, ringMemory, index, length);
        ring.commit(index);
        return careOfLow;
    }

    private int writeRecord(
        final MemorySegment record, final long offset, final long home, final long careOfLow, final int seq)
    {
        final int frameLength = frames.writeNative(record, offset + PuntMessageDescriptor.HEADER_LENGTH,
            HOME_PREFIX, home, CARE_OF_PREFIX, careOfLow, seq, FLAGS, LIFETIME_UNITS,
            BindingUpdateFrames.NO_IPV4_HOME);
        record.set(ValueLayout.JAVA_SHORT, offset + PuntMessageDescriptor.PORT_OFFSET, (short)0);
        record.set(ValueLayout.JAVA_SHORT, offset + PuntMessageDescriptor.QUEUE_OFFSET, (short)0);
        record.set(ValueLayout.JAVA_SHORT, offset + PuntMessageDescriptor.WORKER_OFFSET, (short)0);
        record.set(ValueLayout.JAVA_SHORT, offset + PuntMessageDescriptor.L3_OFFSET_OFFSET,
            (short)EthernetHeader.LENGTH);
        record.set(ValueLayout.JAVA_SHORT, offset + PuntMessageDescriptor.INNER_L3_OFFSET_OFFSET,
            (short)EthernetHeader.LENGTH);
        return PuntMessageDescriptor.HEADER_LENGTH + frameLength;
    }

    private void drainAcks()
    {
        final int count = transmitRing.poll(burst, burst.capacity());
        if (count > 0)
        {
            acksDrained += count;
            burst.freeAll();
        }
    }

    private static void report(
        final Histogram histogram,
        final int samples,
        final int backlog,
        final String idle,
        final long updates,
        final long elapsedNs)
    {
        System.out.printf(Locale.ROOT, "mode %s, idle %s, samples %,d%n",
            backlog == 0 ? "closed loop" : "backlog " + backlog, idle, samples);
        System.out.printf(Locale.ROOT,
            "arrival to fastpath visibility (us): p50 %.2f, p90 %.2f, p99 %.2f, p99.9 %.2f, max %.2f, mean %.2f%n",
            micros(histogram.getValueAtPercentile(50)), micros(histogram.getValueAtPercentile(90)),
            micros(histogram.getValueAtPercentile(99)), micros(histogram.getValueAtPercentile(99.9)),
            micros(histogram.getMaxValue()), histogram.getMean() / 1e3);
        System.out.printf(Locale.ROOT, "Binding Updates %,d in %.3f s: %,.0f per second%n",
            updates, elapsedNs / 1e9, updates * 1e9 / elapsedNs);
    }

    private static double micros(final long nanos)
    {
        return nanos / 1e3;
    }

    private static IdleStrategy idleStrategy(final String name)
    {
        return switch (name)
        {
            case "busy" -> new BusySpinIdleStrategy();
            case "yield" -> new YieldingIdleStrategy();
            case "backoff" -> new BackoffIdleStrategy();
            default -> throw new IllegalArgumentException("idle: busy, yield or backoff, not " + name);
        };
    }

    private static RegistrationConfig config()
    {
        return new RegistrationConfig(true, RegistrationConfig.DEFAULT_MAX_LIFETIME_SECONDS, 0,
            RegistrationConfig.DEFAULT_NAT_KEEPALIVE_SECONDS, false, RegistrationConfig.HomeLinkMode.VIRTUAL, false,
            1500, List.of(new RegistrationConfig.Ipv6Prefix(HOME_PREFIX, 0, 64, Long.MAX_VALUE)),
            List.of(new RegistrationConfig.Ipv4Prefix(0xC633_6400, 24)), true,
            List.of(new RegistrationConfig.Ipv4Prefix(0xC633_6480, 26)),
            List.of(new RegistrationConfig.Ipv4Prefix(0xC633_6460, 27)), List.of());
    }
}
