package dsmipha.slowpath.registration;

import static dsmipha.common.testing.Addresses.high;
import static dsmipha.common.testing.Addresses.ipv4;
import static dsmipha.common.testing.Addresses.low;
import static dsmipha.common.testing.Addresses.mac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dsmipha.common.codec.mh.BindingAck;
import dsmipha.common.codec.mh.BindingError;
import dsmipha.common.codec.mh.Ipv4AddressAcknowledgementOption;
import dsmipha.common.pcap.PcapWriter;
import dsmipha.common.testing.Fixture;
import dsmipha.common.testing.Oracles;
import dsmipha.common.testing.Tshark;

/**
 * The writer's frames against two oracles: octet for octet against the replies scapy builds
 * (fixtures_registration.py "out_*": Binding Ack natively with a Type 2 RH, in IPv4 protocol 41 and in IPv4/UDP
 * 4191 to a NAT-mapped port, Binding Error, tunnelled Binding Refresh Request), and field by field as tshark
 * decodes them, IPv4 and UDP checksums verified.
 */
class BindingAckWriterTest
{
    static final String HA_MAC = "00:11:22:33:44:66";
    static final String ROUTER_MAC = "00:00:5e:00:53:01";
    static final String HA6 = "2001:db8:a::1";
    static final String HA4 = "192.0.2.1";
    static final String HOA = "2001:db8:a::100";
    static final String COA = "2001:db8:c::100";
    static final String COA4 = "192.0.2.77";
    static final String NAT4 = "203.0.113.9";
    static final int NAT_PORT = 40123;
    static final String IPV4_HOA = "198.51.100.7";
    static final int OFFSET = 32;

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment frame = arena.allocate(OFFSET + BindingAckWriter.MAX_FRAME_LENGTH);

    @AfterEach
    void close()
    {
        arena.close();
    }

    private static BindingUpdateRequest request(final int transport)
    {
        final BindingUpdateRequest request = new BindingUpdateRequest().clear();
        request.path.port = 1;
        request.path.peerMac = mac(ROUTER_MAC);
        request.path.localMac = mac(HA_MAC);
        request.path.transport = transport;
        if (transport == SignalingTransport.IPV4_PROTOCOL_41)
        {
            request.path.peerIpv4 = ipv4(COA4);
            request.path.localIpv4 = ipv4(HA4);
        }
        else if (transport == SignalingTransport.IPV4_UDP)
        {
            request.path.peerIpv4 = ipv4(NAT4);
            request.path.localIpv4 = ipv4(HA4);
            request.path.peerUdpPort = NAT_PORT;
            request.path.localUdpPort = BindingUpdateReader.DSMIPV6_UDP_PORT;
        }
        return request;
    }

    private static BindingAckReply reply(final String careOf)
    {
        final BindingAckReply reply = new BindingAckReply().clear();
        reply.status = BindingAck.STATUS_ACCEPTED;
        reply.sequence = 10;
        reply.lifetimeUnits = 0x96;
        reply.localHigh = high(HA6);
        reply.localLow = low(HA6);
        reply.careOfHigh = high(careOf);
        reply.careOfLow = low(careOf);
        reply.homeHigh = high(HOA);
        reply.homeLow = low(HOA);
        return reply;
    }

    private static void ipv4Ack(final BindingAckReply reply)
    {
        reply.includeIpv4Ack = true;
        reply.ipv4AckStatus = Ipv4AddressAcknowledgementOption.STATUS_SUCCESS;
        reply.ipv4AckPrefixLength = 32;
        reply.ipv4AckAddress = ipv4(IPV4_HOA);
    }

    private byte[] copy(final int length)
    {
        assertTrue(length > 0 && length <= BindingAckWriter.MAX_FRAME_LENGTH, "length " + length);
        final byte[] bytes = new byte[length];
        MemorySegment.copy(frame, ValueLayout.JAVA_BYTE, OFFSET, bytes, 0, length);
        return bytes;
    }

    private static void assertSameAsScapy(final String name, final byte[] actual)
    {
        final HexFormat hex = HexFormat.of();
        assertEquals(hex.formatHex(Fixture.load(BindingUpdateReaderTest.GROUP, name).bytes()), hex.formatHex(actual),
            name);
    }

    byte[] nativeAck()
    {
        final BindingAckReply reply = reply(COA);
        reply.flags = BindingAck.FLAG_KEY_MANAGEMENT;
        reply.includeRefreshAdvice = true;
        reply.refreshAdviceUnits = 0x80;
        return copy(new BindingAckWriter().writeBindingAck(
            request(SignalingTransport.NATIVE_IPV6), reply, frame, OFFSET));
    }

