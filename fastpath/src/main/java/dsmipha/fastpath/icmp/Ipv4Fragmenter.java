package dsmipha.fastpath.icmp;

import java.lang.foreign.MemorySegment;

import dsmipha.common.codec.Bytes;
import dsmipha.common.codec.InternetChecksum;
import dsmipha.common.codec.Ipv4Header;
import dsmipha.fastpath.io.FrameLayout;
import dsmipha.fastpath.io.FramePool;
import dsmipha.fastpath.io.PacketBurst;

/**
 * Stage {@code ip4-frag}: splits an IPv4 datagram whose Don't Fragment flag is clear into fragments of at most
 * {@code mtu} octets, following the fragmentation procedure of RFC 791 §3.2 ("Fragmentation and Reassembly", and
 * the "An Example Fragmentation Procedure" there). Each fragment is written into a new frame at
 * {@link FrameLayout#DATA_OFFSET}, starting at its IPv4 header, and appended to an output burst; the original frame
 * is only read and stays the caller's to free.
 * <pre>
 *  original:  | header (H, options) | data .............................................. |
 *                                   |<- NFB*8 ->|<- NFB'*8 ->|<- NFB'*8 ->|<- the rest ->|
 *  first:     | header H, all options | data[0, NFB*8)        MF = 1, offset = FO
 *  middle:    | header H' | data[k, k + NFB'*8)               MF = 1, offset = FO + k/8
 *  last:      | header H' | data[rest]                        MF = the original's MF, offset = FO + k/8
 *             (the rest may be up to mtu - H' octets, any length: only offsets need 8-octet units)
 *
 *  NFB  = (mtu - H)  / 8 whole 8-octet blocks after the first fragment's header
 *  NFB' = (mtu - H') / 8 after a later fragment's header, H' = 20 + the copied options, padded to 4 octets
 * </pre>
 * Rules, each from RFC 791:
 * <ul>
 *   <li>Fragment Offset counts 8-octet units, so every fragment but the last carries a multiple of 8 data octets
 *       (§3.1, Fragment Offset);</li>
 *   <li>every fragment but the last has MF set; the last keeps the original's MF, and every offset is the original
 *       offset plus its own, so a datagram that is already a fragment is fragmented again correctly (§3.2);</li>
 *   <li>the first fragment keeps every option; later ones carry only the options whose copied flag (the high bit
 *       of the type octet) is set, padded with End of Option List to a 32-bit boundary (§3.1, Options:
 *       "copied flag"; §3.2);</li>
 *   <li>total length, IHL and the header checksum are recomputed in each fragment (§3.1); identification, TOS, TTL,
 *       protocol and addresses are copied;</li>
 *   <li>an MTU below 68 is refused: every internet module must forward a 68-octet datagram unfragmented, so no
 *       link is smaller (§3.2).</li>
 * </ul>
 * Fragmentation is bulk, all or nothing: the fragments are counted first and every frame taken before one is
 * written, so a short pool or a full output burst leaves the output as it was. A datagram that already fits is
 * copied whole as one fragment, so the caller handles every outcome the same way.
 * <p>
 * No exceptions and no allocation per packet (the frame scratch array is sized at construction for the most
 * fragments a 65,535-octet datagram can make). Not thread safe: one instance per worker.
 */
public final class Ipv4Fragmenter
{
    /** Status: Don't Fragment is set (RFC 791 §3.2: the datagram must be discarded instead). */
    public static final int DF_SET = -1;
    /** Status: the MTU is below {@link #MIN_MTU}. */
    public static final int MTU_TOO_SMALL = -2;
    /** Status: the pool had fewer free frames than fragments. */
    public static final int NO_FRAME = -3;
    /** Status: the output burst had less room than fragments. */
    public static final int OUTPUT_FULL = -4;
    /** Status: not a well-formed IPv4 header (version, IHL or total length wrong for the packet). */
    public static final int MALFORMED = -5;

    /** Smallest MTU a link may have: 68 octets (RFC 791 §3.2). */
    public static final int MIN_MTU = 68;
    /** Most fragments a datagram can make: 65,535 octets in 8-octet blocks. */
    public static final int MAX_FRAGMENTS = (Ipv4Header.MAX_DATAGRAM_LENGTH + 7) / 8;

    private static final int COPIED_FLAG = 0x80;
    private static final int DROP_BASE = IcmpCounter.FRAG_DROP_DF.ordinal() + DF_SET;

    private final long[] counts = new long[IcmpCounter.values().length];
    private final int[] frames = new int[MAX_FRAGMENTS];

