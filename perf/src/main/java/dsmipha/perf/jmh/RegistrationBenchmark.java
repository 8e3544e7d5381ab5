package dsmipha.perf.jmh;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.SystemEpochClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dsmipha.common.codec.EthernetHeader;
import dsmipha.common.codec.Ipv4Header;
import dsmipha.common.codec.UdpHeader;
import dsmipha.common.codec.mh.BindingAck;
import dsmipha.common.codec.mh.BindingUpdate;
import dsmipha.common.counters.CounterSlots;
import dsmipha.common.counters.CountersFile;
import dsmipha.fastpath.binding.BindingTable;
import dsmipha.fastpath.binding.BindingTableDescriptor;
import dsmipha.fastpath.binding.PrefixTable;
import dsmipha.fastpath.encap.OuterHeaderTemplate;
import dsmipha.fastpath.punt.PuntMessageDescriptor;
import dsmipha.perf.emulator.BindingUpdateFrames;
import dsmipha.slowpath.BindingPersistence;
import dsmipha.slowpath.registration.BindingAckReply;
import dsmipha.slowpath.registration.BindingAckWriter;
import dsmipha.slowpath.registration.BindingStore;
import dsmipha.slowpath.registration.BindingUpdateReader;
import dsmipha.slowpath.registration.BindingUpdateRequest;
import dsmipha.slowpath.registration.Ipv4AddressPool;
import dsmipha.slowpath.registration.Ipv4PrefixPool;
import dsmipha.slowpath.registration.RegistrationConfig;
import dsmipha.slowpath.registration.RegistrationCounter;
import dsmipha.slowpath.registration.RegistrationProcessor;
import dsmipha.slowpath.registration.ReplyPath;
import dsmipha.slowpath.registration.SignalingSender;
import dsmipha.slowpath.registration.StoreCounter;
import dsmipha.slowpath.registration.VirtualHomeLink;

