package dsmipha.fastpath.icmp;

import java.lang.foreign.MemorySegment;

import dsmipha.common.codec.Bytes;
import dsmipha.common.codec.FragmentHeader;
import dsmipha.common.codec.Ipv6Header;
import dsmipha.fastpath.io.FrameLayout;
import dsmipha.fastpath.io.FramePool;
import dsmipha.fastpath.io.PacketBurst;

/**
 * Stage {@code ip6-frag}: fragments a tunnel packet at an IPv6 tunnel entry point (RFC 2473 §7.1 (a): an IPv6
 * packet of at most 1280 octets must go through a tunnel whose own MTU leaves less room, so the tunnel packet is
 * fragmented by its source, the home agent), following RFC 8200 §4.5. The input is the encapsulated packet: a
 * 40-octet outer IPv6 header with no extension headers (the unfragmentable part, as the binding's template builds
 * it) and the inner packet (the fragmentable part).
 * <pre>
 *  original:  | IPv6 header, next header N | inner packet ....................................... |
 *  fragment:  | IPv6 header, next header 44 | Fragment header: N, offset, M, identification | part k |
 *             payload length = 8 + part; every part but the last a multiple of 8 octets;
 *             offset in 8-octet units; M = 1 on all but the last; one identification for all of them
 * </pre>
 * Each fragment is written into a new frame at {@link FrameLayout#DATA_OFFSET} and appended to an output burst,
 * all or nothing; the original frame stays the caller's to free. The identification comes from a per-stage 32-bit
 * counter (RFC 8200 §4.5: "different from that of any other fragmented packet sent recently with the same
 * source and destination"; RFC 7739 asks that it be unpredictable for end hosts, which a tunnel entry's outer
 * header is not, and seeding each worker differently keeps the workers' ranges apart). No allocation, no
 * exceptions. Not thread safe: one instance per worker.
 */
public final class Ipv6Fragmenter
{
    /** Status: the outer header is not a plain 40-octet IPv6 header followed by its payload. */
    public static final int MALFORMED = -1;
    /** Status: the MTU leaves no room for 8 octets of data after the headers (below 1280 is below IPv6's minimum). */
    public static final int MTU_TOO_SMALL = -2;
    /** Status: the pool had fewer free frames than fragments. */
    public static final int NO_FRAME = -3;
    /** Status: the output burst had less room than fragments. */
    public static final int OUTPUT_FULL = -4;

    private static final int HEADERS = Ipv6Header.LENGTH + FragmentHeader.LENGTH;
    private static final int MAX_FRAGMENTS = (Ipv6Header.MAX_PAYLOAD_LENGTH + 7) / 8;

    private final long[] counts = new long[IcmpCounter.values().length];
    private final int[] frames = new int[MAX_FRAGMENTS];
    private int identification;

    /**
     * @param initialIdentification the first Fragment header identification (give each worker its own).
     */
    public Ipv6Fragmenter(final int initialIdentification)
    {
        this.identification = initialIdentification;
    }

    /**
     * Fragment packet {@code i} of a burst.
     *
     * @param in  the burst; the packet starts at its IPv6 header.
     * @param i   its index.
     * @param mtu the most octets a fragment may have, IPv6 header included.
     * @param out receives the fragments in order; its pool gives the frames.
     * @return the number of fragments (1 when the packet already fits: copied whole), or a negative status with
     * nothing appended.
     */
    public int fragment(final PacketBurst in, final int i, final int mtu, final PacketBurst out)
    {
        final MemorySegment from = in.memory();
        final long packet = in.address(i);
        final int length = in.length(i);
        if (length < Ipv6Header.LENGTH || Bytes.u8(from, packet) >>> 4 != Ipv6Header.VERSION ||
            Ipv6Header.LENGTH + Bytes.u16(from, packet + Ipv6Header.PAYLOAD_LENGTH_OFFSET) > length)
        {
            return drop(MALFORMED);
        }
        final int payload = Bytes.u16(from, packet + Ipv6Header.PAYLOAD_LENGTH_OFFSET);
        final FramePool pool = out.pool();
        final int limit = Math.min(mtu, pool.frameLength() - FrameLayout.DATA_OFFSET);
        final int part = (limit - HEADERS) & ~7;
        if (part < 8)
        {
            return drop(MTU_TOO_SMALL);
        }
        final int count = Ipv6Header.LENGTH + payload <= limit ? 1 : (payload + part - 1) / part;
        if (count > out.remaining())
        {
            return drop(OUTPUT_FULL);
        }
        if (!pool.allocate(frames, count))
        {
            return drop(NO_FRAME);
        }
        if (count == 1)
        {
            copyWhole(in, i, out, Ipv6Header.LENGTH + payload);
        }
        else
        {
            write(from, packet, out, count, payload, part);
        }
        counts[IcmpCounter.FRAG6_PACKETS.ordinal()]++;
        counts[IcmpCounter.FRAG6_FRAGMENTS.ordinal()] += count;
        return count;
    }

    /**
     * @param counter an ICMP-package counter.
     * @return its count on this fragmenter (0 for the other stages' counters).
     */
    public long count(final IcmpCounter counter)
    {
        return counts[counter.ordinal()];
    }

    private void copyWhole(final PacketBurst in, final int i, final PacketBurst out, final int length)
    {
        final long to = out.pool().frameOffset(frames[0]) + FrameLayout.DATA_OFFSET;
        Bytes.copy(in.memory(), in.address(i), out.memory(), to, length);
        out.add(frames[0], FrameLayout.DATA_OFFSET, length);
    }

    private void write(
        final MemorySegment from, final long packet, final PacketBurst out, final int count, final int payload,
        final int part)
    {
        final MemorySegment to = out.memory();
        final FramePool pool = out.pool();
        final int nextHeader = Bytes.u8(from, packet + Ipv6Header.NEXT_HEADER_OFFSET);
        final int id = identification++;
        for (int k = 0, offset = 0; k < count; k++, offset += part)
        {
            final int data = Math.min(part, payload - offset);
            final long fragment = pool.frameOffset(frames[k]) + FrameLayout.DATA_OFFSET;
            Bytes.copy(from, packet, to, fragment, Ipv6Header.LENGTH);
            Bytes.put16(to, fragment + Ipv6Header.PAYLOAD_LENGTH_OFFSET, FragmentHeader.LENGTH + data);
            Bytes.put8(to, fragment + Ipv6Header.NEXT_HEADER_OFFSET, FragmentHeader.NEXT_HEADER_FRAGMENT);
            final long header = fragment + Ipv6Header.LENGTH;
            Bytes.put8(to, header + FragmentHeader.NEXT_HEADER_OFFSET, nextHeader);
            Bytes.put8(to, header + FragmentHeader.RESERVED_OFFSET, 0);
            Bytes.put16(to, header + FragmentHeader.OFFSET_FLAGS_OFFSET,
                offset | (k < count - 1 ? FragmentHeader.MORE_FRAGMENTS : 0));
            Bytes.put32(to, header + FragmentHeader.IDENTIFICATION_OFFSET, id);
            Bytes.copy(from, packet + Ipv6Header.LENGTH + offset, to, fragment + HEADERS, data);
            out.add(frames[k], FrameLayout.DATA_OFFSET, HEADERS + data);
        }
    }


    private int drop(final int status)
    {
        counts[IcmpCounter.FRAG6_DROP_MALFORMED.ordinal() + (MALFORMED - status)]++;
        return status;
    }
}
