package dsmipha.fastpath.icmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import dsmipha.common.codec.Bytes;
import dsmipha.common.codec.CodecStatus;
import dsmipha.common.codec.Ipv4Header;
import dsmipha.common.pcap.PcapWriter;
import dsmipha.common.testing.Fixture;
import dsmipha.common.testing.Tshark;
import dsmipha.fastpath.io.FrameLayout;
import dsmipha.fastpath.io.FramePool;
import dsmipha.fastpath.io.PacketBurst;

/**
 * The fragmenter's output is, fragment by fragment and field by field, what scapy's {@code fragment()} makes (and,
 * for options, what RFC 791's copied flag says, built with scapy), and tshark reassembles it into the original.
 */
class Ipv4FragmenterGoldenTest
{
    private static final List<String> FRAGMENTATIONS = IcmpFixtures.FRAGMENTATIONS;

    @ParameterizedTest
    @FieldSource("FRAGMENTATIONS")
    void fragmentsAreWhatScapyBuilds(final String name)
    {
        final Fixture original = IcmpFixtures.load(name);
        final List<byte[]> fragments = fragment(original);
        assertEquals(original.intField("count"), fragments.size());
        final Ipv4Header header = new Ipv4Header();
        for (int k = 0; k < fragments.size(); k++)
        {
            final Fixture expected = IcmpFixtures.load(name + "_" + k);
            final byte[] actual = fragments.get(k);
            final MemorySegment segment = MemorySegment.ofArray(actual);
            assertEquals(CodecStatus.OK, header.wrap(segment, 0, actual.length), name + "_" + k);
            assertEquals(expected.intField("ihl"), header.ihl(), name + "_" + k + " ihl");
            assertEquals(expected.intField("len"), header.totalLength(), name + "_" + k + " len");
            assertEquals(expected.intField("flags"), header.flags(), name + "_" + k + " flags");
            assertEquals(expected.intField("frag"), header.fragmentOffset(), name + "_" + k + " frag");
            assertEquals(expected.intField("id"), header.identification(), name + "_" + k + " id");
            assertEquals(expected.intField("ttl"), header.ttl());
            assertEquals(expected.intField("proto"), header.protocol());
            assertEquals(expected.intField("tos"), Bytes.u8(segment, Ipv4Header.TOS_OFFSET));
            assertEquals(expected.intField("chksum"), header.checksum(), name + "_" + k + " checksum");
            assertTrue(header.verifyChecksum());
            assertTrue(actual.length <= original.intField("mtu"));
            assertEquals(HexFormat.of().formatHex(expected.bytes()), HexFormat.of().formatHex(actual), name + "_" + k);
        }
    }

    @Test
    void tsharkReassemblesTheOriginals()
    {
        for (final String name : List.of("frag_plain", "frag_odd", "frag_options"))
        {
            final Fixture original = IcmpFixtures.load(name);
            final List<byte[]> fragments = fragment(original);
            final List<Map<String, String>> rows = Tshark.fields(PcapWriter.LINKTYPE_RAW,
                List.of("-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE", "-o", "ip.defragment:TRUE"),
                List.of("ip.checksum.status", "ip.reassembled.length", "ip.fragment.count", "udp.checksum.status",
                    "udp.length"),
                fragments.toArray(byte[][]::new));
            for (final Map<String, String> row : rows)
            {
                assertEquals("1", row.get("ip.checksum.status"), name + " " + row);
            }
            final Map<String, String> last = rows.get(rows.size() - 1);
            final int headerLength = (original.bytes()[0] & 0x0F) * 4;
            assertEquals(String.valueOf(original.bytes().length - headerLength), last.get("ip.reassembled.length"),
                name + " reassembled");
            assertEquals(String.valueOf(fragments.size()), last.get("ip.fragment.count"));
            assertEquals("1", last.get("udp.checksum.status"), name + ": the reassembled UDP checksum verifies");
        }
    }

    @Test
    void tsharkSeesAnAlreadyFragmentedDatagramStillIncomplete()
    {
        final List<byte[]> fragments = fragment(IcmpFixtures.load("frag_already"));
        final List<Map<String, String>> rows = Tshark.fields(PcapWriter.LINKTYPE_RAW,
            List.of("-o", "ip.check_checksum:TRUE"),
            List.of("ip.checksum.status", "ip.flags.mf", "ip.frag_offset"), fragments.toArray(byte[][]::new));
        assertEquals("1", rows.get(2).get("ip.flags.mf"), "the last piece keeps the original's MF (RFC 791 §3.2)");
        assertEquals("220", rows.get(2).get("ip.frag_offset"), "offset 100 + 960 octets / 8");
        for (final Map<String, String> row : rows)
        {
            assertEquals("1", row.get("ip.checksum.status"));
        }
    }

    private static List<byte[]> fragment(final Fixture original)
    {
        final List<byte[]> fragments = new ArrayList<>();
        try (FramePool pool = new FramePool(16, FrameLayout.DEFAULT_FRAME_LENGTH))
        {
            final PacketBurst in = new PacketBurst(pool, 1);
            final PacketBurst out = new PacketBurst(pool, 16);
            IcmpFixtures.add(in, original.bytes());
            final Ipv4Fragmenter fragmenter = new Ipv4Fragmenter();
            final int count = fragmenter.fragment(in, 0, original.intField("mtu"), out);
            assertEquals(out.count(), count, original.name());
            assertEquals(1, fragmenter.count(IcmpCounter.FRAG_DATAGRAMS));
            assertEquals(count, fragmenter.count(IcmpCounter.FRAG_FRAGMENTS));
            for (int k = 0; k < out.count(); k++)
            {
                fragments.add(IcmpFixtures.bytes(out, k));
            }
            assertEquals(HexFormat.of().formatHex(original.bytes()),
                HexFormat.of().formatHex(IcmpFixtures.bytes(in, 0)), "the original is left as it was");
            in.freeAll();
            out.freeAll();
        }
        return fragments;
    }
}
