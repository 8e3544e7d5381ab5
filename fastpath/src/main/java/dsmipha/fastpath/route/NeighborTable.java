package dsmipha.fastpath.route;

import static dsmipha.fastpath.route.NeighborTableDescriptor.ENTRY_SHIFT;
import static dsmipha.fastpath.route.NeighborTableDescriptor.KEY_HIGH_OFFSET;
import static dsmipha.fastpath.route.NeighborTableDescriptor.KEY_LOW_OFFSET;
import static dsmipha.fastpath.route.NeighborTableDescriptor.MAC_OFFSET;
import static dsmipha.fastpath.route.NeighborTableDescriptor.NEIGHBOR_STATE_OFFSET;
import static dsmipha.fastpath.route.NeighborTableDescriptor.PORT_OFFSET;
import static dsmipha.fastpath.route.NeighborTableDescriptor.SLOT_EMPTY;
import static dsmipha.fastpath.route.NeighborTableDescriptor.SLOT_LIVE;
import static dsmipha.fastpath.route.NeighborTableDescriptor.SLOT_STATE_OFFSET;
import static dsmipha.fastpath.route.NeighborTableDescriptor.SLOT_TOMBSTONE;
import static dsmipha.fastpath.route.NeighborTableDescriptor.VERSION_OFFSET;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import dsmipha.common.memory.EntrySeqlock;

/**
 * The neighbour cache (RFC 4861 §5.1 "Neighbor Cache", RFC 826's translation table): (port, next-hop address) to
 * state and MAC, ONE off-heap table of {@link NeighborTableDescriptor} entries written by the slowpath thread alone
 * (the resolver, and config for static entries) and read lock-free by every worker's egress stage.
 * <p>
 * <b>Publish protocol: a seqlock per entry</b>, the binding table's (docs/binding-table.md): the writer makes the
 * version odd (opaque store, then a store-store fence), stores the fields, and makes it even with a release store;
 * a reader loads the version with acquire, copies the fields, issues a load-load fence, loads the version again and
 * keeps the copy only when both loads saw the same even value. A reader never sees a MAC of one write with the
 * port or state of another, and never waits: after {@link #MAX_READ_ATTEMPTS} it answers {@link #BUSY}.
 * <p>
 * <b>Probing.</b> Open addressing over a power-of-two number of slots at least twice the capacity, linear probing
 * from a seeded hash of the key; removal leaves a tombstone (no live entry ever moves, so a slot index stays valid
 * for as long as its entry lives and a worker may cache it, see {@link #readSlot}). Readers stop after the largest
 * displacement the writer has used.
 * <p>
 * IPv4 next hops are stored IPv4-mapped, {@code ::ffff:a.b.c.d} (RFC 4291 §2.5.5.2). Close the table only after
 * every reader has stopped.
 */
public final class NeighborTable implements AutoCloseable
{
    /** {@link #put} result: the table holds its capacity of entries; nothing changed. */
    public static final int TABLE_FULL = -10;
    /** {@link #put} result: bad state, port or MAC, or the unspecified address; nothing changed. */
    public static final int INVALID = -12;
    /** Lookup or remove result: no entry for the key. */
    public static final int NOT_FOUND = -1;
    /** Lookup result: the entry kept changing for {@link #MAX_READ_ATTEMPTS} reads; treat as a miss this time. */
    public static final int BUSY = -2;

    /** Reads of one entry a lookup makes before it gives up with {@link #BUSY}. */
    public static final int MAX_READ_ATTEMPTS = 256;
    /** High 64 bits of every IPv4-mapped address (RFC 4291 §2.5.5.2). */
    public static final long IPV4_MAPPED_HIGH = 0L;
    /** Low 64 bits of an IPv4-mapped address, before the IPv4 address is or-ed in. */
    public static final long IPV4_MAPPED_LOW_PREFIX = 0x0000_FFFF_0000_0000L;

    private static final long MAC_MASK = 0xFFFF_FFFF_FFFFL;
    private static final VarHandle MAX_DISPLACEMENT;

