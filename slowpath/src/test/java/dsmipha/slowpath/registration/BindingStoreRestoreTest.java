package dsmipha.slowpath.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dsmipha.common.codec.mh.BindingUpdate;
import dsmipha.common.counters.CounterSlots;
import dsmipha.common.counters.CountersFile;
import dsmipha.fastpath.binding.BindingTable;
import dsmipha.fastpath.binding.BindingView;
import dsmipha.fastpath.binding.EncapVariant;
import dsmipha.fastpath.binding.PrefixTable;
import dsmipha.fastpath.encap.OuterHeaderTemplate;
import dsmipha.slowpath.BindingPersistence;

/**
 * Issue 7's restart test, scaled to 200,000 bindings for CI: bindings registered through a
 * {@link RegistrationProcessor} and journaled by {@link BindingPersistence} come back through
 * {@link RegistrationProcessor#restoreAll} (the streaming {@link BindingStore} recovery) into a fresh processor with
 * the same contents, compared field by field with the originals; the fastpath entries are published again; the store
 * ends with a fresh snapshot and an empty journal; and the list recovery reads the same bindings back from it.
 * Mix: native IPv6 with a dynamic IPv4 home address (RFC 5555 §3.1.1), IPv4/UDP behind a NAT (RFC 5555 §4.1), IPv4
 * care-of addresses in protocol 41 without a NAT, and mobile routers with mobile network prefixes (RFC 3963).
 */
class BindingStoreRestoreTest
{
    private static final int BINDINGS = 200_000;
    private static final int ROUTERS = 64;
    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = 1_000 * SECOND;
    private static final long EPOCH0_MS = 1_790_000_000_000L;
    private static final long HOME_PREFIX = 0x2001_0DB8_000A_0000L;
    private static final long CARE_OF_PREFIX = 0x2001_0DB8_000C_0000L;
    private static final long MNP_PREFIX = 0x2001_0DB8_0B00_0000L;
    private static final long HA_LOW = 1;
    private static final int HA4 = 0xC633_6401;
    private static final int NAT_NETWORK = 0xCB00_7100;
    private static final int PRIVATE_NETWORK = 0x0A00_0000;
    private static final int POOL_NETWORK = 0x6440_0000;
    private static final int LIFETIME_UNITS = 900;
    private static final int FILE_HEADER = 16;

    @TempDir
    Path dir;
    private CountersFile countersFile;
    private long nowNs = T0;
    private final EpochClock epochClock = () -> EPOCH0_MS + (nowNs - T0) / 1_000_000L;
    private final List<Node> nodes = new ArrayList<>();

