package dsmipha.fastpath.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Single-threaded behaviour of the binding table: add, update, remove and look up IPv6 and IPv4 keys; tombstones;
 * probe chains that wrap around the end; the full table and the probe bound; argument validation.
 */
class BindingTableTest
{
    private static final long SEED = 0x5EED_0001L;
    private static final long DOC_PREFIX = 0x2001_0DB8_0000_0000L;

    private final BindingView value = new BindingView();
    private final BindingView view = new BindingView();
    private BindingTable table;

    @AfterEach
    void close()
    {
        if (table != null)
        {
            table.close();
        }
    }

    @Test
    void addsAndLooksUpAnIpv6Binding()
    {
        table = new BindingTable(24, SEED);
        final MemorySegment header = MemorySegment.ofArray(new byte[40]);
        for (int i = 0; i < 40; i++)
        {
            header.set(ValueLayout.JAVA_BYTE, i, (byte)(0x60 + i));
        }
        value.ipv6HomeAddress(DOC_PREFIX, 0x10).bindingId(7).variant(EncapVariant.IPV6_IN_IPV6)
            .ipv6CareOfAddress(DOC_PREFIX | 0xFFFF, 0x20).udpPorts(0, 0).tunnelMtu(1460).template(header, 0, 40);

        assertEquals(BindingTable.ADDED, table.put(value));
        final int slot = table.lookupIpv6(DOC_PREFIX, 0x10, view);

        assertTrue(slot >= 0);
        assertEquals(slot, view.slot());
        assertEquals(7, view.bindingId());
        assertEquals(EncapVariant.IPV6_IN_IPV6, view.variant());
        assertEquals(DOC_PREFIX | 0xFFFF, view.careOfHigh());
        assertEquals(0x20, view.careOfLow());
        assertEquals(1460, view.tunnelMtu());
        assertEquals(40, view.templateLength());
        assertFalse(view.isIpv4Key());
        assertEquals(0, view.version() & 1);
        final MemorySegment packet = MemorySegment.ofArray(new byte[64]);
        packet.fill((byte)0xEE);
        view.copyTemplateTo(packet, 4);
        for (int i = 0; i < 40; i++)
        {
            assertEquals((byte)(0x60 + i), packet.get(ValueLayout.JAVA_BYTE, 4 + i));
        }
        assertEquals((byte)0xEE, packet.get(ValueLayout.JAVA_BYTE, 44), "copies exactly the template length");
        assertEquals(BindingTable.NOT_FOUND, table.lookupIpv6(DOC_PREFIX, 0x11, view));
        assertEquals(1, table.size());
    }

    @Test
    void addsAndLooksUpAnIpv4BindingWithNatPorts()
    {
        table = new BindingTable(24, SEED);
        final int home = 0xC000_0201;
        final int natAddress = 0xCB00_7109;
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment header = arena.allocate(28);
            header.set(ValueLayout.JAVA_BYTE, 0, (byte)0x45);
            header.set(ValueLayout.JAVA_BYTE, 27, (byte)0x99);
            value.ipv4HomeAddress(home).bindingId(-2).variant(EncapVariant.IPV4_UDP_4191)
                .ipv4CareOfAddress(natAddress).udpPorts(4191, 61_000).tunnelMtu(1472).template(header, 0, 28);
            assertEquals(BindingTable.ADDED, table.put(value));
        }

