package dsmipha.perf.harness;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.agrona.concurrent.EpochClock;

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
import dsmipha.slowpath.registration.BindingRecord;
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
import dsmipha.slowpath.registration.StoredBinding;
import dsmipha.slowpath.registration.VirtualHomeLink;

/**
 * Time to bring N bindings back after a restart (issue 7: a million in under 2 seconds), and proof that the same
 * bindings come back.
 * <pre>
 *   register N bindings (reader + RegistrationProcessor, BindingPersistence journaling into a temporary state dir)
 *   close the persistence (its store writes and forces what it holds)
 *   for each recovery path, on its own copy of the state dir, with a fresh processor and fresh tables:
 *     list     BindingStore.recover(epoch) -> List&lt;StoredBinding&gt;, convert, deriveTunnel + restore
 *              (phases: file read, parse + snapshot rewrite, conversion, restore)
 *     stream   RegistrationProcessor.restoreAll(store, ...) (decode into one reused record, restore in place)
 *              (phases: BindingStore.recover(epoch, ns, scratch, handler) with a handler that does nothing, then
 *              the whole restoreAll on a fresh copy)
 *     persist  BindingPersistence.recoverInto end to end (what the home agent runs at startup)
 *   compare every restored binding with its original field by field: home, care-of, path, sequence, flags,
 *   IPv4 home address and prefix (and their dynamic bits), mobile network prefixes, expiry within 1 s
 * </pre>
 * Mix: seven in eight bindings native IPv6 asking for a dynamic IPv4 home address (RFC 5555 §3.1.1), one in eight
 * over IPv4/UDP 4191 behind a NAT (RFC 5555 §4.1), also with a dynamic IPv4 home address. The processors' clock
 * is the harness's own (1 µs a Binding Update, 1 s between the close and each restore) and the wall clock is derived
 * from it, so the two never drift apart by a pause between reads; phases are timed with {@code System.nanoTime}.
 * <p>
 * Arguments: {@code --bindings N} (default 1,000,000), {@code --udp-every K} (default 8), {@code --paths
 * list,stream,persist} (default all three), {@code --repeat R} (default 1: each path run R times on fresh copies),
 * {@code --stop crash|drain} (default crash: the store is closed as after a kill, everything in the journal;
 * drain: as the home agent's SIGTERM leaves it, one snapshot and an empty journal).
 */
public final class RestoreTime
{
    private static final long HOME_PREFIX = 0x2001_0DB8_000A_0000L;
    private static final long CARE_OF_PREFIX = 0x2001_0DB8_000C_0000L;
    private static final long HOME_AGENT_LOW = 1;
    private static final int HOME_AGENT_IPV4 = 0xC633_6401;
    private static final int PRIVATE_NETWORK = 0x0A00_0000;
    private static final int NAT_NETWORK = 0xCB00_7100;
    /** 100.64.0.0/10: the dynamic IPv4 home address pool (4 M addresses). */
    private static final int POOL_NETWORK = 0x6440_0000;
    private static final int POOL_LENGTH = 10;
    private static final int LIFETIME_UNITS = 900;
    private static final int FLAGS = BindingUpdate.FLAG_ACKNOWLEDGE | BindingUpdate.FLAG_HOME_REGISTRATION;
    private static final int DYNAMIC_IPV4 = 0;
    private static final int RECORD_LENGTH = 256;
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final long EXPIRY_TOLERANCE_NS = 1_000_000_000L;
    private static final long START_NS = 1_000_000_000_000L;
    private static final long STEP_NS = 1_000L;
    private static final long RESTART_GAP_NS = 1_000_000_000L;

    private final int bindingCount;
    private final int udpEvery;
    private final BindingUpdateRequest request = new BindingUpdateRequest();
    private final BindingUpdateReader reader = new BindingUpdateReader();
    private final MemorySegment frame = Arena.ofAuto().allocate(RECORD_LENGTH, 8);
    private final BindingUpdateFrames frames = new BindingUpdateFrames(0x02_00_00_00_00_01L, 0x02_00_00_00_00_02L,
        HOME_PREFIX, HOME_AGENT_LOW, HOME_AGENT_IPV4);
    private final Path workDirectory;
    private final CountersFile countersFile;
    private final long epochBaseMs = System.currentTimeMillis();
    private final EpochClock epochClock = this::epochMs;
    private long clockNs = START_NS;
    private RegistrationProcessor original;
    private BindingTable originalTable;

