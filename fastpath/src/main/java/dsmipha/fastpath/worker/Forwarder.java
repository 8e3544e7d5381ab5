package dsmipha.fastpath.worker;

import java.lang.foreign.MemorySegment;

import dsmipha.common.codec.Bytes;
import dsmipha.common.codec.InternetChecksum;
import dsmipha.common.codec.Ipv4Header;
import dsmipha.common.codec.Ipv6Header;

/**
 * Stage {@code ip-forward}: the per-hop rewrite of a forwarded packet. IPv4: TTL minus one with the header checksum
 * patched incrementally (RFC 1624), never recomputed. IPv6: hop limit minus one (no checksum). The classifier has
 * already checked the headers and that the TTL or hop limit is above one.
 */
public final class Forwarder
{
    private static final long TTL_WORD_OFFSET = Ipv4Header.TTL_OFFSET;

    /**
     * @param memory   segment holding the packet.
     * @param l3Offset absolute offset of the IPv4 header.
     */
    public void forwardIpv4(final MemorySegment memory, final long l3Offset)
    {
        // TTL and protocol form one 16-bit word of the checksum (RFC 791 §3.1); patch both fields in one pass.
        final long word = l3Offset + TTL_WORD_OFFSET;
        final int oldWord = Bytes.u16(memory, word);
        final int newWord = oldWord - 0x0100;
        Bytes.put16(memory, word, newWord);
        final long checksumOffset = l3Offset + Ipv4Header.CHECKSUM_OFFSET;
        Bytes.put16(memory, checksumOffset,
            InternetChecksum.update16(Bytes.u16(memory, checksumOffset), oldWord, newWord));
    }

    /**
     * @param memory   segment holding the packet.
     * @param l3Offset absolute offset of the IPv6 header.
     */
    public void forwardIpv6(final MemorySegment memory, final long l3Offset)
    {
        final long hopLimit = l3Offset + Ipv6Header.HOP_LIMIT_OFFSET;
        Bytes.put8(memory, hopLimit, Bytes.u8(memory, hopLimit) - 1);
    }
}
