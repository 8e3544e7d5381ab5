package dsmipha.fastpath.io;

/**
 * Layout of one packet frame in a {@link FramePool}. Frames are fixed size and contiguous in one off-heap
 * segment; frame {@code i} starts at {@code i * frameLength}.
 * <pre>
 *  frame start
 *  +----------------------+----------------------------------+---------------------------------------+
 *  | metadata (64 octets) | headroom (256 octets)            | packet data as received (Ethernet...) |
 *  | 0: tx port (u16) for | room to prepend outer headers:   | up to frameLength - 320 octets        |
 *  | slowpath-built frames| IPv6 40 + ESP 8 + IV 8, IPv4 20 +|                                       |
 *  |                      | UDP 8 + IPv6 40..., Ethernet 18  |                                       |
 *  +----------------------+----------------------------------+---------------------------------------+
 *  0                      64                                 320 = DATA_OFFSET            frameLength
 * </pre>
 * A packet is described by (frame, offset of its first octet within the frame, length); encapsulation moves the
 * offset down into the headroom instead of copying the packet.
 */
public final class FrameLayout
{
    /** Octets at the start of each frame reserved for per-packet metadata. */
    public static final int METADATA_LENGTH = 64;
    /** Offset within the metadata of the output port (u16) of a frame the slowpath asks a worker to send. */
    public static final int METADATA_TX_PORT_OFFSET = 0;
    /** Octets of headroom before received data, for outer headers (the foundation requires at least 128). */
    public static final int HEADROOM_LENGTH = 256;
    /** Offset within the frame where received data starts. */
    public static final int DATA_OFFSET = METADATA_LENGTH + HEADROOM_LENGTH;
    /** Default frame length: room for a 1500-octet IP packet, Ethernet and VLAN tags, and the headroom. */
    public static final int DEFAULT_FRAME_LENGTH = 2048;
    /** Largest frame length a descriptor can describe (16-bit offsets and lengths). */
    public static final int MAX_FRAME_LENGTH = 65535;

    private FrameLayout()
    {
    }
}
