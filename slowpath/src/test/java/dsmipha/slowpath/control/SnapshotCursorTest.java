package dsmipha.slowpath.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dsmipha.common.counters.CounterSlots;
import dsmipha.common.counters.CountersFile;
import dsmipha.fastpath.binding.BindingTable;
import dsmipha.fastpath.binding.EncapVariant;
import dsmipha.fastpath.binding.PrefixTable;
import dsmipha.fastpath.encap.OuterHeaderTemplate;
import dsmipha.slowpath.registration.BindingAckReply;
import dsmipha.slowpath.registration.BindingRecord;
import dsmipha.slowpath.registration.BindingUpdateRequest;
import dsmipha.slowpath.registration.Ipv4AddressPool;
import dsmipha.slowpath.registration.Ipv4PrefixPool;
import dsmipha.slowpath.registration.RegistrationConfig;
import dsmipha.slowpath.registration.RegistrationCounter;
import dsmipha.slowpath.registration.RegistrationProcessor;
import dsmipha.slowpath.registration.ReplyPath;
import dsmipha.slowpath.registration.SignalingSender;
import dsmipha.slowpath.registration.VirtualHomeLink;

/**
 * The snapshot walk the home agent uses over a real {@link RegistrationProcessor}: bindings restored into it, some
 * expiring (its timers remove them) and new ones restored while the walk is under way. Each binding is visited at
 * most once, none that ended before its turn is visited, every one that lasted is.
 */
class SnapshotCursorTest
{
    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = 1_000 * SECOND;
    private static final long HOME_HIGH = 0x2001_0db8_000a_0000L;

    @TempDir
    Path dir;

    private CountersFile file;
    private BindingTable bindings;
    private PrefixTable prefixes;
    private RegistrationProcessor registration;

    @BeforeEach
    void setUp()
    {
        final RegistrationConfig config = RegistrationConfig.demo();
        file = CountersFile.create(dir.resolve("c.dat"), 128, "t", 1, 0);
        bindings = new BindingTable(4096, 1);
        prefixes = new PrefixTable(16, 2);
        registration = new RegistrationProcessor(config, bindings, prefixes,
            new OuterHeaderTemplate(HOME_HIGH, 1, 0xC633_6401, 64), new VirtualHomeLink(), new NoSender(),
            new CounterSlots(file, RegistrationCounter.values(), 0, "reg"),
            new Ipv4AddressPool(config.ipv4AddressPools()), new Ipv4PrefixPool(config.ipv4PrefixPools()));
    }

    @AfterEach
    void tearDown()
    {
        bindings.close();
        prefixes.close();
        file.close();
    }

    @Test
    void bindingsEndingAndStartingDuringTheWalkAreSeenAtMostOnce()
    {
        // Even home addresses live long, odd ones expire 10 s in.
        for (int i = 0; i < 1000; i++)
        {
            assertTrue(registration.restore(saved(0x1000 + i, i % 2 == 0 ? 3600 : 10), T0));
        }
        final BindingCursor cursor = BindingCursor.snapshotOf(registration);
        cursor.reset();
        final Set<Long> visited = new HashSet<>();
        final int[] duplicates = {0};
        final BindingRecord[] expiredSeen = {null};
        long now = T0;
        boolean done = cursor.advance(100, record -> note(record, visited, duplicates));
        now += 20 * SECOND;
        for (int i = 0; i < 10 && registration.bindingCount() > 500; i++)
        {
            registration.doWork(now);
        }
        assertEquals(500, registration.bindingCount(), "the odd ones expired");
        for (int i = 0; i < 200; i++)
        {
            assertTrue(registration.restore(saved(0x9000 + i, 3600), now));
        }
        while (!done)
        {
            done = cursor.advance(100, record ->
            {
                if (record.expiryNs <= T0 + 10 * SECOND)
                {
                    expiredSeen[0] = record;
                }
                return note(record, visited, duplicates);
            });
        }
        assertEquals(0, duplicates[0]);
        assertNull(expiredSeen[0], "a binding that ended before its turn is not shown");
        for (int i = 0; i < 1000; i += 2)
        {
            assertTrue(visited.contains(0x1000L + i), "a binding that lasted is shown: " + i);
        }
        assertFalse(visited.contains(0x9000L), "bindings after the start are not in the snapshot");

        cursor.reset();
        final Set<Long> second = new HashSet<>();
        while (!cursor.advance(64, record -> note(record, second, duplicates)))
        {
            // The next walk sees today's bindings.
        }
        assertEquals(registration.bindingCount(), second.size());
        assertEquals(700, second.size());
    }

    private static boolean note(final BindingRecord record, final Set<Long> visited, final int[] duplicates)
    {
        if (!visited.add(record.homeLow))
        {
            duplicates[0]++;
        }
        return true;
    }

    private static BindingRecord saved(final long homeLow, final int lifetimeSeconds)
    {
        final BindingRecord record = new BindingRecord();
        record.homeHigh = HOME_HIGH;
        record.homeLow = homeLow;
        record.localHigh = HOME_HIGH;
        record.localLow = 1;
        record.careOfHigh = 0x2001_0db8_000c_0000L;
        record.careOfLow = homeLow;
        record.replyHigh = record.careOfHigh;
        record.replyLow = record.careOfLow;
        record.variantIpv6 = EncapVariant.IPV6_IN_IPV6;
        record.sequence = 1;
        record.lifetimeSeconds = lifetimeSeconds;
        record.expiryNs = T0 + lifetimeSeconds * SECOND;
        return record;
    }

    /** Sends nothing: the walk is what is tested. */
    private static final class NoSender implements SignalingSender
    {
        @Override
        public void bindingAck(final BindingUpdateRequest request, final BindingAckReply reply)
        {
        }

        @Override
        public void bindingError(final ReplyPath path, final long localHigh, final long localLow,
            final long destinationHigh, final long destinationLow, final int status, final long homeHigh,
            final long homeLow)
        {
        }

        @Override
        public void bindingRefreshRequest(final ReplyPath path, final long localHigh, final long localLow,
            final long careOfHigh, final long careOfLow, final long homeHigh, final long homeLow)
        {
        }
    }
}