        assertTrue(table.lookupIpv4(home, view) >= 0);
        assertTrue(view.isIpv4Key());
        assertEquals(-2, view.bindingId());
        assertEquals(natAddress, view.ipv4CareOfAddress());
        assertEquals(4191, view.udpSourcePort());
        assertEquals(61_000, view.udpDestinationPort());
        assertEquals(28, view.templateLength());
        assertEquals(0x45, view.templateOctet(0));
        assertEquals(0x99, view.templateOctet(27));
        assertEquals(0, view.templateOctet(28));
        assertEquals(BindingTable.NOT_FOUND, table.lookupIpv4(home + 1, view));
    }

    @Test
    void ipv4AndIpv6KeysNeverMatchEachOther()
    {
        table = new BindingTable(24, SEED);
        final int home = 0x0102_0304;
        assertEquals(BindingTable.ADDED, table.put(value.ipv4HomeAddress(home).variant(EncapVariant.IPV4_IN_IPV4)));
        assertEquals(BindingTable.ADDED, table.put(value.ipv6HomeAddress(0, home).variant(EncapVariant.IPV6_IN_IPV6)));

        assertEquals(BindingTable.NOT_FOUND, table.lookupIpv6(0, BindingView.ipv4MappedLow(home), view),
            "an IPv6 lookup of ::ffff:1.2.3.4 must not reach the IPv4 binding");
        assertEquals(BindingTable.NOT_FOUND, table.lookupIpv6(DOC_PREFIX, home, view));
        assertTrue(table.lookupIpv6(0, home, view) >= 0);
        assertEquals(EncapVariant.IPV6_IN_IPV6, view.variant());
        assertTrue(table.lookupIpv4(home, view) >= 0);
        assertEquals(EncapVariant.IPV4_IN_IPV4, view.variant());

        assertEquals(BindingTable.INVALID,
            table.put(value.ipv6HomeAddress(0, BindingView.ipv4MappedLow(home)).variant(EncapVariant.IPV6_IN_IPV6)));
        assertEquals(BindingTable.NOT_FOUND, table.removeIpv6(0, BindingView.ipv4MappedLow(home)));
        assertEquals(1, table.counter(BindingTableCounter.INVALID_BINDING));
        assertEquals(2, table.size());
    }

    @Test
    void refusesInvalidBindings()
    {
        table = new BindingTable(24, SEED);
        assertEquals(BindingTable.INVALID, table.put(value.ipv6HomeAddress(DOC_PREFIX, 1).variant(0)));
        assertEquals(BindingTable.INVALID, table.put(value.variant(EncapVariant.MAX + 1)));
        assertEquals(BindingTable.INVALID, table.put(value.ipv6HomeAddress(0, 0).variant(1)));
        assertEquals(3, table.counter(BindingTableCounter.INVALID_BINDING));
        assertEquals(0, table.size());
        assertThrows(IllegalArgumentException.class,
            () -> value.template(MemorySegment.ofArray(new byte[64]), 0, BindingTableDescriptor.TEMPLATE_LENGTH + 1));
    }

    @Test
    void updatesInPlace()
    {
        table = new BindingTable(24, SEED);
        value.ipv6HomeAddress(DOC_PREFIX, 5).bindingId(1).variant(EncapVariant.IPV6_IN_IPV6).tunnelMtu(1400);
        assertEquals(BindingTable.ADDED, table.put(value));
        final int slot = table.lookupIpv6(DOC_PREFIX, 5, view);
        final long version = view.version();

        value.bindingId(2).variant(EncapVariant.IPV6_IN_IPV4).ipv4CareOfAddress(0x0A00_0001).tunnelMtu(1480);
        assertEquals(BindingTable.UPDATED, table.put(value));

        assertEquals(slot, table.lookupIpv6(DOC_PREFIX, 5, view));
        assertEquals(2, view.bindingId());
        assertEquals(EncapVariant.IPV6_IN_IPV4, view.variant());
        assertEquals(0x0A00_0001, view.ipv4CareOfAddress());
        assertEquals(1480, view.tunnelMtu());
        assertEquals(version + 2, view.version());
        assertEquals(1, table.size());
    }

    @Test
    void removesAndAddsAgain()
    {
        table = new BindingTable(24, SEED);
        value.ipv4HomeAddress(0x0A01_0203).bindingId(9).variant(EncapVariant.IPV4_IN_IPV4);
        assertEquals(BindingTable.ADDED, table.put(value));

        assertEquals(BindingTable.REMOVED, table.removeIpv4(0x0A01_0203));
        assertEquals(BindingTable.NOT_FOUND, table.lookupIpv4(0x0A01_0203, view));
        assertEquals(BindingTable.NOT_FOUND, table.removeIpv4(0x0A01_0203));
        assertEquals(0, table.size());
        assertEquals(0, table.tombstoneCount(), "a lone tombstone before an empty slot is reclaimed");

        assertEquals(BindingTable.ADDED, table.put(value.bindingId(10)));
        assertTrue(table.lookupIpv4(0x0A01_0203, view) >= 0);
        assertEquals(10, view.bindingId());
    }

    @Test
    void chainsContinuePastTombstonesAndInsertsReuseThem()
    {
        table = new BindingTable(24, SEED);
        final long[] keys = keysWithHome(table, 5, 4);
        for (int i = 0; i < 3; i++)
        {
            assertEquals(BindingTable.ADDED, table.put(ipv6(keys[i])));
        }
        for (int i = 0; i < 3; i++)
        {
            assertEquals(5 + i, table.lookupIpv6(DOC_PREFIX, keys[i], view));
        }

        assertEquals(BindingTable.REMOVED, table.removeIpv6(DOC_PREFIX, keys[1]));
        assertEquals(1, table.tombstoneCount());
        assertEquals(7, table.lookupIpv6(DOC_PREFIX, keys[2], view), "probe continues past the tombstone");

        assertEquals(BindingTable.ADDED, table.put(ipv6(keys[3])));
        assertEquals(6, table.lookupIpv6(DOC_PREFIX, keys[3], view), "the tombstone is reused");
        assertEquals(0, table.tombstoneCount());
        assertEquals(3, table.size());
    }

    @Test
    void trailingTombstonesBecomeEmptyAgain()
    {
        table = new BindingTable(24, SEED);
        final long[] keys = keysWithHome(table, 9, 3);
        for (final long key : keys)
        {
            table.put(ipv6(key));
        }
        assertEquals(BindingTable.REMOVED, table.removeIpv6(DOC_PREFIX, keys[1]));
        assertEquals(1, table.tombstoneCount());
        assertEquals(BindingTable.REMOVED, table.removeIpv6(DOC_PREFIX, keys[2]));
        assertEquals(0, table.tombstoneCount(), "slots 10 and 11 are empty again");
        assertEquals(9, table.lookupIpv6(DOC_PREFIX, keys[0], view));
        assertEquals(BindingTable.REMOVED, table.removeIpv6(DOC_PREFIX, keys[0]));
        assertEquals(0, table.tombstoneCount());
        assertEquals(0, table.size());
    }

    @Test
    void probeChainsWrapAroundTheEnd()
    {
        table = new BindingTable(24, SEED);
        final int last = (int)table.slotCount() - 1;
        final long[] keys = keysWithHome(table, last, 3);
        for (final long key : keys)
        {
            assertEquals(BindingTable.ADDED, table.put(ipv6(key)));
        }
        assertEquals(last, table.lookupIpv6(DOC_PREFIX, keys[0], view));
        assertEquals(0, table.lookupIpv6(DOC_PREFIX, keys[1], view));
        assertEquals(1, table.lookupIpv6(DOC_PREFIX, keys[2], view));

        assertEquals(BindingTable.REMOVED, table.removeIpv6(DOC_PREFIX, keys[0]));
        assertEquals(1, table.lookupIpv6(DOC_PREFIX, keys[2], view), "found across the tombstone at the end");
        assertEquals(BindingTable.REMOVED, table.removeIpv6(DOC_PREFIX, keys[2]));
        assertEquals(BindingTable.REMOVED, table.removeIpv6(DOC_PREFIX, keys[1]));
        assertEquals(0, table.tombstoneCount(), "reclaim walks backwards across the wrap");
        assertEquals(0, table.size());
    }

    @Test
    void aFullTableRefusesNewBindingsAndKeepsTheOld()
    {
        table = new BindingTable(24, SEED);
        final SplittableRandom random = new SplittableRandom(1);
        final long[] keys = new long[24];
        for (int i = 0; i < keys.length; i++)
        {
            keys[i] = random.nextLong();
            assertEquals(BindingTable.ADDED, table.put(ipv6(keys[i]).bindingId(i)));
        }

        assertEquals(BindingTable.TABLE_FULL, table.put(ipv6(random.nextLong())));
        assertEquals(BindingTable.TABLE_FULL, table.put(value.ipv4HomeAddress(0x0A00_0001)));
        assertEquals(2, table.counter(BindingTableCounter.TABLE_FULL));
        assertEquals(BindingTable.UPDATED, table.put(ipv6(keys[3]).bindingId(103)), "updates still work");
        for (int i = 0; i < keys.length; i++)
        {
            assertTrue(table.lookupIpv6(DOC_PREFIX, keys[i], view) >= 0);
            assertEquals(i == 3 ? 103 : i, view.bindingId());
        }

        assertEquals(BindingTable.REMOVED, table.removeIpv6(DOC_PREFIX, keys[0]));
        assertEquals(BindingTable.ADDED, table.put(value.ipv4HomeAddress(0x0A00_0001)));
        assertEquals(24, table.size());
    }

    @Test
    void theProbeBoundRefusesAKeyTooFarFromHome()
    {
        table = new BindingTable(24, 0.75, 2, SEED);
        final long[] keys = keysWithHome(table, 3, 4);
        for (int i = 0; i < 3; i++)
        {
            assertEquals(BindingTable.ADDED, table.put(ipv6(keys[i])));
        }
        assertEquals(BindingTable.PROBE_LIMIT, table.put(ipv6(keys[3])));
        assertEquals(1, table.counter(BindingTableCounter.PROBE_LIMIT));
        assertEquals(0, table.counter(BindingTableCounter.TABLE_FULL));
        assertEquals(2, table.maxDisplacement());
        for (int i = 0; i < 3; i++)
        {
            assertEquals(3 + i, table.lookupIpv6(DOC_PREFIX, keys[i], view));
        }
        assertEquals(BindingTable.NOT_FOUND, table.lookupIpv6(DOC_PREFIX, keys[3], view));
    }

    @Test
    void aReaderGivesUpOnAnEntryThatStaysOdd()
    {
        table = new BindingTable(24, SEED);
        final int slot = table.put(ipv6(42)) == BindingTable.ADDED ? table.lookupIpv6(DOC_PREFIX, 42, view) : -1;
        final long versionOffset = BindingTableDescriptor.entryOffset(slot) + BindingTableDescriptor.VERSION_OFFSET;
        final long version = table.memory().get(ValueLayout.JAVA_LONG, versionOffset);
        table.memory().set(ValueLayout.JAVA_LONG, versionOffset, version + 1);

        assertEquals(BindingTable.BUSY, table.lookupIpv6(DOC_PREFIX, 42, view));
        assertEquals(BindingTable.MAX_READ_ATTEMPTS, view.readRetryCount());
        assertEquals(1, view.readBusyCount());

        table.memory().set(ValueLayout.JAVA_LONG, versionOffset, version + 2);
        assertEquals(slot, table.lookupIpv6(DOC_PREFIX, 42, view));
    }

    @Test
    void matchesAMapUnderRandomOperations()
    {
        final long seed = 20_261_124L;
        System.out.println("BindingTableTest random seed " + seed);
        table = new BindingTable(5_000, SEED);
        final SplittableRandom random = new SplittableRandom(seed);
        final Map<Long, Integer> oracle = new HashMap<>();
        for (int i = 0; i < 200_000; i++)
        {
            final long key = random.nextInt(8_000);
            final int op = random.nextInt(3);
            if (op < 2)
            {
                final int result = table.put(ipv6(key).bindingId(i));
                if (oracle.containsKey(key))
                {
                    assertEquals(BindingTable.UPDATED, result);
                    oracle.put(key, i);
                }
                else if (oracle.size() < 5_000)
                {
                    assertEquals(BindingTable.ADDED, result);
                    oracle.put(key, i);
                }
                else
                {
                    assertEquals(BindingTable.TABLE_FULL, result);
                }
            }
            else
            {
                assertEquals(oracle.remove(key) != null ? BindingTable.REMOVED : BindingTable.NOT_FOUND,
                    table.removeIpv6(DOC_PREFIX, key));
            }
        }
        assertEquals(oracle.size(), table.size());
        for (long key = 0; key < 8_000; key++)
        {
            final Integer id = oracle.get(key);
            final int slot = table.lookupIpv6(DOC_PREFIX, key, view);
            if (id == null)
            {
                assertEquals(BindingTable.NOT_FOUND, slot);
            }
            else
            {
                assertTrue(slot >= 0);
                assertEquals(id, view.bindingId());
            }
        }
        assertEquals(0, table.counter(BindingTableCounter.PROBE_LIMIT));
    }

    @Test
    void sizesFromTheRequestedCapacity()
    {
        assertEquals(32, BindingTableDescriptor.slotCount(1, 0.75));
        assertEquals(32, BindingTableDescriptor.slotCount(24, 0.75));
        assertEquals(64, BindingTableDescriptor.slotCount(25, 0.75));
        assertEquals(2_000_000, BindingTableDescriptor.slotCount(1_000_000, 0.5));
        final long tenMillion = BindingTableDescriptor.slotCount(10_000_000, BindingTableDescriptor.DEFAULT_LOAD_FACTOR);
        assertEquals(13_333_344, tenMillion);
        assertEquals(1_706_668_032L, BindingTableDescriptor.tableLength(tenMillion));
        assertEquals(1_706_668_032L + 13_333_344, BindingTableDescriptor.memoryLength(tenMillion));
        assertEquals(128, BindingTableDescriptor.ENTRY_LENGTH);

        try (BindingTable small = new BindingTable(1, SEED))
        {
            assertEquals(32, small.slotCount());
            assertEquals(32 * 128 + 32, small.memoryLength(), "entries and one tag octet per slot");
            assertEquals(31, small.maxProbe());
            assertEquals(0, small.memory().address() % 64);
        }
    }

    @Test
    void rejectsBadSizes()
    {
        assertThrows(IllegalArgumentException.class, () -> BindingTableDescriptor.slotCount(0, 0.75));
        assertThrows(IllegalArgumentException.class, () -> BindingTableDescriptor.slotCount(-1, 0.75));
        assertThrows(IllegalArgumentException.class,
            () -> BindingTableDescriptor.slotCount(BindingTableDescriptor.MAX_CAPACITY + 1, 0.75));
        assertThrows(IllegalArgumentException.class, () -> BindingTableDescriptor.slotCount(10, 0.0));
        assertThrows(IllegalArgumentException.class, () -> BindingTableDescriptor.slotCount(10, 0.95));
        assertThrows(IllegalArgumentException.class, () -> BindingTableDescriptor.slotCount(10, Double.NaN));
        assertThrows(IllegalArgumentException.class,
            () -> BindingTableDescriptor.slotCount(BindingTableDescriptor.MAX_CAPACITY, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new BindingTable(10, 0.75, 0, SEED));
    }

    private BindingView ipv6(final long low)
    {
        return value.ipv6HomeAddress(DOC_PREFIX, low).variant(EncapVariant.IPV6_IN_IPV6);
    }

    /**
     * @return {@code count} distinct low halves whose keys (under DOC_PREFIX) have the given home slot.
     */
    private static long[] keysWithHome(final BindingTable table, final long home, final int count)
    {
        final long[] keys = new long[count];
        int found = 0;
        for (long low = 1; found < count; low++)
        {
            if (table.homeSlot(DOC_PREFIX, low) == home)
            {
                keys[found++] = low;
            }
        }
        return keys;
    }
}
