package dsmipha.fastpath.binding;

import static dsmipha.fastpath.binding.BindingTable.ADDED;
import static dsmipha.fastpath.binding.BindingTable.BUSY;
import static dsmipha.fastpath.binding.BindingTable.INVALID;
import static dsmipha.fastpath.binding.BindingTable.NOT_FOUND;
import static dsmipha.fastpath.binding.BindingTable.REMOVED;
import static dsmipha.fastpath.binding.BindingTable.TABLE_FULL;
import static dsmipha.fastpath.binding.BindingTable.UPDATED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Longest-prefix match over IPv6 and IPv4 prefixes: overlapping prefixes, the default prefix, host routes,
 * invalid prefixes, the full table, the published length set, and a reader that gives up on an entry the writer
 * never finishes.
 */
class PrefixTableTest
{
    private static final long DOC = 0x2001_0DB8_0000_0000L;
    private static final long ROUTER_HIGH = 0x2001_0DB8_FFFF_0000L;
    private static final long ROUTER_LOW = 1;
    private static final int NET10 = 0x0A00_0000;

    private final PrefixTable table = new PrefixTable(64, 0xC0FFEEL);
    private final PrefixMatch match = new PrefixMatch();

    @AfterEach
    void close()
    {
        table.close();
    }

    @Test
    void addsLooksUpUpdatesAndRemovesAnIpv6Prefix()
    {
        final long prefix = DOC | 0x0001_0000L;
        assertEquals(ADDED, table.putIpv6(prefix, 0, 48, ROUTER_HIGH, ROUTER_LOW));
        assertEquals(1, table.size());

        assertEquals(48, table.lookupIpv6(prefix | 0xABCDL, 0x1234L, match));
        assertEquals(48, match.prefixLength());
        assertEquals(48, match.keyLength());
        assertFalse(match.isIpv4());
        assertEquals(prefix, match.prefixHigh());
        assertEquals(0, match.prefixLow());
        assertEquals(ROUTER_HIGH, match.ownerHigh());
        assertEquals(ROUTER_LOW, match.ownerLow());
        assertFalse(match.isIpv4Owner());
        assertEquals(NOT_FOUND, table.lookupIpv6(DOC | 0x0002_0000L, 0, match));

        assertEquals(UPDATED, table.putIpv6(prefix, 0, 48, ROUTER_HIGH, 2));
        assertEquals(48, table.lookupIpv6(prefix, 99, match));
        assertEquals(2, match.ownerLow());
        assertEquals(1, table.size());

        assertEquals(REMOVED, table.removeIpv6(prefix, 0, 48));
        assertEquals(NOT_FOUND, table.lookupIpv6(prefix, 99, match));
        assertEquals(NOT_FOUND, table.removeIpv6(prefix, 0, 48));
        assertEquals(0, table.size());
        assertEquals(1, table.counter(PrefixTableCounter.ADDED));
        assertEquals(1, table.counter(PrefixTableCounter.UPDATED));
        assertEquals(1, table.counter(PrefixTableCounter.REMOVED));
    }

    @Test
    void theLongestOfOverlappingPrefixesWins()
    {
        final long high = DOC | 0x0001_0002L;
        final long low = 0x0000_0000_0000_00FFL;
        table.putIpv6(DOC, 0, 32, ROUTER_HIGH, 32);
        table.putIpv6(DOC | 0x0001_0000L, 0, 48, ROUTER_HIGH, 48);
        table.putIpv6(high, 0, 64, ROUTER_HIGH, 64);
        table.putIpv6(high, 0xF0, 124, ROUTER_HIGH, 124);
        table.putIpv6(high, low, 128, ROUTER_HIGH, 128);
        // Same address bits, another length: a different prefix.
        table.putIpv6(high, 0, 63, ROUTER_HIGH, 63);

        final int[] expected = {128, 124, 64, 63, 48, 32};
        for (final int length : expected)
        {
            assertEquals(length, table.lookupIpv6(high, low, match), "before removing /" + length);
            assertEquals(length, match.ownerLow());
            assertEquals(REMOVED, table.removeIpv6(match.prefixHigh(), match.prefixLow(), length));
        }
        assertEquals(NOT_FOUND, table.lookupIpv6(high, low, match));
        assertEquals(0, table.ipv6LengthCount());
    }

