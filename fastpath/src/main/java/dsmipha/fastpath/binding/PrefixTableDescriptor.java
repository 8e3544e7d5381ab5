package dsmipha.fastpath.binding;

/**
 * Layout of the prefix table ({@link PrefixTable}): one off-heap segment of {@link #ENTRY_LENGTH}-octet entries
 * (slots), 64-octet aligned, addressed by open addressing with linear probing from the slot a seeded hash of
 * (masked prefix, prefix length) picks. All prefix lengths share the one hash table; which lengths are present is
 * published separately, as a bitmap per family.
 * <p>
 * Entry layout (numbers are octet offsets; numeric fields are in the platform's native order because the table
 * never leaves the process; a prefix or owner is two 64-bit numbers whose big-endian form is the address):
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                 Version (64 bits, seqlock word)               |  0  odd while the writer writes the entry
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     State     |    Length     |    Family     |   Reserved    |  8  state: 0 empty, 1 live, 2 tombstone
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+     length: 0..128 over the 128-bit key
 *  |                       Reserved (zero)                         | 12  family: 6 or 4
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                  Prefix High (octets 0..7)                    | 16  host bits zero; an IPv4 prefix
 *  |                                                               |     a.b.c.d/N is ::ffff:a.b.c.d/96+N
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                  Prefix Low (octets 8..15)                    | 24
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |        Owner High (owner's home address octets 0..7)          | 32  the binding key of the mobile
 *  |                                                               |     router / node; IPv4 owners are
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+     IPv4-mapped like BindingTable keys
 *  |        Owner Low (owner's home address octets 8..15)          | 40
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Reserved (16 octets, zero)                 | 48
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ 64
 * </pre>
 * An entry is one cache line: a probe compares state, length and prefix, and a hit copies the owner, all from the
 * line the probe already touched.
 * <p>
 * Memory per prefix is {@code ENTRY_LENGTH / load factor}: 85 octets at the default 0.75 (10 K prefixes: 853 KB;
 * 1 M prefixes: 85 MB).
 */
public final class PrefixTableDescriptor
{
    /** Octets per entry: one cache line. */
    public static final int ENTRY_LENGTH = 64;
    /** log2 of {@link #ENTRY_LENGTH}. */
    public static final int ENTRY_SHIFT = 6;
    /** Alignment of the table segment: a cache line. */
    public static final int ALIGNMENT = 64;

    /** Seqlock word, a 64-bit counter: odd while the writer changes the entry, even when it is stable. */
    public static final int VERSION_OFFSET = 0;
    /** {@link #STATE_EMPTY}, {@link #STATE_LIVE} or {@link #STATE_TOMBSTONE}. */
    public static final int STATE_OFFSET = 8;
    /** Prefix length over the 128-bit key, 0..128 (an IPv4 /N is stored as 96 + N), u8. */
    public static final int LENGTH_OFFSET = 9;
    /** {@link #FAMILY_IPV6} or {@link #FAMILY_IPV4}, u8. */
    public static final int FAMILY_OFFSET = 10;
    /** Prefix octets 0..7 as a big-endian 64-bit number. */
    public static final int PREFIX_HIGH_OFFSET = 16;
    /** Prefix octets 8..15 as a big-endian 64-bit number. */
    public static final int PREFIX_LOW_OFFSET = 24;
    /** Owner's home address octets 0..7 as a big-endian 64-bit number. */
    public static final int OWNER_HIGH_OFFSET = 32;
    /** Owner's home address octets 8..15 as a big-endian 64-bit number. */
    public static final int OWNER_LOW_OFFSET = 40;

    /** Never used since the table was made (or cleaned): a probe stops here. */
    public static final byte STATE_EMPTY = 0;
    /** Holds a prefix. */
    public static final byte STATE_LIVE = 1;
    /** Held a prefix that was removed: a probe continues past it, an insert may reuse it. */
    public static final byte STATE_TOMBSTONE = 2;

    /** Family code of an IPv6 prefix. */
    public static final byte FAMILY_IPV6 = 6;
    /** Family code of an IPv4 prefix (stored in {@code ::ffff:0:0/96}). */
    public static final byte FAMILY_IPV4 = 4;

    /** Longest IPv6 prefix length. */
    public static final int MAX_IPV6_LENGTH = 128;
    /** Longest IPv4 prefix length. */
    public static final int MAX_IPV4_LENGTH = 32;
    /** Length of {@code ::ffff:0:0/96}, the IPv4-mapped block IPv4 prefixes live in (RFC 4291 §2.5.5.2). */
    public static final int IPV4_MAPPED_LENGTH = 96;

    /** Default maximum load factor: live prefixes per slot at the requested capacity. */
    public static final double DEFAULT_LOAD_FACTOR = 0.75;
    /** Default bound on the probe length (slots from the home slot) of a stored prefix. */
    public static final int DEFAULT_MAX_PROBE = 512;
    /** Slot counts are rounded up to a multiple of this (64 entries = one 4 KiB page). */
    public static final int SLOT_ROUNDING = 64;
    /** Largest capacity accepted: 2^26 prefixes (about 5.7 GB of table at the default load factor). */
    public static final int MAX_CAPACITY = 1 << 26;

    private PrefixTableDescriptor()
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
     * Slots needed for a capacity: {@code ceil(capacity / DEFAULT_LOAD_FACTOR)} rounded up to
     * {@link #SLOT_ROUNDING}.
     *
     * @param capacity prefixes the table must hold, 1..{@link #MAX_CAPACITY}.
     * @return the slot count.
     * @throws IllegalArgumentException when the capacity is out of range.
     */
    public static long slotCount(final int capacity)
    {
        if (capacity < 1 || capacity > MAX_CAPACITY)
        {
            throw new IllegalArgumentException("capacity outside 1.." + MAX_CAPACITY + ": " + capacity);
        }
        final long slots = (long)Math.ceil(capacity / DEFAULT_LOAD_FACTOR);
        return (slots + SLOT_ROUNDING - 1) / SLOT_ROUNDING * SLOT_ROUNDING;
    }

    /**
     * @param slotCount slots in the table.
     * @return octets of the table segment.
     */
    public static long tableLength(final long slotCount)
    {
        return slotCount * ENTRY_LENGTH;
    }
}