    /**
     * Fragment packet {@code i} of a burst.
     *
     * @param in  the burst holding the datagram; the packet starts at its IPv4 header.
     * @param i   its index.
     * @param mtu the most octets a fragment may have, header included; fragments are also kept within the output
     *            pool's frames ({@code frameLength - DATA_OFFSET}).
     * @param out the burst the fragments are appended to, in order; its pool gives the frames.
     * @return the number of fragments appended (1 when the datagram already fits), or a negative status with
     * nothing appended.
     */
    public int fragment(final PacketBurst in, final int i, final int mtu, final PacketBurst out)
    {
        final MemorySegment from = in.memory();
        final long packet = in.address(i);
        final int status = check(from, packet, in.length(i), mtu);
        if (status != 0)
        {
            return drop(status);
        }
        final FramePool pool = out.pool();
        final int limit = Math.min(mtu, pool.frameLength() - FrameLayout.DATA_OFFSET);
        final int headerLength = (Bytes.u8(from, packet) & 0x0F) * 4;
        final int totalLength = Bytes.u16(from, packet + Ipv4Header.TOTAL_LENGTH_OFFSET);
        final int laterHeaderLength = (Ipv4Header.LENGTH + copiedOptionsLength(from, packet, headerLength) + 3) & ~3;
        if (limit < laterHeaderLength + 8 || limit < headerLength + 8)
        {
            return drop(MTU_TOO_SMALL);
        }
        final int firstData = (limit - headerLength) & ~7;
        final int laterData = (limit - laterHeaderLength) & ~7;
        final int dataLength = totalLength - headerLength;
        final int count = totalLength <= limit ? 1 : 1 + laterCount(dataLength - firstData, limit - laterHeaderLength,
            laterData);
        if (count > out.remaining())
        {
            return drop(OUTPUT_FULL);
        }
        if (!pool.allocate(frames, count))
        {
            return drop(NO_FRAME);
        }
        write(in, i, out, count, headerLength, laterHeaderLength, firstData, laterData);
        counts[IcmpCounter.FRAG_DATAGRAMS.ordinal()]++;
        counts[IcmpCounter.FRAG_FRAGMENTS.ordinal()] += count;
        return count;
    }

    /**
     * @param counter an ICMP-package counter.
     * @return its count on this fragmenter so far (0 for the other stages' counters).
     */
    public long count(final IcmpCounter counter)
    {
        return counts[counter.ordinal()];
    }

    /**
     * Fragments after the first: every one but the last carries {@code laterData} octets (a multiple of 8), the last
     * carries what is left, which may be anything up to {@code lastMax} (RFC 791 §3.2: "if the total length is less
     * than or equal the maximum transmission unit then submit this datagram").
     */
    private static int laterCount(final int rest, final int lastMax, final int laterData)
    {
        return rest <= lastMax ? 1 : 1 + (rest - lastMax + laterData - 1) / laterData;
    }

    private static int check(final MemorySegment memory, final long packet, final int length, final int mtu)
    {
        if (length < Ipv4Header.LENGTH || Bytes.u8(memory, packet) >>> 4 != Ipv4Header.VERSION)
        {
            return MALFORMED;
        }
        final int headerLength = (Bytes.u8(memory, packet) & 0x0F) * 4;
        final int totalLength = Bytes.u16(memory, packet + Ipv4Header.TOTAL_LENGTH_OFFSET);
        if (headerLength < Ipv4Header.LENGTH || totalLength < headerLength || totalLength > length)
        {
            return MALFORMED;
        }
        if ((Bytes.u16(memory, packet + Ipv4Header.FLAGS_FRAGMENT_OFFSET) & Ipv4Header.FLAG_DF) != 0)
        {
            return DF_SET;
        }
        return mtu < MIN_MTU ? MTU_TOO_SMALL : 0;
    }

    /**
     * @return octets of the options whose copied flag is set (RFC 791 §3.1); EOL ends the list, NOP is not copied.
     */
    private static int copiedOptionsLength(final MemorySegment memory, final long packet, final int headerLength)
    {
        int copied = 0;
        long at = packet + Ipv4Header.OPTIONS_OFFSET;
        final long end = packet + headerLength;
        while (at < end)
        {
            final int type = Bytes.u8(memory, at);
            if (type == Ipv4Header.OPTION_EOL)
            {
                break;
            }
            if (type == Ipv4Header.OPTION_NOP)
            {
                at++;
                continue;
            }
            final int length = optionLength(memory, at, end);
            if (length == 0)
            {
                break;
            }
            if ((type & COPIED_FLAG) != 0)
            {
                copied += length;
            }
            at += length;
        }
        return copied;
    }

