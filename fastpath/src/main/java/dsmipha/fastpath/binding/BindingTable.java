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
import static dsmipha.fastpath.binding.BindingTableDescriptor.TAG_EMPTY;
import static dsmipha.fastpath.binding.BindingTableDescriptor.TAG_FINGERPRINTS;
import static dsmipha.fastpath.binding.BindingTableDescriptor.TAG_FIRST_FINGERPRINT;
import static dsmipha.fastpath.binding.BindingTableDescriptor.TAG_TOMBSTONE;
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
import java.nio.ByteOrder;

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
 * <b>Tags.</b> A probe walks the slots' one-octet tags ({@link BindingTableDescriptor}: empty, tombstone, or a
 * fingerprint of the key's hash from bits the home slot does not use), 64 to a cache line, and reads an entry only
 * where the fingerprint matches. The writer stores an inserted entry under its seqlock first and its tag last, with
 * release; a removal marks the entry and then tags it as a tombstone; an update in place keeps the tag. A reader
 * makes the load of a matching tag an acquire ({@code VarHandle.acquireFence()}) before it reads the entry. The
 * entry stays the authority: a matching tag only leads to the seqlock-checked key
 * comparison, so a stale tag costs at worst one extra comparison, or a {@link #NOT_FOUND} for a key whose insert
 * has not finished (its tag store is the instant it is added).
 * <p>
 * <b>Deletion: tombstones.</b> A removed entry becomes a tombstone that probes walk past and inserts reuse.
 * Backward-shift deletion would move live entries between slots, and a reader that had already passed the
 * destination slot would miss a binding that exists: a packet for a live binding dropped. Tombstones never move
 * a live entry. A tombstone whose next slot is empty is turned back into an empty slot (and so on backwards),
 * which is safe because no probe sequence of a live key can run through a slot followed by an empty one.
 * <p>
 * <b>Burst lookup.</b> {@link #lookupBurst} looks up a worker's whole burst in three passes, as DPDK's
 * {@code rte_hash_lookup_bulk} does: it hashes every key and loads its home tag line; then it scans each key's
 * tags to the first matching fingerprint and loads that entry's two cache lines (independent loads, so the CPU
 * has up to a burst's worth of cache and TLB misses in flight at once instead of one, and a key displaced from
 * its home costs no extra dependent miss); then it checks and copies each entry under the seqlock exactly as a
 * single lookup does.
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

    private static final VarHandle TAG = ValueLayout.JAVA_BYTE.varHandle();
    /** Pass 1 also loads the tag this many slots on, so a probe sequence starting near a line's end finds the next. */
    private static final int TAG_LOOKAHEAD = 8;
    /** {@link BindingView#touched} of a burst key whose tags ended the probe before any fingerprint matched. */
    private static final long NO_CANDIDATE = -1;
    private static final long HOME_MASK = 0xFFFF_FFFFL;
    private static final int TAG_SHIFT = 32;
    /** Tags compared at once by {@link #firstCandidate}. */
    private static final int TAGS_PER_WORD = Long.BYTES;
    private static final ValueLayout.OfLong TAG_WORD =
        ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long LOW_BITS = 0x0101_0101_0101_0101L;
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;

    private final MappedMemory tableMemory;
    private final MemorySegment memory;
    private final MemorySegment tags;
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
        final long entriesLength = BindingTableDescriptor.tableLength(slotCount);
        final long length = BindingTableDescriptor.memoryLength(slotCount);
        // Zero filled (an untouched anonymous mapping): every slot starts EMPTY with version 0 and tag EMPTY. Page
        // aligned, so at least BindingTableDescriptor.ALIGNMENT; the tags start page aligned after the entries.
        this.tableMemory = MappedMemory.allocate(length, hugePages && length >= MappedMemory.HUGE_PAGE_LENGTH);
        this.memory = tableMemory.segment().asSlice(0, entriesLength);
        this.tags = tableMemory.segment().asSlice(entriesLength, BindingTableDescriptor.tagsLength(slotCount));
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
     * Pass 1 hashes every key, then (in a loop of its own) loads its home tag's cache line and the line
     * {@value #TAG_LOOKAHEAD} tags on (the same line unless home is near its end). Pass 2 scans each key's tags,
     * now in the cache, to the first matching fingerprint (or decides {@link #NOT_FOUND} on an empty tag), then
     * (again in a loop of its own) loads that entry's first cache line (version, state, key) and second
     * (template): one independent miss per key, displaced from home or not. Java has no prefetch instruction, so
     * the loads are real and their values folded into {@code views[0]}, which keeps the JIT from removing them; a
     * real load holds its place in the reorder buffer until it completes, so the loading loops are kept short for
     * many misses to be in flight at once. Pass 3 compares each candidate's key and copies it under the entry's
     * seqlock, walking on past a fingerprint collision (the same code as a single lookup, so the same guarantees:
     * a kept copy is one consistent version of the entry). The key's home and fingerprint, then its candidate
     * slot, wait between passes in the view's scratch fields.
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
        final int limit = (int)MAX_DISPLACEMENT.getAcquire(this);
        long touched = 0;
        for (int i = 0; i < count; i++)
        {
            final long hash = hash(keyHigh[i], keyLow[i], seed);
            views[i].homeSlot = homeSlotOf(hash) | (long)(fingerprint(hash) & 0xFF) << TAG_SHIFT;
        }
        // A separate short loop of independent loads: the core keeps many tag misses in flight at once.
        for (int i = 0; i < count; i++)
        {
            touched += touchTagLine(views[i].homeSlot & HOME_MASK);
        }
        for (int i = 0; i < count; i++)
        {
            final long scratch = views[i].homeSlot;
            final long home = scratch & HOME_MASK;
            final int candidate = firstCandidate(home, (byte)(scratch >>> TAG_SHIFT), limit);
            views[i].touched = candidate < 0 ? NO_CANDIDATE : slotAt(home, candidate);
        }
        // Again a separate short loop of independent loads. A Java load, unlike a prefetch, holds its place in the
        // reorder buffer until it completes: the fewer instructions between two loads, the more misses in flight.
        for (int i = 0; i < count; i++)
        {
            final long candidate = views[i].touched;
            touched += touchEntry(candidate < 0 ? views[i].homeSlot & HOME_MASK : candidate);
        }
        int hits = 0;
        for (int i = 0; i < count; i++)
        {
            final BindingView view = views[i];
            final long scratch = view.homeSlot;
            final long candidate = view.touched;
            final long home = scratch & HOME_MASK;
            final int result = candidate < 0 ? NOT_FOUND : probeFrom(
                home, distance(home, candidate), (byte)(scratch >>> TAG_SHIFT), limit, keyHigh[i], keyLow[i], view);
            results[i] = result;
            hits += result >= 0 ? 1 : 0;
        }
        if (count > 0)
        {
            views[0].touched = touched;
        }
        return hits;
    }

    /**
     * Start the memory loads a later lookup of these keys will need (VPP's and DPDK's prefetch before a lookup):
     * the first two passes of {@link #lookupBurst}, i.e. each key's home tag line, then the two cache lines of the
     * entry its tags lead to, and nothing else, so that the misses of a whole burst are in flight together and the
     * lookups that follow, one at a time, find the lines in the caches. Java has no prefetch instruction; the loads
     * are real and their folded value is returned for the caller to keep. Any thread; lock free; no allocation.
     *
     * @param keyHigh key octets 0..7 per key (IPv4 keys IPv4-mapped, as for {@link #lookupBurst}).
     * @param keyLow  key octets 8..15 per key.
     * @param count   keys, from index 0.
     * @return a value folded from the loaded words, meaningless but to be kept.
     */
    public long prefetch(final long[] keyHigh, final long[] keyLow, final int count)
    {
        final int limit = (int)MAX_DISPLACEMENT.getAcquire(this);
        long touched = 0;
        for (int i = 0; i < count; i++)
        {
            touched += touchTagLine(homeSlotOf(hash(keyHigh[i], keyLow[i], seed)));
        }
        for (int i = 0; i < count; i++)
        {
            final long hash = hash(keyHigh[i], keyLow[i], seed);
            final long home = homeSlotOf(hash);
            final int candidate = firstCandidate(home, fingerprint(hash), limit);
            if (candidate >= 0)
            {
                touched += touchEntry(slotAt(home, candidate));
            }
        }
        return touched;
    }

    /**
     * Load the tag line of a home slot, and the line {@link #TAG_LOOKAHEAD} tags on (the same line unless the home
     * is near its end; wrapping at the table's end as probes do). Branch free: the loads are all that matters.
     */
    private long touchTagLine(final long home)
    {
        final long ahead = home + TAG_LOOKAHEAD;
        return tags.get(ValueLayout.JAVA_BYTE, home) +
            tags.get(ValueLayout.JAVA_BYTE, ahead < slotCount ? ahead : ahead - slotCount);
    }

    /**
     * Load the first word of both cache lines of a slot's entry.
     */
    private long touchEntry(final long slot)
    {
        final long offset = slot << ENTRY_SHIFT;
        return memory.get(ValueLayout.JAVA_LONG, offset + VERSION_OFFSET) ^
            memory.get(ValueLayout.JAVA_LONG, offset + TEMPLATE_OFFSET);
    }

    /**
     * {@link #scanTags} from the home slot, with the first {@value #TAGS_PER_WORD} tags compared at once (SWAR on
     * one 64-bit load): without a branch per tag, so that a burst's pass 2 does not stall on mispredictions. Falls
     * back to {@link #scanTags} when neither the fingerprint nor an empty tag is among them, or when the word would
     * run past the table's end.
     *
     * @return the distance from home of the first tag holding the fingerprint, or -1 when an empty tag or the probe
     *         limit comes first.
     */
    private int firstCandidate(final long home, final byte fingerprint, final int limit)
    {
        if (home > slotCount - TAGS_PER_WORD)
        {
            return scanTags(home, 0, fingerprint, limit);
        }
        final long word = tags.get(TAG_WORD, home);
        final int match = firstZeroOctet(word ^ ((fingerprint & 0xFFL) * LOW_BITS));
        final int empty = firstZeroOctet(word);
        if (match < empty)
        {
            // The tag load becomes an acquire (see scanTags).
            VarHandle.acquireFence();
            return match <= limit ? match : -1;
        }
        if (empty < TAGS_PER_WORD || limit < TAGS_PER_WORD)
        {
            return -1;
        }
        return scanTags(home, TAGS_PER_WORD, fingerprint, limit);
    }

    /**
     * @return index (0 = lowest address) of the first zero octet of a little-endian word, {@value #TAGS_PER_WORD}
     *         when none. The classic {@code (x - 0x01..01) & ~x & 0x80..80} may also flag an octet above a zero one
     *         (a borrow), never one below it, so its lowest flag is exact.
     */
    private static int firstZeroOctet(final long word)
    {
        return Long.numberOfTrailingZeros((word - LOW_BITS) & ~word & HIGH_BITS) >>> 3;
    }

    /**
     * Walk a key's tags from {@code firstProbe} slots past its home to the first one holding its fingerprint.
     *
     * @return that slot's distance from home, or -1 when an empty tag or the probe limit ends the walk first.
     */
    private int scanTags(final long home, final int firstProbe, final byte fingerprint, final int limit)
    {
        long slot = slotAt(home, firstProbe);
        for (int probe = firstProbe; probe <= limit; probe++)
        {
            final byte tag = tags.get(ValueLayout.JAVA_BYTE, slot);
            if (tag == fingerprint)
            {
                // The tag load becomes an acquire: the entry loads that follow see what the writer stored before
                // its release store of the tag.
                VarHandle.acquireFence();
                return probe;
            }
            if (tag == TAG_EMPTY)
            {
                return -1;
            }
            slot = slot + 1 == slotCount ? 0 : slot + 1;
        }
        return -1;
    }

    private int lookup(final long high, final long low, final BindingView view)
    {
        final long hash = hash(high, low, seed);
        final int limit = (int)MAX_DISPLACEMENT.getAcquire(this);
        final long home = homeSlotOf(hash);
        final byte fingerprint = fingerprint(hash);
        // Most keys (62.5 % at load 0.75) sit in their home slot: start that entry's miss now, beside the tag's,
        // rather than after it. Kept in the view's scratch so that the load stays.
        view.touched = memory.get(ValueLayout.JAVA_LONG, (home << ENTRY_SHIFT) + VERSION_OFFSET);
        final int candidate = firstCandidate(home, fingerprint, limit);
        return candidate < 0 ? NOT_FOUND : probeFrom(home, candidate, fingerprint, limit, high, low, view);
    }

    /**
     * Probe a key's tags from {@code firstProbe} slots past its home; at each slot whose fingerprint matches,
     * compare the entry's key and, when it is the key, read the entry under its seqlock.
     * <p>
     * The matching tag's load, made an acquire, orders the entry loads after it: a reader that sees an inserted
     * entry's fingerprint sees the entry the writer stored before it. A stale fingerprint (the slot removed or
     * reused since) leads to a key that differs or to a stable copy that is not live, never to a wrong answer.
     */
    private int probeFrom(
        final long home,
        final int firstProbe,
        final byte fingerprint,
        final int limit,
        final long high,
        final long low,
        final BindingView view)
    {
        int probe = scanTags(home, firstProbe, fingerprint, limit);
        while (probe >= 0)
        {
            final long slot = slotAt(home, probe);
            final long offset = slot << ENTRY_SHIFT;
            if (memory.get(ValueLayout.JAVA_LONG, offset + KEY_LOW_OFFSET) == low &&
                memory.get(ValueLayout.JAVA_LONG, offset + KEY_HIGH_OFFSET) == high)
            {
                return readStable((int)slot, offset, high, low, view);
            }
            // A fingerprint collision (another key, 1 in 254), or the slot reused since: walk on.
            probe = probe < limit ? scanTags(home, probe + 1, fingerprint, limit) : -1;
        }
        return NOT_FOUND;
    }

    private int distance(final long home, final long slot)
    {
        return (int)(slot >= home ? slot - home : slot + slotCount - home);
    }

    private long slotAt(final long home, final int probe)
    {
        final long slot = home + probe;
        return slot < slotCount ? slot : slot - slotCount;
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
        final long hash = hash(high, low, seed);
        final byte fingerprint = fingerprint(hash);
        long slot = homeSlotOf(hash);
        long free = -1;
        int freeProbe = -1;
        for (int probe = 0; probe <= maxProbe; probe++)
        {
            final byte tag = tags.get(ValueLayout.JAVA_BYTE, slot);
            if (tag == fingerprint && keyMatches(slot << ENTRY_SHIFT, high, low))
            {
                // Update in place: the seqlock alone; the tag stays.
                writeEntry(slot << ENTRY_SHIFT, value);
                return UPDATED;
            }
            if ((tag == TAG_EMPTY || tag == TAG_TOMBSTONE) && free < 0)
            {
                free = slot;
                freeProbe = probe;
            }
            if (tag == TAG_EMPTY)
            {
                break;
            }
            slot = slot + 1 == slotCount ? 0 : slot + 1;
        }
        return insert(free, freeProbe, fingerprint, value);
    }

    private int insert(final long slot, final int probe, final byte fingerprint, final BindingView value)
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
        if (tags.get(ValueLayout.JAVA_BYTE, slot) == TAG_TOMBSTONE)
        {
            tombstoneCount--;
        }
        if (probe > maxDisplacement)
        {
            // Raised before the entry appears, so a reader that can see the entry also probes far enough.
            MAX_DISPLACEMENT.setRelease(this, probe);
        }
        // Entry first, tag last: a reader that sees the fingerprint (acquire) sees the whole entry.
        writeEntry(slot << ENTRY_SHIFT, value);
        TAG.setRelease(tags, slot, fingerprint);
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
        // Entry first (the instant of the removal: a stable copy is no longer live), then the tag.
        writeState(slot << ENTRY_SHIFT, STATE_TOMBSTONE);
        TAG.setRelease(tags, slot, TAG_TOMBSTONE);
        liveCount--;
        tombstoneCount++;
        reclaimTombstones(slot);
        return REMOVED;
    }

    private long findLive(final long high, final long low)
    {
        final long hash = hash(high, low, seed);
        final byte fingerprint = fingerprint(hash);
        long slot = homeSlotOf(hash);
        for (int probe = 0; probe <= maxDisplacement; probe++)
        {
            final byte tag = tags.get(ValueLayout.JAVA_BYTE, slot);
            if (tag == TAG_EMPTY)
            {
                return -1;
            }
            if (tag == fingerprint && keyMatches(slot << ENTRY_SHIFT, high, low))
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
     * so it cannot pass through a slot whose successor is empty. Readers never read the entry of a slot whose tag
     * is not a fingerprint, so the order of the entry's and the tag's stores does not matter here.
     */
    private void reclaimTombstones(final long slot)
    {
        final long next = slot + 1 == slotCount ? 0 : slot + 1;
        if (tags.get(ValueLayout.JAVA_BYTE, next) != TAG_EMPTY)
        {
            return;
        }
        long current = slot;
        while (tags.get(ValueLayout.JAVA_BYTE, current) == TAG_TOMBSTONE)
        {
            writeState(current << ENTRY_SHIFT, STATE_EMPTY);
            TAG.setRelease(tags, current, TAG_EMPTY);
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
        return homeSlotOf(hash(high, low, seed));
    }

    /**
     * @param high key octets 0..7.
     * @param low  key octets 8..15.
     * @return the key's tag: its fingerprint, {@link BindingTableDescriptor#TAG_FIRST_FINGERPRINT}..255 as an octet.
     */
    byte fingerprint(final long high, final long low)
    {
        return fingerprint(hash(high, low, seed));
    }

    private long homeSlotOf(final long hash)
    {
        // The hash's high bits (the high word of hash * slotCount).
        return Math.unsignedMultiplyHigh(hash, slotCount);
    }

    /**
     * The fingerprint from the hash's low 32 bits, which the home slot (its high bits) hardly depends on, scaled
     * onto the 254 non-reserved tag values.
     */
    private static byte fingerprint(final long hash)
    {
        return (byte)(TAG_FIRST_FINGERPRINT + (((hash & 0xFFFF_FFFFL) * TAG_FINGERPRINTS) >>> 32));
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
     * @return octets of off-heap memory held by the table: entries and tags.
     */
    public long memoryLength()
    {
        return memory.byteSize() + tags.byteSize();
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

    /**
     * The tag of a slot, for tests.
     *
     * @param slot slot index.
     * @return {@link BindingTableDescriptor#TAG_EMPTY}, {@link BindingTableDescriptor#TAG_TOMBSTONE} or a
     *         fingerprint.
     */
    byte tag(final long slot)
    {
        return (byte)TAG.getAcquire(tags, slot);
    }

    @Override
    public void close()
    {
        tableMemory.close();
    }
}