    private RestoreTime(final int bindingCount, final int udpEvery) throws IOException
    {
        this.bindingCount = bindingCount;
        this.udpEvery = udpEvery;
        this.workDirectory = Files.createTempDirectory("restore-time");
        this.countersFile = CountersFile.create(workDirectory.resolve("counters.dat"), 1024, "restore", 1, 0);
    }

    private boolean drainOnStop;

    /**
     * Run the harness.
     *
     * @param args see the class comment.
     * @throws IOException when a temporary file cannot be written.
     */
    public static void main(final String[] args) throws IOException
    {
        int bindings = 1_000_000;
        int udpEvery = 8;
        int repeat = 1;
        String paths = "list,stream,persist";
        boolean drain = false;
        for (int i = 0; i + 1 < args.length; i += 2)
        {
            switch (args[i])
            {
                case "--bindings" -> bindings = Integer.parseInt(args[i + 1]);
                case "--udp-every" -> udpEvery = Integer.parseInt(args[i + 1]);
                case "--paths" -> paths = args[i + 1];
                case "--repeat" -> repeat = Integer.parseInt(args[i + 1]);
                case "--stop" -> drain = "drain".equals(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        final RestoreTime harness = new RestoreTime(bindings, udpEvery);
        harness.drainOnStop = drain;
        try
        {
            final Path state = harness.registerAll();
            for (int r = 0; r < repeat; r++)
            {
                for (final String path : paths.split(","))
                {
                    harness.runPath(path, state, r);
                }
            }
        }
        finally
        {
            harness.cleanUp();
        }
    }

    // ------------------------------------------------------------------------------------------------ setup

    private Path registerAll() throws IOException
    {
        final Path state = workDirectory.resolve("state");
        final CounterSlots storeCounters = new CounterSlots(countersFile, StoreCounter.values(), 0, "store-0");
        final CounterSlots signalingCounters = new CounterSlots(countersFile, StoreCounter.values(), 0, "signal-0");
        final BindingPersistence persistence = new BindingPersistence(BindingStore.open(state, storeCounters),
            storeCounters, signalingCounters, epochClock);
        originalTable = newTable();
        original = newProcessor(originalTable, new CountingSender(), "registration-0");
        persistence.recoverInto(original, clockNs);
        final SplittableRandom random = new SplittableRandom(42);
        final CountingSender sender = new CountingSender();
        final long start = System.nanoTime();
        for (int i = 0; i < bindingCount; i++)
        {
            final long homeLow = random.nextLong() | 0x100_0000L;
            final int sequence = random.nextInt(1 << 16);
            register(homeLow, i, sequence, i % udpEvery == udpEvery - 1);
            if ((i & 1023) == 0)
            {
                while (persistence.queuedOctets() >= BindingPersistence.DEFAULT_RING_CAPACITY / 4)
                {
                    Thread.onSpinWait();
                }
            }
        }
        final long registeredNs = System.nanoTime() - start;
        final long closeStart = System.nanoTime();
        persistence.snapshotOnClose(drainOnStop);
        persistence.close();
        final long closeNs = System.nanoTime() - closeStart;
        if (original.bindingCount() != bindingCount ||
            signalingCounters.get(StoreCounter.RING_FULL_PUT.ordinal()) != 0)
        {
            throw new IllegalStateException("registered " + original.bindingCount() + " of " + bindingCount +
                ", ring-full PUTs " + signalingCounters.get(StoreCounter.RING_FULL_PUT.ordinal()));
        }
        System.out.printf(Locale.ROOT, "registered %,d bindings (1 in %d UDP/NAT, all with a dynamic IPv4 home " +
            "address) in %.2f s; store closed in %d ms; snapshot %,d B, journal %,d B%n", bindingCount, udpEvery,
            registeredNs / 1e9, closeNs / NANOS_PER_MILLI, size(state.resolve(BindingStore.SNAPSHOT_FILE)),
            size(state.resolve(BindingStore.JOURNAL_FILE)));
        return state;
    }

    private void register(final long homeLow, final int index, final int sequence, final boolean udp)
    {
        final int frameLength;
        final int innerOffset;
        if (udp)
        {
            frameLength = frames.writeOverIpv4(frame, PuntMessageDescriptor.HEADER_LENGTH, HOME_PREFIX, homeLow,
                NAT_NETWORK | (index >>> 16), 1024 + (index & 0xFFFF) % 60000, PRIVATE_NETWORK | index, true,
                sequence, FLAGS, LIFETIME_UNITS, DYNAMIC_IPV4);
            innerOffset = EthernetHeader.LENGTH + Ipv4Header.LENGTH + UdpHeader.LENGTH;
        }
        else
        {
            frameLength = frames.writeNative(frame, PuntMessageDescriptor.HEADER_LENGTH, HOME_PREFIX, homeLow,
                CARE_OF_PREFIX, index + 1L, sequence, FLAGS, LIFETIME_UNITS, DYNAMIC_IPV4);
            innerOffset = EthernetHeader.LENGTH;
        }
        writePuntHeader(frame, innerOffset);
        final int result = reader.read(frame, 0, PuntMessageDescriptor.HEADER_LENGTH + frameLength, request);
        if (result != BindingUpdateReader.OK)
        {
            throw new IllegalStateException("reader refused a Binding Update: " + result);
        }
        clockNs += STEP_NS;
        original.onBindingUpdate(request, clockNs);
    }

    // Wall clock derived from the harness clock.
    private long epochMs()
    {
        return epochBaseMs + (clockNs - START_NS) / NANOS_PER_MILLI;
    }

    // A punt header as a worker writes it (port 0, queue 0, worker 0, native byte order).
    private static void writePuntHeader(final MemorySegment record, final int innerOffset)
    {
        record.set(ValueLayout.JAVA_SHORT, PuntMessageDescriptor.PORT_OFFSET, (short)0);
        record.set(ValueLayout.JAVA_SHORT, PuntMessageDescriptor.QUEUE_OFFSET, (short)0);
        record.set(ValueLayout.JAVA_SHORT, PuntMessageDescriptor.WORKER_OFFSET, (short)0);
        record.set(ValueLayout.JAVA_SHORT, PuntMessageDescriptor.L3_OFFSET_OFFSET, (short)EthernetHeader.LENGTH);
        record.set(ValueLayout.JAVA_SHORT, PuntMessageDescriptor.INNER_L3_OFFSET_OFFSET, (short)innerOffset);
    }

    // ------------------------------------------------------------------------------------------------ recovery

    private void runPath(final String path, final Path state, final int round) throws IOException
    {
        final Path copy = copyState(state, path + "-" + round);
        final BindingTable table = newTable();
        final RegistrationProcessor processor = newProcessor(table, new CountingSender(), path + "-reg-" + round);
        final CounterSlots storeCounters = new CounterSlots(countersFile, StoreCounter.values(), 0,
            path + "-store-" + round);
        System.gc();
        clockNs += RESTART_GAP_NS;
        final StringBuilder line = new StringBuilder();
        final long start = System.nanoTime();
        final int restored = switch (path)
        {
            case "list" -> restoreFromList(copy, storeCounters, processor, line);
            case "stream" -> restoreStreaming(copy, storeCounters, processor, line, round);
            case "persist" -> restoreThroughPersistence(copy, storeCounters, processor);
            default -> throw new IllegalArgumentException("path: list, stream or persist, not " + path);
        };
        final long totalNs = System.nanoTime() - start;
        final int mismatches = compare(processor);
        System.out.printf(Locale.ROOT, "%-7s round %d: %,d restored in %,d ms%s; mismatches %d%n", path, round,
            restored, totalNs / NANOS_PER_MILLI, line, mismatches);
        table.close();
        deleteTree(copy);
        if (mismatches != 0 || restored != bindingCount)
        {
            throw new IllegalStateException(path + ": " + restored + " restored, " + mismatches + " mismatches");
        }
    }

    private int restoreFromList(
        final Path state, final CounterSlots storeCounters, final RegistrationProcessor processor,
        final StringBuilder line) throws IOException
    {
        final long t0 = System.nanoTime();
        final long octets = readAll(state.resolve(BindingStore.SNAPSHOT_FILE)) +
            readAll(state.resolve(BindingStore.JOURNAL_FILE));
        final long t1 = System.nanoTime();
        final BindingStore store = BindingStore.open(state, storeCounters);
        final long nowEpochMs = epochClock.time();
        final long nowNs = clockNs;
        final List<StoredBinding> stored = store.recover(nowEpochMs);
        final long t2 = System.nanoTime();
        final BindingRecord[] records = new BindingRecord[stored.size()];
        for (int i = 0; i < records.length; i++)
        {
            records[i] = toRecord(stored.get(i), nowNs, nowEpochMs);
        }
        final long t3 = System.nanoTime();
        int restored = 0;
        for (final BindingRecord record : records)
        {
            processor.deriveTunnel(record);
            restored += processor.restore(record, nowNs) ? 1 : 0;
        }
        final long t4 = System.nanoTime();
        store.close();
        line.append(String.format(Locale.ROOT, " [read files (%,d B, separately) %d ms | store.recover: read + parse " +
            "+ snapshot rewrite %d ms | conversion %d ms | deriveTunnel + restore %d ms]", octets,
            (t1 - t0) / NANOS_PER_MILLI, (t2 - t1) / NANOS_PER_MILLI, (t3 - t2) / NANOS_PER_MILLI,
            (t4 - t3) / NANOS_PER_MILLI));
        return restored;
    }

    private int restoreStreaming(
        final Path state, final CounterSlots storeCounters, final RegistrationProcessor processor,
        final StringBuilder line, final int round) throws IOException
    {
        // Phase alone: read, check and decode every record into the scratch record, on its own copy (not timed in
        // the total printed by the caller, which starts before this: subtract it).
        final Path decodeCopy = copyState(state, "decode-" + round);
        final CounterSlots decodeCounters = new CounterSlots(countersFile, StoreCounter.values(), 0,
            "decode-store-" + round);
        final long[] seen = new long[1];
        final long d0 = System.nanoTime();
        try (BindingStore store = BindingStore.open(decodeCopy, decodeCounters))
        {
            store.recover(epochClock.time(), clockNs, new BindingRecord(),
                record -> seen[0] += record.sequence);
        }
        final long decodeNs = System.nanoTime() - d0;
        deleteTree(decodeCopy);
        final long t0 = System.nanoTime();
        final int restored;
        try (BindingStore store = BindingStore.open(state, storeCounters))
        {
            restored = processor.restoreAll(store, clockNs, epochClock.time());
        }
        final long restoreAllNs = System.nanoTime() - t0;
        line.append(String.format(Locale.ROOT, " (includes the decode-only pass) [recover(..., handler) read + parse" +
            " + decode alone %d ms | restoreAll (read, parse, decode, deriveTunnel, restore) %d ms]",
            decodeNs / NANOS_PER_MILLI, restoreAllNs / NANOS_PER_MILLI));
        return restored;
    }

    private int restoreThroughPersistence(
        final Path state, final CounterSlots storeCounters, final RegistrationProcessor processor) throws IOException
    {
        final BindingPersistence persistence = new BindingPersistence(BindingStore.open(state, storeCounters),
            storeCounters, storeCounters, epochClock);
        final int restored = persistence.recoverInto(processor, clockNs);
        persistence.close();
        return restored;
    }

    // The list path's conversion (the home agent's recovery before restoreAll), kept to time it against restoreAll.
    private static BindingRecord toRecord(final StoredBinding stored, final long nowNs, final long nowEpochMs)
    {
        final BindingRecord record = new BindingRecord();
        record.homeHigh = stored.homeHigh();
        record.homeLow = stored.homeLow();
        record.careOfHigh = stored.careOfHigh();
        record.careOfLow = stored.careOfLow();
        record.path.transport = stored.transport();
        record.path.peerIpv4 = stored.natPeerIpv4();
        record.path.peerUdpPort = stored.natPeerPort();
        record.path.localIpv4 = stored.localIpv4();
        record.path.localUdpPort = stored.localPort();
        record.path.port = stored.portIndex();
        record.path.peerMac = stored.peerMac();
        record.path.localMac = stored.localMac();
        record.localHigh = stored.haHigh();
        record.localLow = stored.haLow();
        record.ipv4Home = stored.ipv4HomeAddress();
        record.ipv4HomeDynamic = stored.ipv4HomeDynamic();
        record.ipv4PrefixNetwork = stored.ipv4PrefixNetwork();
        record.ipv4PrefixLength = stored.ipv4PrefixLength();
        record.ipv4PrefixDynamic = stored.ipv4PrefixDynamic();
        record.flags = stored.flags();
        record.sequence = stored.lastSequence();
        final long remainingMs = stored.expiryEpochMs() - nowEpochMs;
        record.expiryNs = nowNs + remainingMs * NANOS_PER_MILLI;
        record.lifetimeSeconds = (int)Math.max(0, Math.min(Integer.MAX_VALUE, remainingMs / 1000));
        record.bindingId = (int)stored.bindingId();
        return record;
    }

    // ------------------------------------------------------------------------------------------------ checks

    private int compare(final RegistrationProcessor restored)
    {
        final int[] mismatches = new int[1];
        if (restored.bindingCount() != original.bindingCount())
        {
            System.out.println("binding count " + restored.bindingCount() + " != " + original.bindingCount());
            mismatches[0]++;
        }
        original.forEachBinding(expected ->
        {
            final BindingRecord actual = restored.binding(expected.homeHigh, expected.homeLow);
            final String difference = difference(expected, actual);
            if (difference != null && mismatches[0]++ < 5)
            {
                System.out.println("mismatch: " + difference);
            }
        });
        return mismatches[0];
    }

    private static String difference(final BindingRecord expected, final BindingRecord actual)
    {
        if (actual == null)
        {
            return "missing " + Long.toHexString(expected.homeLow);
        }
        final ReplyPath e = expected.path;
        final ReplyPath a = actual.path;
        final boolean same = expected.careOfHigh == actual.careOfHigh && expected.careOfLow == actual.careOfLow &&
            expected.localHigh == actual.localHigh && expected.localLow == actual.localLow &&
            e.transport == a.transport && e.peerIpv4 == a.peerIpv4 && e.peerUdpPort == a.peerUdpPort &&
            e.localIpv4 == a.localIpv4 && e.localUdpPort == a.localUdpPort && e.port == a.port &&
            e.peerMac == a.peerMac && e.localMac == a.localMac &&
            expected.sequence == actual.sequence && expected.flags == actual.flags &&
            expected.ipv4Home == actual.ipv4Home && expected.ipv4HomeDynamic == actual.ipv4HomeDynamic &&
            expected.ipv4PrefixNetwork == actual.ipv4PrefixNetwork &&
            expected.ipv4PrefixLength == actual.ipv4PrefixLength &&
            expected.ipv4PrefixDynamic == actual.ipv4PrefixDynamic &&
            expected.tunnelIpv4 == actual.tunnelIpv4 && expected.natUdpPort == actual.natUdpPort &&
            expected.natDetected == actual.natDetected && expected.variantIpv6 == actual.variantIpv6 &&
            expected.variantIpv4 == actual.variantIpv4 &&
            sameMobileNetworkPrefixes(expected, actual) &&
            Math.abs(expected.expiryNs - actual.expiryNs) <= EXPIRY_TOLERANCE_NS;
        return same ? null : Long.toHexString(expected.homeLow) + " seq " + expected.sequence + "/" +
            actual.sequence + " expiry diff ns " + (actual.expiryNs - expected.expiryNs) + " ipv4 " +
            expected.ipv4Home + "/" + actual.ipv4Home;
    }

    private static boolean sameMobileNetworkPrefixes(final BindingRecord expected, final BindingRecord actual)
    {
        if (expected.mobileNetworkPrefixCount != actual.mobileNetworkPrefixCount)
        {
            return false;
        }
        for (int i = 0; i < expected.mobileNetworkPrefixCount; i++)
        {
            if (!actual.hasMobileNetworkPrefix(expected.mobileNetworkPrefixHigh[i], expected.mobileNetworkPrefixLow[i],
                expected.mobileNetworkPrefixLength[i]))
            {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------------ plumbing

    private BindingTable newTable()
    {
        return new BindingTable((long)(bindingCount * 2.6) + 1024, BindingTableDescriptor.DEFAULT_LOAD_FACTOR,
            BindingTableDescriptor.DEFAULT_MAX_PROBE, 0x5EEDL, true);
    }

    private RegistrationProcessor newProcessor(
        final BindingTable table, final SignalingSender sender, final String countersOwner)
    {
        final RegistrationConfig config = config();
        return new RegistrationProcessor(config, table, new PrefixTable(16, 0x5EEDL),
            new OuterHeaderTemplate(HOME_PREFIX, HOME_AGENT_LOW, HOME_AGENT_IPV4,
            OuterHeaderTemplate.DEFAULT_HOP_LIMIT), new VirtualHomeLink(), sender,
            new CounterSlots(countersFile, RegistrationCounter.values(), 0, countersOwner),
            new Ipv4AddressPool(config.ipv4AddressPools()), new Ipv4PrefixPool(config.ipv4PrefixPools()));
    }

    private static RegistrationConfig config()
    {
        return new RegistrationConfig(true, RegistrationConfig.DEFAULT_MAX_LIFETIME_SECONDS, 0,
            RegistrationConfig.DEFAULT_NAT_KEEPALIVE_SECONDS, false, RegistrationConfig.HomeLinkMode.VIRTUAL, false,
            1500, List.of(new RegistrationConfig.Ipv6Prefix(HOME_PREFIX, 0, 64, Long.MAX_VALUE)),
            List.of(new RegistrationConfig.Ipv4Prefix(0xC633_6400, 24)), true,
            List.of(new RegistrationConfig.Ipv4Prefix(POOL_NETWORK, POOL_LENGTH)),
            List.of(new RegistrationConfig.Ipv4Prefix(0xC633_6460, 27)), List.of());
    }

    private Path copyState(final Path state, final String name) throws IOException
    {
        final Path copy = workDirectory.resolve(name);
        Files.createDirectories(copy);
        for (final String file : new String[] {BindingStore.SNAPSHOT_FILE, BindingStore.JOURNAL_FILE})
        {
            if (Files.exists(state.resolve(file)))
            {
                Files.copy(state.resolve(file), copy.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return copy;
    }

    private static long readAll(final Path file) throws IOException
    {
        return Files.exists(file) ? Files.readAllBytes(file).length : 0;
    }

    private static long size(final Path file) throws IOException
    {
        return Files.exists(file) ? Files.size(file) : 0;
    }

    private void cleanUp() throws IOException
    {
        if (originalTable != null)
        {
            originalTable.close();
        }
        countersFile.close();
        deleteTree(workDirectory);
    }

    private static void deleteTree(final Path root) throws IOException
    {
        if (!Files.exists(root))
        {
            return;
        }
        try (var files = Files.walk(root))
        {
            for (final Path file : files.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Accepts the Binding Acks without building frames; fails the run on a rejection. */
    private static final class CountingSender implements SignalingSender
    {
        @Override
        public void bindingAck(final BindingUpdateRequest request, final BindingAckReply reply)
        {
            if (reply.status >= BindingAck.STATUS_FIRST_REJECTION)
            {
                throw new IllegalStateException("Binding Update rejected, status " + reply.status);
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
            throw new IllegalStateException("Binding Error " + status);
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
            // refresh requests are off (lead time 0)
        }
    }
}
