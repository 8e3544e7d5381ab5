package dsmipha.fastpath.route;

import static dsmipha.common.testing.Addresses.high;
import static dsmipha.common.testing.Addresses.low;
import static dsmipha.common.testing.Addresses.mac;
import static dsmipha.common.testing.Addresses.ipv4;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dsmipha.common.testing.Addresses;

/**
 * The neighbour table's single-writer API and lock-free reads: states, keys per port, full table, tombstones.
 */
class NeighborTableTest
{
    private static final long MAC_A = mac("00:00:5e:00:53:01");
    private static final long MAC_B = mac("00:00:5e:00:53:02");
    private static final long GW_HIGH = high("fe80::1");
    private static final long GW_LOW = low("fe80::1");

    private final NeighborTable table = new NeighborTable(8, 42);
    private final NeighborView view = new NeighborView();

    @AfterEach
    void close()
    {
        table.close();
    }

    @Test
    void putThenLookupCopiesTheEntry()
    {
        final int slot = table.put(1, GW_HIGH, GW_LOW, NeighborState.REACHABLE, MAC_A);
        assertTrue(slot >= 0);
        assertEquals(slot, table.lookup(1, GW_HIGH, GW_LOW, view));
        assertEquals(NeighborState.REACHABLE, view.state());
        assertEquals(1, view.port());
        assertEquals(MAC_A, view.mac());
        assertEquals(GW_HIGH, view.keyHigh());
        assertEquals(GW_LOW, view.keyLow());
        assertEquals(slot, view.slot());
        assertEquals(0, view.version() & 1, "a kept copy has an even version");
        assertEquals(1, table.size());
    }

    @Test
    void theSameAddressOnAnotherPortIsAnotherNeighbour()
    {
        final int a = table.put(0, GW_HIGH, GW_LOW, NeighborState.REACHABLE, MAC_A);
        final int b = table.put(1, GW_HIGH, GW_LOW, NeighborState.STALE, MAC_B);
        assertTrue(a != b);
        table.lookup(0, GW_HIGH, GW_LOW, view);
        assertEquals(MAC_A, view.mac());
        table.lookup(1, GW_HIGH, GW_LOW, view);
        assertEquals(MAC_B, view.mac());
        assertEquals(NeighborTable.NOT_FOUND, table.lookup(2, GW_HIGH, GW_LOW, view));
    }

    @Test
    void updateKeepsTheSlot()
    {
        final long low = NeighborTable.ipv4MappedLow(ipv4("192.0.2.9"));
        final int slot = table.put(0, NeighborTable.IPV4_MAPPED_HIGH, low, NeighborState.INCOMPLETE, 0);
        assertEquals(slot, table.put(0, NeighborTable.IPV4_MAPPED_HIGH, low, NeighborState.REACHABLE, MAC_A));
        assertEquals(slot, table.update(slot, NeighborState.STALE, MAC_B));
        assertEquals(slot, table.readSlot(slot, 0, NeighborTable.IPV4_MAPPED_HIGH, low, view));
        assertEquals(NeighborState.STALE, view.state());
        assertEquals(MAC_B, view.mac());
        assertEquals(NeighborState.STALE, table.state(slot));
        assertEquals(MAC_B, table.mac(slot));
        assertEquals(0, table.port(slot));
        assertEquals(low, table.keyLow(slot));
        assertEquals(NeighborTable.IPV4_MAPPED_HIGH, table.keyHigh(slot));
        assertEquals(1, table.size());
        assertTrue(NeighborTable.isIpv4Mapped(table.keyHigh(slot), table.keyLow(slot)));
    }

    @Test
    void readSlotRefusesAnotherKeyOrADeadSlot()
    {
        final int slot = table.put(0, GW_HIGH, GW_LOW, NeighborState.REACHABLE, MAC_A);
        assertEquals(NeighborTable.NOT_FOUND, table.readSlot(slot, 1, GW_HIGH, GW_LOW, view));
        assertEquals(NeighborTable.NOT_FOUND, table.readSlot(slot, 0, GW_HIGH, GW_LOW + 1, view));
        assertEquals(NeighborTable.NOT_FOUND, table.readSlot(-1, 0, GW_HIGH, GW_LOW, view));
        assertEquals(NeighborTable.NOT_FOUND, table.readSlot(table.slotCount(), 0, GW_HIGH, GW_LOW, view));
        assertEquals(slot, table.remove(0, GW_HIGH, GW_LOW));
        assertEquals(NeighborTable.NOT_FOUND, table.readSlot(slot, 0, GW_HIGH, GW_LOW, view));
        assertEquals(NeighborTable.NOT_FOUND, table.lookup(0, GW_HIGH, GW_LOW, view));
        assertEquals(NeighborTable.NOT_FOUND, table.remove(0, GW_HIGH, GW_LOW));
        assertEquals(NeighborTable.NOT_FOUND, table.update(slot, NeighborState.STALE, MAC_A));
        assertFalse(table.isLive(slot));
    }

