package dsmipha.fastpath.route;

/**
 * Layout of the {@link NeighborTable}: one off-heap segment of 64-octet entries, one cache line each.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                 Version (64 bits, seqlock word)               |  0  odd while the writer writes the entry
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Slot State   | Neighbor State|             Port              |  8  slot: 0 empty, 1 live, 2 tombstone
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                        Reserved (zero)                        | 12
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |            Key High (next-hop address octets 0..7)            | 16  IPv4: ::ffff:a.b.c.d (RFC 4291
 *  |                                                               |      §2.5.5.2)
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |            Key Low (next-hop address octets 8..15)            | 24
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |        MAC (low 48 bits of a 64-bit number, zero while        | 32
 *  |             INCOMPLETE or FAILED)                             |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     Reserved (24 octets, zero)                | 40
 *  .                                                               .
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ 64
 * </pre>
 * The key is (port, address): the same link-local address (fe80::1 as the router on every link) may be a
 * different neighbour on each port. Numeric fields are native order (the table never leaves the process); a key is
 * two 64-bit numbers whose big-endian form is the address, what {@code Bytes.i64} reads from a packet.
 */
public final class NeighborTableDescriptor
{
    /** Octets per entry: one cache line. */
    public static final int ENTRY_LENGTH = 64;
    /** log2 of {@link #ENTRY_LENGTH}. */
    public static final int ENTRY_SHIFT = 6;
    /** Alignment of the table segment. */
    public static final int ALIGNMENT = 64;
    /** Offset of the seqlock version. */
    public static final int VERSION_OFFSET = 0;
    /** Offset of the slot state (empty, live, tombstone). */
    public static final int SLOT_STATE_OFFSET = 8;
    /** Offset of the neighbour state ({@link NeighborState}). */
    public static final int NEIGHBOR_STATE_OFFSET = 9;
    /** Offset of the port index (u16). */
    public static final int PORT_OFFSET = 10;
    /** Offset of the high 64 bits of the next-hop address. */
    public static final int KEY_HIGH_OFFSET = 16;
    /** Offset of the low 64 bits of the next-hop address. */
    public static final int KEY_LOW_OFFSET = 24;
    /** Offset of the MAC address. */
    public static final int MAC_OFFSET = 32;

    /** Slot state: never used, or reclaimed; ends a probe. */
    public static final byte SLOT_EMPTY = 0;
    /** Slot state: holds an entry. */
    public static final byte SLOT_LIVE = 1;
    /** Slot state: removed entry; probes walk past it, inserts reuse it. */
    public static final byte SLOT_TOMBSTONE = 2;

    /** Most entries a table may hold. */
    public static final int MAX_CAPACITY = 1 << 24;
    /** Largest port index an entry can carry. */
    public static final int MAX_PORT = 0xFFFF;

    private NeighborTableDescriptor()
    {
    }

    /**
     * Slots for a capacity: the next power of two at least twice the capacity, so the load factor stays at or
     * below one half and a probe always reaches an empty slot.
     *
     * @param capacity entries the table must hold, 1..{@link #MAX_CAPACITY}.
     * @return the slot count.
     */
    public static int slotCount(final int capacity)
    {
        if (capacity < 1 || capacity > MAX_CAPACITY)
        {
            throw new IllegalArgumentException("capacity must be 1.." + MAX_CAPACITY + ": " + capacity);
        }
        return Integer.highestOneBit(capacity * 2 - 1) << 1;
    }
}