    @BeforeEach
    void setUp()
    {
        countersFile = CountersFile.create(dir.resolve("counters.dat"), 256, "t", 1, 0);
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < BINDINGS; i++)
        {
            nodes.add(new Node(i < ROUTERS ? 0x100 + i : random.nextLong() | 0x100_0000L, i));
        }
    }

    @AfterEach
    void tearDown()
    {
        nodes.clear();
        countersFile.close();
    }

    @Test
    void twoHundredThousandBindingsComeBackWithTheSameContents() throws IOException
    {
        final Path state = dir.resolve("state");
        final Processor original = new Processor("original");
        final CounterSlots storeCounters = slots(StoreCounter.values(), "store-1");
        final CounterSlots signalingCounters = slots(StoreCounter.values(), "signaling-1");
        final BindingPersistence persistence = new BindingPersistence(BindingStore.open(state, storeCounters),
            storeCounters, signalingCounters, epochClock, BindingPersistence.DEFAULT_RING_CAPACITY,
            new SleepingMillisIdleStrategy(1));
        persistence.recoverInto(original.processor, nowNs);
        final BindingUpdateRequest request = new BindingUpdateRequest();
        for (final Node node : nodes)
        {
            node.fill(request);
            nowNs += 1_000;
            original.processor.onBindingUpdate(request, nowNs);
            while (persistence.queuedOctets() > BindingPersistence.DEFAULT_RING_CAPACITY / 2)
            {
                Thread.onSpinWait();
            }
        }
        persistence.close();
        assertEquals(BINDINGS, original.processor.bindingCount(), "every Binding Update accepted");
        assertEquals(0, signalingCounters.get(StoreCounter.RING_FULL_PUT.ordinal()), "every change journaled");

        nowNs += 30 * SECOND; // the restart
        final Processor restarted = new Processor("restarted");
        final CounterSlots recoveryCounters = slots(StoreCounter.values(), "store-2");
        final int restored;
        try (BindingStore store = BindingStore.open(state, recoveryCounters))
        {
            restored = restarted.processor.restoreAll(store, nowNs, epochClock.time());
            assertEquals(FILE_HEADER, Files.size(state.resolve(BindingStore.JOURNAL_FILE)),
                "the journal is emptied once the snapshot is written");
        }
        assertEquals(BINDINGS, restored);
        assertEquals(BINDINGS, restarted.processor.bindingCount());
        assertEquals(BINDINGS, recoveryCounters.get(StoreCounter.RECOVERED.ordinal()));
        assertEquals(1, recoveryCounters.get(StoreCounter.COMPACTED.ordinal()), "one snapshot, written beside");
        assertEquals(BINDINGS, restarted.counters.get(RegistrationCounter.RESTORED.ordinal()));
        assertEquals(0, restarted.counters.get(RegistrationCounter.RESTORE_REFUSED.ordinal()));
        int mismatches = 0;
        final StringBuilder first = new StringBuilder();
        for (final Node node : nodes)
        {
            final BindingRecord expected = original.processor.binding(HOME_PREFIX, node.homeLow);
            final BindingRecord actual = restarted.processor.binding(HOME_PREFIX, node.homeLow);
            final String difference = difference(expected, actual);
            if (difference != null && mismatches++ == 0)
            {
                first.append(Long.toHexString(node.homeLow)).append(": ").append(difference);
            }
        }
        assertEquals(0, mismatches, first.toString());
        assertFastpathEntries(restarted);

        // The snapshot written beside the restore holds the same bindings for the list recovery.
        try (BindingStore store = BindingStore.open(state, slots(StoreCounter.values(), "store-3")))
        {
            final List<StoredBinding> again = store.recover(epochClock.time());
            assertEquals(BINDINGS, again.size());
            for (final StoredBinding stored : again)
            {
                final BindingRecord expected = original.processor.binding(stored.homeHigh(), stored.homeLow());
                assertNotNull(expected);
                assertEquals(expected.careOfLow, stored.careOfLow());
                assertEquals(expected.sequence, stored.lastSequence());
                assertEquals(expected.ipv4Home, stored.ipv4HomeAddress());
                assertEquals(expected.mobileNetworkPrefixCount, stored.mobileNetworkPrefixes().size());
            }
        }
        original.close();
        restarted.close();
    }

    @Test
    void expiredBindingsStayOutAndLifetimesAreNotExtended() throws IOException
    {
        final Path state = dir.resolve("short");
        final CounterSlots counters = slots(StoreCounter.values(), "short-1");
        try (BindingStore store = BindingStore.open(state, counters))
        {
            store.recover(EPOCH0_MS);
            for (int i = 0; i < 20; i++)
            {
                final long expiry = EPOCH0_MS + (i < 10 ? 60_000 : 3_600_000);
                store.put(new StoredBinding(HOME_PREFIX, 0x100 + i, CARE_OF_PREFIX, 0x10 + i,
                    SignalingTransport.NATIVE_IPV6, 0, 0, 0, 0, 0, 0, 0, HOME_PREFIX, HA_LOW, 0, 0, false, 0, 0,
                    false, List.of(), BindingUpdate.FLAG_ACKNOWLEDGE | BindingUpdate.FLAG_HOME_REGISTRATION, 7 + i,
                    expiry, i));
            }
        }
        nowNs = T0 + 120 * SECOND;
        final Processor restarted = new Processor("short");
        final CounterSlots recovery = slots(StoreCounter.values(), "short-2");
        try (BindingStore store = BindingStore.open(state, recovery))
        {
            assertEquals(10, restarted.processor.restoreAll(store, nowNs, epochClock.time()));
        }
        assertEquals(10, recovery.get(StoreCounter.RECOVERY_EXPIRED.ordinal()));
        for (int i = 0; i < 20; i++)
        {
            final BindingRecord record = restarted.processor.binding(HOME_PREFIX, 0x100 + i);
            if (i < 10)
            {
                assertEquals(null, record, "expired while the home agent was down");
                continue;
            }
            assertNotNull(record);
            assertEquals(nowNs + 3_480 * SECOND, record.expiryNs, "expiry kept as wall-clock time");
            assertEquals(3_480, record.lifetimeSeconds);
            assertEquals(7 + i, record.sequence);
            assertEquals(EncapVariant.IPV6_IN_IPV6, record.variantIpv6);
        }
        restarted.close();
    }

    private void assertFastpathEntries(final Processor restarted)
    {
        final BindingView view = new BindingView();
        for (final Node node : nodes)
        {
            assertTrue(restarted.bindings.lookupIpv6(HOME_PREFIX, node.homeLow, view) >= 0);
            final BindingRecord record = restarted.processor.binding(HOME_PREFIX, node.homeLow);
            if (record.ipv4Home != 0)
            {
                assertTrue(restarted.bindings.lookupIpv4(record.ipv4Home, view) >= 0);
            }
        }
    }

    private static String difference(final BindingRecord expected, final BindingRecord actual)
    {
        if (expected == null || actual == null)
        {
            return "missing";
        }
        final ReplyPath e = expected.path;
        final ReplyPath a = actual.path;
        final List<String> fields = new ArrayList<>();
        check(fields, "careOf", expected.careOfHigh == actual.careOfHigh && expected.careOfLow == actual.careOfLow);
        check(fields, "ha", expected.localHigh == actual.localHigh && expected.localLow == actual.localLow);
        check(fields, "path", e.transport == a.transport && e.peerIpv4 == a.peerIpv4 &&
            e.peerUdpPort == a.peerUdpPort && e.localIpv4 == a.localIpv4 && e.localUdpPort == a.localUdpPort &&
            e.port == a.port && e.peerMac == a.peerMac && e.localMac == a.localMac);
        check(fields, "sequence", expected.sequence == actual.sequence);
        check(fields, "flags", expected.flags == actual.flags);
        check(fields, "ipv4Home", expected.ipv4Home == actual.ipv4Home &&
            expected.ipv4HomeDynamic == actual.ipv4HomeDynamic);
        check(fields, "ipv4Prefix", expected.ipv4PrefixNetwork == actual.ipv4PrefixNetwork &&
            expected.ipv4PrefixLength == actual.ipv4PrefixLength &&
            expected.ipv4PrefixDynamic == actual.ipv4PrefixDynamic);
        check(fields, "tunnel", expected.tunnelIpv4 == actual.tunnelIpv4 &&
            expected.natUdpPort == actual.natUdpPort && expected.natDetected == actual.natDetected &&
            expected.variantIpv6 == actual.variantIpv6 && expected.variantIpv4 == actual.variantIpv4);
        check(fields, "mnp", sameMobileNetworkPrefixes(expected, actual));
        // Wall-clock milliseconds in the store: the same instant within one millisecond.
        check(fields, "expiry", Math.abs(expected.expiryNs - actual.expiryNs) < 1_000_000L);
        return fields.isEmpty() ? null : fields.toString();
    }

    private static void check(final List<String> fields, final String name, final boolean same)
    {
        if (!same)
        {
            fields.add(name);
        }
    }

    private static boolean sameMobileNetworkPrefixes(final BindingRecord expected, final BindingRecord actual)
    {
        if (expected.mobileNetworkPrefixCount != actual.mobileNetworkPrefixCount)
        {
            return false;
        }
        for (int i = 0; i < expected.mobileNetworkPrefixCount; i++)
        {
            if (!actual.hasMobileNetworkPrefix(expected.mobileNetworkPrefixHigh[i],
                expected.mobileNetworkPrefixLow[i], expected.mobileNetworkPrefixLength[i]))
            {
                return false;
            }
        }
        return true;
    }

    private CounterSlots slots(final dsmipha.common.counters.CounterDescriptor[] descriptors, final String owner)
    {
        return new CounterSlots(countersFile, descriptors, 0, owner);
    }

    private static RegistrationConfig config()
    {
        final List<RegistrationConfig.MobileNodePolicy> routers = new ArrayList<>();
        for (int i = 0; i < ROUTERS; i++)
        {
            routers.add(new RegistrationConfig.MobileNodePolicy(HOME_PREFIX, 0x100 + i, 0, false, List.of(), true,
                List.of(new RegistrationConfig.Ipv6Prefix(MNP_PREFIX | (long)i << 16, 0, 64, Long.MAX_VALUE),
                new RegistrationConfig.Ipv6Prefix(MNP_PREFIX | (long)i << 16 | 1, 0, 64, Long.MAX_VALUE))));
        }
        return new RegistrationConfig(true, 3600, 0, 110, false, RegistrationConfig.HomeLinkMode.VIRTUAL, false,
            1400, List.of(new RegistrationConfig.Ipv6Prefix(HOME_PREFIX, 0, 64, Long.MAX_VALUE)),
            List.of(new RegistrationConfig.Ipv4Prefix(0xC633_6400, 24)), true,
            List.of(new RegistrationConfig.Ipv4Prefix(POOL_NETWORK, 10)),
            List.of(new RegistrationConfig.Ipv4Prefix(0xC633_6460, 27)), routers);
    }

    /** One mobile node: its home address and how it registers (by index). */
    private record Node(long homeLow, int index)
    {
        void fill(final BindingUpdateRequest request)
        {
            request.clear();
            request.destinationHigh = HOME_PREFIX;
            request.destinationLow = HA_LOW;
            request.sequence = (index * 7919) & 0xFFFF;
            request.flags = BindingUpdate.FLAG_ACKNOWLEDGE | BindingUpdate.FLAG_HOME_REGISTRATION;
            request.lifetimeUnits = LIFETIME_UNITS;
            request.hasIpv4HomeAddress = index % 5 != 4;
            request.ipv4HomeAddress = 0; // RFC 5555 §3.1.1: 0.0.0.0 asks for a dynamic address
            request.ipv4HomePrefixLength = 32;
            if (index < ROUTERS)
            {
                request.flags |= BindingUpdate.FLAG_MOBILE_ROUTER;
                request.mobileNetworkPrefixCount = 2;
                for (int i = 0; i < 2; i++)
                {
                    request.mobileNetworkPrefixHigh[i] = MNP_PREFIX | (long)index << 16 | i;
                    request.mobileNetworkPrefixLow[i] = 0;
                    request.mobileNetworkPrefixLength[i] = 64;
                }
            }
            if (index % 8 == 7 || index % 8 == 3)
            {
                // RFC 5555 §4.1: over IPv4; behind a NAT (UDP, outer source differs) or direct in protocol 41.
                final boolean nat = index % 8 == 7;
                request.path.transport = nat ? SignalingTransport.IPV4_UDP : SignalingTransport.IPV4_PROTOCOL_41;
                request.path.peerIpv4 = nat ? NAT_NETWORK | (index >>> 16) : PRIVATE_NETWORK | index;
                request.path.peerUdpPort = nat ? 1024 + index % 60_000 : 0;
                request.path.localIpv4 = HA4;
                request.path.localUdpPort = nat ? 4191 : 0;
                request.sourceHigh = HOME_PREFIX;
                request.sourceLow = homeLow;
                request.hasIpv4CareOf = true;
                request.ipv4CareOf = PRIVATE_NETWORK | index;
            }
            else
            {
                request.path.transport = SignalingTransport.NATIVE_IPV6;
                request.sourceHigh = CARE_OF_PREFIX;
                request.sourceLow = index + 1L;
                request.hasHomeAddressOption = true;
                request.homeAddressHigh = HOME_PREFIX;
                request.homeAddressLow = homeLow;
            }
            request.path.port = index & 3;
            request.path.peerMac = 0x02_00_00_00_00_00L | index;
            request.path.localMac = 0x02_00_00_00_01_00L | (index & 3);
        }
    }

    /** A processor with its own tables over a virtual home link. */
    private final class Processor
    {
        final BindingTable bindings = new BindingTable(BINDINGS * 3L, 42);
        final PrefixTable prefixes = new PrefixTable(ROUTERS * 4, 43);
        final CounterSlots counters;
        final RegistrationProcessor processor;

        Processor(final String owner)
        {
            final RegistrationConfig config = config();
            counters = slots(RegistrationCounter.values(), owner);
            processor = new RegistrationProcessor(config, bindings, prefixes,
                new OuterHeaderTemplate(HOME_PREFIX, HA_LOW, HA4, 64), new VirtualHomeLink(), new AcceptAll(),
                counters, new Ipv4AddressPool(config.ipv4AddressPools()),
                new Ipv4PrefixPool(config.ipv4PrefixPools()));
        }

        void close()
        {
            bindings.close();
            prefixes.close();
        }
    }

    /** Fails the test on any rejection; nothing else to capture. */
    private static final class AcceptAll implements SignalingSender
    {
        @Override
        public void bindingAck(final BindingUpdateRequest request, final BindingAckReply reply)
        {
            if (reply.status >= dsmipha.common.codec.mh.BindingAck.STATUS_FIRST_REJECTION)
            {
                throw new AssertionError("Binding Update rejected, status " + reply.status);
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
            throw new AssertionError("Binding Error " + status);
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