    static
    {
        try
        {
            MAX_DISPLACEMENT = MethodHandles.lookup().findVarHandle(NeighborTable.class, "maxDisplacement", int.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final Arena arena;
    private final MemorySegment memory;
    private final int slotCount;
    private final int slotMask;
    private final int capacity;
    private final long seed;

    /** Largest distance from home of any key stored so far; only grows. Written by the writer with release. */
    @SuppressWarnings("unused")
    private int maxDisplacement;

    // Writer-only state (the slowpath thread).
    private int liveCount;
    private int tombstoneCount;
    private long tableFullCount;
    private long invalidCount;

    /**
     * @param capacity entries the table holds, 1..{@link NeighborTableDescriptor#MAX_CAPACITY}.
     * @param seed     hash seed; a random value in production (next-hop addresses can be chosen by hosts).
     */
    public NeighborTable(final int capacity, final long seed)
    {
        this.slotCount = NeighborTableDescriptor.slotCount(capacity);
        this.slotMask = slotCount - 1;
        this.capacity = capacity;
        this.seed = seed;
        this.arena = Arena.ofShared();
        // Zero filled: every slot starts EMPTY with version 0.
        this.memory = arena.allocate(
            (long)slotCount << ENTRY_SHIFT, NeighborTableDescriptor.ALIGNMENT);
    }

    /**
     * @param address an IPv4 address.
     * @return low 64 bits of its IPv4-mapped form; the high 64 bits are {@link #IPV4_MAPPED_HIGH}.
     */
    public static long ipv4MappedLow(final int address)
    {
        return IPV4_MAPPED_LOW_PREFIX | (address & 0xFFFF_FFFFL);
    }

    /**
     * @param high high 64 bits of an address.
     * @param low  low 64 bits.
     * @return true for an IPv4-mapped address.
     */
    public static boolean isIpv4Mapped(final long high, final long low)
    {
        return high == IPV4_MAPPED_HIGH && (low & 0xFFFF_FFFF_0000_0000L) == IPV4_MAPPED_LOW_PREFIX;
    }

    // ------------------------------------------------------------------------------------------ reader API

    /**
     * Look up the neighbour (port, address) and copy its entry into a view. Any thread; lock free.
     *
     * @param port the port the neighbour is on.
     * @param high address octets 0..7 as a big-endian number (IPv4: {@link #IPV4_MAPPED_HIGH}).
     * @param low  address octets 8..15 (IPv4: {@link #ipv4MappedLow}).
     * @param view receives the entry on a hit.
     * @return the slot index, {@link #NOT_FOUND} or {@link #BUSY}.
     */
    public int lookup(final int port, final long high, final long low, final NeighborView view)
    {
        final MemorySegment memory = this.memory;
        final int limit = (int)MAX_DISPLACEMENT.getAcquire(this);
        int slot = homeSlot(port, high, low);
        for (int probe = 0; probe <= limit; probe++)
        {
            final long offset = (long)slot << ENTRY_SHIFT;
            final byte slotState = memory.get(ValueLayout.JAVA_BYTE, offset + SLOT_STATE_OFFSET);
            if (slotState == SLOT_EMPTY)
            {
                return NOT_FOUND;
            }
            if (slotState == SLOT_LIVE && plainKeyMatches(offset, port, high, low))
            {
                return readStable(slot, offset, port, high, low, view);
            }
            slot = (slot + 1) & slotMask;
        }
        return NOT_FOUND;
    }

    /**
     * Read one slot if it still holds the neighbour (port, address): the check a worker makes on a slot index it
     * cached. Any thread; lock free.
     *
     * @param slot a slot index from an earlier lookup.
     * @param port the port the neighbour is on.
     * @param high address octets 0..7.
     * @param low  address octets 8..15.
     * @param view receives the entry on a hit.
     * @return the slot, {@link #NOT_FOUND} (the slot now holds something else, or nothing) or {@link #BUSY}.
     */
    public int readSlot(final int slot, final int port, final long high, final long low, final NeighborView view)
    {
        if (slot < 0 || slot >= slotCount)
        {
            return NOT_FOUND;
        }
        return readStable(slot, (long)slot << ENTRY_SHIFT, port, high, low, view);
    }

    private int readStable(
        final int slot, final long offset, final int port, final long high, final long low, final NeighborView view)
    {
        final MemorySegment memory = this.memory;
        for (int attempt = 0; attempt < MAX_READ_ATTEMPTS; attempt++)
        {
            final long before = EntrySeqlock.readBegin(memory, offset + VERSION_OFFSET);
            if ((before & 1) == 0)
            {
                final byte slotState = memory.get(ValueLayout.JAVA_BYTE, offset + SLOT_STATE_OFFSET);
                view.state = memory.get(ValueLayout.JAVA_BYTE, offset + NEIGHBOR_STATE_OFFSET);
                view.port = memory.get(ValueLayout.JAVA_SHORT, offset + PORT_OFFSET) & 0xFFFF;
                view.keyHigh = memory.get(ValueLayout.JAVA_LONG, offset + KEY_HIGH_OFFSET);
                view.keyLow = memory.get(ValueLayout.JAVA_LONG, offset + KEY_LOW_OFFSET);
                view.mac = memory.get(ValueLayout.JAVA_LONG, offset + MAC_OFFSET);
                if (EntrySeqlock.unchangedSince(memory, offset + VERSION_OFFSET, before))
                {
                    return accept(slot, before, slotState, port, high, low, view);
                }
            }
            view.readRetryCount++;
            Thread.onSpinWait();
        }
        view.readBusyCount++;
        return BUSY;
    }

    private static int accept(
        final int slot,
        final long version,
        final byte slotState,
        final int port,
        final long high,
        final long low,
        final NeighborView view)
    {
        if (slotState != SLOT_LIVE || view.port != port || view.keyHigh != high || view.keyLow != low)
        {
            // Removed (or the slot reused) after the probe matched: the neighbour was absent at that instant.
            return NOT_FOUND;
        }
        view.slot = slot;
        view.version = version;
        return slot;
    }

    private boolean plainKeyMatches(final long offset, final int port, final long high, final long low)
    {
        return memory.get(ValueLayout.JAVA_LONG, offset + KEY_LOW_OFFSET) == low &&
            memory.get(ValueLayout.JAVA_LONG, offset + KEY_HIGH_OFFSET) == high &&
            (memory.get(ValueLayout.JAVA_SHORT, offset + PORT_OFFSET) & 0xFFFF) == port;
    }

    // ------------------------------------------------------------------------------------------ writer API

    /**
     * Add the neighbour, or set the state and MAC of the existing entry in place (its slot does not change).
     * Writer thread only; never waits.
     *
     * @param port  the port the neighbour is on, 0..{@link NeighborTableDescriptor#MAX_PORT}.
     * @param high  address octets 0..7.
     * @param low   address octets 8..15.
     * @param state a {@link NeighborState} code.
     * @param mac   the MAC in the low 48 bits (0 while INCOMPLETE or FAILED; a unicast MAC when usable).
     * @return the slot index (&gt;= 0), {@link #TABLE_FULL} or {@link #INVALID}; on a negative result the table is
     *         unchanged and the matching counter was incremented.
     */
    public int put(final int port, final long high, final long low, final int state, final long mac)
    {
        if (!isValid(port, high, low, state, mac))
        {
            invalidCount++;
            return INVALID;
        }
        int slot = homeSlot(port, high, low);
        int free = -1;
        int freeProbe = -1;
        for (int probe = 0; probe < slotCount; probe++)
        {
            final long offset = (long)slot << ENTRY_SHIFT;
            final byte slotState = memory.get(ValueLayout.JAVA_BYTE, offset + SLOT_STATE_OFFSET);
            if (slotState == SLOT_LIVE && plainKeyMatches(offset, port, high, low))
            {
                writeEntry(offset, port, high, low, state, mac);
                return slot;
            }
            if (slotState != SLOT_LIVE && free < 0)
            {
                free = slot;
                freeProbe = probe;
            }
            if (slotState == SLOT_EMPTY)
            {
                break;
            }
            slot = (slot + 1) & slotMask;
        }
        return insert(free, freeProbe, port, high, low, state, mac);
    }

    private int insert(
        final int slot, final int probe, final int port, final long high, final long low, final int state, final long mac)
    {
        if (liveCount >= capacity || slot < 0)
        {
            tableFullCount++;
            return TABLE_FULL;
        }
        final long offset = (long)slot << ENTRY_SHIFT;
        if (memory.get(ValueLayout.JAVA_BYTE, offset + SLOT_STATE_OFFSET) == SLOT_TOMBSTONE)
        {
            tombstoneCount--;
        }
        if (probe > maxDisplacement)
        {
            // Raised before the entry appears, so a reader that can see the entry also probes far enough.
            MAX_DISPLACEMENT.setRelease(this, probe);
        }
        writeEntry(offset, port, high, low, state, mac);
        liveCount++;
        return slot;
    }

    /**
     * Change the state and MAC of a live entry. Writer thread only.
     *
     * @param slot  a live slot (from {@link #put} or {@link #find}).
     * @param state a {@link NeighborState} code.
     * @param mac   the MAC in the low 48 bits.
     * @return the slot, {@link #NOT_FOUND} when the slot is not live, or {@link #INVALID}.
     */
    public int update(final int slot, final int state, final long mac)
    {
        if (slot < 0 || slot >= slotCount || slotState(slot) != SLOT_LIVE)
        {
            return NOT_FOUND;
        }
        final long offset = (long)slot << ENTRY_SHIFT;
        final int port = port(slot);
        final long high = keyHigh(slot);
        final long low = keyLow(slot);
        if (!isValid(port, high, low, state, mac))
        {
            invalidCount++;
            return INVALID;
        }
        writeEntry(offset, port, high, low, state, mac);
        return slot;
    }

    /**
     * Find the live entry of a neighbour. Writer thread (reads without the seqlock: only it writes).
     *
     * @param port the port.
     * @param high address octets 0..7.
     * @param low  address octets 8..15.
     * @return the slot or {@link #NOT_FOUND}.
     */
    public int find(final int port, final long high, final long low)
    {
        int slot = homeSlot(port, high, low);
        for (int probe = 0; probe <= maxDisplacement; probe++)
        {
            final long offset = (long)slot << ENTRY_SHIFT;
            final byte slotState = memory.get(ValueLayout.JAVA_BYTE, offset + SLOT_STATE_OFFSET);
            if (slotState == SLOT_EMPTY)
            {
                return NOT_FOUND;
            }
            if (slotState == SLOT_LIVE && plainKeyMatches(offset, port, high, low))
            {
                return slot;
            }
            slot = (slot + 1) & slotMask;
        }
        return NOT_FOUND;
    }

    /**
     * Remove a neighbour. Writer thread only.
     *
     * @param port the port.
     * @param high address octets 0..7.
     * @param low  address octets 8..15.
     * @return the slot it held, or {@link #NOT_FOUND}.
     */
    public int remove(final int port, final long high, final long low)
    {
        final int slot = find(port, high, low);
        return slot < 0 ? NOT_FOUND : removeSlot(slot);
    }

    /**
     * Remove the entry in a slot. Writer thread only.
     *
     * @param slot a slot index.
     * @return the slot, or {@link #NOT_FOUND} when it was not live.
     */
    public int removeSlot(final int slot)
    {
        if (slot < 0 || slot >= slotCount || slotState(slot) != SLOT_LIVE)
        {
            return NOT_FOUND;
        }
        final long offset = (long)slot << ENTRY_SHIFT;
        final long version = EntrySeqlock.beginWrite(memory, offset + VERSION_OFFSET);
        memory.set(ValueLayout.JAVA_BYTE, offset + SLOT_STATE_OFFSET, SLOT_TOMBSTONE);
        memory.set(ValueLayout.JAVA_LONG, offset + MAC_OFFSET, 0L);
        EntrySeqlock.endWrite(memory, offset + VERSION_OFFSET, version);
        liveCount--;
        tombstoneCount++;
        reclaimTombstones(slot);
        return slot;
    }

    /**
     * Turn a run of tombstones that ends just before an empty slot back into empty slots, walking backwards: no
     * live key's probe sequence can pass through a slot whose successor is empty (docs/binding-table.md).
     */
    private void reclaimTombstones(final int slot)
    {
        if (slotState((slot + 1) & slotMask) != SLOT_EMPTY)
        {
            return;
        }
        int current = slot;
        while (slotState(current) == SLOT_TOMBSTONE)
        {
            final long offset = (long)current << ENTRY_SHIFT;
            final long version = EntrySeqlock.beginWrite(memory, offset + VERSION_OFFSET);
            memory.set(ValueLayout.JAVA_BYTE, offset + SLOT_STATE_OFFSET, SLOT_EMPTY);
            EntrySeqlock.endWrite(memory, offset + VERSION_OFFSET, version);
            tombstoneCount--;
            current = (current - 1) & slotMask;
        }
    }

    private void writeEntry(
        final long offset, final int port, final long high, final long low, final int state, final long mac)
    {
        final long version = EntrySeqlock.beginWrite(memory, offset + VERSION_OFFSET);
        memory.set(ValueLayout.JAVA_SHORT, offset + PORT_OFFSET, (short)port);
        memory.set(ValueLayout.JAVA_LONG, offset + KEY_HIGH_OFFSET, high);
        memory.set(ValueLayout.JAVA_LONG, offset + KEY_LOW_OFFSET, low);
        memory.set(ValueLayout.JAVA_LONG, offset + MAC_OFFSET, mac);
        memory.set(ValueLayout.JAVA_BYTE, offset + NEIGHBOR_STATE_OFFSET, (byte)state);
        memory.set(ValueLayout.JAVA_BYTE, offset + SLOT_STATE_OFFSET, SLOT_LIVE);
        EntrySeqlock.endWrite(memory, offset + VERSION_OFFSET, version);
    }



    private static boolean isValid(final int port, final long high, final long low, final int state, final long mac)
    {
        if (port < 0 || port > NeighborTableDescriptor.MAX_PORT || !NeighborState.isValid(state) ||
            (mac & ~MAC_MASK) != 0 || (high == 0 && low == 0))
        {
            return false;
        }
        // A usable entry needs a unicast MAC; a pending or failed one has none.
        return NeighborState.isUsable(state) ? mac != 0 && ((mac >>> 40) & 1) == 0 : mac == 0;
    }

    // ------------------------------------------------------------------------------------------ hashing

    private int homeSlot(final int port, final long high, final long low)
    {
        return (int)(hash(port, high, low, seed) >>> 32) & slotMask;
    }

    /**
     * @param port port index.
     * @param high key octets 0..7.
     * @param low  key octets 8..15.
     * @param seed per-table seed.
     * @return a seeded 64-bit hash (murmur3's fmix64 over each part in turn).
     */
    static long hash(final int port, final long high, final long low, final long seed)
    {
        return fmix64(fmix64(fmix64(high ^ seed) ^ low) ^ port);
    }

    private static long fmix64(final long value)
    {
        long z = value;
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }

    // ------------------------------------------------------------------------------------------ writer reads

    private byte slotState(final int slot)
    {
        return memory.get(ValueLayout.JAVA_BYTE, ((long)slot << ENTRY_SHIFT) + SLOT_STATE_OFFSET);
    }

    /**
     * @param slot a slot index.
     * @return true when the slot holds an entry. Writer thread.
     */
    public boolean isLive(final int slot)
    {
        return slot >= 0 && slot < slotCount && slotState(slot) == SLOT_LIVE;
    }

    /**
     * @param slot a live slot.
     * @return its neighbour state. Writer thread.
     */
    public int state(final int slot)
    {
        return memory.get(ValueLayout.JAVA_BYTE, ((long)slot << ENTRY_SHIFT) + NEIGHBOR_STATE_OFFSET);
    }

    /**
     * @param slot a live slot.
     * @return its MAC. Writer thread.
     */
    public long mac(final int slot)
    {
        return memory.get(ValueLayout.JAVA_LONG, ((long)slot << ENTRY_SHIFT) + MAC_OFFSET);
    }

    /**
     * @param slot a live slot.
     * @return its port. Writer thread.
     */
    public int port(final int slot)
    {
        return memory.get(ValueLayout.JAVA_SHORT, ((long)slot << ENTRY_SHIFT) + PORT_OFFSET) & 0xFFFF;
    }

    /**
     * @param slot a live slot.
     * @return high 64 bits of its address. Writer thread.
     */
    public long keyHigh(final int slot)
    {
        return memory.get(ValueLayout.JAVA_LONG, ((long)slot << ENTRY_SHIFT) + KEY_HIGH_OFFSET);
    }

    /**
     * @param slot a live slot.
     * @return low 64 bits of its address. Writer thread.
     */
    public long keyLow(final int slot)
    {
        return memory.get(ValueLayout.JAVA_LONG, ((long)slot << ENTRY_SHIFT) + KEY_LOW_OFFSET);
    }

    /**
     * @return slots in the table; slot indices are 0..slotCount - 1.
     */
    public int slotCount()
    {
        return slotCount;
    }

    /**
     * @return entries the table accepts before {@link #TABLE_FULL}.
     */
    public int capacity()
    {
        return capacity;
    }

    /**
     * @return live entries. Writer thread.
     */
    public int size()
    {
        return liveCount;
    }

    /**
     * @return tombstones. Writer thread.
     */
    public int tombstoneCount()
    {
        return tombstoneCount;
    }

    /**
     * @return {@link #put} calls refused with {@link #TABLE_FULL}. Writer thread.
     */
    public long tableFullCount()
    {
        return tableFullCount;
    }

    /**
     * @return {@link #put} and {@link #update} calls refused with {@link #INVALID}. Writer thread.
     */
    public long invalidCount()
    {
        return invalidCount;
    }

    /**
     * @return largest distance from home of any key stored so far.
     */
    public int maxDisplacement()
    {
        return (int)MAX_DISPLACEMENT.getAcquire(this);
    }

    /**
     * @return the table's memory (tests: to hold an entry's version odd as a descheduled writer would).
     */
    MemorySegment memory()
    {
        return memory;
    }

    @Override
    public void close()
    {
        arena.close();
    }
}
