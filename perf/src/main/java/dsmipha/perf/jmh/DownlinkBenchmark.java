package dsmipha.perf.jmh;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

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

import dsmipha.common.codec.Bytes;
import dsmipha.common.codec.InternetChecksum;
import dsmipha.common.codec.Ipv4Header;
import dsmipha.common.codec.Ipv6Header;
import dsmipha.fastpath.binding.BindingTable;
import dsmipha.fastpath.binding.BindingTableDescriptor;
import dsmipha.fastpath.binding.BindingView;
import dsmipha.fastpath.binding.EncapVariant;
import dsmipha.fastpath.encap.Encapsulator;
import dsmipha.fastpath.encap.OuterHeaderTemplate;
import dsmipha.fastpath.io.FrameLayout;
import dsmipha.fastpath.io.FramePool;
import dsmipha.fastpath.io.PacketBurst;

/**
 * The downlink stages of a worker on in-memory packets, per packet: a burst of 32 packets to home addresses drawn
 * at random from 1 M or 10 M bound ones, the burst's bindings looked up with {@link BindingTable#lookupBurst}, and
 * the burst tunnelled by {@link Encapsulator#encapsulateBurst}. Scores are ns per packet
 * ({@code @OperationsPerInvocation(32)}).
 * <p>
 * <b>Per burst</b> ({@link #encapsulate}): "receive" 32 packets from a ring of 96 preallocated frames (write the
 * next home address of a 1 M-key random stream into each inner destination and describe the packet in the
 * {@link PacketBurst}, as the I/O stage would), read the 32 keys back out of the headers, look them up in one burst,
 * encapsulate. {@link #receiveOnly} is that "receive" step alone, the floor to subtract. Packets start at the inner
 * IP header (the Ethernet header already stripped), as {@link Encapsulator} expects.
 * <p>
 * <b>Parameters.</b> {@code variant}: {@code 6in6} (code 1), {@code 4in6} (2), {@code 6in4} (3), {@code 4in4} (4),
 * {@code 4inUDP} and {@code 6inUDP} (5 with an IPv4 or IPv6 inner packet); every binding of a trial has that
 * variant. {@code bindings}: 1 M or 10 M, random keys (IPv6 home addresses in one /64 with a pseudo-random
 * interface identifier, or pseudo-random IPv4 addresses), default load factor 0.75, table on transparent huge pages.
 * {@code size}: the <i>Ethernet frame</i> length of the inner packet including the 4-octet FCS, as RFC 2544 counts
 * it: {@code 64} (a 46-octet IP packet), {@code 1400} (1382), or {@code imix}, the simple IMIX 7:4:1 of 64, 570 and
 * 1518-octet frames (46, 552 and 1500-octet IP packets) in a repeating 12-packet pattern. Neither stage reads the
 * payload, so the size changes only the lengths written into headers.
 * <p>
 * Populating 10 M bindings takes a few seconds and 1.71 GB of table (off the heap); it is done once per trial.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    "--enable-native-access=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
    "--sun-misc-unsafe-memory-access=allow", "-Xms1g", "-Xmx1g" })
@State(Scope.Thread)
public class DownlinkBenchmark
{
    /** Packets per burst. */
    static final int BURST = 32;

    /** Bindings in the table. */
    @Param({ "1000000", "10000000" })
    public int bindings;

    /** Encapsulation variant and inner family, see the class comment. */
    @Param({ "6in6", "4in6", "6in4", "4in4", "4inUDP", "6inUDP" })
    public String variant;

    /** Inner Ethernet frame size: 64, 1400 or imix. */
    @Param({ "64", "1400", "imix" })
    public String size;

    private final BindingView[] views = new BindingView[BURST];
    private final long[] keyHigh = new long[BURST];
    private final long[] keyLow = new long[BURST];
    private final int[] results = new int[BURST];
    private final int[] statuses = new int[BURST];
    private final Encapsulator encapsulator = new Encapsulator(1);

    private Workload workload;
    private BindingTable table;
    private Packets packets;
    private PacketBurst burst;

    /**
     * Fill the table, draw the key stream and build the inner packets; check that one burst goes through whole.
     */
    @Setup(Level.Trial)
    public void setup()
    {
        for (int i = 0; i < BURST; i++)
        {
            views[i] = new BindingView();
        }
        workload = Workload.of(variant, bindings);
        table = workload.populate(true);
        packets = new Packets(workload, size, 0);
        burst = new PacketBurst(packets.pool, BURST);
        for (int round = 0; round < Packets.FRAMES / BURST; round++)
        {
            packets.receiveDownlink(burst, keyHigh, keyLow);
            final int hits = table.lookupBurst(keyHigh, keyLow, BURST, views, results);
            final int encapsulated = encapsulator.encapsulateBurst(burst, views, statuses);
            if (hits != BURST || encapsulated != BURST)
            {
                throw new IllegalStateException("a burst did not go through whole: " + hits + " hits, " +
                    encapsulated + " encapsulated, first status " + statuses[0]);
            }
        }
        Workload.reportHugePages(table);
    }

    /**
     * Free the table and the frames.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        table.close();
        packets.pool.close();
    }

    /**
     * Receive, look up and encapsulate a burst.
     *
     * @return packets encapsulated times 32 plus the first result, so that nothing can be removed.
     */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public int encapsulate()
    {
        packets.receiveDownlink(burst, keyHigh, keyLow);
        table.lookupBurst(keyHigh, keyLow, BURST, views, results);
        return encapsulator.encapsulateBurst(burst, views, statuses) * BURST + results[0];
    }

    /**
     * The floor: receive a burst and read its keys, no lookup, no encapsulation.
     *
     * @return a key, so that nothing can be removed.
     */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public long receiveOnly()
    {
        packets.receiveDownlink(burst, keyHigh, keyLow);
        return keyLow[BURST - 1];
    }

    /**
     * One trial's bindings: the variant, how keys, care-of addresses and NAT ports derive from a binding's number,
     * and the random stream of keys that packets carry.
     */
    static final class Workload
    {
        static final long HOME_PREFIX = 0x2001_0DB8_0000_0000L;
        static final long CARE_OF_PREFIX = 0x2001_0DB8_0C0A_0000L;
        static final long HOME_AGENT_HIGH = 0x2001_0DB8_FFFF_0000L;
        static final long HOME_AGENT_LOW = 1;
        static final int HOME_AGENT_IPV4 = 0xC633_6401;
        static final long CORRESPONDENT_HIGH = 0x2001_0DB8_0BAD_0000L;
        static final long CORRESPONDENT_LOW = 2;
        static final int CORRESPONDENT_IPV4 = 0xCB00_7102;
        static final int STREAM = 1 << 20;
        private static final long SEED = 0x5EED_D0E5L;

        final int code;
        final boolean ipv4Home;
        final boolean ipv4CareOf;
        final boolean udp;
        final int bindings;
        /** Keys packets carry: an IPv6 home address's low 64 bits, or an IPv4 home address (unsigned). */
        final long[] stream = new long[STREAM];

        private Workload(final int code, final boolean ipv4Home, final boolean ipv4CareOf, final int bindings)
        {
            this.code = code;
            this.ipv4Home = ipv4Home;
            this.ipv4CareOf = ipv4CareOf;
            this.udp = code == EncapVariant.IPV4_UDP_4191;
            this.bindings = bindings;
            final SplittableRandom random = new SplittableRandom(42);
            for (int i = 0; i < STREAM; i++)
            {
                stream[i] = key(random.nextInt(bindings));
            }
        }

        static Workload of(final String variant, final int bindings)
        {
            return switch (variant)
            {
                case "6in6" -> new Workload(EncapVariant.IPV6_IN_IPV6, false, false, bindings);
                case "4in6" -> new Workload(EncapVariant.IPV4_IN_IPV6, true, false, bindings);
                case "6in4" -> new Workload(EncapVariant.IPV6_IN_IPV4, false, true, bindings);
                case "4in4" -> new Workload(EncapVariant.IPV4_IN_IPV4, true, true, bindings);
                case "4inUDP" -> new Workload(EncapVariant.IPV4_UDP_4191, true, true, bindings);
                case "6inUDP" -> new Workload(EncapVariant.IPV4_UDP_4191, false, true, bindings);
                default -> throw new IllegalArgumentException("unknown variant " + variant);
            };
        }

        /**
         * @param n binding number, 0..bindings-1.
         * @return its key: distinct for distinct n (both mixes are bijections).
         */
        long key(final int n)
        {
            return ipv4Home ? mix32(n + 1) & 0xFFFF_FFFFL : mix64(n + 1);
        }

        static long coaLow(final long key)
        {
            return key ^ 0x5A5A_5A5A_5A5A_5A5AL;
        }

        static int coaIpv4(final long key)
        {
            return (int)key ^ 0x5A5A_5A5A;
        }

        static int natPort(final long key)
        {
            return 1024 + ((int)key & 0x7FFF);
        }

        BindingTable populate(final boolean hugePages)
        {
            final BindingTable table = new BindingTable(
                bindings, BindingTableDescriptor.DEFAULT_LOAD_FACTOR, BindingTableDescriptor.DEFAULT_MAX_PROBE, SEED,
                hugePages);
            final OuterHeaderTemplate templates =
                new OuterHeaderTemplate(HOME_AGENT_HIGH, HOME_AGENT_LOW, HOME_AGENT_IPV4, 64);
            final BindingView value = new BindingView();
            for (int n = 0; n < bindings; n++)
            {
                final long key = key(n);
                if (ipv4Home)
                {
                    value.ipv4HomeAddress((int)key);
                }
                else
                {
                    value.ipv6HomeAddress(HOME_PREFIX, key);
                }
                if (ipv4CareOf)
                {
                    value.ipv4CareOfAddress(coaIpv4(key));
                }
                else
                {
                    value.ipv6CareOfAddress(CARE_OF_PREFIX, coaLow(key));
                }
                value.bindingId(n).variant(code).tunnelMtu(1500)
                    .udpPorts(udp ? OuterHeaderTemplate.DSMIPV6_UDP_PORT : 0, udp ? natPort(key) : 0);
                templates.applyTo(value);
                final int result = table.put(value);
                if (result != BindingTable.ADDED)
                {
                    throw new IllegalStateException("put " + n + " failed: " + result);
                }
            }
            return table;
        }

        static void reportHugePages(final BindingTable table)
        {
            System.out.printf("%n# table: %d octets, huge pages advised: %b, %s%n",
                table.memoryLength(), table.isHugePageAdvised(), anonHugePages());
        }

        private static String anonHugePages()
        {
            try
            {
                for (final String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of(
                    "/proc/self/smaps_rollup")))
                {
                    if (line.startsWith("AnonHugePages:"))
                    {
                        return "process " + line.replaceAll("\\s+", " ");
                    }
                }
            }
            catch (final java.io.IOException | RuntimeException ex)
            {
                return "AnonHugePages unknown (" + ex + ")";
            }
            return "AnonHugePages unknown";
        }

        private static long mix64(final long value)
        {
            long z = value;
            z = (z ^ (z >>> 33)) * 0xFF51_AFD7_ED55_8CCDL;
            z = (z ^ (z >>> 33)) * 0xC4CE_B9FE_1A85_EC53L;
            return z ^ (z >>> 33);
        }

        private static int mix32(final int value)
        {
            int z = value;
            z = (z ^ (z >>> 16)) * 0x85EB_CA6B;
            z = (z ^ (z >>> 13)) * 0xC2B2_AE35;
            return z ^ (z >>> 16);
        }
    }

    /**
     * A ring of 96 frames holding the trial's packets (96 = 3 bursts = 8 IMIX patterns), and the per-burst
     * "receive" step that stamps the next keys into them.
     */
    static final class Packets
    {
        static final int FRAMES = 96;
        /** Ethernet frame sizes of the simple IMIX, 7:4:1. */
        static final int[] IMIX = { 64, 64, 570, 64, 64, 570, 64, 1518, 64, 570, 64, 570 };
        /** Where the packet starts in its frame: after a 14-octet Ethernet header. */
        static final int START = FrameLayout.DATA_OFFSET + 14;
        private static final int ETHERNET_OVERHEAD = 14 + 4;
        private static final int PROTOCOL_UDP = 17;
        private static final int NO_NEXT_HEADER = 59;

        final FramePool pool = new FramePool(FRAMES, FrameLayout.DEFAULT_FRAME_LENGTH);
        final MemorySegment memory = pool.memory();
        final Workload workload;
        final boolean ipv6Inner;
        /** Per frame: octets of the packet from {@link #START}. */
        final int[] lengths = new int[FRAMES];
        /** Octets in front of the inner packet (0 downlink; the tunnel header uplink). */
        final int outerLength;
        private int nextFrame;
        private int nextKey;

        /**
         * Build the inner packets, {@code outerLength} octets after {@link #START}.
         */
        Packets(final Workload workload, final String size, final int outerLength)
        {
            this.workload = workload;
            this.ipv6Inner = !workload.ipv4Home;
            this.outerLength = outerLength;
            for (int frame = 0; frame < FRAMES; frame++)
            {
                if (pool.allocate() != frame)
                {
                    throw new IllegalStateException("frames not handed out in order");
                }
                final int frameSize = "imix".equals(size) ? IMIX[frame % IMIX.length] : Integer.parseInt(size);
                final int ipLength = frameSize - ETHERNET_OVERHEAD;
                writeInner(pool.frameOffset(frame) + START + outerLength, ipLength, outerLength > 0);
                lengths[frame] = outerLength + ipLength;
            }
        }

        /**
         * An inner packet from a correspondent to a home address (downlink), or from a home address to a
         * correspondent (uplink); the home address itself is stamped per burst.
         */
        private void writeInner(final long inner, final int ipLength, final boolean uplink)
        {
            final long correspondent = inner + (uplink ? Ipv6Header.DESTINATION_OFFSET : Ipv6Header.SOURCE_OFFSET);
            final long home = inner + (uplink ? Ipv6Header.SOURCE_OFFSET : Ipv6Header.DESTINATION_OFFSET);
            final long correspondent4 = inner + (uplink ? Ipv4Header.DESTINATION_OFFSET : Ipv4Header.SOURCE_OFFSET);
            final long home4 = inner + (uplink ? Ipv4Header.SOURCE_OFFSET : Ipv4Header.DESTINATION_OFFSET);
            if (ipv6Inner)
            {
                Bytes.put32(memory, inner + Ipv6Header.VERSION_TC_FLOW_OFFSET, Ipv6Header.VERSION << 28);
                Bytes.put16(memory, inner + Ipv6Header.PAYLOAD_LENGTH_OFFSET, ipLength - Ipv6Header.LENGTH);
                Bytes.put8(memory, inner + Ipv6Header.NEXT_HEADER_OFFSET, NO_NEXT_HEADER);
                Bytes.put8(memory, inner + Ipv6Header.HOP_LIMIT_OFFSET, 63);
                Bytes.put64(memory, correspondent, Workload.CORRESPONDENT_HIGH);
                Bytes.put64(memory, correspondent + 8, Workload.CORRESPONDENT_LOW);
                Bytes.put64(memory, home, Workload.HOME_PREFIX);
                Bytes.put64(memory, home + 8, 1);
            }
            else
            {
                Bytes.put8(memory, inner + Ipv4Header.VERSION_IHL_OFFSET, 0x45);
                Bytes.put16(memory, inner + Ipv4Header.TOTAL_LENGTH_OFFSET, ipLength);
                Bytes.put8(memory, inner + Ipv4Header.TTL_OFFSET, 63);
                Bytes.put8(memory, inner + Ipv4Header.PROTOCOL_OFFSET, PROTOCOL_UDP);
                Bytes.put32(memory, correspondent4, Workload.CORRESPONDENT_IPV4);
                Bytes.put32(memory, home4, 0x0A00_0001);
                Bytes.put16(memory, inner + Ipv4Header.CHECKSUM_OFFSET, 0);
                Bytes.put16(memory, inner + Ipv4Header.CHECKSUM_OFFSET,
                    InternetChecksum.compute(memory, inner, Ipv4Header.LENGTH));
            }
        }

        /**
         * Downlink receive: the next 32 frames, each inner destination set to the next key of the stream, and
         * the keys read back out of the headers in table form (IPv4 ones IPv4-mapped). The inner IPv4 header
         * checksum is left stale: no downlink stage verifies it.
         */
        void receiveDownlink(final PacketBurst burst, final long[] keyHigh, final long[] keyLow)
        {
            final MemorySegment memory = this.memory;
            final long[] stream = workload.stream;
            final int base = nextFrame;
            final int keyBase = nextKey;
            nextFrame = base + BURST == FRAMES ? 0 : base + BURST;
            nextKey = (keyBase + BURST) & (Workload.STREAM - 1);
            burst.clear();
            for (int i = 0; i < BURST; i++)
            {
                final int frame = base + i;
                final long inner = pool.frameOffset(frame) + START;
                final long key = stream[keyBase + i];
                if (ipv6Inner)
                {
                    Bytes.put64(memory, inner + Ipv6Header.DESTINATION_OFFSET + 8, key);
                    keyHigh[i] = Bytes.i64(memory, inner + Ipv6Header.DESTINATION_OFFSET);
                    keyLow[i] = Bytes.i64(memory, inner + Ipv6Header.DESTINATION_OFFSET + 8);
                }
                else
                {
                    Bytes.put32(memory, inner + Ipv4Header.DESTINATION_OFFSET, (int)key);
                    keyHigh[i] = 0;
                    keyLow[i] = BindingView.ipv4MappedLow(Bytes.i32(memory, inner + Ipv4Header.DESTINATION_OFFSET));
                }
                burst.add(frame, START, lengths[frame]);
            }
        }

        /**
         * Uplink receive: the next 32 frames, each stamped with the next key as inner source and that binding's
         * care-of address (and NAT port) as outer source, IPv4 header checksums kept valid (RFC 1624).
         */
        void receiveUplink(final PacketBurst burst, final int outerIpVersion)
        {
            final MemorySegment memory = this.memory;
            final long[] stream = workload.stream;
            final int base = nextFrame;
            final int keyBase = nextKey;
            nextFrame = base + BURST == FRAMES ? 0 : base + BURST;
            nextKey = (keyBase + BURST) & (Workload.STREAM - 1);
            burst.clear();
            for (int i = 0; i < BURST; i++)
            {
                final int frame = base + i;
                final long outer = pool.frameOffset(frame) + START;
                final long key = stream[keyBase + i];
                if (outerIpVersion == Ipv6Header.VERSION)
                {
                    Bytes.put64(memory, outer + Ipv6Header.SOURCE_OFFSET + 8, Workload.coaLow(key));
                }
                else
                {
                    putIpv4Address(memory, outer, Ipv4Header.SOURCE_OFFSET, Workload.coaIpv4(key));
                    if (workload.udp)
                    {
                        Bytes.put16(memory, outer + Ipv4Header.LENGTH, Workload.natPort(key));
                    }
                }
                final long inner = outer + outerLength;
                if (ipv6Inner)
                {
                    Bytes.put64(memory, inner + Ipv6Header.SOURCE_OFFSET + 8, key);
                }
                else
                {
                    putIpv4Address(memory, inner, Ipv4Header.SOURCE_OFFSET, (int)key);
                }
                burst.add(frame, START, lengths[frame]);
            }
        }

        /**
         * Replace an IPv4 address field and patch the header checksum for its two 16-bit words (RFC 1624 eqn. 3).
         */
        static void putIpv4Address(final MemorySegment memory, final long header, final int field, final int address)
        {
            final int old = Bytes.i32(memory, header + field);
            Bytes.put32(memory, header + field, address);
            final long checksumOffset = header + Ipv4Header.CHECKSUM_OFFSET;
            int checksum = Bytes.u16(memory, checksumOffset);
            checksum = InternetChecksum.update16(checksum, old >>> 16, address >>> 16);
            checksum = InternetChecksum.update16(checksum, old & 0xFFFF, address & 0xFFFF);
            Bytes.put16(memory, checksumOffset, checksum);
        }
    }
}
