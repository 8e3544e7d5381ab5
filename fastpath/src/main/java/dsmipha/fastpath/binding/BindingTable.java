package dsmipha.fastpath.binding;

import static dsmipha.fastpath.binding.BindingTableDescriptor.BINDING_ID_OFFSET;
import static dsmipha.fastpath.binding.BindingTableDescriptor.CARE_OF_HIGH_OFFSET;
import static dsmipha.fastpath.binding.BindingTableDescriptor.CARE_OF_LOW_OFFSET;
import static dsmipha.fastpath.binding.BindingTableDescriptor.ENTRY_SHIFT;
import static dsmipha.fastpath.binding.BindingTableDescriptor.KEY_HIGH_OFFSET;
import static dsmipha.fastpath.binding.BindingTableDescriptor.KEY_LOW_OFFSET;
import static dsmipha.fastpath.binding.BindingTableDescriptor.STATE_EMPTY;
import static dsmipha.fastpath.binding.BindingTableDescriptor.STATE_LIVE;
import static dsmipha.fastpath.binding.BindingTableDescriptor.STATE_OFFSET;
import static dsmipha.fastpath.binding.BindingTableDescriptor.STATE_TOMBSTONE;
import static dsmipha.fastpath.binding.BindingTableDescriptor.TEMPLATE_LENGTH_OFFSET;
import static dsmipha.fastpath.binding.BindingTableDescriptor.TEMPLATE_OFFSET;
import static dsmipha.fastpath.binding.BindingTableDescriptor.TUNNEL_MTU_OFFSET;
import static dsmipha.fastpath.binding.BindingTableDescriptor.UDP_DESTINATION_PORT_OFFSET;
import static dsmipha.fastpath.binding.BindingTableDescriptor.UDP_SOURCE_PORT_OFFSET;
import static dsmipha.fastpath.binding.BindingTableDescriptor.VARIANT_OFFSET;
import static dsmipha.fastpath.binding.BindingTableDescriptor.VERSION_OFFSET;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import dsmipha.common.memory.EntrySeqlock;

import dsmipha.common.memory.MappedMemory;

/**
 * The shared binding table: ONE off-heap table of {@link BindingTableDescriptor} entries, written by the slowpath
 * thread alone and read lock-free by every fastpath worker.
 * <p>
 * <b>Single writer.</b> {@link #put}, {@link #removeIpv6}, {@link #removeIpv4} and the writer counters belong to
 * one thread, the slowpath's. Lookups may run on any number of threads at the same time as the writer.
 * <p>
 * <b>Publish protocol: a seqlock per entry.</b> The writer makes the entry's version odd, stores the fields, then
 * makes the version even again with a release store. A reader reads the version with acquire, copies the fields
 * into its {@link BindingView}, issues a load-load fence, reads the version again, and keeps the copy only when
 * both reads saw the same even value; otherwise it re-reads (bounded by {@link #MAX_READ_ATTEMPTS}, then answers
 * {@link #BUSY}). The writer never waits for readers; a reader never acts on a torn entry. See
 * docs/binding-table.md for the argument.
 * <p>
 * <b>Probing.</b> A key's home slot is {@code unsignedMultiplyHigh(hash(key, seed), slotCount)}; collisions probe
 * linearly, wrapping at the end of the table. No key is ever stored further than {@link #maxProbe()} slots from
 * its home, and readers stop after the largest displacement the writer has used, so a miss costs a bounded walk.
 * <p>
 * <b>Deletion: tombstones.</b> A removed entry becomes a tombstone that probes walk past and inserts reuse.
 * Backward-shift deletion would move live entries between slots, and a reader that had already passed the
 * destination slot would miss a binding that exists: a packet for a live binding dropped. Tombstones never move
 * a live entry. A tombstone whose next slot is empty is turned back into an empty slot (and so on backwards),
 * which is safe because no probe sequence of a live key can run through a slot followed by an empty one.
 * <p>
 * <b>Burst lookup.</b> {@link #lookupBurst} looks up a worker's whole burst in two passes, as DPDK's
 * {@code rte_hash_lookup_bulk} and VPP's dual/quad loops do: first it hashes every key and loads its home slot's
 * two cache lines (independent loads, so the CPU has up to a burst's worth of cache and TLB misses in flight at
 * once instead of one), then it probes and copies each entry under the seqlock exactly as a single lookup does.
 * <p>
 * <b>Memory.</b> The table is an anonymous mapping ({@link MappedMemory}), 2 MiB aligned and advised as
 * transparent huge pages ({@code madvise(MADV_HUGEPAGE)}) when it spans at least one huge page: a random lookup in
 * a table of hundreds of megabytes then costs a cache miss but rarely a page walk. Where the kernel refuses, the
 * table silently keeps 4 KiB pages; {@link #isHugePageAdvised()} says which.
 * <p>
 * <b>Hash.</b> A murmur3-style 64-bit finalizer over both halves of the key, keyed by a per-table seed. Home
 * addresses are not always the operator's choice: a mobile node may form its home address inside its home
 * prefix (and a NEMO router numbers its whole mobile network), so a hostile client that knew an unseeded hash
 * could register addresses that all land in one cluster, stretching probes and pushing other clients' bindings
 * past the probe bound. With a random seed it cannot aim without a timing oracle; the probe bound caps the damage
 * even then (a keyed PRF such as SipHash would close the oracle too, at several times the cost).
 * <p>
 * Close the table only after every reader has stopped.
 */
