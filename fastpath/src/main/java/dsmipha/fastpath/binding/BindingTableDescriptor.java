package dsmipha.fastpath.binding;

/**
 * Layout of the shared binding table: one off-heap segment of {@link #ENTRY_LENGTH}-octet entries (slots), at least
 * {@link #ALIGNMENT}-aligned (in practice page aligned, and 2 MiB aligned on transparent huge pages, see
 * {@link BindingTable}), addressed by open addressing with linear probing from the slot a seeded hash of the key
 * picks.
 * <p>
 * Entry layout (numbers are octet offsets; numeric fields are in the platform's native order because the table
 * never leaves the process; the template is in wire order):
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                 Version (64 bits, seqlock word)               |  0  odd while the writer writes the entry
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     State     |    Variant    |Template Length|     Flags     |  8
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                          Binding Id                           | 12  the slowpath's handle (u32)
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                  Key High (home address 0..7)                 | 16  IPv4 keys are IPv4-mapped:
 *  |                                                               |     ::ffff:a.b.c.d
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                  Key Low (home address 8..15)                 | 24
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |              Care-of High (care-of address 0..7)              | 32  IPv4 care-of addresses are
 *  |                                                               |     IPv4-mapped too
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |              Care-of Low (care-of address 8..15)              | 40
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |        UDP Source Port        |     UDP Destination Port      | 48  NAT traversal (RFC 5555 §4.1)
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |          Tunnel MTU           |           Reserved            | 52
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Reserved (64 bits, zero)                   | 56  e.g. an SA index later
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ --- second cache line
 *  |                                                               | 64
 *  .          Outer Header Template (48 octets, wire order)        .     IPv6 40, or IPv4 20 + UDP 8
 *  .                                                               .
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     Reserved (16 octets, zero)                | 112
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ 128
 * </pre>
 * Everything a probe compares (version, state, key) lies in the entry's first cache line, so walking past a
 * non-matching slot touches one line; a hit reads the second line for the template.
 * <p>
 * <b>Tags.</b> Beside the entries, in the same mapping right after the last entry (so page aligned), one octet per
 * slot: the slot's tag. 64 consecutive slots' tags share one cache line, so a probe sequence (2.5 slots on average
 * at load 0.75) almost always reads one tag line, and the entry lines of slots whose fingerprint differs are never
 * touched (the DPDK {@code rte_hash} signature idea):
 * <pre>
 *   tag octet:   0 = {@link #TAG_EMPTY}       never used (or reclaimed): a probe stops here
 *                1 = {@link #TAG_TOMBSTONE}   removed: a probe walks past, an insert may reuse the slot
 *           2..255 = fingerprint             live; 2 + (low 32 bits of the key's hash) * 254 / 2^32
 *
 *   tags:  | slot 0 | slot 1 | ... | slot 63 | slot 64 | ...          | slot slotCount - 1 |
 *          +---------- one cache line -------+---------- next line --- ...
 * </pre>
 * A tag is only a hint: the entry's key, read under its seqlock, decides a hit.
 * <p>
 * Memory per binding is {@code (ENTRY_LENGTH + 1) / load factor}: with the default maximum load factor of 0.75 a
 * full table costs 172 octets per binding (1 M bindings: 172 MB; 10 M bindings: 1.72 GB), of which 1.33 octets are
 * the tag.
 */
public final class BindingTableDescriptor
{
    /** Octets per entry: two cache lines. */
    public static final int ENTRY_LENGTH = 128;
    /** log2 of {@link #ENTRY_LENGTH}. */
    public static final int ENTRY_SHIFT = 7;
    /** Least alignment of the table segment: a cache line (the mapping gives a page or a huge page). */
    public static final int ALIGNMENT = 64;

    /** Seqlock word, a 64-bit counter: odd while the writer changes the entry, even when it is stable. */
    public static final int VERSION_OFFSET = 0;
    /** {@link #STATE_EMPTY}, {@link #STATE_LIVE} or {@link #STATE_TOMBSTONE}. */
    public static final int STATE_OFFSET = 8;
    /** Encapsulation variant, one of {@link EncapVariant}'s codes. */
    public static final int VARIANT_OFFSET = 9;
    /** Octets of the template in use, 0..{@link #TEMPLATE_LENGTH}. */
    public static final int TEMPLATE_LENGTH_OFFSET = 10;
    /** Flags, reserved (zero). */
    public static final int FLAGS_OFFSET = 11;
    /** The slowpath's handle for the binding, u32. */
    public static final int BINDING_ID_OFFSET = 12;
    /** Home address octets 0..7 as a big-endian 64-bit number. */
    public static final int KEY_HIGH_OFFSET = 16;
    /** Home address octets 8..15 as a big-endian 64-bit number. */
    public static final int KEY_LOW_OFFSET = 24;
    /** Care-of address octets 0..7 as a big-endian 64-bit number. */
    public static final int CARE_OF_HIGH_OFFSET = 32;
    /** Care-of address octets 8..15 as a big-endian 64-bit number. */
    public static final int CARE_OF_LOW_OFFSET = 40;
    /** UDP source port for IPv4/UDP encapsulation, u16. */
    public static final int UDP_SOURCE_PORT_OFFSET = 48;
    /** UDP destination port (the NAT-mapped port), u16. */
    public static final int UDP_DESTINATION_PORT_OFFSET = 50;
    /** Tunnel MTU in octets, u16. */
    public static final int TUNNEL_MTU_OFFSET = 52;
    /** Precomputed outer header, wire order. */
    public static final int TEMPLATE_OFFSET = 64;
    /** Room for the template: IPv6 (40) or IPv4 (20) + UDP (8), rounded to 8-octet words. */
    public static final int TEMPLATE_LENGTH = 48;

