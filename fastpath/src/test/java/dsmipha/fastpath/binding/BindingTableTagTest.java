package dsmipha.fastpath.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.LongPredicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The per-slot tags beside the entries: empty and tombstone tags, fingerprints, tombstone reuse, fingerprint
 * collisions, probe sequences that cross a tag cache line or wrap at the table's end (and run past the eight tags
 * {@code firstCandidate} compares at once), and single and burst lookups giving the same answers throughout.
 */
class BindingTableTagTest
{
    private static final long SEED = 0x7A65_0001L;
    private static final long DOC_PREFIX = 0x2001_0DB8_0000_0000L;
    /** 96 bindings at load factor 0.75: 128 slots, two tag lines. */
    private static final int CAPACITY = 96;
    private static final int SLOTS = 128;

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
    void fingerprintsAvoidTheReservedTagsAndUseAllOthers()
    {
        table = newTable();
        final boolean[] seen = new boolean[256];
        for (long low = 1; low <= 200_000; low++)
        {
            final int tag = table.fingerprint(DOC_PREFIX, low) & 0xFF;
            assertTrue(tag >= BindingTableDescriptor.TAG_FIRST_FINGERPRINT, "tag " + tag + " of key " + low);
            seen[tag] = true;
        }
        for (int tag = BindingTableDescriptor.TAG_FIRST_FINGERPRINT; tag < 256; tag++)
        {
            assertTrue(seen[tag], "fingerprint " + tag + " never produced");
        }
    }

    @Test
    void insertTagsTheSlotAndUpdateKeepsTheTag()
    {
        table = newTable();
        final long key = keysWith(table, 5, -1, 1)[0];
        assertEquals(BindingTableDescriptor.TAG_EMPTY, table.tag(5));

        assertEquals(BindingTable.ADDED, table.put(ipv6(key).bindingId(1)));
        assertEquals(table.fingerprint(DOC_PREFIX, key), table.tag(5));
        assertEquals(BindingTable.UPDATED, table.put(ipv6(key).bindingId(2)));
        assertEquals(table.fingerprint(DOC_PREFIX, key), table.tag(5));
        assertEquals(5, table.lookupIpv6(DOC_PREFIX, key, view));
        assertEquals(2, view.bindingId());
        for (int slot = 0; slot < SLOTS; slot++)
        {
            if (slot != 5)
            {
                assertEquals(BindingTableDescriptor.TAG_EMPTY, table.tag(slot), "slot " + slot);
            }
        }
    }

    @Test
    void removeLeavesATombstoneTagThatAnInsertReuses()
    {
        table = newTable();
        final long[] keys = keysWith(table, 20, -1, 3);
        for (final long key : keys)
        {
            assertEquals(BindingTable.ADDED, table.put(ipv6(key)));
        }
        assertEquals(BindingTable.REMOVED, table.removeIpv6(DOC_PREFIX, keys[0]));

        assertEquals(BindingTableDescriptor.TAG_TOMBSTONE, table.tag(20));
        assertEquals(1, table.tombstoneCount());
        assertEquals(BindingTable.NOT_FOUND, table.lookupIpv6(DOC_PREFIX, keys[0], view));
        assertEquals(21, table.lookupIpv6(DOC_PREFIX, keys[1], view), "found past the tombstone");
        assertEquals(22, table.lookupIpv6(DOC_PREFIX, keys[2], view));
        assertBurstAgrees(keys);

        final long newcomer = keysWith(table, 20, -1, 4)[3];
        assertEquals(BindingTable.ADDED, table.put(ipv6(newcomer).bindingId(77)));
        assertEquals(table.fingerprint(DOC_PREFIX, newcomer), table.tag(20), "tombstone slot reused, tag last");
        assertEquals(0, table.tombstoneCount());
        assertEquals(20, table.lookupIpv6(DOC_PREFIX, newcomer, view));
        assertEquals(77, view.bindingId());
        assertEquals(BindingTable.NOT_FOUND, table.lookupIpv6(DOC_PREFIX, keys[0], view));
        assertBurstAgrees(new long[] {keys[0], keys[1], keys[2], newcomer});
    }

