package dsmipha.fastpath.icmp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import dsmipha.common.codec.Bytes;
import dsmipha.common.codec.CodecStatus;
import dsmipha.common.codec.Icmpv4Header;
import dsmipha.common.codec.Icmpv6Header;
import dsmipha.common.codec.Ipv4Header;
import dsmipha.common.codec.Ipv6Header;
import dsmipha.common.pcap.PcapWriter;
import dsmipha.common.testing.Fixture;
import dsmipha.common.testing.Tshark;
import dsmipha.fastpath.io.FrameLayout;
import dsmipha.fastpath.io.FramePool;
import dsmipha.fastpath.io.PacketBurst;

/**
 * The errors the generator builds are octet for octet what scapy builds for the same offending packets, their fields
 * read back as scapy dissects them, and tshark (a third implementation) finds every checksum valid.
 */
class IcmpErrorGoldenTest
{
    private static final List<String> ERRORS = IcmpFixtures.ERRORS;

    @ParameterizedTest
    @FieldSource("ERRORS")
    void errorIsWhatScapyBuilds(final String name)
    {
        final Fixture fixture = IcmpFixtures.load(name);
        try (FramePool pool = new FramePool(8, FrameLayout.DEFAULT_FRAME_LENGTH))
        {
            final byte[] error = generate(fixture, pool);
            assertEquals(HexFormat.of().formatHex(fixture.bytes()), HexFormat.of().formatHex(error), name);
            assertEquals(fixture.intField("length"), error.length);
            checkFields(fixture, MemorySegment.ofArray(error));
        }
    }

    @Test
    void tsharkFindsEveryChecksumValid()
    {
        final List<byte[]> errors = new ArrayList<>();
        try (FramePool pool = new FramePool(8, FrameLayout.DEFAULT_FRAME_LENGTH))
        {
            for (final String name : ERRORS)
            {
                errors.add(generate(IcmpFixtures.load(name), pool));
            }
        }
        final List<Map<String, String>> rows = Tshark.fields(PcapWriter.LINKTYPE_RAW,
            List.of("-o", "ip.check_checksum:TRUE"),
            List.of("ip.checksum.status", "icmp.checksum.status", "icmpv6.checksum.status", "icmp.type", "icmp.code",
                "icmp.mtu", "icmpv6.type", "icmpv6.code", "icmpv6.mtu", "ipv6.src", "ip.src", "ipv6.hlim", "ip.ttl"),
            errors.toArray(byte[][]::new));
        for (int k = 0; k < ERRORS.size(); k++)
        {
            final Map<String, String> row = rows.get(k);
            final boolean v6 = ERRORS.get(k).endsWith("6") || ERRORS.get(k).startsWith("ptb6");
            if (v6)
            {
                assertEquals("1", row.get("icmpv6.checksum.status"), ERRORS.get(k) + " ICMPv6 checksum " + row);
                assertEquals("2001:db8:a::1", row.get("ipv6.src").split(",")[0]);
                assertEquals("64", row.get("ipv6.hlim").split(",")[0]);
            }
            else
            {
                assertEquals("1", row.get("icmp.checksum.status"), ERRORS.get(k) + " ICMP checksum " + row);
                assertEquals("1", row.get("ip.checksum.status").split(",")[0], ERRORS.get(k) + " IPv4 checksum");
                assertEquals("192.0.2.1", row.get("ip.src").split(",")[0]);
                assertEquals("64", row.get("ip.ttl").split(",")[0]);
            }
        }
        assertEquals("2", rows.get(0).get("icmpv6.type").split(",")[0]);
        assertEquals("1360", rows.get(0).get("icmpv6.mtu"));
        assertEquals("1280", rows.get(1).get("icmpv6.mtu"));
        assertEquals("3", rows.get(2).get("icmpv6.type").split(",")[0]);
        assertEquals("3", rows.get(3).get("icmp.type").split(",")[0]);
        assertEquals("4", rows.get(3).get("icmp.code").split(",")[0]);
        assertEquals("1380", rows.get(3).get("icmp.mtu"));
        assertEquals("11", rows.get(4).get("icmp.type").split(",")[0]);
    }

    @Test
    void quoteStopsAtTheIpLengthNotAtLinkPadding()
    {
        final Fixture fixture = IcmpFixtures.load("timeexceeded4");
        final byte[] offending = IcmpFixtures.offending(fixture);
        final byte[] padded = Arrays.copyOf(offending, offending.length + 14);
        try (FramePool pool = new FramePool(4, FrameLayout.DEFAULT_FRAME_LENGTH))
        {
            final PacketBurst in = new PacketBurst(pool, 1);
            final PacketBurst out = new PacketBurst(pool, 1);
            IcmpFixtures.add(in, padded);
            final IcmpErrorGenerator generator = IcmpFixtures.generator(fixture, new IcmpFixtures.ManualClock());
            assertEquals(IcmpErrorGenerator.GENERATED, generator.timeExceeded(in, 0, out));
            assertArrayEquals(fixture.bytes(), IcmpFixtures.bytes(out, 0), "padding is not part of the datagram");
            in.freeAll();
            out.freeAll();
        }
    }