public final class BindingTable implements AutoCloseable
{
    /** {@link #put} result: a new binding was added. */
    public static final int ADDED = 1;
    /** {@link #put} result: the binding for the key was updated in place. */
    public static final int UPDATED = 2;
    /** {@link #removeIpv6}/{@link #removeIpv4} result: the binding was removed. */
    public static final int REMOVED = 3;
    /** {@link #put} result: the table holds its capacity of bindings; nothing changed. */
    public static final int TABLE_FULL = -10;
    /** {@link #put} result: no free slot within the probe bound of the key's home slot; nothing changed. */
    public static final int PROBE_LIMIT = -11;
    /** {@link #put} result: the binding is not valid (IPv4-mapped IPv6 key, unknown variant); nothing changed. */
    public static final int INVALID = -12;
    /** Lookup or remove result: no binding for the key. */
    public static final int NOT_FOUND = -1;
    /** Lookup result: the entry kept changing for {@link #MAX_READ_ATTEMPTS} reads; treat as a miss. */
    public static final int BUSY = -2;

    /** Reads of one entry a lookup makes before it gives up with {@link #BUSY}. */
    public static final int MAX_READ_ATTEMPTS = 256;

    private static final VarHandle MAX_DISPLACEMENT;
    private static final int TEMPLATE_WORDS = BindingTableDescriptor.TEMPLATE_LENGTH / Long.BYTES;

