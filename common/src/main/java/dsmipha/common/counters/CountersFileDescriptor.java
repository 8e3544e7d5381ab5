package dsmipha.common.counters;

/**
 * Layout of the counters file, one per running home agent instance (Aeron's CnC file is the model). The running
 * instance maps it read-write; {@code dsmip-ha stat} and any other tool map it read-only.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                  Magic "DSMIPHAC" (8 octets)                  |
 *  +                                                               +
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                      Layout version (1)                       |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                  Metadata buffer length (octets)              |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                   Values buffer length (octets)               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                      Reserved (zero)                          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                   Process id (64 bits)                        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                 Start time, epoch ms (64 bits)                |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   Heartbeat, epoch ms (64 bits), release-stored every second  |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Instance name: length (32 bits) then up to 60 octets UTF-8   |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |             ... header padded to 128 octets ...               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   Metadata buffer (Agrona CountersManager format: per counter |
 *  |   state, type id, key (owner index), label)                   |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   Values buffer (Agrona format: one 128-octet slot per        |
 *  |   counter, so two writers never share a cache line)           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Each counter's type id is the stable id of what it counts (a {@link CounterDescriptor}); its key is the index
 * of the owner (worker number, port number) that alone writes it.
 */
public final class CountersFileDescriptor
{
    /** "DSMIPHAC" as a big-endian long. */
    public static final long MAGIC = 0x44534D4950484143L;
    /** Version of this layout; readers refuse another. */
    public static final int LAYOUT_VERSION = 1;

    /** Offset of the magic. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the layout version. */
    public static final int VERSION_OFFSET = 8;
    /** Offset of the metadata buffer length. */
    public static final int METADATA_LENGTH_OFFSET = 12;
    /** Offset of the values buffer length. */
    public static final int VALUES_LENGTH_OFFSET = 16;
    /** Offset of the process id. */
    public static final int PID_OFFSET = 24;
    /** Offset of the start time. */
    public static final int START_TIME_OFFSET = 32;
    /** Offset of the heartbeat. */
    public static final int HEARTBEAT_OFFSET = 40;
    /** Offset of the instance name length. */
    public static final int INSTANCE_NAME_OFFSET = 48;
    /** Longest instance name in octets. */
    public static final int MAX_INSTANCE_NAME_LENGTH = 60;
    /** Length of the header; the metadata buffer follows. */
    public static final int HEADER_LENGTH = 128;

    private CountersFileDescriptor()
    {
    }

    /**
     * @param metadataLength length of the metadata buffer.
     * @param valuesLength   length of the values buffer.
     * @return the file length.
     */
    public static long fileLength(final int metadataLength, final int valuesLength)
    {
        return (long)HEADER_LENGTH + metadataLength + valuesLength;
    }
}
