package dsmipha.slowpath.registration;

/**
 * Open-addressing hash map from an owner (a mobile node's 128-bit IPv6 home address, as two longs) to one long
 * value: the lease the owner holds in a pool. Linear probing with backward-shift deletion, so no tombstones build
 * up under churn. Grows (doubling) when three quarters full; never shrinks. Slowpath thread only.
 * <p>
 * Lookups do not allocate; {@link #put(long, long, long)} allocates only when the table grows.
 */
final class OwnerIndex
{
    /** Returned by {@link #slotOf(long, long)} when the owner holds nothing. */
    static final int MISSING = -1;

    private static final int MIN_CAPACITY = 16;

    private long[] highs;
    private long[] lows;
    private long[] values;
    private boolean[] used;
    private int mask;
    private int size;

    /** An empty index. */
    OwnerIndex()
    {
        allocate(MIN_CAPACITY);
    }

    /**
     * @return number of owners held.
     */
    int size()
    {
        return size;
    }

    /**
     * @param high owner octets 0..7.
     * @param low  owner octets 8..15.
     * @return the owner's slot for {@link #valueAt(int)}, or {@link #MISSING}.
     */
    int slotOf(final long high, final long low)
    {
        int slot = hash(high, low) & mask;
        while (used[slot])
        {
            if (highs[slot] == high && lows[slot] == low)
            {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
        return MISSING;
    }

    /**
     * @param slot a slot from {@link #slotOf(long, long)}.
     * @return the value held there.
     */
    long valueAt(final int slot)
    {
        return values[slot];
    }

    /**
     * Insert or replace.
     *
     * @param high  owner octets 0..7.
     * @param low   owner octets 8..15.
     * @param value the lease.
     */
    void put(final long high, final long low, final long value)
    {
        int slot = hash(high, low) & mask;
        while (used[slot])
        {
            if (highs[slot] == high && lows[slot] == low)
            {
                values[slot] = value;
                return;
            }
            slot = (slot + 1) & mask;
        }
        used[slot] = true;
        highs[slot] = high;
        lows[slot] = low;
        values[slot] = value;
        if (++size > (mask + 1) * 3 / 4)
        {
            grow();
        }
    }

    /**
     * Remove the owner if present.
     *
     * @param high owner octets 0..7.
     * @param low  owner octets 8..15.
     * @return true when it was present.
     */
    boolean remove(final long high, final long low)
    {
        final int slot = slotOf(high, low);
        if (slot == MISSING)
        {
            return false;
        }
        shiftBack(slot);
        size--;
        return true;
    }

    private void shiftBack(final int removedSlot)
    {
        int hole = removedSlot;
        int slot = (hole + 1) & mask;
        while (used[slot])
        {
            final int home = hash(highs[slot], lows[slot]) & mask;
            if (((slot - home) & mask) >= ((slot - hole) & mask))
            {
                highs[hole] = highs[slot];
                lows[hole] = lows[slot];
                values[hole] = values[slot];
                hole = slot;
            }
            slot = (slot + 1) & mask;
        }
        used[hole] = false;
    }

    private void grow()
    {
        final long[] oldHighs = highs;
        final long[] oldLows = lows;
        final long[] oldValues = values;
        final boolean[] oldUsed = used;
        allocate(oldUsed.length * 2);
        size = 0;
        for (int i = 0; i < oldUsed.length; i++)
        {
            if (oldUsed[i])
            {
                put(oldHighs[i], oldLows[i], oldValues[i]);
            }
        }
    }

    private void allocate(final int capacity)
    {
        highs = new long[capacity];
        lows = new long[capacity];
        values = new long[capacity];
        used = new boolean[capacity];
        mask = capacity - 1;
    }

    private static int hash(final long high, final long low)
    {
        long h = high * 0x9E3779B97F4A7C15L ^ low;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return (int)h;
    }
}
