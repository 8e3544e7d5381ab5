package dsmipha.shim;

/**
 * Layout of the native descriptor ring shared by the C shim and Java, mirroring {@code include/dsmipha_shim.h}
 * field for field. The memory is allocated by Java, initialised by {@code dsmipha_ring_init}, and used by one
 * producer and one consumer, each of which may be C or Java.
 * <p>
 * Ring, all fields in host byte order (the ring never goes on the wire):
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                                                               |   0  producer cache line
 *  +                    Producer Index (u64)                       +
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                        Capacity (u32)                         |   8
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                          Magic (u32)                          |  12
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                   Reserved, zero (48 octets)                 ...  16..63
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                                                               |  64  consumer cache line
 *  +                    Consumer Index (u64)                       +
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                   Reserved, zero (56 octets)                 ...  72..127
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                   Descriptor 0 (16 octets)                   ...  128
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                             ...                              ...
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |              Descriptor capacity - 1 (16 octets)             ...  128 + 16 * (capacity - 1)
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Descriptor:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                                                               |   0
 *  +        Frame (u64): offset in the frame pool, or address      +
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     Length (u32, octets)                      |   8
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |           Port (u16)          |          Flags (u16)          |  12
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * The indices are free-running counters; descriptor {@code i} lives in slot {@code i & (capacity - 1)} and the ring
 * holds {@code producerIndex - consumerIndex} descriptors. Each end publishes its index with a release store and reads
 * the other end's index with an acquire load; each index has a cache line to itself so the ends do not false-share.
 */
public final class DescriptorRingDescriptor
{
    /** Octets of the header in front of the descriptors. */
    public static final int HEADER_LENGTH = 128;
    /** Alignment the ring memory must have: one cache line. */
    public static final int ALIGNMENT = 64;
    /** Offset of the producer index (u64), written only by the producer. */
    public static final int PRODUCER_INDEX_OFFSET = 0;
    /** Offset of the capacity (u32), written once by {@code dsmipha_ring_init}. */
    public static final int CAPACITY_OFFSET = 8;
    /** Offset of the magic (u32), written once by {@code dsmipha_ring_init}. */
    public static final int MAGIC_OFFSET = 12;
    /** Offset of the consumer index (u64), written only by the consumer. */
    public static final int CONSUMER_INDEX_OFFSET = 64;
    /** Magic of an initialised ring: "DSMR" read as a little-endian u32. */
    public static final int MAGIC = 0x524D5344;
    /** Largest capacity the shim accepts, in descriptors. */
    public static final int MAX_CAPACITY = 1 << 30;

    /** Octets of one descriptor. */
    public static final int DESCRIPTOR_LENGTH = 16;
    /** Offset of the frame field (u64) in a descriptor: offset in the frame pool, or an address. */
    public static final int DESCRIPTOR_FRAME_OFFSET = 0;
    /** Offset of the length field (u32, octets) in a descriptor. */
    public static final int DESCRIPTOR_LENGTH_OFFSET = 8;
    /** Offset of the port field (u16) in a descriptor. */
    public static final int DESCRIPTOR_PORT_OFFSET = 12;
    /** Offset of the flags field (u16) in a descriptor. */
    public static final int DESCRIPTOR_FLAGS_OFFSET = 14;

    /** Frame stride of {@code dsmipha_shim_fill}: the descriptor with sequence s points at frame s * 2048. */
    public static final int FILL_FRAME_STRIDE = 2048;
    /** Smallest length written by {@code dsmipha_shim_fill}; sequence s gets this plus (s &amp; 1023). */
    public static final int FILL_MIN_LENGTH = 60;

    private DescriptorRingDescriptor()
    {
    }

    /**
     * @param capacity in descriptors.
     * @return true if the shim accepts the capacity: a power of two in [1, {@link #MAX_CAPACITY}].
     */
    public static boolean isValidCapacity(final int capacity)
    {
        return capacity > 0 && capacity <= MAX_CAPACITY && (capacity & (capacity - 1)) == 0;
    }

    /**
     * Round a requested number of descriptors up to the capacity to ask for.
     *
     * @param requested descriptors wanted, at least 1.
     * @return the smallest power of two not below {@code requested}.
     * @throws IllegalArgumentException if {@code requested} is below 1 or above {@link #MAX_CAPACITY}.
     */
    public static int capacityFor(final int requested)
    {
        if (requested < 1 || requested > MAX_CAPACITY)
        {
            throw new IllegalArgumentException(
                "ring capacity must be in [1, " + MAX_CAPACITY + "] descriptors: " + requested);
        }
        return requested == 1 ? 1 : Integer.highestOneBit(requested - 1) << 1;
    }

    /**
     * @param capacity a valid capacity, see {@link #isValidCapacity(int)}.
     * @return octets of the ring memory: header plus descriptors.
     */
    public static long ringLength(final int capacity)
    {
        return HEADER_LENGTH + (long)capacity * DESCRIPTOR_LENGTH;
    }

    /**
     * @param slot in [0, capacity).
     * @return offset of the descriptor in that slot from the start of the ring.
     */
    public static long slotOffset(final int slot)
    {
        return HEADER_LENGTH + (long)slot * DESCRIPTOR_LENGTH;
    }
}