    static
    {
        try
        {
            MAX_DISPLACEMENT = MethodHandles.lookup().findVarHandle(BindingTable.class, "maxDisplacement", int.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final MappedMemory tableMemory;
    private final MemorySegment memory;
    private final long slotCount;
    private final long capacity;
    private final int maxProbe;
    private final long seed;

    /** Largest distance from home of any key stored so far; only grows. Written by the writer with release. */
    @SuppressWarnings("unused")
    private int maxDisplacement;

    // Writer-only state (the slowpath thread).
    private long liveCount;
    private long tombstoneCount;
    private long tableFullCount;
    private long probeLimitCount;
    private long invalidCount;

    /**
     * A table with the default load factor and probe bound.
     *
     * @param capacity bindings the table must hold, 1..{@link BindingTableDescriptor#MAX_CAPACITY}.
     * @param seed     hash seed; pass a random value (e.g. from {@code SecureRandom}) in production.
     */
    public BindingTable(final long capacity, final long seed)
    {
        this(capacity, BindingTableDescriptor.DEFAULT_LOAD_FACTOR, BindingTableDescriptor.DEFAULT_MAX_PROBE, seed);
    }

    /**
     * A table with transparent huge pages advised when it spans at least one huge page.
     *
     * @param capacity   bindings the table must hold, 1..{@link BindingTableDescriptor#MAX_CAPACITY}.
     * @param loadFactor maximum live bindings per slot, in (0, {@link BindingTableDescriptor#MAX_LOAD_FACTOR}].
     * @param maxProbe   most slots past its home a key may be stored, at least 1.
     * @param seed       hash seed.
     * @throws IllegalArgumentException when an argument is out of range.
     */
    public BindingTable(final long capacity, final double loadFactor, final int maxProbe, final long seed)
    {
        this(capacity, loadFactor, maxProbe, seed, true);
    }

    /**
     * @param capacity   bindings the table must hold, 1..{@link BindingTableDescriptor#MAX_CAPACITY}.
     * @param loadFactor maximum live bindings per slot, in (0, {@link BindingTableDescriptor#MAX_LOAD_FACTOR}].
     * @param maxProbe   most slots past its home a key may be stored, at least 1.
     * @param seed       hash seed.
     * @param hugePages  true to back the table with transparent huge pages when it spans at least one
     *                   ({@link MappedMemory#HUGE_PAGE_LENGTH}); false for 4 KiB pages (e.g. to measure the gain).
     * @throws IllegalArgumentException when an argument is out of range.
     */
    public BindingTable(
        final long capacity, final double loadFactor, final int maxProbe, final long seed, final boolean hugePages)
    {
        this.slotCount = BindingTableDescriptor.slotCount(capacity, loadFactor);
        if (maxProbe < 1)
        {
            throw new IllegalArgumentException("probe bound must be positive: " + maxProbe);
        }
        this.capacity = capacity;
        this.maxProbe = (int)Math.min(maxProbe, slotCount - 1);
        this.seed = seed;
        final long length = BindingTableDescriptor.tableLength(slotCount);
        // Zero filled (an untouched anonymous mapping): every slot starts EMPTY with version 0. Page aligned, so
        // at least BindingTableDescriptor.ALIGNMENT.
        this.tableMemory = MappedMemory.allocate(length, hugePages && length >= MappedMemory.HUGE_PAGE_LENGTH);
        this.memory = tableMemory.segment();
    }

    // ------------------------------------------------------------------------------------------ reader API

    /**
     * Look up the binding of an IPv6 home address and copy it into a view. Any thread; lock free.
     *
     * @param high address octets 0..7 as a big-endian number.
     * @param low  address octets 8..15 as a big-endian number.
     * @param view receives the entry's fields on a hit; left with stale contents otherwise.
     * @return the slot index, {@link #NOT_FOUND}, or {@link #BUSY}.
     */
    public int lookupIpv6(final long high, final long low, final BindingView view)
    {
        if (BindingView.isIpv4Mapped(high, low))
        {
            // Not an IPv6 home address (RFC 4291 §2.5.5.2): never let it reach an IPv4 binding.
            return NOT_FOUND;
        }
        return lookup(high, low, view);
    }

    /**
     * Look up the binding of an IPv4 home address and copy it into a view. Any thread; lock free.
     *
     * @param address big-endian 32-bit number.
     * @param view    receives the entry's fields on a hit.
     * @return the slot index, {@link #NOT_FOUND}, or {@link #BUSY}.
     */
    public int lookupIpv4(final int address, final BindingView view)
    {
        return lookup(BindingView.IPV4_MAPPED_HIGH, BindingView.ipv4MappedLow(address), view);
    }

    /**
     * Look up a burst of keys, IPv6 and IPv4 mixed, each into its own view: the same answers as {@link #lookupIpv6}
     * and {@link #lookupIpv4} one by one, with the burst's memory misses overlapped. Any thread; lock free; no
     * allocation.
     * <p>
     * Pass 1 hashes every key and loads its home slot's first cache line (version, state, key) and second
     * (template) for all keys before pass 2 looks at any of them: Java has no prefetch instruction, so the loads are
     * real and their values folded into {@code views[0]}, which keeps the JIT from removing them. Pass 2 probes from
     * each home slot and copies a matching entry under the entry's seqlock (the same code as a single lookup, so
     * the same guarantees: a kept copy is one consistent version of the entry).
     * <p>
     * Keys are 128-bit as in the table: an IPv4 home address is passed IPv4-mapped ({@code high = 0},
     * {@code low = BindingView.ipv4MappedLow(address)}). Unlike {@link #lookupIpv6} this method cannot tell an
     * IPv6 packet's IPv4-mapped address from an IPv4 key: a caller that builds keys from IPv6 headers must give
     * {@link BindingView#isIpv4Mapped} addresses {@link #NOT_FOUND} itself (RFC 4291 §2.5.5.2) and leave them out.
     *
     * @param keyHigh key octets 0..7 per key, big-endian numbers.
     * @param keyLow  key octets 8..15 per key.
     * @param count   keys to look up, from index 0; every array at least this long.
     * @param views   {@code views[i]} receives key {@code i}'s entry on a hit; one distinct view per key.
     * @param results receives per key the slot, {@link #NOT_FOUND} or {@link #BUSY}.
     * @return the number of hits.
     */
    public int lookupBurst(
        final long[] keyHigh, final long[] keyLow, final int count, final BindingView[] views, final int[] results)
    {
        for (int i = 0; i < count; i++)
        {
            views[i].homeSlot = homeSlot(keyHigh[i], keyLow[i]);
        }
        if (count > 0)
        {
            views[0].touched = touchHomeSlots(views, count);
        }
        int hits = 0;
        for (int i = 0; i < count; i++)
        {
            final int result = probe(views[i].homeSlot, keyHigh[i], keyLow[i], views[i]);
            results[i] = result;
            hits += result >= 0 ? 1 : 0;
        }
        return hits;
    }

    /**
     * Start the memory loads a later lookup of these keys will need (VPP's and DPDK's prefetch before a lookup):
     * both cache lines of each key's home slot are read and nothing else is done, so that the misses of a whole
     * burst are in flight together and the lookups that follow, one at a time, find the lines in the caches. Java
     * has no prefetch instruction; the loads are real and their folded value is returned for the caller to keep.
     * Any thread; lock free; no allocation.
     *
     * @param keyHigh key octets 0..7 per key (IPv4 keys IPv4-mapped, as for {@link #lookupBurst}).
     * @param keyLow  key octets 8..15 per key.
     * @param count   keys, from index 0.
     * @return a value folded from the loaded words, meaningless but to be kept.
     */
    public long prefetch(final long[] keyHigh, final long[] keyLow, final int count)
    {
        final MemorySegment memory = this.memory;
        long touched = 0;
        for (int i = 0; i < count; i++)
        {
            final long offset = homeSlot(keyHigh[i], keyLow[i]) << ENTRY_SHIFT;
            touched += memory.get(ValueLayout.JAVA_LONG, offset + VERSION_OFFSET) ^
                memory.get(ValueLayout.JAVA_LONG, offset + TEMPLATE_OFFSET);
        }
        return touched;
    }

    /**
     * Load both cache lines of every home slot: a short loop of independent loads, so that the misses of the whole
     * burst are in flight together. The sum is returned so that the loads have a use.
     */
    private long touchHomeSlots(final BindingView[] views, final int count)
    {
        final MemorySegment memory = this.memory;
        long touched = 0;
        for (int i = 0; i < count; i++)
        {
            final long offset = views[i].homeSlot << ENTRY_SHIFT;
            touched += memory.get(ValueLayout.JAVA_LONG, offset + VERSION_OFFSET) ^
                memory.get(ValueLayout.JAVA_LONG, offset + TEMPLATE_OFFSET);
        }
        return touched;
    }

    private int lookup(final long high, final long low, final BindingView view)
    {
        return probe(homeSlot(high, low), high, low, view);
    }

    /**
     * Probe from a key's home slot and read the matching entry under its seqlock.
     */
    private int probe(final long home, final long high, final long low, final BindingView view)
    {
        final MemorySegment memory = this.memory;
        final long slotCount = this.slotCount;
        final int limit = (int)MAX_DISPLACEMENT.getAcquire(this);
        long slot = home;
        for (int probe = 0; probe <= limit; probe++)
        {
            final long offset = slot << ENTRY_SHIFT;
            final byte state = memory.get(ValueLayout.JAVA_BYTE, offset + STATE_OFFSET);
            if (state == STATE_EMPTY)
            {
                return NOT_FOUND;
            }
            if (state == STATE_LIVE &&
                memory.get(ValueLayout.JAVA_LONG, offset + KEY_LOW_OFFSET) == low &&
                memory.get(ValueLayout.JAVA_LONG, offset + KEY_HIGH_OFFSET) == high)
            {
                return readStable((int)slot, offset, high, low, view);
            }
            slot = slot + 1 == slotCount ? 0 : slot + 1;
        }
        return NOT_FOUND;
    }

    /**
     * The seqlock read of a candidate entry: copy, then keep the copy only if the version did not move.
     */
    private int readStable(final int slot, final long offset, final long high, final long low, final BindingView view)
    {
        for (int attempt = 0; attempt < MAX_READ_ATTEMPTS; attempt++)
        {
            final long before = EntrySeqlock.readBegin(memory, offset + VERSION_OFFSET);
            if ((before & 1) == 0)
            {
                final byte state = memory.get(ValueLayout.JAVA_BYTE, offset + STATE_OFFSET);
                copyFields(offset, view);
                if (EntrySeqlock.unchangedSince(memory, offset + VERSION_OFFSET, before))
                {
                    return acceptStable(slot, before, state, high, low, view);
                }
            }
            view.readRetryCount++;
            Thread.onSpinWait();
        }
        view.readBusyCount++;
        return BUSY;
    }

    private static int acceptStable(
        final int slot, final long version, final byte state, final long high, final long low, final BindingView view)
    {
        if (state != STATE_LIVE || view.keyHigh != high || view.keyLow != low)
        {
            // Removed (or the slot reused) after the probe matched: the key was absent at that instant.
            return NOT_FOUND;
        }
        view.slot = slot;
        view.version = version;
        return slot;
    }

    private void copyFields(final long offset, final BindingView view)
    {
        final MemorySegment memory = this.memory;
        view.keyHigh = memory.get(ValueLayout.JAVA_LONG, offset + KEY_HIGH_OFFSET);
        view.keyLow = memory.get(ValueLayout.JAVA_LONG, offset + KEY_LOW_OFFSET);
        view.variant = memory.get(ValueLayout.JAVA_BYTE, offset + VARIANT_OFFSET) & 0xFF;
        view.templateLength = memory.get(ValueLayout.JAVA_BYTE, offset + TEMPLATE_LENGTH_OFFSET) & 0xFF;
        view.bindingId = memory.get(ValueLayout.JAVA_INT, offset + BINDING_ID_OFFSET);
        view.careOfHigh = memory.get(ValueLayout.JAVA_LONG, offset + CARE_OF_HIGH_OFFSET);
        view.careOfLow = memory.get(ValueLayout.JAVA_LONG, offset + CARE_OF_LOW_OFFSET);
        view.udpSourcePort = memory.get(ValueLayout.JAVA_SHORT, offset + UDP_SOURCE_PORT_OFFSET) & 0xFFFF;
        view.udpDestinationPort = memory.get(ValueLayout.JAVA_SHORT, offset + UDP_DESTINATION_PORT_OFFSET) & 0xFFFF;
        view.tunnelMtu = memory.get(ValueLayout.JAVA_SHORT, offset + TUNNEL_MTU_OFFSET) & 0xFFFF;
        for (int i = 0; i < TEMPLATE_WORDS; i++)
        {
            view.templateWord(i, memory.get(ValueLayout.JAVA_LONG, offset + TEMPLATE_OFFSET + (long)i * Long.BYTES));
        }
    }

    // ------------------------------------------------------------------------------------------ writer API

    /**
     * Add the binding in a view, or update the binding of its key in place. Writer thread only; never waits.
     *
     * @param value key and fields (see {@link BindingView}'s setters).
     * @return {@link #ADDED}, {@link #UPDATED}, {@link #TABLE_FULL}, {@link #PROBE_LIMIT} or {@link #INVALID};
     *         on a negative result the table is unchanged and the matching counter was incremented.
     */
    public int put(final BindingView value)
    {
        if (!isValid(value))
        {
            invalidCount++;
            return INVALID;
        }
        final long high = value.keyHigh;
        final long low = value.keyLow;
        long slot = homeSlot(high, low);
        long free = -1;
        int freeProbe = -1;
        for (int probe = 0; probe <= maxProbe; probe++)
        {
            final long offset = slot << ENTRY_SHIFT;
            final byte state = memory.get(ValueLayout.JAVA_BYTE, offset + STATE_OFFSET);
            if (state == STATE_LIVE && keyMatches(offset, high, low))
            {
                writeEntry(offset, value);
                return UPDATED;
            }
            if (state != STATE_LIVE && free < 0)
            {
                free = slot;
                freeProbe = probe;
            }
            if (state == STATE_EMPTY)
            {
                break;
            }
            slot = slot + 1 == slotCount ? 0 : slot + 1;
        }
        return insert(free, freeProbe, value);
    }

    private int insert(final long slot, final int probe, final BindingView value)
    {
        if (liveCount >= capacity)
        {
            tableFullCount++;
            return TABLE_FULL;
        }
        if (slot < 0)
        {
            probeLimitCount++;
            return PROBE_LIMIT;
        }
        final long offset = slot << ENTRY_SHIFT;
        if (memory.get(ValueLayout.JAVA_BYTE, offset + STATE_OFFSET) == STATE_TOMBSTONE)
        {
            tombstoneCount--;
        }
        if (probe > maxDisplacement)
        {
            // Raised before the entry appears, so a reader that can see the entry also probes far enough.
            MAX_DISPLACEMENT.setRelease(this, probe);
        }
        writeEntry(offset, value);
        liveCount++;
        return ADDED;
    }

    /**
     * Remove the binding of an IPv6 home address. Writer thread only.
     *
     * @param high address octets 0..7 as a big-endian number.
     * @param low  address octets 8..15 as a big-endian number.
     * @return {@link #REMOVED} or {@link #NOT_FOUND}.
     */
    public int removeIpv6(final long high, final long low)
    {
        return BindingView.isIpv4Mapped(high, low) ? NOT_FOUND : remove(high, low);
    }

    /**
     * Remove the binding of an IPv4 home address. Writer thread only.
     *
     * @param address big-endian 32-bit number.
     * @return {@link #REMOVED} or {@link #NOT_FOUND}.
     */
    public int removeIpv4(final int address)
    {
        return remove(BindingView.IPV4_MAPPED_HIGH, BindingView.ipv4MappedLow(address));
    }

    private int remove(final long high, final long low)
    {
        final long slot = findLive(high, low);
        if (slot < 0)
        {
            return NOT_FOUND;
        }
        writeState(slot << ENTRY_SHIFT, STATE_TOMBSTONE);
        liveCount--;
        tombstoneCount++;
        reclaimTombstones(slot);
        return REMOVED;
    }

    private long findLive(final long high, final long low)
    {
        long slot = homeSlot(high, low);
        for (int probe = 0; probe <= maxDisplacement; probe++)
        {
            final long offset = slot << ENTRY_SHIFT;
            final byte state = memory.get(ValueLayout.JAVA_BYTE, offset + STATE_OFFSET);
            if (state == STATE_EMPTY)
            {
                return -1;
            }
            if (state == STATE_LIVE && keyMatches(offset, high, low))
            {
                return slot;
            }
            slot = slot + 1 == slotCount ? 0 : slot + 1;
        }
        return -1;
    }

    /**
     * Turn a run of tombstones that ends just before an empty slot back into empty slots, walking backwards from
     * {@code slot}. Safe: a live key's probe sequence runs from its home to its slot through non-empty slots only,
     * so it cannot pass through a slot whose successor is empty.
     */
    private void reclaimTombstones(final long slot)
    {
        final long next = slot + 1 == slotCount ? 0 : slot + 1;
        if (memory.get(ValueLayout.JAVA_BYTE, (next << ENTRY_SHIFT) + STATE_OFFSET) != STATE_EMPTY)
        {
            return;
        }
        long current = slot;
        while (memory.get(ValueLayout.JAVA_BYTE, (current << ENTRY_SHIFT) + STATE_OFFSET) == STATE_TOMBSTONE)
        {
            writeState(current << ENTRY_SHIFT, STATE_EMPTY);
            tombstoneCount--;
            current = current == 0 ? slotCount - 1 : current - 1;
        }
    }

    private void writeEntry(final long offset, final BindingView value)
    {
        final long version = EntrySeqlock.beginWrite(memory, offset + VERSION_OFFSET);
        memory.set(ValueLayout.JAVA_LONG, offset + KEY_HIGH_OFFSET, value.keyHigh);
        memory.set(ValueLayout.JAVA_LONG, offset + KEY_LOW_OFFSET, value.keyLow);
        memory.set(ValueLayout.JAVA_BYTE, offset + STATE_OFFSET, STATE_LIVE);
        memory.set(ValueLayout.JAVA_BYTE, offset + VARIANT_OFFSET, (byte)value.variant);
        memory.set(ValueLayout.JAVA_BYTE, offset + TEMPLATE_LENGTH_OFFSET, (byte)value.templateLength);
        memory.set(ValueLayout.JAVA_INT, offset + BINDING_ID_OFFSET, value.bindingId);
        memory.set(ValueLayout.JAVA_LONG, offset + CARE_OF_HIGH_OFFSET, value.careOfHigh);
        memory.set(ValueLayout.JAVA_LONG, offset + CARE_OF_LOW_OFFSET, value.careOfLow);
        memory.set(ValueLayout.JAVA_SHORT, offset + UDP_SOURCE_PORT_OFFSET, (short)value.udpSourcePort);
        memory.set(ValueLayout.JAVA_SHORT, offset + UDP_DESTINATION_PORT_OFFSET, (short)value.udpDestinationPort);
        memory.set(ValueLayout.JAVA_SHORT, offset + TUNNEL_MTU_OFFSET, (short)value.tunnelMtu);
        for (int i = 0; i < TEMPLATE_WORDS; i++)
        {
            memory.set(ValueLayout.JAVA_LONG, offset + TEMPLATE_OFFSET + (long)i * Long.BYTES, value.templateWord(i));
        }
        EntrySeqlock.endWrite(memory, offset + VERSION_OFFSET, version);
    }

    private void writeState(final long offset, final byte state)
    {
        final long version = EntrySeqlock.beginWrite(memory, offset + VERSION_OFFSET);
        memory.set(ValueLayout.JAVA_BYTE, offset + STATE_OFFSET, state);
        EntrySeqlock.endWrite(memory, offset + VERSION_OFFSET, version);
    }



    private boolean keyMatches(final long offset, final long high, final long low)
    {
        return memory.get(ValueLayout.JAVA_LONG, offset + KEY_LOW_OFFSET) == low &&
            memory.get(ValueLayout.JAVA_LONG, offset + KEY_HIGH_OFFSET) == high;
    }

    private static boolean isValid(final BindingView value)
    {
        // An IPv6 key must not be IPv4-mapped: that form belongs to IPv4 keys, so the families never collide.
        return EncapVariant.isValid(value.variant) &&
            BindingView.isIpv4Mapped(value.keyHigh, value.keyLow) == value.ipv4KeySet &&
            !isUnspecified(value.keyHigh, value.keyLow);
    }

    private static boolean isUnspecified(final long high, final long low)
    {
        return high == 0 && low == 0;
    }

    // ------------------------------------------------------------------------------------------ hashing

    /**
     * @param high key octets 0..7.
     * @param low  key octets 8..15.
     * @return the key's home slot, 0..slotCount - 1.
     */
    long homeSlot(final long high, final long low)
    {
        return Math.unsignedMultiplyHigh(hash(high, low, seed), slotCount);
    }

    /**
     * A seeded 64-bit hash of a 128-bit key: murmur3's fmix64 finalizer applied to each half in turn.
     *
     * @param high key octets 0..7.
     * @param low  key octets 8..15.
     * @param seed per-table seed.
     * @return the hash; its high bits choose the home slot.
     */
    static long hash(final long high, final long low, final long seed)
    {
        return fmix64(fmix64(high ^ seed) ^ low);
    }

    private static long fmix64(final long value)
    {
        long z = value;
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }

    // ------------------------------------------------------------------------------------------ state, counters

    /**
     * @return slots in the table.
     */
    public long slotCount()
    {
        return slotCount;
    }

    /**
     * @return bindings the table accepts before {@link #TABLE_FULL}.
     */
    public long capacity()
    {
        return capacity;
    }

    /**
     * @return most slots past its home a key may be stored.
     */
    public int maxProbe()
    {
        return maxProbe;
    }

    /**
     * @return largest distance from home of any key stored so far (readers probe this far).
     */
    public int maxDisplacement()
    {
        return (int)MAX_DISPLACEMENT.getAcquire(this);
    }

    /**
     * @return true when the table's memory was advised as transparent huge pages and the kernel accepted it;
     * false when huge pages were not asked for, the table is smaller than one, or the kernel refused (the table
     * then uses 4 KiB pages and works the same, only slower at millions of bindings).
     */
    public boolean isHugePageAdvised()
    {
        return tableMemory.isHugePageAdvised();
    }

    /**
     * @return octets of off-heap memory held by the table.
     */
    public long memoryLength()
    {
        return memory.byteSize();
    }

    /**
     * @return live bindings. Writer thread.
     */
    public long size()
    {
        return liveCount;
    }

    /**
     * @return tombstones waiting for reuse. Writer thread.
     */
    public long tombstoneCount()
    {
        return tombstoneCount;
    }

    /**
     * @param counter a writer counter of {@link BindingTableCounter}.
     * @return its value. Writer thread (reader counters live in each worker's {@link BindingView}).
     */
    public long counter(final BindingTableCounter counter)
    {
        return switch (counter)
        {
            case TABLE_FULL -> tableFullCount;
            case PROBE_LIMIT -> probeLimitCount;
            case INVALID_BINDING -> invalidCount;
            case READ_RETRIES, READ_BUSY -> 0;
        };
    }

    /**
     * The table's memory, for tests and tools; never write it.
     *
     * @return the table segment.
     */
    MemorySegment memory()
    {
        return memory;
    }

    @Override
    public void close()
    {
        tableMemory.close();
    }
}
