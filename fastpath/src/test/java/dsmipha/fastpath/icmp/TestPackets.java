package dsmipha.fastpath.icmp;

import java.lang.foreign.MemorySegment;

import dsmipha.common.codec.Bytes;
import dsmipha.common.codec.Ipv4Header;
import dsmipha.common.codec.Ipv6Header;

/**
 * Hand-built IP packets of a given length for the MTU and fragmentation unit tests (the golden tests use scapy's).
 */
final class TestPackets
{
    private TestPackets()
    {
    }

    /**
     * @param length total octets, at least 40.
     * @return an IPv6/UDP-like packet (next header 17) from 2001:db8:cafe::7 to 2001:db8:a::100.
     */
    static byte[] ipv6(final int length)
    {
        final byte[] packet = new byte[length];
        final MemorySegment p = MemorySegment.ofArray(packet);
        new Ipv6Header().wrapForEncode(p, 0).versionTrafficClassFlowLabel(0, 0).payloadLength(length - 40)
            .nextHeader(17).hopLimit(63).source(0x20010db8cafe0000L, 7).destination(0x20010db8000a0000L, 0x100);
        fill(packet, 40);
        return packet;
    }

    /**
     * @param length         total octets, at least the header.
     * @param dontFragment   the DF flag.
     * @param options        option octets (a multiple of 4, at most 40), copied after the fixed header.
     * @return an IPv4 datagram, protocol 17, with a valid header checksum.
     */
    static byte[] ipv4(final int length, final boolean dontFragment, final byte[] options)
    {
        final byte[] packet = new byte[length];
        final MemorySegment p = MemorySegment.ofArray(packet);
        final Ipv4Header header = new Ipv4Header().wrapForEncode(p, 0)
            .writeHeader(length, 0x1234, 63, 17, 0xC000024D, 0x0A0A0064).dontFragment(dontFragment);
        Bytes.put8(p, 0, 0x40 | (20 + options.length) / 4);
        Bytes.putBytes(options, 0, p, 20, options.length);
        header.updateChecksum();
        fill(packet, 20 + options.length);
        return packet;
    }

    /**
     * @param length       total octets.
     * @param dontFragment the DF flag.
     * @return an IPv4 datagram without options.
     */
    static byte[] ipv4(final int length, final boolean dontFragment)
    {
        return ipv4(length, dontFragment, new byte[0]);
    }

    private static void fill(final byte[] packet, final int from)
    {
        for (int i = from; i < packet.length; i++)
        {
            packet[i] = (byte)(i * 31 + 7);
        }
    }
}
