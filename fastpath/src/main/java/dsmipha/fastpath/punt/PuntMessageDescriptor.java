package dsmipha.fastpath.punt;

/**
 * Layout of one punted packet in the punt ring (an Agrona many-to-one ring buffer: workers write, the slowpath
 * reads). The ring record's message type id is the punt reason, a {@code FastpathCounter} id.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |        Ingress port           |         Ingress queue         |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |        Worker index           |   L3 offset in packet         |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Packet octets as received (from the Ethernet header) ...     |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * All fields are in the machine's byte order (the ring never leaves the host).
 */
public final class PuntMessageDescriptor
{
    /** Offset of the ingress port index (u16). */
    public static final int PORT_OFFSET = 0;
    /** Offset of the ingress queue (u16). */
    public static final int QUEUE_OFFSET = 2;
    /** Offset of the worker index (u16). */
    public static final int WORKER_OFFSET = 4;
    /** Offset of the L3 header's offset within the packet (u16). */
    public static final int L3_OFFSET_OFFSET = 6;
    /** Length of the fixed header; the packet follows. */
    public static final int HEADER_LENGTH = 8;

    private PuntMessageDescriptor()
    {
    }
}