/**
 * Home registration throughput of one slowpath core: the cost of one unprotected Binding Update from the punt record
 * to the Binding Acknowledgement frame, with 1 K or 1 M existing bindings (issue 5 asks for at least 100,000 per
 * second with a million). One operation is one Binding Update:
 * <pre>
 *   BindingUpdateFrames ─► punt record (16-octet punt header | Ethernet frame) ─► BindingUpdateReader.read
 *     ─► RegistrationProcessor.onBindingUpdate (binding cache, timers, fastpath binding table publish)
 *     ─► SignalingSender ─► BindingAckWriter.writeBindingAck into a scratch frame (not transmitted)
 * </pre>
 * <ul>
 *   <li>{@link #refresh}: a random existing binding re-registers the same care-of address with the next sequence
 *   number (RFC 6275 §10.3.1), the steady state of a loaded home agent;</li>
 *   <li>{@link #registerThenDeregister}: a home address never seen before registers (a new binding cache entry,
 *   table insert) and is then deregistered with lifetime 0 (RFC 6275 §10.3.2), two Binding Updates per invocation
 *   so that the table size stays stable; the score is their mean;</li>
 *   <li>{@link #writeFrameOnly}: building the refresh's frame alone (the emulated mobile node's share, included in
 *   the two above), to subtract.</li>
 * </ul>
 * Transports: {@code native} (IPv6 care-of address, Home Address option, RFC 6275 §11.7.1) and {@code udp-nat}
 * (IPv4/UDP 4191 whose outer source differs from the IPv4 CoA option, so the home agent detects a NAT and answers
 * with the NAT detection option, RFC 5555 §4.1). The home link is virtual (no proxy ND), DAD is off and timers are
 * not run in the operation. Scores are ns per Binding Update; Binding Updates per second = 1e9 / score.
 * <p>
 * {@code persist=true} journals every binding change as the home agent does with a state directory
 * ({@link BindingPersistence} over a {@link BindingStore} in a temporary directory): the signaling thread's added cost
 * is encoding the change into the binding store agent's ring; the agent's thread writes, forces and compacts beside
 * it (on a 2-vCPU machine it competes for the cores). Teardown prints the store's counters, ring-full drops included.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    "--enable-native-access=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
    "--sun-misc-unsafe-memory-access=allow", "-Xms3g", "-Xmx3g" })
@State(Scope.Thread)
public class RegistrationBenchmark
{
    /** 2001:db8:a::/64, the home prefix. */
    static final long HOME_PREFIX = 0x2001_0DB8_000A_0000L;
    /** 2001:db8:c::/64, the native care-of addresses' prefix. */
    static final long CARE_OF_PREFIX = 0x2001_0DB8_000C_0000L;
    /** 2001:db8:a::1, the home agent. */
    static final long HOME_AGENT_LOW = 1;
    /** 198.51.100.1. */
    static final int HOME_AGENT_IPV4 = 0xC633_6401;
    /** 10.0.0.0/8: the mobile nodes' IPv4 care-of addresses behind their NATs. */
    static final int PRIVATE_NETWORK = 0x0A00_0000;
    /** 203.0.113.0/24: the NATs' public addresses. */
    static final int NAT_NETWORK = 0xCB00_7100;
    /** Lifetime asked for: 3600 s in 4-second units (RFC 6275 §6.1.7). */
    static final int LIFETIME_UNITS = 900;
    /** A and H: a home registration asking for an acknowledgement (RFC 6275 §6.1.7). */
    static final int FLAGS = BindingUpdate.FLAG_ACKNOWLEDGE | BindingUpdate.FLAG_HOME_REGISTRATION;
    private static final int STREAM = 1 << 20;
    private static final int RECORD_LENGTH = 256;
    private static final long START_NS = 1_000_000_000_000L;
    private static final long STEP_NS = 1_000L;

    /** Existing bindings. */
    @Param({ "1000", "1000000" })
    public int bindings;

    /** How the Binding Updates arrive: native or udp-nat. */
    @Param({ "native", "udp-nat" })
    public String transport;

    /** Journal every binding change through the binding store agent (state directory in a temporary folder). */
    @Param({ "false", "true" })
    public boolean persist;

    private final BindingUpdateRequest request = new BindingUpdateRequest();
    private final BindingUpdateReader reader = new BindingUpdateReader();
    private final int[] stream = new int[STREAM];
    private MemorySegment record;
    private BindingUpdateFrames frames;
    private AckBuilder sender;
    private RegistrationProcessor processor;
    private BindingTable table;
    private CountersFile countersFile;
    private Path countersDirectory;
    private long[] homeLow;
    private int[] sequence;
    private boolean udp;
    private int next;
    private long nowNs;
    private long freshLow;
    private Path stateDirectory;
    private BindingPersistence persistence;
    private CounterSlots storeCounters;
    private CounterSlots signalingCounters;
    private long ringFullAfterSetup;

    /**
     * Register the existing bindings through the reader and processor, and draw the refresh order.
     *
     * @throws IOException when the counters file's directory cannot be made.
     */
    @Setup(Level.Trial)
    public void setup() throws IOException
    {
        udp = switch (transport)
        {
            case "native" -> false;
            case "udp-nat" -> true;
            default -> throw new IllegalArgumentException("transport: native or udp-nat, not " + transport);
        };
        countersDirectory = Files.createTempDirectory("registration-benchmark");
        countersFile = CountersFile.create(countersDirectory.resolve("counters.dat"), 256, "bench", 1, 0);
        final RegistrationConfig config = config();
        table = new BindingTable((long)(bindings * 1.3), BindingTableDescriptor.DEFAULT_LOAD_FACTOR,
            BindingTableDescriptor.DEFAULT_MAX_PROBE, 0x5EEDL, true);
        sender = new AckBuilder();
        processor = new RegistrationProcessor(config, table, new PrefixTable(16, 0x5EEDL),
            new OuterHeaderTemplate(HOME_PREFIX, HOME_AGENT_LOW, HOME_AGENT_IPV4,
            OuterHeaderTemplate.DEFAULT_HOP_LIMIT), new VirtualHomeLink(), sender,
            new CounterSlots(countersFile, RegistrationCounter.values(), 0, "registration"),
            new Ipv4AddressPool(config.ipv4AddressPools()), new Ipv4PrefixPool(config.ipv4PrefixPools()));
        frames = new BindingUpdateFrames(0x02_00_00_00_00_01L, 0x02_00_00_00_00_02L, HOME_PREFIX, HOME_AGENT_LOW,
            HOME_AGENT_IPV4);
        record = Arena.ofAuto().allocate(RECORD_LENGTH, 8);
        homeLow = new long[bindings];
        sequence = new int[bindings];
        final SplittableRandom random = new SplittableRandom(42);
        nowNs = START_NS;
        if (persist)
        {
            startPersistence();
        }
        for (int i = 0; i < bindings; i++)
        {
            homeLow[i] = random.nextLong() | 0x100_0000L;
            bindingUpdate(homeLow[i], i, 0, LIFETIME_UNITS);
            if (persist && (i & 1023) == 0)
            {
                awaitStoreBelow(BindingPersistence.DEFAULT_RING_CAPACITY / 4);
            }
        }
        if (persist)
        {
            awaitStoreBelow(1);
            ringFullAfterSetup = signalingCounters.get(StoreCounter.RING_FULL_PUT.ordinal());
        }
        if (processor.bindingCount() != bindings || sender.rejected != 0 || sender.acks != bindings)
        {
            throw new IllegalStateException("setup registered " + processor.bindingCount() + " of " + bindings +
                ", acks " + sender.acks + ", rejected " + sender.rejected + " (last status " + sender.lastStatus +
                ")");
        }
        for (int i = 0; i < STREAM; i++)
        {
            stream[i] = random.nextInt(bindings);
        }
        freshLow = 0;
        DownlinkBenchmark.Workload.reportHugePages(table);
    }

    /**
     * Check that every measured Binding Update was accepted, then free the table and the counters file.
     *
     * @throws IOException when the counters file cannot be deleted.
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        System.out.println("bindings " + processor.bindingCount() + ", acks " + sender.acks + ", rejected " +
            sender.rejected + ", ack octets " + sender.ackOctets);
        if (persist)
        {
            stopPersistence();
        }
        table.close();
        countersFile.close();
        Files.deleteIfExists(countersDirectory.resolve("counters.dat"));
        Files.deleteIfExists(countersDirectory);
        if (sender.rejected != 0)
        {
            throw new IllegalStateException(sender.rejected + " Binding Updates were not accepted, last status " +
                sender.lastStatus);
        }
    }

    private void startPersistence() throws IOException
    {
        stateDirectory = Files.createTempDirectory(countersDirectory, "state");
        storeCounters = new CounterSlots(countersFile, StoreCounter.values(), 0, "binding-store");
        signalingCounters = new CounterSlots(countersFile, StoreCounter.values(), 0, "slowpath");
        persistence = new BindingPersistence(BindingStore.open(stateDirectory, storeCounters), storeCounters,
            signalingCounters, new SystemEpochClock());
        persistence.recoverInto(processor, nowNs);
    }

    /**
     * Let the store agent take what setup queued (setup registers faster than a store can write).
     */
    private void awaitStoreBelow(final int octets)
    {
        while (persistence.queuedOctets() >= octets)
        {
            Thread.onSpinWait();
        }
    }

    private void stopPersistence() throws IOException
    {
        final long closeStart = System.nanoTime();
        persistence.close();
        final long closeNs = System.nanoTime() - closeStart;
        final StringBuilder line = new StringBuilder("store: close ").append(closeNs / 1_000_000).append(" ms");
        for (final StoreCounter counter : StoreCounter.values())
        {
            final long total = storeCounters.get(counter.ordinal()) + signalingCounters.get(counter.ordinal());
            if (total != 0)
            {
                line.append(", ").append(counter.info().label()).append(' ').append(total);
            }
        }
        line.append(", ring-full PUTs while measured ")
            .append(signalingCounters.get(StoreCounter.RING_FULL_PUT.ordinal()) - ringFullAfterSetup);
        System.out.println(line);
        try (var files = Files.walk(stateDirectory))
        {
            for (final Path file : files.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(file);
            }
        }
    }

    /**
     * One existing binding refreshes: same care-of address, next sequence number.
     *
     * @return the Binding Ack octets built so far, so nothing can be removed.
     */
    @Benchmark
    public long refresh()
    {
        final int i = stream[next];
        next = (next + 1) & (STREAM - 1);
        final int seq = (sequence[i] + 1) & 0xFFFF;
        sequence[i] = seq;
        bindingUpdate(homeLow[i], i, seq, LIFETIME_UNITS);
        return sender.ackOctets;
    }

    /**
     * A new home address registers, then deregisters (lifetime 0).
     *
     * @return the Binding Ack octets built so far, so nothing can be removed.
     */
    @Benchmark
    @OperationsPerInvocation(2)
    public long registerThenDeregister()
    {
        // Interface ids 2..2^24 - 1 are never drawn for the existing bindings (those have bit 24 set); 1 is the HA.
        final long low = 2 + ++freshLow % 0xFF_0000L;
        final int slot = stream[next];
        next = (next + 1) & (STREAM - 1);
        bindingUpdate(low, slot, 0, LIFETIME_UNITS);
        bindingUpdate(low, slot, 1, 0);
        return sender.ackOctets;
    }

    /**
     * Only build a refresh's punt record (the emulated mobile node's share of {@link #refresh}).
     *
     * @return the record length.
     */
    @Benchmark
    public int writeFrameOnly()
    {
        final int i = stream[next];
        next = (next + 1) & (STREAM - 1);
        final int seq = (sequence[i] + 1) & 0xFFFF;
        sequence[i] = seq;
        return writeRecord(homeLow[i], i, seq, LIFETIME_UNITS);
    }

    private void bindingUpdate(final long home, final int careOfIndex, final int seq, final int lifetimeUnits)
    {
        final int length = writeRecord(home, careOfIndex, seq, lifetimeUnits);
        final int result = reader.read(record, 0, length, request);
        if (result != BindingUpdateReader.OK)
        {
            throw new IllegalStateException("reader refused a Binding Update: " + result);
        }
        nowNs += STEP_NS;
        processor.onBindingUpdate(request, nowNs);
    }

    private int writeRecord(final long home, final int careOfIndex, final int seq, final int lifetimeUnits)
    {
        final int frameLength;
        final int innerOffset;
        if (udp)
        {
            frameLength = frames.writeOverIpv4(record, PuntMessageDescriptor.HEADER_LENGTH, HOME_PREFIX, home,
                natAddress(careOfIndex), natPort(careOfIndex), PRIVATE_NETWORK | careOfIndex, true, seq, FLAGS,
                lifetimeUnits, BindingUpdateFrames.NO_IPV4_HOME);
            innerOffset = EthernetHeader.LENGTH + Ipv4Header.LENGTH + UdpHeader.LENGTH;
        }
        else
        {
            frameLength = frames.writeNative(record, PuntMessageDescriptor.HEADER_LENGTH, HOME_PREFIX, home,
                CARE_OF_PREFIX, careOfIndex + 1L, seq, FLAGS, lifetimeUnits, BindingUpdateFrames.NO_IPV4_HOME);
            innerOffset = EthernetHeader.LENGTH;
        }
        writePuntHeader(record, innerOffset);
        return PuntMessageDescriptor.HEADER_LENGTH + frameLength;
    }

    /**
     * Write a punt header as a worker does (port 0, queue 0, worker 0, native byte order).
     *
     * @param record      the record.
     * @param innerOffset offset of the Binding Update's IPv6 header within the frame.
     */
    static void writePuntHeader(final MemorySegment record, final int innerOffset)
    {
        record.set(ValueLayout.JAVA_SHORT, PuntMessageDescriptor.PORT_OFFSET, (short)0);
        record.set(ValueLayout.JAVA_SHORT, PuntMessageDescriptor.QUEUE_OFFSET, (short)0);
        record.set(ValueLayout.JAVA_SHORT, PuntMessageDescriptor.WORKER_OFFSET, (short)0);
        record.set(ValueLayout.JAVA_SHORT, PuntMessageDescriptor.L3_OFFSET_OFFSET, (short)EthernetHeader.LENGTH);
        record.set(ValueLayout.JAVA_SHORT, PuntMessageDescriptor.INNER_L3_OFFSET_OFFSET, (short)innerOffset);
    }

    private static int natAddress(final int index)
    {
        return NAT_NETWORK | (index >>> 16);
    }

    private static int natPort(final int index)
    {
        return 1024 + (index & 0xFFFF) % 60000;
    }

    /**
     * @return unprotected signaling allowed, any home address of 2001:db8:a::/64, virtual home link, DAD off.
     */
    static RegistrationConfig config()
    {
        return new RegistrationConfig(true, RegistrationConfig.DEFAULT_MAX_LIFETIME_SECONDS, 0,
            RegistrationConfig.DEFAULT_NAT_KEEPALIVE_SECONDS, false, RegistrationConfig.HomeLinkMode.VIRTUAL, false,
            1500, List.of(new RegistrationConfig.Ipv6Prefix(HOME_PREFIX, 0, 64, Long.MAX_VALUE)),
            List.of(new RegistrationConfig.Ipv4Prefix(0xC633_6400, 24)), true,
            List.of(new RegistrationConfig.Ipv4Prefix(0xC633_6480, 26)),
            List.of(new RegistrationConfig.Ipv4Prefix(0xC633_6460, 27)), List.of());
    }

    /**
     * Builds every Binding Acknowledgement into a scratch frame, as the signaling agent's sender does, without
     * transmitting it; counts what it built.
     */
    static final class AckBuilder implements SignalingSender
    {
        private final BindingAckWriter writer = new BindingAckWriter();
        private final MemorySegment scratch = Arena.ofAuto().allocate(BindingAckWriter.MAX_FRAME_LENGTH, 8);
        long acks;
        long rejected;
        long ackOctets;
        int lastStatus;

        @Override
        public void bindingAck(final BindingUpdateRequest request, final BindingAckReply reply)
        {
            ackOctets += writer.writeBindingAck(request, reply, scratch, 0);
            acks++;
            lastStatus = reply.status;
            if (reply.status >= BindingAck.STATUS_FIRST_REJECTION)
            {
                rejected++;
            }
        }

        @Override
        public void bindingError(
            final ReplyPath path,
            final long localHigh,
            final long localLow,
            final long destinationHigh,
            final long destinationLow,
            final int status,
            final long homeHigh,
            final long homeLow)
        {
            rejected++;
            lastStatus = status;
        }

        @Override
        public void bindingRefreshRequest(
            final ReplyPath path,
            final long localHigh,
            final long localLow,
            final long careOfHigh,
            final long careOfLow,
            final long homeHigh,
            final long homeLow)
        {
            ackOctets += writer.writeBindingRefreshRequest(path, localHigh, localLow, careOfHigh, careOfLow, homeHigh,
                homeLow, scratch, 0);
        }
    }
}