    @Test
    void trailingTombstonesBecomeEmptyTags()
    {
        table = newTable();
        final long[] keys = keysWith(table, 40, -1, 3);
        for (final long key : keys)
        {
            table.put(ipv6(key));
        }
        table.removeIpv6(DOC_PREFIX, keys[1]);
        assertEquals(BindingTableDescriptor.TAG_TOMBSTONE, table.tag(41), "followed by a live slot: kept");
        table.removeIpv6(DOC_PREFIX, keys[2]);

        assertEquals(BindingTableDescriptor.TAG_EMPTY, table.tag(41));
        assertEquals(BindingTableDescriptor.TAG_EMPTY, table.tag(42));
        assertEquals(0, table.tombstoneCount());
        assertEquals(40, table.lookupIpv6(DOC_PREFIX, keys[0], view));
    }

    @Test
    void fingerprintCollisionsAreSettledByTheKey()
    {
        table = newTable();
        final long first = keysWith(table, 70, -1, 1)[0];
        final byte fingerprint = table.fingerprint(DOC_PREFIX, first);
        final long[] twins = keysWith(table, 70, fingerprint & 0xFF, 4);
        assertEquals(first, twins[0]);
        for (int i = 0; i < 3; i++)
        {
            assertEquals(BindingTable.ADDED, table.put(ipv6(twins[i]).bindingId(100 + i)));
            assertEquals(fingerprint, table.tag(70 + i));
        }

        for (int i = 0; i < 3; i++)
        {
            assertEquals(70 + i, table.lookupIpv6(DOC_PREFIX, twins[i], view), "twin " + i);
            assertEquals(100 + i, view.bindingId());
        }
        assertEquals(BindingTable.NOT_FOUND, table.lookupIpv6(DOC_PREFIX, twins[3], view), "same tag, never bound");
        assertBurstAgrees(twins);

        assertEquals(BindingTable.REMOVED, table.removeIpv6(DOC_PREFIX, twins[1]));
        assertEquals(72, table.lookupIpv6(DOC_PREFIX, twins[2], view));
        assertEquals(BindingTable.UPDATED, table.put(ipv6(twins[2]).bindingId(9)), "found past the tombstone");
        assertEquals(BindingTable.ADDED, table.put(ipv6(twins[3]).bindingId(10)));
        assertEquals(71, table.lookupIpv6(DOC_PREFIX, twins[3], view), "reused the twin's tombstone");
        assertEquals(10, view.bindingId());
        assertBurstAgrees(twins);
        assertEquals(0, view.readRetryCount());
    }

    @Test
    void entriesOfOtherFingerprintsAreNeverRead()
    {
        table = newTable();
        final long[] keys = keysWith(table, 90, -1, 40);
        final long stuck = keys[0];
        final byte stuckTag = table.fingerprint(DOC_PREFIX, stuck);
        long neighbour = -1;
        long absent = -1;
        for (int i = 1; i < keys.length && absent < 0; i++)
        {
            if (table.fingerprint(DOC_PREFIX, keys[i]) != stuckTag)
            {
                if (neighbour < 0)
                {
                    neighbour = keys[i];
                }
                else
                {
                    absent = keys[i];
                }
            }
        }
        table.put(ipv6(stuck));
        table.put(ipv6(neighbour));
        // The stuck entry looks like one the writer is in the middle of: reading it would retry 256 times.
        BindingTableTestHooks.addToVersion(table, 90, 1);

        assertEquals(91, table.lookupIpv6(DOC_PREFIX, neighbour, view));
        assertEquals(BindingTable.NOT_FOUND, table.lookupIpv6(DOC_PREFIX, absent, view));
        assertEquals(0, view.readRetryCount(), "only the tags of slot 90 were read");
        assertEquals(BindingTable.BUSY, table.lookupIpv6(DOC_PREFIX, stuck, view));
        assertEquals(BindingTable.MAX_READ_ATTEMPTS, view.readRetryCount());
        BindingTableTestHooks.addToVersion(table, 90, -1);
        assertEquals(90, table.lookupIpv6(DOC_PREFIX, stuck, view));
    }