    @Test
    void fullTableRefusesAndCounts()
    {
        for (int i = 1; i <= table.capacity(); i++)
        {
            assertTrue(table.put(0, 0, NeighborTable.ipv4MappedLow(i), NeighborState.INCOMPLETE, 0) >= 0);
        }
        assertEquals(NeighborTable.TABLE_FULL, table.put(0, 0, NeighborTable.ipv4MappedLow(99),
            NeighborState.INCOMPLETE, 0));
        assertEquals(1, table.tableFullCount());
        assertTrue(table.put(0, 0, NeighborTable.ipv4MappedLow(1), NeighborState.REACHABLE, MAC_A) >= 0,
            "an existing entry can still change");
        table.remove(0, 0, NeighborTable.ipv4MappedLow(1));
        assertTrue(table.put(0, 0, NeighborTable.ipv4MappedLow(99), NeighborState.INCOMPLETE, 0) >= 0);
        assertEquals(table.capacity(), table.size());
    }

    @Test
    void removalsLeaveEveryOtherEntryFindable()
    {
        final NeighborTable big = new NeighborTable(512, 7);
        for (int i = 1; i <= 512; i++)
        {
            big.put(0, 0, NeighborTable.ipv4MappedLow(i), NeighborState.STATIC, MAC_A + i);
        }
        for (int i = 1; i <= 512; i += 2)
        {
            assertTrue(big.remove(0, 0, NeighborTable.ipv4MappedLow(i)) >= 0);
        }
        for (int i = 1; i <= 512; i++)
        {
            final int slot = big.lookup(0, 0, NeighborTable.ipv4MappedLow(i), view);
            if (i % 2 == 0)
            {
                assertTrue(slot >= 0, "entry " + i);
                assertEquals(MAC_A + i, view.mac());
            }
            else
            {
                assertEquals(NeighborTable.NOT_FOUND, slot, "entry " + i);
            }
        }
        assertEquals(256, big.size());
        for (int i = 2; i <= 512; i += 2)
        {
            big.remove(0, 0, NeighborTable.ipv4MappedLow(i));
        }
        assertEquals(0, big.size());
        assertEquals(0, big.tombstoneCount(), "an empty table has reclaimed every tombstone");
        big.close();
    }

    @Test
    void rejectsInvalidEntries()
    {
        assertEquals(NeighborTable.INVALID, table.put(0, 0, 0, NeighborState.REACHABLE, MAC_A), "unspecified");
        assertEquals(NeighborTable.INVALID, table.put(-1, GW_HIGH, GW_LOW, NeighborState.REACHABLE, MAC_A));
        assertEquals(NeighborTable.INVALID, table.put(0x10000, GW_HIGH, GW_LOW, NeighborState.REACHABLE, MAC_A));
        assertEquals(NeighborTable.INVALID, table.put(0, GW_HIGH, GW_LOW, 0, MAC_A), "no such state");
        assertEquals(NeighborTable.INVALID, table.put(0, GW_HIGH, GW_LOW, NeighborState.REACHABLE, 0), "no MAC");
        assertEquals(NeighborTable.INVALID, table.put(0, GW_HIGH, GW_LOW, NeighborState.REACHABLE,
            mac("01:00:5e:00:00:01")), "group MAC");
        assertEquals(NeighborTable.INVALID, table.put(0, GW_HIGH, GW_LOW, NeighborState.INCOMPLETE, MAC_A),
            "a pending entry has no MAC");
        assertEquals(NeighborTable.INVALID, table.put(0, GW_HIGH, GW_LOW, NeighborState.STATIC, 1L << 48));
        final int slot = table.put(0, GW_HIGH, GW_LOW, NeighborState.STATIC, MAC_A);
        assertEquals(NeighborTable.INVALID, table.update(slot, NeighborState.FAILED, MAC_A));
        assertEquals(9, table.invalidCount());
        assertEquals(1, table.size());
    }

    @Test
    void stateNames()
    {
        assertEquals("INCOMPLETE", NeighborState.name(NeighborState.INCOMPLETE));
        assertEquals("REACHABLE", NeighborState.name(NeighborState.REACHABLE));
        assertEquals("STALE", NeighborState.name(NeighborState.STALE));
        assertEquals("FAILED", NeighborState.name(NeighborState.FAILED));
        assertEquals("STATIC", NeighborState.name(NeighborState.STATIC));
        assertEquals("UNKNOWN(9)", NeighborState.name(9));
        assertTrue(NeighborState.isUsable(NeighborState.STALE));
        assertFalse(NeighborState.isUsable(NeighborState.INCOMPLETE));
        assertFalse(NeighborState.isUsable(NeighborState.FAILED));
    }

    @Test
    void slotCountIsAPowerOfTwoAtLeastTwiceTheCapacity()
    {
        assertEquals(2, NeighborTableDescriptor.slotCount(1));
        assertEquals(8, NeighborTableDescriptor.slotCount(3));
        assertEquals(8, NeighborTableDescriptor.slotCount(4));
        assertEquals(16, NeighborTableDescriptor.slotCount(5));
        assertEquals(16, table.slotCount());
    }
}