    @Test
    void theDefaultPrefixMatchesEveryAddressOfItsFamilyOnly()
    {
        assertEquals(ADDED, table.putIpv6(0, 0, 0, ROUTER_HIGH, 6));
        assertEquals(0, table.lookupIpv6(DOC, 1, match));
        assertEquals(0, table.lookupIpv6(-1L, -1L, match));
        assertEquals(NOT_FOUND, table.lookupIpv4(NET10 | 1, match), "an IPv6 /0 never matches IPv4");
        assertEquals(NOT_FOUND, table.lookupIpv6(0, BindingView.ipv4MappedLow(NET10 | 1), match),
            "an IPv4-mapped address is not looked up among IPv6 prefixes");

        assertEquals(ADDED, table.putIpv4(0, 0, ROUTER_HIGH, 4));
        assertEquals(0, table.lookupIpv4(NET10 | 1, match));
        assertTrue(match.isIpv4());
        assertEquals(0, match.prefixLength());
        assertEquals(96, match.keyLength());
        assertEquals(4, match.ownerLow());
        assertEquals(0, table.lookupIpv4(0xFFFF_FFFF, match));
        assertEquals(0, table.lookupIpv6(DOC, 1, match));
        assertEquals(6, match.ownerLow(), "an IPv4 /0 never matches IPv6");
    }

    @Test
    void hostPrefixesMatchOneAddress()
    {
        table.putIpv6(DOC, 7, 128, ROUTER_HIGH, 1);
        table.putIpv4(NET10 | 0x0102_03, 32, 0, BindingView.ipv4MappedLow(NET10 | 9));
        assertEquals(128, table.lookupIpv6(DOC, 7, match));
        assertEquals(NOT_FOUND, table.lookupIpv6(DOC, 6, match));
        assertEquals(NOT_FOUND, table.lookupIpv6(DOC, 0x8000_0000_0000_0007L, match));
        assertEquals(32, table.lookupIpv4(NET10 | 0x0102_03, match));
        assertEquals(NET10 | 0x0102_03, match.ipv4Prefix());
        assertTrue(match.isIpv4Owner());
        assertEquals(NET10 | 9, (int)match.ownerLow());
        assertEquals(NOT_FOUND, table.lookupIpv4(NET10 | 0x0102_02, match));
    }

    @Test
    void ipv4PrefixesMatchByLongestLength()
    {
        table.putIpv4(NET10, 8, ROUTER_HIGH, 8);
        table.putIpv4(NET10 | 0x0001_0000, 16, ROUTER_HIGH, 16);
        table.putIpv4(NET10 | 0x0001_0100, 24, ROUTER_HIGH, 24);
        table.putIpv4(NET10 | 0x0001_0180, 25, ROUTER_HIGH, 25);
        assertEquals(25, table.lookupIpv4(NET10 | 0x0001_0181, match));
        assertEquals(24, table.lookupIpv4(NET10 | 0x0001_0101, match));
        assertEquals(16, table.lookupIpv4(NET10 | 0x0001_FF01, match));
        assertEquals(8, table.lookupIpv4(NET10 | 0x00FF_FF01, match));
        assertEquals(8, match.ownerLow());
        assertEquals(NOT_FOUND, table.lookupIpv4(0x0B00_0001, match));
        assertEquals(4, table.ipv4LengthCount());
        assertEquals(0, table.ipv6LengthCount());
    }

