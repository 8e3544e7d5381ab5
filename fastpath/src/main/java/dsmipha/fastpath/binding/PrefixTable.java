package dsmipha.fastpath.binding;

import static dsmipha.fastpath.binding.PrefixTableDescriptor.ENTRY_SHIFT;
import static dsmipha.fastpath.binding.PrefixTableDescriptor.FAMILY_IPV4;
import static dsmipha.fastpath.binding.PrefixTableDescriptor.FAMILY_IPV6;
import static dsmipha.fastpath.binding.PrefixTableDescriptor.FAMILY_OFFSET;
import static dsmipha.fastpath.binding.PrefixTableDescriptor.IPV4_MAPPED_LENGTH;
import static dsmipha.fastpath.binding.PrefixTableDescriptor.LENGTH_OFFSET;
import static dsmipha.fastpath.binding.PrefixTableDescriptor.MAX_IPV4_LENGTH;
import static dsmipha.fastpath.binding.PrefixTableDescriptor.MAX_IPV6_LENGTH;
import static dsmipha.fastpath.binding.PrefixTableDescriptor.OWNER_HIGH_OFFSET;
import static dsmipha.fastpath.binding.PrefixTableDescriptor.OWNER_LOW_OFFSET;
import static dsmipha.fastpath.binding.PrefixTableDescriptor.PREFIX_HIGH_OFFSET;
import static dsmipha.fastpath.binding.PrefixTableDescriptor.PREFIX_LOW_OFFSET;
import static dsmipha.fastpath.binding.PrefixTableDescriptor.STATE_EMPTY;
import static dsmipha.fastpath.binding.PrefixTableDescriptor.STATE_LIVE;
import static dsmipha.fastpath.binding.PrefixTableDescriptor.STATE_OFFSET;
import static dsmipha.fastpath.binding.PrefixTableDescriptor.STATE_TOMBSTONE;
import static dsmipha.fastpath.binding.PrefixTableDescriptor.VERSION_OFFSET;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import dsmipha.common.memory.EntrySeqlock;

/**
 * Prefix bindings: the shared longest-prefix-match table of mobile network prefixes (NEMO, RFC 3963 §6.1.2: the
 * home agent's Prefix Table maps each prefix to its mobile router's home address) and IPv4 home prefixes (RFC 5555
 * §3.1.1, IPv4 Home Address option with the P flag and a prefix length). The value of each prefix is its
 * <i>owner</i>: the 128-bit binding key (home address) of the mobile router or node the prefix is served through.
 * Workers consult it only after an exact-address miss in the {@link BindingTable} (see {@link BindingResolver}).
 * <p>
 * <b>Single writer.</b> {@link #putIpv6}, {@link #putIpv4}, {@link #removeIpv6}, {@link #removeIpv4} and the
 * writer counters belong to one thread, the slowpath's; it never waits for readers. Lookups may run on any number
 * of threads at the same time as the writer, lock free.
 * <p>
 * <b>Layout.</b> One off-heap open-addressing hash table of 64-octet entries ({@link PrefixTableDescriptor}),
 * keyed by (masked prefix, length) with a seeded hash, linear probing and tombstones exactly like
 * {@link BindingTable}; plus, per family, a bitmap of the prefix lengths in use (IPv6: 129 bits in three words;
 * IPv4: 33 bits in one). IPv4 prefixes are stored in {@code ::ffff:0:0/96} (RFC 4291 §2.5.5.2), so an IPv4 /N is a
 * /96+N over the 128-bit key; the families never match each other's addresses.
 * <p>
 * <b>Lookup</b> (VPP's ip6 FIB does the same): walk the lengths present from the longest down; for each, mask the
 * address, hash (masked address, length) and probe; the first live match is the longest prefix. Cost: one probe
 * per distinct length present that is longer than the match (a miss probes every length present).
 * <p>
 * <b>Publish protocol.</b> Each entry has a seqlock, as in {@link BindingTable}: a reader copies a matching entry
 * between two reads of its version and keeps the copy only if both saw the same even value (it gives up with
 * {@link BindingTable#BUSY} after {@link BindingTable#MAX_READ_ATTEMPTS} reads). The length bitmaps are ordered
 * against the entries:
 * <ul>
 *   <li>add: the entry is written (and published by its release store) <i>before</i> its length's bit is set with a
 *       release store, so a reader that sees the bit also sees the entry;</li>
 *   <li>remove: the entry is made a tombstone first; the length's bit is cleared only when the last prefix of that
 *       length is gone. A reader that still sees the bit probes, finds the tombstone and goes on to shorter
 *       lengths.</li>
 * </ul>
 * A prefix that is in the table for the whole of a lookup keeps its length's bit set and its probe chain
 * non-empty for that whole time, so the lookup finds it: it is never missed, and no shorter prefix is answered in
 * its place. A prefix added or removed during the lookup may or may not be seen. Whatever is answered was a live
 * prefix at the instant its entry was read, with the owner it had at that instant. See docs/binding-table.md,
 * "Prefix bindings".
 * <p>
 * <b>Prefixes must be canonical:</b> the host bits beyond the prefix length must be zero, or the put (or remove) is
 * refused as {@link BindingTable#INVALID}; the table never masks a prefix silently, so a slowpath bug cannot
 * register a wider or different prefix than it meant.
 * <p>
 * Close the table only after every reader has stopped.
 */
