package dsmipha.common.log;

/**
 * Layout of one event record in the log ring: written by an {@link EventWriter} on the producer's thread, read and
 * formatted by the {@link LogAgent} on the logger thread. The ring's message type id is the {@link EventType}'s id.
 * Numbers are in the machine's order (the record never leaves the process).
 * <pre>
 *   0                   8                   16      17      18      19      20
 *   +-------------------+-------------------+-------+-------+-------+-------+---------------------
 *   | timestamp (ms)    | suppressed before | level | categ.| fields| pad   | field 0, field 1 ...
 *   | epoch, UTC        | this event (N)    | ord.  | ord.  | count |       |
 *   +-------------------+-------------------+-------+-------+-------+-------+---------------------
 *
 *   field:  +---------+----------------+------+-----------------------+
 *           | key len | key (ASCII)    | type | value                 |
 *           | 1 octet | key len octets | 1    | by type, see below    |
 *           +---------+----------------+------+-----------------------+
 *   types:  1 LONG     8 octets, signed
 *           2 IPV6     16 octets: octets 0..7 then 8..15 as two longs
 *           3 IPV4     4 octets, the address as a big-endian number in an int
 *           4 STRING   2-octet length, then UTF-8
 *           5 BOOLEAN  1 octet, 0 or 1
 * </pre>
 */
public final class LogRecord
{
    /** Offset of the event's wall-clock time, epoch milliseconds. */
    public static final int TIMESTAMP_OFFSET = 0;
    /** Offset of the number of events of this name suppressed since the last one written. */
    public static final int SUPPRESSED_OFFSET = 8;
    /** Offset of the {@link LogLevel} ordinal. */
    public static final int LEVEL_OFFSET = 16;
    /** Offset of the {@link LogCategory} ordinal. */
    public static final int CATEGORY_OFFSET = 17;
    /** Offset of the number of fields. */
    public static final int FIELD_COUNT_OFFSET = 18;
    /** Length of the fixed header; the first field starts here. */
    public static final int HEADER_LENGTH = 20;

    /** Field type: signed 64-bit number. */
    public static final byte TYPE_LONG = 1;
    /** Field type: IPv6 address as two longs. */
    public static final byte TYPE_IPV6 = 2;
    /** Field type: IPv4 address as an int. */
    public static final byte TYPE_IPV4 = 3;
    /** Field type: UTF-8 string with a 2-octet length. */
    public static final byte TYPE_STRING = 4;
    /** Field type: boolean. */
    public static final byte TYPE_BOOLEAN = 5;

    /** Longest field key in octets (ASCII). */
    public static final int MAX_KEY_LENGTH = 64;
    /** Most fields in one record. */
    public static final int MAX_FIELDS = 255;

    private LogRecord()
    {
    }
}