    byte[] protocol41Ack()
    {
        final BindingAckReply reply = reply(HOA);
        ipv4Ack(reply);
        return copy(new BindingAckWriter().writeBindingAck(
            request(SignalingTransport.IPV4_PROTOCOL_41), reply, frame, OFFSET));
    }

    byte[] udpAck()
    {
        final BindingAckReply reply = reply(HOA);
        ipv4Ack(reply);
        reply.includeNatDetection = true;
        reply.natForceUdp = true;
        reply.natRefreshSeconds = 110;
        return copy(new BindingAckWriter().writeBindingAck(
            request(SignalingTransport.IPV4_UDP), reply, frame, OFFSET));
    }

    byte[] nativeError()
    {
        return copy(new BindingAckWriter().writeBindingError(request(SignalingTransport.NATIVE_IPV6).path,
            high(HA6), low(HA6), high(COA), low(COA), BindingError.STATUS_UNRECOGNIZED_MH_TYPE, high(HOA), low(HOA),
            frame, OFFSET));
    }

    byte[] nativeRefreshRequest()
    {
        return copy(new BindingAckWriter().writeBindingRefreshRequest(request(SignalingTransport.NATIVE_IPV6).path,
            high(HA6), low(HA6), high(COA), low(COA), high(HOA), low(HOA), frame, OFFSET));
    }

    @Test
    void nativeBindingAckIsWhatScapyBuilds()
    {
        assertSameAsScapy("out_ba_native", nativeAck());
    }

    @Test
    void protocol41BindingAckIsWhatScapyBuilds()
    {
        assertSameAsScapy("out_ba_proto41", protocol41Ack());
    }

    @Test
    void udpBindingAckIsWhatScapyBuilds()
    {
        assertSameAsScapy("out_ba_udp", udpAck());
    }

    @Test
    void bindingErrorIsWhatScapyBuilds()
    {
        assertSameAsScapy("out_be_native", nativeError());
    }

    @Test
    void tunnelledBindingRefreshRequestIsWhatScapyBuilds()
    {
        assertSameAsScapy("out_brr_native", nativeRefreshRequest());
    }

    @Test
    void ipv4IdentificationAdvancesPerIpv4Frame()
    {
        final BindingAckWriter writer = new BindingAckWriter();
        writer.writeBindingAck(request(SignalingTransport.IPV4_UDP), reply(HOA), frame, OFFSET);
        writer.writeBindingAck(request(SignalingTransport.NATIVE_IPV6), reply(COA), frame, OFFSET);
        assertEquals(1, writer.nextIpv4Identification());
        writer.writeBindingRefreshRequest(request(SignalingTransport.IPV4_PROTOCOL_41).path, high(HA6), low(HA6),
            high(HOA), low(HOA), high(HOA), low(HOA), frame, OFFSET);
        assertEquals(2, writer.nextIpv4Identification());
    }