    @Test
    void emptyTagEndsTheProbe()
    {
        table = newTable();
        final long[] keys = keysWith(table, 10, -1, 3);
        table.put(ipv6(keys[0]));
        table.put(ipv6(keys[1]));
        // A key bound further on, past an empty slot, as if its home were 13: never reached from home 10.
        final long far = keysWith(table, 13, -1, 1)[0];
        table.put(ipv6(far));

        assertEquals(BindingTableDescriptor.TAG_EMPTY, table.tag(12));
        assertEquals(BindingTable.NOT_FOUND, table.lookupIpv6(DOC_PREFIX, keys[2], view));
        assertEquals(13, table.lookupIpv6(DOC_PREFIX, far, view));
        assertEquals(BindingTable.NOT_FOUND, table.lookupIpv6(DOC_PREFIX, keysWith(table, 30, -1, 1)[0], view));
        assertBurstAgrees(new long[] {keys[0], keys[1], keys[2], far});
    }

    @Test
    void probeSequencesCrossATagLine()
    {
        table = newTable();
        // Home 60: the chain runs through slots 60..70, across the tag line boundary at 64 and past the eight tags
        // compared at once.
        final long[] keys = keysWith(table, 60, -1, 11);
        for (final long key : keys)
        {
            assertEquals(BindingTable.ADDED, table.put(ipv6(key)));
        }
        for (int i = 0; i < keys.length; i++)
        {
            assertEquals(60 + i, table.lookupIpv6(DOC_PREFIX, keys[i], view), "key " + i);
            assertEquals(table.fingerprint(DOC_PREFIX, keys[i]), table.tag(60 + i));
        }
        final long absent = keysWith(table, 60, -1, 12)[11];
        assertEquals(BindingTable.NOT_FOUND, table.lookupIpv6(DOC_PREFIX, absent, view));
        assertBurstAgrees(append(keys, absent));
        assertEquals(10, table.maxDisplacement());
    }

    @Test
    void probeSequencesWrapAtTheTableEnd()
    {
        table = newTable();
        // Homes 120 (the last one whose eight tags fit before the end), 125 and 127: chains that wrap to slot 0.
        final long[] fromEight = keysWith(table, SLOTS - 8, -1, 12);
        final long[] fromLast = keysWith(table, SLOTS - 1, -1, 2);
        final long[] fromNear = keysWith(table, SLOTS - 3, -1, 1);
        final long[] all = new long[fromEight.length + fromLast.length + fromNear.length];
        int n = 0;
        for (final long key : fromEight)
        {
            assertEquals(BindingTable.ADDED, table.put(ipv6(key)));
            all[n++] = key;
        }
        for (final long key : fromLast)
        {
            assertEquals(BindingTable.ADDED, table.put(ipv6(key)));
            all[n++] = key;
        }
        assertEquals(BindingTable.ADDED, table.put(ipv6(fromNear[0])));
        all[n] = fromNear[0];

        for (int i = 0; i < fromEight.length; i++)
        {
            assertEquals((SLOTS - 8 + i) % SLOTS, table.lookupIpv6(DOC_PREFIX, fromEight[i], view), "key " + i);
        }
        assertEquals(4, table.lookupIpv6(DOC_PREFIX, fromLast[0], view), "wrapped past the 120 chain");
        assertEquals(5, table.lookupIpv6(DOC_PREFIX, fromLast[1], view));
        assertEquals(6, table.lookupIpv6(DOC_PREFIX, fromNear[0], view));
        assertBurstAgrees(append(all, keysWith(table, SLOTS - 1, -1, 3)[2]));

        assertEquals(BindingTable.REMOVED, table.removeIpv6(DOC_PREFIX, fromEight[9]));
        assertEquals(BindingTableDescriptor.TAG_TOMBSTONE, table.tag(1));
        assertEquals(4, table.lookupIpv6(DOC_PREFIX, fromLast[0], view), "past a tombstone after the wrap");
        assertBurstAgrees(all);
    }

