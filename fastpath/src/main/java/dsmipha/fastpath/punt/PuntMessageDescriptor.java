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
 *  |   Inner L3 offset in packet   |           Reserved            |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                           Reserved                            |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Packet octets as received (from the Ethernet header) ...     |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * The whole packet is kept, outer headers included: a Binding Update that came inside IPv4 protocol 41 (RFC 5555
 * §4.2) or IPv4/UDP 4191 from behind a NAT (RFC 5555 §4.1) is answered to the outer source address and port, so
 * the slowpath needs them. {@code L3 offset} locates the outer IP header; {@code Inner L3 offset} the IP header of
 * the signaling packet itself (equal to the L3 offset when it came natively). Read it with {@link PuntedPacket}.
 * <p>
 * A next-hop resolution request (reason {@code punt-neighbor-miss}) carries no packet: its port field is the
 * egress port and its payload the next hop's address, 16 octets big-endian (IPv4 as {@code ::ffff:a.b.c.d}).
 * <p>
 * Header fields are in the machine's byte order (the ring never leaves the host).
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
    /** Offset of the signaling packet's own IP header's offset within the packet (u16). */
    public static final int INNER_L3_OFFSET_OFFSET = 8;
    /** Length of the fixed header; the packet follows (8-octet aligned). */
    public static final int HEADER_LENGTH = 16;

    private PuntMessageDescriptor()
    {
    }
}