    @Test
    void refusesInvalidPrefixesAndOwners()
    {
        assertEquals(INVALID, table.putIpv6(DOC, 0, 129, ROUTER_HIGH, 1));
        assertEquals(INVALID, table.putIpv6(DOC, 0, -1, ROUTER_HIGH, 1));
        assertEquals(INVALID, table.putIpv4(NET10, 33, ROUTER_HIGH, 1));
        assertEquals(INVALID, table.putIpv4(NET10, -1, ROUTER_HIGH, 1));
        // Host bits set beyond the length: refused, never masked silently.
        assertEquals(INVALID, table.putIpv6(DOC | 1, 0, 48, ROUTER_HIGH, 1));
        assertEquals(INVALID, table.putIpv6(DOC, 1, 64, ROUTER_HIGH, 1));
        assertEquals(INVALID, table.putIpv6(DOC, 1, 127, ROUTER_HIGH, 1));
        assertEquals(INVALID, table.putIpv6(DOC, 0, 0, ROUTER_HIGH, 1));
        assertEquals(INVALID, table.putIpv4(NET10 | 1, 24, ROUTER_HIGH, 1));
        assertEquals(INVALID, table.putIpv4(NET10, 0, ROUTER_HIGH, 1));
        // The IPv4-mapped block belongs to IPv4 prefixes.
        assertEquals(INVALID, table.putIpv6(0, BindingView.ipv4MappedLow(NET10), 104, ROUTER_HIGH, 1));
        assertEquals(INVALID, table.putIpv6(0, BindingView.ipv4MappedLow(0), 96, ROUTER_HIGH, 1));
        // The unspecified address owns nothing.
        assertEquals(INVALID, table.putIpv6(DOC, 0, 32, 0, 0));
        assertEquals(INVALID, table.putIpv4(NET10, 8, 0, 0));
        assertEquals(INVALID, table.removeIpv6(DOC | 1, 0, 32));
        assertEquals(INVALID, table.removeIpv4(NET10, 40));

        assertEquals(16, table.counter(PrefixTableCounter.INVALID));
        assertEquals(0, table.size());
        assertEquals(0, table.ipv6LengthCount() + table.ipv4LengthCount());
        // Edge lengths that are valid.
        assertEquals(ADDED, table.putIpv6(-1L, -1L, 128, ROUTER_HIGH, 1));
        assertEquals(ADDED, table.putIpv6(0xFFFF_FFFF_FFFF_FFFFL, 0, 64, ROUTER_HIGH, 1));
        assertEquals(ADDED, table.putIpv6(0, 0, 95, ROUTER_HIGH, 1));
        assertEquals(ADDED, table.putIpv4(-1, 32, ROUTER_HIGH, 1));
    }

    @Test
    void aFullTableRefusesNewPrefixesButKeepsItsOwn()
    {
        try (PrefixTable small = new PrefixTable(4, 1))
        {
            for (int i = 0; i < 4; i++)
            {
                assertEquals(ADDED, small.putIpv6(DOC | (long)i << 16, 0, 48, ROUTER_HIGH, i + 1));
            }
            assertEquals(TABLE_FULL, small.putIpv6(DOC | 4L << 16, 0, 48, ROUTER_HIGH, 5));
            assertEquals(TABLE_FULL, small.putIpv4(NET10, 8, ROUTER_HIGH, 5));
            assertEquals(2, small.counter(PrefixTableCounter.TABLE_FULL));
            assertEquals(4, small.size());
            assertFalse(small.hasIpv4Length(8), "a refused prefix publishes no length");
            assertEquals(NOT_FOUND, small.lookupIpv6(DOC | 4L << 16, 0, match));
            for (int i = 0; i < 4; i++)
            {
                assertEquals(48, small.lookupIpv6(DOC | (long)i << 16, 5, match));
                assertEquals(i + 1, match.ownerLow());
            }
            // Updates of a present prefix still work in a full table, and a removal makes room.
            assertEquals(UPDATED, small.putIpv6(DOC, 0, 48, ROUTER_HIGH, 9));
            assertEquals(REMOVED, small.removeIpv6(DOC | 3L << 16, 0, 48));
            assertEquals(ADDED, small.putIpv4(NET10, 8, ROUTER_HIGH, 5));
            assertEquals(8, small.lookupIpv4(NET10 | 5, match));
        }
    }

    @Test
    void aLengthIsPublishedWithItsFirstPrefixAndWithdrawnWithItsLast()
    {
        assertFalse(table.hasIpv6Length(56));
        table.putIpv6(DOC | 0x0100, 0, 56, ROUTER_HIGH, 1);
        table.putIpv6(DOC | 0x0200, 0, 56, ROUTER_HIGH, 2);
        table.putIpv4(NET10, 8, ROUTER_HIGH, 3);
        assertTrue(table.hasIpv6Length(56));
        assertTrue(table.hasIpv4Length(8));
        assertFalse(table.hasIpv6Length(104), "IPv4 /8 is not an IPv6 /104");
        assertEquals(1, table.ipv6LengthCount());

        table.removeIpv6(DOC | 0x0100, 0, 56);
        assertTrue(table.hasIpv6Length(56), "one /56 is left");
        assertEquals(56, table.lookupIpv6(DOC | 0x0201, 0, match));
        table.removeIpv6(DOC | 0x0200, 0, 56);
        assertFalse(table.hasIpv6Length(56));
        table.removeIpv4(NET10, 8);
        assertFalse(table.hasIpv4Length(8));
    }

