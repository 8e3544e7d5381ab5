package dsmipha.perf.emulator;

import java.lang.foreign.MemorySegment;

import dsmipha.common.codec.Bytes;

/**
 * The 16 octets every emulated data packet carries as its UDP payload, so the receiving side finds the node and
 * the epoch the packet was sent in without a lookup:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     magic "DSMD" (0x44534D44)                 |
 *  +---------------------------------------------------------------+
 *  |                      node index                               |
 *  +---------------------------------------------------------------+
 *  |                      epoch (care-of generation)               |
 *  +---------------------------------------------------------------+
 *  |                      sequence                                 |
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class PayloadTag
{
    /** Octets of the tag. */
    public static final int LENGTH = 16;
    /** "DSMD". */
    public static final int MAGIC = 0x44534D44;
    /** Not a tagged packet. */
    public static final int NONE = -1;

    private static final int INDEX_OFFSET = 4;
    private static final int EPOCH_OFFSET = 8;
    private static final int SEQUENCE_OFFSET = 12;

    private PayloadTag()
    {
    }

    /**
     * @param segment  to write into.
     * @param offset   where the tag starts.
     * @param index    node index.
     * @param epoch    the node's epoch.
     * @param sequence packet sequence.
     */
    public static void write(
        final MemorySegment segment, final long offset, final int index, final int epoch, final int sequence)
    {
        Bytes.put32(segment, offset, MAGIC);
        Bytes.put32(segment, offset + INDEX_OFFSET, index);
        Bytes.put32(segment, offset + EPOCH_OFFSET, epoch);
        Bytes.put32(segment, offset + SEQUENCE_OFFSET, sequence);
    }

    /**
     * @param segment to read.
     * @param offset  where the UDP payload starts.
     * @param limit   end of the packet.
     * @return the node index, or {@link #NONE} when no tag is there.
     */
    public static int index(final MemorySegment segment, final long offset, final long limit)
    {
        if (limit - offset < LENGTH || Bytes.i32(segment, offset) != MAGIC)
        {
            return NONE;
        }
        return Bytes.i32(segment, offset + INDEX_OFFSET);
    }

    /**
     * @param segment to read (a tag known to be there).
     * @param offset  where the tag starts.
     * @return the epoch.
     */
    public static int epoch(final MemorySegment segment, final long offset)
    {
        return Bytes.i32(segment, offset + EPOCH_OFFSET);
    }
}