public final class PrefixTable implements AutoCloseable
{
    /** Reads of one entry a lookup makes before it gives up with {@link BindingTable#BUSY}. */
    public static final int MAX_READ_ATTEMPTS = BindingTable.MAX_READ_ATTEMPTS;

    private static final VarHandle LENGTH_BITS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle MAX_DISPLACEMENT;
    /** Word of {@link #lengthBits} holding the IPv4 lengths 0..32; words 0..2 hold the IPv6 lengths 0..128. */
    private static final int IPV4_WORD = 3;
    /** Golden-ratio multiplier that spreads the prefix length over the hash input. */
    private static final long LENGTH_SALT = 0x9E37_79B9_7F4A_7C15L;

    static
    {
        try
        {
            MAX_DISPLACEMENT = MethodHandles.lookup().findVarHandle(PrefixTable.class, "maxDisplacement", int.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final Arena arena;
    private final MemorySegment memory;
    private final long slotCount;
    private final int capacity;
    private final int maxProbe;
    private final long seed;
    /** Published lengths in use: bit L of word L / 64 for IPv6, bit N of word 3 for IPv4. Release/acquire. */
    private final long[] lengthBits = new long[IPV4_WORD + 1];

    /** Largest distance from home of any prefix stored so far; only grows. Written by the writer with release. */
    @SuppressWarnings("unused")
    private int maxDisplacement;

    // Writer-only state (the slowpath thread).
    private final int[] ipv6LengthCounts = new int[MAX_IPV6_LENGTH + 1];
    private final int[] ipv4LengthCounts = new int[MAX_IPV4_LENGTH + 1];
    private int liveCount;
    private long tombstoneCount;
    private long addedCount;
    private long updatedCount;
    private long removedCount;
    private long tableFullCount;
    private long probeLimitCount;
    private long invalidCount;

    /**
     * A table with the default load factor (0.75) and probe bound (512).
     *
     * @param capacity prefixes the table must hold, 1..{@link PrefixTableDescriptor#MAX_CAPACITY}.
     * @param seed     hash seed; pass a random value (e.g. from {@code SecureRandom}) in production: mobile routers
     *                 number their own networks, so an unseeded hash would let them aim at one cluster.
     * @throws IllegalArgumentException when the capacity is out of range.
     */
    public PrefixTable(final int capacity, final long seed)
    {
        this.slotCount = PrefixTableDescriptor.slotCount(capacity);
        this.capacity = capacity;
        this.maxProbe = (int)Math.min(PrefixTableDescriptor.DEFAULT_MAX_PROBE, slotCount - 1);
        this.seed = seed;
        this.arena = Arena.ofShared();
        // Zero filled: every slot starts EMPTY with version 0.
        this.memory = arena.allocate(PrefixTableDescriptor.tableLength(slotCount), PrefixTableDescriptor.ALIGNMENT);
    }

    // ------------------------------------------------------------------------------------------ reader API

    /**
     * The longest IPv6 prefix holding an address. Any thread; lock free; allocates nothing.
     *
     * @param high  address octets 0..7 as a big-endian number.
     * @param low   address octets 8..15 as a big-endian number.
     * @param match receives prefix, length and owner on a hit; left as it was otherwise.
     * @return the matched prefix length (0..128), {@link BindingTable#NOT_FOUND} (also for an IPv4-mapped address,
     *         which only {@link #lookupIpv4} may match), or {@link BindingTable#BUSY}.
     */
    public int lookupIpv6(final long high, final long low, final PrefixMatch match)
    {
        if (BindingView.isIpv4Mapped(high, low))
        {
            // An IPv4 address in IPv6 clothing (RFC 4291 §2.5.5.2): never let it reach an IPv4 prefix.
            return BindingTable.NOT_FOUND;
        }
        final int limit = (int)MAX_DISPLACEMENT.getAcquire(this);
        for (int word = IPV4_WORD - 1; word >= 0; word--)
        {
            long bits = (long)LENGTH_BITS.getAcquire(lengthBits, word);
            while (bits != 0)
            {
                final int bit = 63 - Long.numberOfLeadingZeros(bits);
                final int length = (word << 6) + bit;
                final int slot = probe(high & maskHigh(length), low & maskLow(length), length, FAMILY_IPV6, limit,
                    match);
                if (slot != BindingTable.NOT_FOUND)
                {
                    return slot >= 0 ? length : slot;
                }
                bits &= ~(1L << bit);
            }
        }
        return BindingTable.NOT_FOUND;
    }

    /**
     * The longest IPv4 prefix holding an address. Any thread; lock free; allocates nothing.
     *
     * @param address big-endian 32-bit number.
     * @param match   receives prefix, length and owner on a hit; left as it was otherwise.
     * @return the matched prefix length (0..32), {@link BindingTable#NOT_FOUND} or {@link BindingTable#BUSY}.
     */
    public int lookupIpv4(final int address, final PrefixMatch match)
    {
        final long low = BindingView.ipv4MappedLow(address);
        final int limit = (int)MAX_DISPLACEMENT.getAcquire(this);
        long bits = (long)LENGTH_BITS.getAcquire(lengthBits, IPV4_WORD);
        while (bits != 0)
        {
            final int bit = 63 - Long.numberOfLeadingZeros(bits);
            final int length = IPV4_MAPPED_LENGTH + bit;
            final int slot = probe(BindingView.IPV4_MAPPED_HIGH, low & maskLow(length), length, FAMILY_IPV4, limit,
                match);
            if (slot != BindingTable.NOT_FOUND)
            {
                return slot >= 0 ? bit : slot;
            }
            bits &= ~(1L << bit);
        }
        return BindingTable.NOT_FOUND;
    }

    /**
     * Probe for one (masked prefix, length): plain loads decide where to look, the seqlock read decides what is
     * accepted.
     *
     * @return the slot on a hit, {@link BindingTable#NOT_FOUND} or {@link BindingTable#BUSY}.
     */
    private int probe(
        final long high, final long low, final int length, final byte family, final int limit, final PrefixMatch match)
    {
        final MemorySegment memory = this.memory;
        final long slotCount = this.slotCount;
        long slot = homeSlot(high, low, length);
        for (int probe = 0; probe <= limit; probe++)
        {
            final long offset = slot << ENTRY_SHIFT;
            final byte state = memory.get(ValueLayout.JAVA_BYTE, offset + STATE_OFFSET);
            if (state == STATE_EMPTY)
            {
                return BindingTable.NOT_FOUND;
            }
            if (state == STATE_LIVE &&
                memory.get(ValueLayout.JAVA_LONG, offset + PREFIX_LOW_OFFSET) == low &&
                memory.get(ValueLayout.JAVA_LONG, offset + PREFIX_HIGH_OFFSET) == high &&
                (memory.get(ValueLayout.JAVA_BYTE, offset + LENGTH_OFFSET) & 0xFF) == length)
            {
                return readStable((int)slot, offset, high, low, length, family, match);
            }
            slot = slot + 1 == slotCount ? 0 : slot + 1;
        }
        return BindingTable.NOT_FOUND;
    }

    /**
     * The seqlock read of a candidate entry: copy into locals, keep the copy only if the version did not move, and
     * only then fill the holder.
     */
    private int readStable(
        final int slot,
        final long offset,
        final long high,
        final long low,
        final int length,
        final byte family,
        final PrefixMatch match)
    {
        final MemorySegment memory = this.memory;
        for (int attempt = 0; attempt < MAX_READ_ATTEMPTS; attempt++)
        {
            final long before = EntrySeqlock.readBegin(memory, offset + VERSION_OFFSET);
            if ((before & 1) == 0)
            {
                final byte state = memory.get(ValueLayout.JAVA_BYTE, offset + STATE_OFFSET);
                final int storedLength = memory.get(ValueLayout.JAVA_BYTE, offset + LENGTH_OFFSET) & 0xFF;
                final byte storedFamily = memory.get(ValueLayout.JAVA_BYTE, offset + FAMILY_OFFSET);
                final long prefixHigh = memory.get(ValueLayout.JAVA_LONG, offset + PREFIX_HIGH_OFFSET);
                final long prefixLow = memory.get(ValueLayout.JAVA_LONG, offset + PREFIX_LOW_OFFSET);
                final long ownerHigh = memory.get(ValueLayout.JAVA_LONG, offset + OWNER_HIGH_OFFSET);
                final long ownerLow = memory.get(ValueLayout.JAVA_LONG, offset + OWNER_LOW_OFFSET);
                if (EntrySeqlock.unchangedSince(memory, offset + VERSION_OFFSET, before))
                {
                    if (state != STATE_LIVE || storedLength != length || storedFamily != family ||
                        prefixHigh != high || prefixLow != low)
                    {
                        // Removed (or the slot reused) after the probe matched: absent at that instant.
                        return BindingTable.NOT_FOUND;
                    }
                    match.slot = slot;
                    match.version = before;
                    match.length = length;
                    match.family = family;
                    match.prefixHigh = prefixHigh;
                    match.prefixLow = prefixLow;
                    match.ownerHigh = ownerHigh;
                    match.ownerLow = ownerLow;
                    return slot;
                }
            }
            match.readRetryCount++;
            Thread.onSpinWait();
        }
        match.readBusyCount++;
        return BindingTable.BUSY;
    }

    // ------------------------------------------------------------------------------------------ writer API

    /**
     * Add an IPv6 prefix (a NEMO mobile network prefix, RFC 3963 §6.1.2), or change the owner of a present one.
     * Writer thread only; never waits.
     *
     * @param high         prefix octets 0..7 as a big-endian number; bits beyond the length must be zero.
     * @param low          prefix octets 8..15 as a big-endian number; bits beyond the length must be zero.
     * @param prefixLength 0..128 (0 is a default prefix).
     * @param ownerHigh    owner's home address (the binding key) octets 0..7.
     * @param ownerLow     owner's home address octets 8..15; an IPv4 owner is IPv4-mapped.
     * @return {@link BindingTable#ADDED}, {@link BindingTable#UPDATED}, {@link BindingTable#TABLE_FULL},
     *         {@link BindingTable#PROBE_LIMIT} or {@link BindingTable#INVALID} (length out of range, host bits set,
     *         a prefix inside {@code ::ffff:0:0/96} (use {@link #putIpv4}), or owner {@code ::}); on a negative
     *         result the table is unchanged and the matching counter was incremented.
     */
    public int putIpv6(
        final long high, final long low, final int prefixLength, final long ownerHigh, final long ownerLow)
    {
        if (!isValidIpv6(high, low, prefixLength) || isUnspecified(ownerHigh, ownerLow))
        {
            return invalid();
        }
        return put(high, low, prefixLength, FAMILY_IPV6, ownerHigh, ownerLow);
    }

    /**
     * Add an IPv4 prefix (an IPv4 home prefix, RFC 5555 §3.1.1 with the P flag), or change the owner of a present
     * one. Writer thread only; never waits.
     *
     * @param address      prefix as a big-endian 32-bit number; bits beyond the length must be zero.
     * @param prefixLength 0..32 (0 is a default prefix).
     * @param ownerHigh    owner's home address (the binding key) octets 0..7.
     * @param ownerLow     owner's home address octets 8..15; an IPv4 owner is IPv4-mapped.
     * @return as {@link #putIpv6}.
     */
    public int putIpv4(final int address, final int prefixLength, final long ownerHigh, final long ownerLow)
    {
        if (!isValidIpv4(address, prefixLength) || isUnspecified(ownerHigh, ownerLow))
        {
            return invalid();
        }
        return put(BindingView.IPV4_MAPPED_HIGH, BindingView.ipv4MappedLow(address), IPV4_MAPPED_LENGTH + prefixLength,
            FAMILY_IPV4, ownerHigh, ownerLow);
    }

    /**
     * Remove an IPv6 prefix. Writer thread only.
     *
     * @param high         prefix octets 0..7; bits beyond the length must be zero.
     * @param low          prefix octets 8..15; bits beyond the length must be zero.
     * @param prefixLength 0..128.
     * @return {@link BindingTable#REMOVED}, {@link BindingTable#NOT_FOUND} or {@link BindingTable#INVALID}.
     */
    public int removeIpv6(final long high, final long low, final int prefixLength)
    {
        if (!isValidIpv6(high, low, prefixLength))
        {
            return invalid();
        }
        return remove(high, low, prefixLength, FAMILY_IPV6);
    }

    /**
     * Remove an IPv4 prefix. Writer thread only.
     *
     * @param address      prefix as a big-endian 32-bit number; bits beyond the length must be zero.
     * @param prefixLength 0..32.
     * @return {@link BindingTable#REMOVED}, {@link BindingTable#NOT_FOUND} or {@link BindingTable#INVALID}.
     */
    public int removeIpv4(final int address, final int prefixLength)
    {
        if (!isValidIpv4(address, prefixLength))
        {
            return invalid();
        }
        return remove(BindingView.IPV4_MAPPED_HIGH, BindingView.ipv4MappedLow(address),
            IPV4_MAPPED_LENGTH + prefixLength, FAMILY_IPV4);
    }

    private int put(
        final long high, final long low, final int length, final byte family, final long ownerHigh, final long ownerLow)
    {
        long slot = homeSlot(high, low, length);
        long free = -1;
        int freeProbe = -1;
        for (int probe = 0; probe <= maxProbe; probe++)
        {
            final long offset = slot << ENTRY_SHIFT;
            final byte state = memory.get(ValueLayout.JAVA_BYTE, offset + STATE_OFFSET);
            if (state == STATE_LIVE && keyMatches(offset, high, low, length))
            {
                writeEntry(offset, high, low, length, family, ownerHigh, ownerLow);
                updatedCount++;
                return BindingTable.UPDATED;
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
        if (liveCount >= capacity)
        {
            tableFullCount++;
            return BindingTable.TABLE_FULL;
        }
        if (free < 0)
        {
            probeLimitCount++;
            return BindingTable.PROBE_LIMIT;
        }
        insert(free, freeProbe, high, low, length, family, ownerHigh, ownerLow);
        return BindingTable.ADDED;
    }

    private void insert(
        final long slot,
        final int probe,
        final long high,
        final long low,
        final int length,
        final byte family,
        final long ownerHigh,
        final long ownerLow)
    {
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
        writeEntry(offset, high, low, length, family, ownerHigh, ownerLow);
        liveCount++;
        addedCount++;
        if (++lengthCounts(family)[lengthIndex(length, family)] == 1)
        {
            // Published after the entry: a reader that sees the length also sees the entry (release/acquire).
            setLengthBit(length, family, true);
        }
    }

    private int remove(final long high, final long low, final int length, final byte family)
    {
        final long slot = findLive(high, low, length);
        if (slot < 0)
        {
            return BindingTable.NOT_FOUND;
        }
        writeState(slot << ENTRY_SHIFT, STATE_TOMBSTONE);
        liveCount--;
        tombstoneCount++;
        removedCount++;
        if (--lengthCounts(family)[lengthIndex(length, family)] == 0)
        {
            // Only once the last prefix of the length is a tombstone: until then readers must keep probing it.
            setLengthBit(length, family, false);
        }
        reclaimTombstones(slot);
        return BindingTable.REMOVED;
    }

    private long findLive(final long high, final long low, final int length)
    {
        long slot = homeSlot(high, low, length);
        for (int probe = 0; probe <= maxDisplacement; probe++)
        {
            final long offset = slot << ENTRY_SHIFT;
            final byte state = memory.get(ValueLayout.JAVA_BYTE, offset + STATE_OFFSET);
            if (state == STATE_EMPTY)
            {
                return -1;
            }
            if (state == STATE_LIVE && keyMatches(offset, high, low, length))
            {
                return slot;
            }
            slot = slot + 1 == slotCount ? 0 : slot + 1;
        }
        return -1;
    }

    /**
     * Turn a run of tombstones that ends just before an empty slot back into empty slots, walking backwards from
     * {@code slot}; safe for the reason given in {@link BindingTable}: a live key's probe sequence runs through
     * non-empty slots only, so it cannot pass through a slot whose successor is empty.
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

    private void setLengthBit(final int length, final byte family, final boolean present)
    {
        final int word = family == FAMILY_IPV4 ? IPV4_WORD : length >>> 6;
        final long bit = 1L << (family == FAMILY_IPV4 ? length - IPV4_MAPPED_LENGTH : length & 63);
        // Plain read: only this thread writes the bitmap. Release store: the entries written before are visible
        // to a reader whose acquire load sees the new word.
        final long old = lengthBits[word];
        LENGTH_BITS.setRelease(lengthBits, word, present ? old | bit : old & ~bit);
    }

    private int[] lengthCounts(final byte family)
    {
        return family == FAMILY_IPV4 ? ipv4LengthCounts : ipv6LengthCounts;
    }

    private static int lengthIndex(final int length, final byte family)
    {
        return family == FAMILY_IPV4 ? length - IPV4_MAPPED_LENGTH : length;
    }

    private void writeEntry(
        final long offset,
        final long high,
        final long low,
        final int length,
        final byte family,
        final long ownerHigh,
        final long ownerLow)
    {
        final long version = EntrySeqlock.beginWrite(memory, offset + VERSION_OFFSET);
        memory.set(ValueLayout.JAVA_LONG, offset + PREFIX_HIGH_OFFSET, high);
        memory.set(ValueLayout.JAVA_LONG, offset + PREFIX_LOW_OFFSET, low);
        memory.set(ValueLayout.JAVA_BYTE, offset + LENGTH_OFFSET, (byte)length);
        memory.set(ValueLayout.JAVA_BYTE, offset + FAMILY_OFFSET, family);
        memory.set(ValueLayout.JAVA_LONG, offset + OWNER_HIGH_OFFSET, ownerHigh);
        memory.set(ValueLayout.JAVA_LONG, offset + OWNER_LOW_OFFSET, ownerLow);
        memory.set(ValueLayout.JAVA_BYTE, offset + STATE_OFFSET, STATE_LIVE);
        EntrySeqlock.endWrite(memory, offset + VERSION_OFFSET, version);
    }

    private void writeState(final long offset, final byte state)
    {
        final long version = EntrySeqlock.beginWrite(memory, offset + VERSION_OFFSET);
        memory.set(ValueLayout.JAVA_BYTE, offset + STATE_OFFSET, state);
        EntrySeqlock.endWrite(memory, offset + VERSION_OFFSET, version);
    }



    private boolean keyMatches(final long offset, final long high, final long low, final int length)
    {
        return memory.get(ValueLayout.JAVA_LONG, offset + PREFIX_LOW_OFFSET) == low &&
            memory.get(ValueLayout.JAVA_LONG, offset + PREFIX_HIGH_OFFSET) == high &&
            (memory.get(ValueLayout.JAVA_BYTE, offset + LENGTH_OFFSET) & 0xFF) == length;
    }

    private int invalid()
    {
        invalidCount++;
        return BindingTable.INVALID;
    }

    // ------------------------------------------------------------------------------------------ validation, masks

    /**
     * @param high   prefix octets 0..7.
     * @param low    prefix octets 8..15.
     * @param length prefix length.
     * @return true for a length in 0..128 with no host bits set and outside {@code ::ffff:0:0/96} (that block is
     *         the IPv4 prefixes' home: an IPv6 prefix there would shadow or duplicate one).
     */
    static boolean isValidIpv6(final long high, final long low, final int length)
    {
        if (length < 0 || length > MAX_IPV6_LENGTH)
        {
            return false;
        }
        if ((high & ~maskHigh(length)) != 0 || (low & ~maskLow(length)) != 0)
        {
            return false;
        }
        return length < IPV4_MAPPED_LENGTH || !BindingView.isIpv4Mapped(high, low);
    }

    /**
     * @param address prefix as a big-endian 32-bit number.
     * @param length  prefix length.
     * @return true for a length in 0..32 with no host bits set.
     */
    static boolean isValidIpv4(final int address, final int length)
    {
        if (length < 0 || length > MAX_IPV4_LENGTH)
        {
            return false;
        }
        final int mask = length == 0 ? 0 : -1 << (Integer.SIZE - length);
        return (address & ~mask) == 0;
    }

    private static boolean isUnspecified(final long high, final long low)
    {
        return high == 0 && low == 0;
    }

    /**
     * @param length prefix length over the 128-bit key, 0..128.
     * @return the mask of octets 0..7.
     */
    static long maskHigh(final int length)
    {
        // Java shifts count modulo 64, so length 0 needs its own case.
        return length == 0 ? 0 : length >= Long.SIZE ? -1L : -1L << (Long.SIZE - length);
    }

    /**
     * @param length prefix length over the 128-bit key, 0..128.
     * @return the mask of octets 8..15.
     */
    static long maskLow(final int length)
    {
        return length <= Long.SIZE ? 0 : -1L << (2 * Long.SIZE - length);
    }

    // ------------------------------------------------------------------------------------------ hashing

    /**
     * @return the home slot of a (masked prefix, length) key, 0..slotCount - 1.
     */
    long homeSlot(final long high, final long low, final int length)
    {
        return Math.unsignedMultiplyHigh(hash(high, low, length, seed), slotCount);
    }

    /**
     * A seeded 64-bit hash of a (prefix, length) key: murmur3's fmix64 finalizer over the high half (salted with
     * the seed and the length) and then the low half, as {@link BindingTable}'s hash with the length folded in, so
     * that {@code 2001:db8::/32} and {@code 2001:db8::/33} land apart.
     */
    static long hash(final long high, final long low, final int length, final long seed)
    {
        return fmix64(fmix64(high ^ seed ^ length * LENGTH_SALT) ^ low);
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
     * @param length 0..128.
     * @return true when the published IPv6 length set holds the length (some IPv6 prefix of it is live). Any
     *         thread.
     */
    public boolean hasIpv6Length(final int length)
    {
        return (((long)LENGTH_BITS.getAcquire(lengthBits, length >>> 6)) & (1L << (length & 63))) != 0;
    }

    /**
     * @param length 0..32.
     * @return true when the published IPv4 length set holds the length. Any thread.
     */
    public boolean hasIpv4Length(final int length)
    {
        return (((long)LENGTH_BITS.getAcquire(lengthBits, IPV4_WORD)) & (1L << length)) != 0;
    }

    /**
     * @return distinct IPv6 prefix lengths in use: the most probes an IPv6 lookup makes. Any thread.
     */
    public int ipv6LengthCount()
    {
        int count = 0;
        for (int word = 0; word < IPV4_WORD; word++)
        {
            count += Long.bitCount((long)LENGTH_BITS.getAcquire(lengthBits, word));
        }
        return count;
    }

    /**
     * @return distinct IPv4 prefix lengths in use: the most probes an IPv4 lookup makes. Any thread.
     */
    public int ipv4LengthCount()
    {
        return Long.bitCount((long)LENGTH_BITS.getAcquire(lengthBits, IPV4_WORD));
    }

    /**
     * @return slots in the table.
     */
    public long slotCount()
    {
        return slotCount;
    }

    /**
     * @return prefixes the table accepts before {@link BindingTable#TABLE_FULL}.
     */
    public int capacity()
    {
        return capacity;
    }

    /**
     * @return most slots past its home a prefix may be stored.
     */
    public int maxProbe()
    {
        return maxProbe;
    }

    /**
     * @return largest distance from home of any prefix stored so far (readers probe this far).
     */
    public int maxDisplacement()
    {
        return (int)MAX_DISPLACEMENT.getAcquire(this);
    }

    /**
     * @return octets of off-heap memory held by the table.
     */
    public long memoryLength()
    {
        return memory.byteSize();
    }

    /**
     * @return live prefixes. Writer thread.
     */
    public int size()
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
     * @param counter a writer counter of {@link PrefixTableCounter}.
     * @return its value. Writer thread (reader counters live in each worker's {@link PrefixMatch} and
     *         {@link BindingResolver}, and read 0 here).
     */
    public long counter(final PrefixTableCounter counter)
    {
        return switch (counter)
        {
            case ADDED -> addedCount;
            case UPDATED -> updatedCount;
            case REMOVED -> removedCount;
            case TABLE_FULL -> tableFullCount;
            case PROBE_LIMIT -> probeLimitCount;
            case INVALID -> invalidCount;
            case READ_RETRIES, READ_BUSY, OWNER_MISSING -> 0;
        };
    }

    /**
     * The table's memory, for tests; never write it.
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
        arena.close();
    }
}
