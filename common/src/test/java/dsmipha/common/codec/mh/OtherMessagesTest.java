package dsmipha.common.codec.mh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dsmipha.common.codec.CodecStatus;
import dsmipha.common.pcap.PcapWriter;
import dsmipha.common.testing.Tshark;

/**
 * Binding Refresh Request, Home/Care-of Test Init, Home/Care-of Test and Binding Error (RFC 6275 §6.1.2-6.1.6,
 * §6.1.9) against scapy's fixtures, and encoded messages against tshark.
 */
class OtherMessagesTest
{
    private final MobilityHeader mh = new MobilityHeader();

    @Test
    void bindingRefreshRequest()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MhFixtures.Loaded f = MhFixtures.load(arena, "brr");
            assertEquals(CodecStatus.OK, mh.wrap(f.segment(), f.mh(), f.limit()));
            final BindingRefreshRequest brr = new BindingRefreshRequest();
            assertEquals(CodecStatus.OK, brr.wrap(mh));
            assertEquals(f.intField("brr.res2"), brr.reserved());
            assertEquals(0, mh.headerLength());
            assertEquals(MobilityOptionIterator.END, new MobilityOptionIterator().reset(mh).next());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hoti", "coti"})
    void homeAndCareOfTestInit(final String name)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MhFixtures.Loaded f = MhFixtures.load(arena, name);
            assertEquals(CodecStatus.OK, mh.wrap(f.segment(), f.mh(), f.limit()));
            final HomeTestInit init = new HomeTestInit();
            assertEquals(CodecStatus.OK, init.wrap(mh));
            assertEquals(Integer.parseInt(f.fixture().field("hoti.reserved"), 16), init.reserved());
            assertEquals(Long.parseUnsignedLong(f.fixture().field("hoti.cookie"), 16), init.cookie());
            assertEquals(1, mh.headerLength());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hot", "cot"})
    void homeAndCareOfTest(final String name)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MhFixtures.Loaded f = MhFixtures.load(arena, name);
            assertEquals(CodecStatus.OK, mh.wrap(f.segment(), f.mh(), f.limit()));
            final HomeTest test = new HomeTest();
            assertEquals(CodecStatus.OK, test.wrap(mh));
            assertEquals(f.intField("hot.index"), test.nonceIndex());
            assertEquals(Long.parseUnsignedLong(f.fixture().field("hot.cookie"), 16), test.cookie());
            assertEquals(Long.parseUnsignedLong(f.fixture().field("hot.token"), 16), test.keygenToken());
            assertEquals(2, mh.headerLength());
        }
    }

    @Test
    void bindingError()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MhFixtures.Loaded f = MhFixtures.load(arena, "be");
            assertEquals(CodecStatus.OK, mh.wrap(f.segment(), f.mh(), f.limit()));
            final BindingError be = new BindingError();
            assertEquals(CodecStatus.OK, be.wrap(mh));
            assertEquals(f.intField("be.status"), be.status());
            assertEquals(BindingError.STATUS_UNRECOGNIZED_MH_TYPE, be.status());
            assertEquals(f.intField("be.reserved"), be.reserved());
            final byte[] home = new byte[16];
            be.getHomeAddress(home, 0);
            assertArrayEquals(f.bytesField("be.ha"), home);
            assertArrayEquals(MhFixtures.HOA, MhFixtures.bytes(f.segment(), be.homeAddressOffset(), 16));
        }
    }

    @Test
    void messagesRefuseHeadersOfOtherTypes()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MhFixtures.Loaded f = MhFixtures.load(arena, "be");
            mh.wrap(f.segment(), f.mh(), f.limit());
            assertEquals(CodecStatus.BAD_FIELD, new BindingRefreshRequest().wrap(mh));
            assertEquals(CodecStatus.BAD_FIELD, new HomeTestInit().wrap(mh));
            assertEquals(CodecStatus.BAD_FIELD, new HomeTest().wrap(mh));
            final MhFixtures.Loaded brr = MhFixtures.load(arena, "brr");
            mh.wrap(brr.segment(), brr.mh(), brr.limit());
            assertEquals(CodecStatus.BAD_FIELD, new BindingError().wrap(mh));
        }
    }

    @Test
    void encodedMessagesDecodeInTshark()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final byte[] brr = encode(arena, MhFixtures.HA, MhFixtures.HOA,
                header -> new BindingRefreshRequest().start(header));
            final byte[] hoti = encode(arena, MhFixtures.HOA, MhFixtures.HA,
                header -> new HomeTestInit().start(header).cookie(0x1122334455667788L));
            final byte[] hot = encode(arena, MhFixtures.HA, MhFixtures.HOA,
                header -> new HomeTest().start(header).nonceIndex(42).cookie(0x1122334455667788L)
                    .keygenToken(0xA1A2A3A4A5A6A7A8L));
            final byte[] be = encode(arena, MhFixtures.HA, MhFixtures.COA,
                header -> new BindingError().start(header).status(BindingError.STATUS_UNKNOWN_BINDING_FOR_HOME_ADDRESS)
                    .homeAddress(MhFixtures.HOA, 0));
            assertEquals(40 + 8, brr.length);
            assertEquals(40 + 16, hoti.length);
            assertEquals(40 + 24, hot.length);
            assertEquals(40 + 24, be.length);

            final List<JsonNode> layers = Tshark.decode(PcapWriter.LINKTYPE_RAW, List.of(), brr, hoti, hot, be);
            assertEquals("0", Tshark.field(layers.get(0), "mip6.mhtype"));
            assertEquals("0", Tshark.field(layers.get(0), "mip6.hlen"));
            assertEquals("1", Tshark.field(layers.get(1), "mip6.mhtype"));
            assertEquals("0x1122334455667788", Tshark.field(layers.get(1), "mip6.hoti.cookie"));
            assertEquals("3", Tshark.field(layers.get(2), "mip6.mhtype"));
            assertEquals("42", Tshark.field(layers.get(2), "mip6.hot.nindex"));
            assertEquals("0x1122334455667788", Tshark.field(layers.get(2), "mip6.hot.cookie"));
            assertEquals("0xa1a2a3a4a5a6a7a8", Tshark.field(layers.get(2), "mip6.hot.token"));
            assertEquals("7", Tshark.field(layers.get(3), "mip6.mhtype"));
            assertEquals("1", Tshark.field(layers.get(3), "mip6.be.status"));
            assertEquals("2001:db8:1::100", Tshark.field(layers.get(3), "mip6.be.haddr"));
        }
    }

    @Test
    void encodedMessagesMatchScapysOctets()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MhFixtures.Loaded f = MhFixtures.load(arena, "hot");
            final byte[] ours = encode(arena, MhFixtures.ipv6("2001:db8:9::9"), MhFixtures.HOA,
                header -> new HomeTest().start(header).nonceIndex(0x2A).cookie(0x1122334455667788L)
                    .keygenToken(0xA1A2A3A4A5A6A7A8L));
            final byte[] scapy = f.fixture().bytes();
            assertEquals(HexFormat.of().formatHex(scapy, f.intField("mh.offset"), scapy.length),
                HexFormat.of().formatHex(ours, MhFixtures.IPV6_HEADER_LENGTH, ours.length));
        }
    }

    private byte[] encode(final Arena arena, final byte[] source, final byte[] destination,
        final java.util.function.Consumer<MobilityHeader> message)
    {
        final MemorySegment segment = MhFixtures.ipv6Packet(arena, source, destination, 64);
        mh.wrapForEncode(segment, MhFixtures.IPV6_HEADER_LENGTH);
        message.accept(mh);
        final int length = mh.finish(MhFixtures.IPV6_SOURCE, MhFixtures.IPV6_DESTINATION);
        return MhFixtures.finishPacket(segment, length);
    }
}