    private static byte[] generate(final Fixture fixture, final FramePool pool)
    {
        final PacketBurst in = new PacketBurst(pool, 1);
        final PacketBurst out = new PacketBurst(pool, 1);
        IcmpFixtures.add(in, IcmpFixtures.offending(fixture));
        final IcmpErrorGenerator generator = IcmpFixtures.generator(fixture, new IcmpFixtures.ManualClock());
        final int status = switch (fixture.name())
        {
            case "ptb6", "ptb6_multicast" -> generator.packetTooBig(in, 0, fixture.intField("mtu"), out);
            case "fragneeded4" -> generator.fragmentationNeeded(in, 0, fixture.intField("nexthopmtu"), out);
            default -> generator.timeExceeded(in, 0, out);
        };
        assertEquals(IcmpErrorGenerator.GENERATED, status, fixture.name());
        assertEquals(1, out.count());
        assertEquals(FrameLayout.DATA_OFFSET, out.offset(0), "the error starts at its IP header in a new frame");
        final IcmpCounter sent = switch (fixture.name())
        {
            case "ptb6", "ptb6_multicast" -> IcmpCounter.PTB_SENT;
            case "fragneeded4" -> IcmpCounter.FRAG_NEEDED_SENT;
            case "timeexceeded6" -> IcmpCounter.TIME_EXCEEDED_V6_SENT;
            default -> IcmpCounter.TIME_EXCEEDED_V4_SENT;
        };
        assertEquals(1, generator.count(sent));
        final byte[] error = IcmpFixtures.bytes(out, 0);
        assertArrayEquals(IcmpFixtures.offending(fixture), IcmpFixtures.bytes(in, 0), "offending packet unchanged");
        in.freeAll();
        out.freeAll();
        return error;
    }

    private static void checkFields(final Fixture fixture, final MemorySegment error)
    {
        final int quote = fixture.intField("quote.length");
        assertTrue(quote <= fixture.intField("offending.length"));
        if ((Bytes.u8(error, 0) >>> 4) == Ipv6Header.VERSION)
        {
            final Ipv6Header ipv6 = new Ipv6Header();
            assertEquals(CodecStatus.OK, ipv6.wrap(error, 0, error.byteSize()));
            assertEquals(fixture.intField("plen"), ipv6.payloadLength());
            assertEquals(fixture.intField("nh"), ipv6.nextHeader());
            assertEquals(fixture.intField("hlim"), ipv6.hopLimit());
            assertTrue(error.byteSize() <= Icmpv6Header.MIN_MTU, "RFC 4443 §2.4 (c)");
            final Icmpv6Header icmp = new Icmpv6Header();
            assertEquals(CodecStatus.OK, icmp.wrap(error, Ipv6Header.LENGTH, error.byteSize()));
            assertEquals(fixture.intField("icmp.type"), icmp.type());
            assertEquals(fixture.intField("icmp.code"), icmp.code());
            assertEquals(fixture.intField("icmp.cksum"), icmp.checksum());
            assertTrue(icmp.verifyChecksum(Ipv6Header.SOURCE_OFFSET, Ipv6Header.DESTINATION_OFFSET));
            assertEquals(quote, icmp.payloadLength());
            if (fixture.fields().containsKey("mtu"))
            {
                assertEquals(fixture.longField("mtu"), icmp.mtu());
            }
        }
        else
        {
            final Ipv4Header ipv4 = new Ipv4Header();
            assertEquals(CodecStatus.OK, ipv4.wrap(error, 0, error.byteSize()));
            assertEquals(fixture.intField("ip.len"), ipv4.totalLength());
            assertEquals(fixture.intField("ip.tos"), Bytes.u8(error, Ipv4Header.TOS_OFFSET));
            assertEquals(fixture.intField("ip.ttl"), ipv4.ttl());
            assertEquals(fixture.intField("ip.id"), ipv4.identification());
            assertEquals(fixture.intField("ip.flags"), ipv4.flags());
            assertEquals(fixture.intField("ip.proto"), ipv4.protocol());
            assertEquals(fixture.intField("ip.chksum"), ipv4.checksum());
            assertTrue(ipv4.totalLength() <= IcmpErrorGenerator.MAX_IPV4_ERROR_LENGTH, "RFC 1812 §4.3.2.3");
            final Icmpv4Header icmp = new Icmpv4Header();
            assertEquals(CodecStatus.OK, icmp.wrap(error, Ipv4Header.LENGTH, error.byteSize()));
            assertEquals(fixture.intField("icmp.type"), icmp.type());
            assertEquals(fixture.intField("icmp.code"), icmp.code());
            assertEquals(fixture.intField("icmp.chksum"), icmp.checksum());
            assertTrue(icmp.verifyChecksum());
            assertEquals(quote, icmp.payloadLength());
            if (fixture.fields().containsKey("nexthopmtu"))
            {
                assertEquals(fixture.intField("nexthopmtu"), icmp.nextHopMtu());
                assertTrue(icmp.isFragmentationNeeded());
            }
        }
    }
}
