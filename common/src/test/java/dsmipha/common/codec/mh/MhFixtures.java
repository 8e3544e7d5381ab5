package dsmipha.common.codec.mh;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import dsmipha.common.codec.Bytes;
import dsmipha.common.testing.Fixture;
import dsmipha.common.testing.Oracles;

/**
 * The scapy fixtures of group "mh" (see {@code common/src/test/scapy/fixtures_mh.py}) loaded into segments, with the
 * offsets their properties record, and small helpers to build packets by hand for the malformed-input tests.
 */
final class MhFixtures
{
    /** Every well-formed fixture whose MH type this codec decodes. */
    static final List<String> DECODED = List.of(
        "bu_dsmip", "bu_dynamic_hoa", "bu_nemo", "bu_rr", "ba_dsmip", "ba_ipv4_rejected", "ba_rh2",
        "brr", "hoti", "coti", "hot", "cot", "be");

    /** Every fixture. */
    static final List<String> ALL = List.of(
        "bu_dsmip", "bu_dynamic_hoa", "bu_nemo", "bu_rr", "ba_dsmip", "ba_ipv4_rejected", "ba_rh2",
        "brr", "hoti", "coti", "hot", "cot", "be", "heartbeat", "bu_misaligned");

    static final byte[] HOA = ipv6("2001:db8:1::100");
    static final byte[] HA = ipv6("2001:db8:1::1");
    static final byte[] COA = ipv6("2001:db8:2::55");
    /** Octets of the IPv6 header the encode tests put in front of the Mobility Header. */
    static final int IPV6_HEADER_LENGTH = 40;
    /** Offset of the IPv6 source address. */
    static final int IPV6_SOURCE = 8;
    /** Offset of the IPv6 destination address. */
    static final int IPV6_DESTINATION = 24;

    /** Dissects one IPv6/MH packet with scapy and prints the fields and whether scapy's checksum agrees. */
    private static final String SCAPY_DECODE = String.join("\n",
        "import sys",
        "from scapy.all import IPv6, raw",
        "p = IPv6(bytes.fromhex(sys.argv[1]))",
        "mh = p.payload",
        "for f in mh.fields_desc:",
        "    if f.name not in ('options', 'autopad'):",
        "        v = getattr(mh, f.name)",
        "        print('%s=%s' % (f.name, v.hex() if isinstance(v, bytes) else int(v) if not isinstance(v, str) else v))",
        "print('class=%s' % type(mh).__name__)",
        "print('options=%s' % ','.join(str(o.otype) for o in mh.options if hasattr(o, 'otype')))",
        "q = IPv6(raw(p))",
        "q.payload.cksum = None",
        "print('cksum_ok=%d' % (IPv6(raw(q)).payload.cksum == mh.cksum))");

    private MhFixtures()
    {
    }

    /**
     * A fixture copied into a segment, with the offsets of its Mobility Header and pseudo-header addresses.
     *
     * @param fixture     the scapy fixture.
     * @param segment     the packet at {@link Fixture#HEADROOM}.
     * @param mh          offset of the Mobility Header.
     * @param source      offset of the pseudo-header source address.
     * @param destination offset of the pseudo-header final destination address.
     * @param limit       offset one past the packet.
     */
    record Loaded(Fixture fixture, MemorySegment segment, long mh, long source, long destination, long limit)
    {
        int intField(final String key)
        {
            return fixture.intField(key);
        }

        long longField(final String key)
        {
            return fixture.longField(key);
        }

        byte[] bytesField(final String key)
        {
            return HexFormat.of().parseHex(fixture.field(key));
        }

        boolean has(final String key)
        {
            return fixture.fields().containsKey(key);
        }
    }

    static Loaded load(final Arena arena, final String name)
    {
        final Fixture fixture = Fixture.load("mh", name);
        final MemorySegment segment = fixture.toSegment(arena);
        final long base = Fixture.HEADROOM;
        return new Loaded(fixture, segment, base + fixture.intField("mh.offset"),
            base + fixture.intField("pseudo.src_offset"), base + fixture.intField("pseudo.dst_offset"), fixture.limit());
    }

    /**
     * @param arena   to allocate from.
     * @param octets  hex of the octets.
     * @return a segment holding exactly the octets.
     */
    static MemorySegment segmentOf(final Arena arena, final String octets)
    {
        final byte[] bytes = HexFormat.of().parseHex(octets.replace(" ", ""));
        final MemorySegment segment = arena.allocate(Math.max(1, bytes.length));
        MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, 0, bytes.length);
        return segment;
    }

    /**
     * An IPv6 header (next header 135, hop limit 64) with room for a Mobility Header after it.
     *
     * @param arena       to allocate from.
     * @param source      16-octet source address.
     * @param destination 16-octet destination address.
     * @param capacity    octets of room for the Mobility Header.
     * @return the segment; the Mobility Header goes at {@link #IPV6_HEADER_LENGTH}.
     */
    static MemorySegment ipv6Packet(final Arena arena, final byte[] source, final byte[] destination, final int capacity)
    {
        final MemorySegment segment = arena.allocate(IPV6_HEADER_LENGTH + capacity);
        Bytes.put32(segment, 0, 0x6000_0000);
        Bytes.put8(segment, 6, MobilityHeader.PROTOCOL);
        Bytes.put8(segment, 7, 64);
        Bytes.putBytes(source, 0, segment, IPV6_SOURCE, 16);
        Bytes.putBytes(destination, 0, segment, IPV6_DESTINATION, 16);
        return segment;
    }

    /**
     * Set the IPv6 payload length and cut the packet to its end.
     *
     * @param segment  from {@link #ipv6Packet}.
     * @param mhLength octets of Mobility Header written.
     * @return the packet octets.
     */
    static byte[] finishPacket(final MemorySegment segment, final int mhLength)
    {
        Bytes.put16(segment, 4, mhLength);
        return bytes(segment, 0, IPV6_HEADER_LENGTH + mhLength);
    }

    /**
     * Dissect a packet with scapy (the second, independent decoder).
     *
     * @param packet IPv6 header then Mobility Header.
     * @return the fields scapy reports, plus {@code cksum_ok}, {@code class} and {@code options}.
     */
    static Properties scapyDecode(final byte[] packet)
    {
        Oracles.requireScapy();
        try
        {
            final Process process = new ProcessBuilder(
                Oracles.PYTHON, "-c", SCAPY_DECODE, HexFormat.of().formatHex(packet)).redirectErrorStream(true).start();
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0)
            {
                throw new IllegalStateException("scapy failed: " + output);
            }
            final Properties fields = new Properties();
            fields.load(new StringReader(output));
            return fields;
        }
        catch (final IOException | InterruptedException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    static byte[] bytes(final MemorySegment segment, final long offset, final int length)
    {
        final byte[] out = new byte[length];
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, offset, out, 0, length);
        return out;
    }

    static byte[] ipv6(final String literal)
    {
        try
        {
            return InetAddress.getByName(literal).getAddress();
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalArgumentException(ex);
        }
    }

    static int ipv4(final String literal)
    {
        final String[] parts = literal.split("\\.");
        int value = 0;
        for (final String part : parts)
        {
            value = (value << 8) | Integer.parseInt(part);
        }
        return value;
    }

    static String ipv4Text(final int address)
    {
        return (address >>> 24) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "." +
            (address & 0xFF);
    }
}