    /**
     * @return the option's length, or 0 when it does not fit the header (a header the worker did not validate).
     */
    private static int optionLength(final MemorySegment memory, final long at, final long end)
    {
        if (end - at < 2)
        {
            return 0;
        }
        final int length = Bytes.u8(memory, at + 1);
        return length < 2 || length > end - at ? 0 : length;
    }


    private void write(
        final PacketBurst in,
        final int i,
        final PacketBurst out,
        final int count,
        final int headerLength,
        final int laterHeaderLength,
        final int firstData,
        final int laterData)
    {
        final MemorySegment from = in.memory();
        final long packet = in.address(i);
        final MemorySegment to = out.memory();
        final FramePool pool = out.pool();
        final int flags = Bytes.u16(from, packet + Ipv4Header.FLAGS_FRAGMENT_OFFSET);
        final int totalData = Bytes.u16(from, packet + Ipv4Header.TOTAL_LENGTH_OFFSET) - headerLength;
        final boolean originalMore = (flags & Ipv4Header.FLAG_MF) != 0;
        int dataOffset = 0;
        for (int k = 0; k < count; k++)
        {
            final long fragment = pool.frameOffset(frames[k]) + FrameLayout.DATA_OFFSET;
            final boolean first = k == 0;
            final int hl = first ? headerLength : laterHeaderLength;
            final int data = k == count - 1 ? totalData - dataOffset : first ? firstData : laterData;
            if (first)
            {
                Bytes.copy(from, packet, to, fragment, headerLength);
            }
            else
            {
                writeLaterHeader(from, packet, headerLength, to, fragment, laterHeaderLength);
            }
            Bytes.copy(from, packet + headerLength + dataOffset, to, fragment + hl, data);
            final boolean more = k < count - 1 || originalMore;
            patchHeader(to, fragment, hl, data, flags, dataOffset, more);
            out.add(frames[k], FrameLayout.DATA_OFFSET, hl + data);
            dataOffset += data;
        }
    }

    /**
     * The fixed 20 octets of the original, then its copied options, then End of Option List octets to
     * {@code laterHeaderLength} (RFC 791 §3.1: the padding is zeros).
     */
    private static void writeLaterHeader(
        final MemorySegment from,
        final long packet,
        final int headerLength,
        final MemorySegment to,
        final long fragment,
        final int laterHeaderLength)
    {
        Bytes.copy(from, packet, to, fragment, Ipv4Header.LENGTH);
        long at = packet + Ipv4Header.OPTIONS_OFFSET;
        final long end = packet + headerLength;
        long put = fragment + Ipv4Header.OPTIONS_OFFSET;
        while (at < end)
        {
            final int type = Bytes.u8(from, at);
            if (type == Ipv4Header.OPTION_EOL)
            {
                break;
            }
            if (type == Ipv4Header.OPTION_NOP)
            {
                at++;
                continue;
            }
            final int length = optionLength(from, at, end);
            if (length == 0)
            {
                break;
            }
            if ((type & COPIED_FLAG) != 0)
            {
                Bytes.copy(from, at, to, put, length);
                put += length;
            }
            at += length;
        }
        final long headerEnd = fragment + laterHeaderLength;
        while (put < headerEnd)
        {
            Bytes.put8(to, put++, Ipv4Header.OPTION_EOL);
        }
    }

    private static void patchHeader(
        final MemorySegment to,
        final long fragment,
        final int headerLength,
        final int data,
        final int originalFlags,
        final int dataOffset,
        final boolean more)
    {
        final int offset = (originalFlags & Ipv4Header.FRAGMENT_OFFSET_MASK) + dataOffset / 8;
        final int word = (originalFlags & Ipv4Header.FLAG_RESERVED) | (more ? Ipv4Header.FLAG_MF : 0) |
            (offset & Ipv4Header.FRAGMENT_OFFSET_MASK);
        Bytes.put8(to, fragment + Ipv4Header.VERSION_IHL_OFFSET, Ipv4Header.VERSION << 4 | headerLength / 4);
        Bytes.put16(to, fragment + Ipv4Header.TOTAL_LENGTH_OFFSET, headerLength + data);
        Bytes.put16(to, fragment + Ipv4Header.FLAGS_FRAGMENT_OFFSET, word);
        Bytes.put16(to, fragment + Ipv4Header.CHECKSUM_OFFSET, 0);
        final long sum = InternetChecksum.add(0, to, fragment, headerLength);
        Bytes.put16(to, fragment + Ipv4Header.CHECKSUM_OFFSET, InternetChecksum.finish(sum));
    }

    private int drop(final int status)
    {
        counts[DROP_BASE - status]++;
        return status;
    }
}