    /** Never used since the table was made (or cleaned): a probe stops here. */
    public static final byte STATE_EMPTY = 0;
    /** Holds a binding. */
    public static final byte STATE_LIVE = 1;
    /** Held a binding that was removed: a probe continues past it, an insert may reuse it. */
    public static final byte STATE_TOMBSTONE = 2;

    /** Tag of a slot that was never used (or was reclaimed): a probe stops there. */
    public static final byte TAG_EMPTY = 0;
    /** Tag of a removed binding's slot: a probe walks past, an insert may reuse it. */
    public static final byte TAG_TOMBSTONE = 1;
    /** Smallest fingerprint tag; fingerprints are {@code TAG_FIRST_FINGERPRINT .. 255} (unsigned). */
    public static final int TAG_FIRST_FINGERPRINT = 2;
    /** Distinct fingerprints: a probe compares the key of one slot in 254 whose fingerprint is another key's. */
    public static final int TAG_FINGERPRINTS = 256 - TAG_FIRST_FINGERPRINT;
    /** Tags per cache line. */
    public static final int TAGS_PER_LINE = 64;

    /** Default maximum load factor: live bindings per slot at the requested capacity. */
    public static final double DEFAULT_LOAD_FACTOR = 0.75;
    /** Highest allowed load factor: linear probing degrades fast beyond it. */
    public static final double MAX_LOAD_FACTOR = 0.9;
    /** Default bound on the probe length (slots from the home slot) of a stored key. */
    public static final int DEFAULT_MAX_PROBE = 512;
    /** Slot counts are rounded up to a multiple of this (32 entries = one 4 KiB page). */
    public static final int SLOT_ROUNDING = 32;
    /** Largest capacity accepted: 2^28 bindings (about 46 GB of table at the default load factor). */
    public static final long MAX_CAPACITY = 1L << 28;
    /** Most slots a table may have, so that a slot index fits an {@code int}. */
    public static final long MAX_SLOT_COUNT = 1L << 30;

    private BindingTableDescriptor()
    {
    }

    /**
     * @param slot slot index.
     * @return offset of the slot's entry in the table segment.
     */
    public static long entryOffset(final long slot)
    {
        return slot << ENTRY_SHIFT;
    }

    /**
     * Slots needed for a capacity: {@code ceil(capacity / loadFactor)} rounded up to {@link #SLOT_ROUNDING}.
     *
     * @param capacity   bindings the table must hold, 1..{@link #MAX_CAPACITY}.
     * @param loadFactor maximum load factor, in (0, {@link #MAX_LOAD_FACTOR}].
     * @return the slot count.
     * @throws IllegalArgumentException when an argument is out of range.
     */
    public static long slotCount(final long capacity, final double loadFactor)
    {
        if (capacity < 1 || capacity > MAX_CAPACITY)
        {
            throw new IllegalArgumentException("capacity outside 1.." + MAX_CAPACITY + ": " + capacity);
        }
        if (!(loadFactor > 0.0 && loadFactor <= MAX_LOAD_FACTOR))
        {
            throw new IllegalArgumentException("load factor outside (0, " + MAX_LOAD_FACTOR + "]: " + loadFactor);
        }
        final long slots = (long)Math.ceil(capacity / loadFactor);
        final long rounded = (slots + SLOT_ROUNDING - 1) / SLOT_ROUNDING * SLOT_ROUNDING;
        if (rounded > MAX_SLOT_COUNT)
        {
            throw new IllegalArgumentException("capacity " + capacity + " at load factor " + loadFactor +
                " needs " + rounded + " slots, more than " + MAX_SLOT_COUNT);
        }
        return rounded;
    }

    /**
     * @param slotCount slots in the table.
     * @return octets of the entries (the table segment without its tags).
     */
    public static long tableLength(final long slotCount)
    {
        return slotCount * ENTRY_LENGTH;
    }

    /**
     * @param slotCount slots in the table.
     * @return octets of the tag array: one per slot.
     */
    public static long tagsLength(final long slotCount)
    {
        return slotCount;
    }

    /**
     * @param slotCount slots in the table.
     * @return octets of the whole mapping: entries, then tags (which start at {@link #tableLength}, page aligned
     *         since slot counts are multiples of {@link #SLOT_ROUNDING}).
     */
    public static long memoryLength(final long slotCount)
    {
        return tableLength(slotCount) + tagsLength(slotCount);
    }
}
