package dsmipha.common.pcap;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes classic pcap files (the libpcap format every capture tool reads), for traces and for handing packets to
 * tshark in tests. Not used on the packet path: it allocates.
 * <pre>
 *  global header (24 octets, little endian as written here):
 *  +-------------+---------+---------+----------+----------+-----------+-----------+
 *  | magic       | major 2 | minor 4 | thiszone | sigfigs  | snaplen   | linktype  |
 *  | 0xa1b2c3d4  | u16     | u16     | s32 = 0  | u32 = 0  | u32       | u32       |
 *  +-------------+---------+---------+----------+----------+-----------+-----------+
 *  record header (16 octets) then the captured octets:
 *  +-----------+------------+----------------+----------------+-----------------+
 *  | ts_sec    | ts_usec    | incl_len       | orig_len       | packet data ... |
 *  +-----------+------------+----------------+----------------+-----------------+
 * </pre>
 */
public final class PcapWriter implements Closeable
{
    /** Link type for frames that start with an Ethernet header. */
    public static final int LINKTYPE_ETHERNET = 1;
    /** Link type for frames that start with an IPv4 or IPv6 header. */
    public static final int LINKTYPE_RAW = 101;

    private static final int MAGIC = 0xa1b2c3d4;
    private static final int SNAPLEN = 65535;

    private final OutputStream out;
    private final ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);

    /**
     * Write the global header.
     *
     * @param out      to write to; closed by {@link #close()}.
     * @param linkType {@link #LINKTYPE_ETHERNET} or {@link #LINKTYPE_RAW}.
     * @throws IOException from the stream.
     */
    public PcapWriter(final OutputStream out, final int linkType) throws IOException
    {
        this.out = out;
        header.clear();
        header.putInt(MAGIC).putShort((short)2).putShort((short)4).putInt(0).putInt(0).putInt(SNAPLEN)
            .putInt(linkType);
        out.write(header.array(), 0, 24);
    }

    /**
     * Append one packet record.
     *
     * @param timestampNs capture time in nanoseconds since the epoch.
     * @param packet      the packet octets.
     * @param offset      first octet.
     * @param length      number of octets.
     * @throws IOException from the stream.
     */
    public void write(final long timestampNs, final byte[] packet, final int offset, final int length)
        throws IOException
    {
        header.clear();
        header.putInt((int)(timestampNs / 1_000_000_000L)).putInt((int)((timestampNs / 1000) % 1_000_000))
            .putInt(length).putInt(length);
        out.write(header.array(), 0, 16);
        out.write(packet, offset, length);
    }

    @Override
    public void close() throws IOException
    {
        out.close();
    }
}