    @Test
    void allIpv6LengthsNest()
    {
        // Every IPv6 length at once: 129 lengths over three bitmap words.
        try (PrefixTable large = new PrefixTable(256, 3))
        {
            for (int length = 0; length <= 128; length++)
            {
                assertEquals(ADDED, large.putIpv6(PrefixTable.maskHigh(length), PrefixTable.maskLow(length), length,
                    ROUTER_HIGH, length + 1));
            }
            assertEquals(129, large.ipv6LengthCount());
            for (int length = 128; length >= 0; length--)
            {
                assertEquals(length, large.lookupIpv6(-1L, -1L, match));
                assertEquals(length + 1, match.ownerLow());
                assertEquals(REMOVED, large.removeIpv6(match.prefixHigh(), match.prefixLow(), length));
                assertFalse(large.hasIpv6Length(length));
            }
            assertEquals(NOT_FOUND, large.lookupIpv6(-1L, -1L, match));
        }
    }

    @Test
    void allIpv4LengthsNest()
    {
        for (int length = 0; length <= 32; length++)
        {
            final int mask = length == 0 ? 0 : -1 << (32 - length);
            assertEquals(ADDED, table.putIpv4(0xC0A8_0101 & mask, length, ROUTER_HIGH, length));
        }
        assertEquals(33, table.ipv4LengthCount());
        assertEquals(32, table.lookupIpv4(0xC0A8_0101, match));
        assertEquals(31, table.lookupIpv4(0xC0A8_0100, match));
        assertEquals(23, table.lookupIpv4(0xC0A8_0001, match));
        assertEquals(0, table.lookupIpv4(0x0101_0101, match));
        assertEquals(1, table.lookupIpv4(0x8101_0101, match));
    }

    @Test
    void removedPrefixesLeaveTombstonesThatAreReused()
    {
        for (int i = 0; i < 40; i++)
        {
            table.putIpv6(DOC | (long)i << 16, 0, 48, ROUTER_HIGH, i + 1);
        }
        for (int i = 0; i < 40; i += 2)
        {
            assertEquals(REMOVED, table.removeIpv6(DOC | (long)i << 16, 0, 48));
        }
        for (int i = 1; i < 40; i += 2)
        {
            assertEquals(48, table.lookupIpv6(DOC | (long)i << 16, 0, match), "survivor " + i);
        }
        for (int i = 0; i < 40; i += 2)
        {
            assertEquals(ADDED, table.putIpv6(DOC | (long)i << 16, 0, 48, ROUTER_HIGH, 100 + i));
        }
        assertEquals(40, table.size());
        assertTrue(table.tombstoneCount() < 20, "tombstones reused or reclaimed: " + table.tombstoneCount());
        for (int i = 0; i < 40; i++)
        {
            assertEquals(48, table.lookupIpv6(DOC | (long)i << 16, 0, match));
            assertEquals(i % 2 == 0 ? 100 + i : i + 1, match.ownerLow());
        }
    }

    @Test
    void aReaderGivesUpOnAnEntryTheWriterNeverFinishes()
    {
        table.putIpv6(DOC, 0, 32, ROUTER_HIGH, 32);
        table.putIpv6(DOC | 0x0001_0000L, 0, 48, ROUTER_HIGH, 48);
        assertEquals(48, table.lookupIpv6(DOC | 0x0001_0000L, 1, match));
        final int slot = match.slot();
        PrefixTableTestHooks.addToVersion(table, slot, 1);

        assertEquals(BUSY, table.lookupIpv6(DOC | 0x0001_0000L, 1, match), "never answers the shorter /32 instead");
        assertEquals(1, match.readBusyCount());
        assertEquals(PrefixTable.MAX_READ_ATTEMPTS, match.readRetryCount());
        assertEquals(32, table.lookupIpv6(DOC | 0x0002_0000L, 1, match), "other prefixes are unaffected");

        PrefixTableTestHooks.addToVersion(table, slot, -1);
        assertEquals(48, table.lookupIpv6(DOC | 0x0001_0000L, 1, match));
    }

    @Test
    void sizesTheTableFromItsCapacity()
    {
        try (PrefixTable sized = new PrefixTable(10_000, 1))
        {
            assertEquals(13_376, sized.slotCount());
            assertEquals(13_376L * 64, sized.memoryLength());
            assertEquals(10_000, sized.capacity());
        }
        assertThrows(IllegalArgumentException.class, () -> new PrefixTable(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new PrefixTable(PrefixTableDescriptor.MAX_CAPACITY + 1, 1));
    }
}