    @Test
    void tsharkDecodesTheReplies()
    {
        Oracles.requireTshark();
        final BindingAckReply all = reply(COA);
        all.status = BindingAck.STATUS_SEQUENCE_NUMBER_OUT_OF_WINDOW;
        all.sequence = 0xFFFE;
        all.lifetimeUnits = 0;
        all.includeRefreshAdvice = true;
        all.refreshAdviceUnits = 7;
        ipv4Ack(all);
        all.ipv4AckStatus = Ipv4AddressAcknowledgementOption.STATUS_DYNAMIC_ASSIGNMENT_NOT_AVAILABLE;
        all.ipv4AckPrefixLength = 24;
        all.includeNatDetection = true;
        all.natRefreshSeconds = 25;
        final byte[] allOptions = copy(new BindingAckWriter().writeBindingAck(
            request(SignalingTransport.NATIVE_IPV6), all, frame, OFFSET));
        final BindingAckReply home = reply(HOA);
        final byte[] fromHome = copy(new BindingAckWriter().writeBindingAck(
            request(SignalingTransport.NATIVE_IPV6), home, frame, OFFSET));
        final List<Map<String, String>> rows = Tshark.fields(PcapWriter.LINKTYPE_ETHERNET,
            List.of("-d", "udp.port==4191,ipv6", "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE"),
            List.of("eth.src", "eth.dst", "ip.src", "ip.dst", "ip.proto", "ip.ttl", "ip.flags.df", "ip.checksum.status",
                "udp.srcport", "udp.dstport", "udp.checksum.status", "ipv6.src", "ipv6.dst", "ipv6.hlim",
                "ipv6.routing.type", "ipv6.routing.segleft", "ipv6.routing.mipv6.home_address", "mip6.proto",
                "mip6.mhtype", "mip6.hlen", "mip6.ba.status", "mip6.ba.k_flag", "mip6.ba.seqnr", "mip6.ba.lifetime",
                "mip6.bra.interval", "mip6.ipv4aa.sts", "mip6.ipv4ha.preflen", "mip6.ipv4ha.ha", "mip6.natd.f_flag",
                "mip6.natd.refresh_t", "mip6.be.status", "mip6.be.haddr"),
            nativeAck(), protocol41Ack(), udpAck(), nativeError(), nativeRefreshRequest(), allOptions, fromHome);
        assertEquals(7, rows.size());

        final Map<String, String> ba = rows.get(0);
        assertEquals(HA_MAC, ba.get("eth.src"));
        assertEquals(ROUTER_MAC, ba.get("eth.dst"));
        assertEquals(HA6, ba.get("ipv6.src"));
        assertEquals(COA, ba.get("ipv6.dst"));
        assertEquals("64", ba.get("ipv6.hlim"));
        assertEquals("2", ba.get("ipv6.routing.type"));
        assertEquals("1", ba.get("ipv6.routing.segleft"));
        assertEquals(HOA, ba.get("ipv6.routing.mipv6.home_address"));
        assertEquals("59", ba.get("mip6.proto"));
        assertEquals("6", ba.get("mip6.mhtype"));
        assertEquals("0", ba.get("mip6.ba.status"));
        assertEquals("1", ba.get("mip6.ba.k_flag"));
        assertEquals("10", ba.get("mip6.ba.seqnr"));
        assertEquals("150", ba.get("mip6.ba.lifetime"));
        assertEquals("128", ba.get("mip6.bra.interval"));

        final Map<String, String> proto41 = rows.get(1);
        assertEquals(HA4, proto41.get("ip.src"));
        assertEquals(COA4, proto41.get("ip.dst"));
        assertEquals("41", proto41.get("ip.proto"));
        assertEquals("64", proto41.get("ip.ttl"));
        assertEquals("0", proto41.get("ip.flags.df"));
        assertEquals("1", proto41.get("ip.checksum.status"));
        assertEquals(HOA, proto41.get("ipv6.dst"));
        assertEquals("", proto41.get("ipv6.routing.type"));
        assertEquals("0", proto41.get("mip6.ipv4aa.sts"));
        assertEquals("32", proto41.get("mip6.ipv4ha.preflen"));
        assertEquals(IPV4_HOA, proto41.get("mip6.ipv4ha.ha"));

        final Map<String, String> udp = rows.get(2);
        assertEquals(NAT4, udp.get("ip.dst"));
        assertEquals("17", udp.get("ip.proto"));
        assertEquals("1", udp.get("ip.checksum.status"));
        assertEquals("4191", udp.get("udp.srcport"));
        assertEquals(String.valueOf(NAT_PORT), udp.get("udp.dstport"));
        assertEquals("1", udp.get("udp.checksum.status"));
        assertEquals(HOA, udp.get("ipv6.dst"));
        assertEquals("6", udp.get("mip6.mhtype"));
        assertEquals(IPV4_HOA, udp.get("mip6.ipv4ha.ha"));
        assertEquals("1", udp.get("mip6.natd.f_flag"));
        assertEquals("110", udp.get("mip6.natd.refresh_t"));

        final Map<String, String> be = rows.get(3);
        assertEquals(COA, be.get("ipv6.dst"));
        assertEquals("", be.get("ipv6.routing.type"));
        assertEquals("7", be.get("mip6.mhtype"));
        assertEquals("2", be.get("mip6.be.status"));
        assertEquals(HOA, be.get("mip6.be.haddr"));

        final Map<String, String> brr = rows.get(4);
        assertEquals(COA + "," + HOA, brr.get("ipv6.dst"));
        assertEquals("", brr.get("ipv6.routing.type"));
        assertEquals("0", brr.get("mip6.mhtype"));

        final Map<String, String> options = rows.get(5);
        assertEquals("135", options.get("mip6.ba.status"));
        assertEquals("65534", options.get("mip6.ba.seqnr"));
        assertEquals("0", options.get("mip6.ba.lifetime"));
        assertEquals("7", options.get("mip6.bra.interval"));
        assertEquals("132", options.get("mip6.ipv4aa.sts"));
        assertEquals("24", options.get("mip6.ipv4ha.preflen"));
        assertEquals("0", options.get("mip6.natd.f_flag"));
        assertEquals("25", options.get("mip6.natd.refresh_t"));
        assertEquals("3", options.get("mip6.hlen"), "BRA at 12, IPv4 Ack at 16, NAT Detection at 24: 32 octets");

        final Map<String, String> deregistration = rows.get(6);
        assertEquals(HOA, deregistration.get("ipv6.dst"));
        assertEquals("", deregistration.get("ipv6.routing.type"), "no Type 2 RH when care-of = home");
        assertEquals("1", deregistration.get("mip6.hlen"), "no options: PadN(4) to 16 octets");
    }
}