    @Test
    void burstAndSingleLookupsAgreeWhileKeysComeAndGo()
    {
        table = new BindingTable(CAPACITY, 0.9, BindingTableDescriptor.DEFAULT_MAX_PROBE, SEED);
        final long[] keys = new long[300];
        for (int i = 0; i < keys.length; i++)
        {
            keys[i] = 1 + i;
        }
        final SplittableRandom random = new SplittableRandom(7);
        final Set<Long> bound = new HashSet<>();
        for (int step = 0; step < 20_000; step++)
        {
            final long key = keys[random.nextInt(keys.length)];
            if (random.nextBoolean() && bound.size() < CAPACITY)
            {
                table.put(ipv6(key).bindingId((int)key));
                bound.add(key);
            }
            else if (bound.remove(key))
            {
                assertEquals(BindingTable.REMOVED, table.removeIpv6(DOC_PREFIX, key));
            }
            if (step % 500 == 0)
            {
                for (final long k : keys)
                {
                    final int slot = table.lookupIpv6(DOC_PREFIX, k, view);
                    assertEquals(bound.contains(k), slot >= 0, "key " + k);
                    if (slot >= 0)
                    {
                        assertEquals(table.fingerprint(DOC_PREFIX, k), table.tag(slot));
                        assertEquals((int)k, view.bindingId());
                    }
                }
                assertBurstAgrees(keys);
                assertTagsMatchEntries();
            }
        }
    }

    private void assertTagsMatchEntries()
    {
        int live = 0;
        int tombstones = 0;
        for (int slot = 0; slot < table.slotCount(); slot++)
        {
            final byte tag = table.tag(slot);
            final byte state = table.memory().get(ValueLayout.JAVA_BYTE,
                BindingTableDescriptor.entryOffset(slot) + BindingTableDescriptor.STATE_OFFSET);
            if (tag == BindingTableDescriptor.TAG_EMPTY)
            {
                assertEquals(BindingTableDescriptor.STATE_EMPTY, state, "slot " + slot);
            }
            else if (tag == BindingTableDescriptor.TAG_TOMBSTONE)
            {
                assertEquals(BindingTableDescriptor.STATE_TOMBSTONE, state, "slot " + slot);
                tombstones++;
            }
            else
            {
                assertEquals(BindingTableDescriptor.STATE_LIVE, state, "slot " + slot);
                live++;
            }
        }
        assertEquals(table.size(), live);
        assertEquals(table.tombstoneCount(), tombstones);
    }

    /**
     * Every key looked up in one burst (split into bursts of 32) answers what the single lookup answers.
     */
    private void assertBurstAgrees(final long[] keys)
    {
        for (int from = 0; from < keys.length; from += 32)
        {
            final int count = Math.min(32, keys.length - from);
            final long[] high = new long[count];
            final long[] low = new long[count];
            final BindingView[] views = new BindingView[count];
            final int[] results = new int[count];
            int expectedHits = 0;
            for (int i = 0; i < count; i++)
            {
                high[i] = DOC_PREFIX;
                low[i] = keys[from + i];
                views[i] = new BindingView();
            }
            final int hits = table.lookupBurst(high, low, count, views, results);
            for (int i = 0; i < count; i++)
            {
                final int single = table.lookupIpv6(DOC_PREFIX, low[i], view);
                assertEquals(single, results[i], "key " + low[i]);
                if (single >= 0)
                {
                    expectedHits++;
                    assertEquals(low[i], views[i].keyLow());
                    assertEquals(view.bindingId(), views[i].bindingId());
                }
            }
            assertEquals(expectedHits, hits);
            table.prefetch(high, low, count);
        }
    }

    private BindingView ipv6(final long low)
    {
        return value.ipv6HomeAddress(DOC_PREFIX, low).variant(EncapVariant.IPV6_IN_IPV6);
    }

    private static BindingTable newTable()
    {
        final BindingTable table = new BindingTable(CAPACITY, SEED);
        assertEquals(SLOTS, table.slotCount());
        return table;
    }

    /**
     * @param fingerprint the tag the keys must have (unsigned), or -1 for any.
     * @return the first {@code count} low halves (from 1 on) whose keys under DOC_PREFIX have this home slot.
     */
    private static long[] keysWith(final BindingTable table, final long home, final int fingerprint, final int count)
    {
        final LongPredicate wanted = low -> table.homeSlot(DOC_PREFIX, low) == home &&
            (fingerprint == -1 || (table.fingerprint(DOC_PREFIX, low) & 0xFF) == fingerprint);
        final long[] keys = new long[count];
        int found = 0;
        for (long low = 1; found < count; low++)
        {
            if (wanted.test(low))
            {
                keys[found++] = low;
            }
        }
        return keys;
    }

    private static long[] append(final long[] keys, final long key)
    {
        final long[] all = Arrays.copyOf(keys, keys.length + 1);
        all[keys.length] = key;
        assertNotEquals(0, key);
        return all;
    }
}
