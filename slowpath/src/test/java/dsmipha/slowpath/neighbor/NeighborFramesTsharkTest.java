package dsmipha.slowpath.neighbor;

import static dsmipha.slowpath.neighbor.NeighborFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dsmipha.common.pcap.PcapWriter;
import dsmipha.common.testing.Oracles;
import dsmipha.common.testing.Tshark;

/**
 * What tshark (an oracle independent of scapy and of us) sees in the frames the resolver sends: the ARP fields,
 * the Neighbor Discovery fields and a good ICMPv6 checksum.
 */
class NeighborFramesTsharkTest
{
    @Test
    void tsharkDecodesTheResolversFrames()
    {
        Oracles.requireTshark();
        try (NeighborFixture f = new NeighborFixture())
        {
            f.unresolved(0, "192.0.2.50", T0);
            f.receive("in_arp_request", 0, T0);
            f.unresolved(0, "2001:db8:a::50", T0);
            f.receive("in_ns", 0, T0);
            final List<Map<String, String>> rows = Tshark.fields(PcapWriter.LINKTYPE_ETHERNET, List.of(),
                List.of("eth.dst", "arp.opcode", "arp.src.proto_ipv4", "arp.dst.proto_ipv4", "ipv6.dst",
                    "ipv6.hlim", "icmpv6.type", "icmpv6.checksum.status", "icmpv6.nd.ns.target_address",
                    "icmpv6.nd.na.target_address", "icmpv6.nd.na.flag.s", "icmpv6.opt.linkaddr"),
                f.sent.stream().map(NeighborFixture.Sent::frame).toArray(byte[][]::new));
            assertEquals(4, rows.size());
            assertEquals("ff:ff:ff:ff:ff:ff", rows.get(0).get("eth.dst"));
            assertEquals("1", rows.get(0).get("arp.opcode"));
            assertEquals("192.0.2.1", rows.get(0).get("arp.src.proto_ipv4"));
            assertEquals("192.0.2.50", rows.get(0).get("arp.dst.proto_ipv4"));
            assertEquals("2", rows.get(1).get("arp.opcode"));
            assertEquals("33:33:ff:00:00:50", rows.get(2).get("eth.dst"));
            assertEquals("ff02::1:ff00:50", rows.get(2).get("ipv6.dst"));
            assertEquals("255", rows.get(2).get("ipv6.hlim"));
            assertEquals("135", rows.get(2).get("icmpv6.type"));
            assertEquals("1", rows.get(2).get("icmpv6.checksum.status"));
            assertEquals("2001:db8:a::50", rows.get(2).get("icmpv6.nd.ns.target_address"));
            assertEquals("00:11:22:33:44:55", rows.get(2).get("icmpv6.opt.linkaddr"));
            assertEquals("136", rows.get(3).get("icmpv6.type"));
            assertEquals("1", rows.get(3).get("icmpv6.checksum.status"));
            assertEquals("2001:db8:a::1", rows.get(3).get("icmpv6.nd.na.target_address"));
            assertEquals("1", rows.get(3).get("icmpv6.nd.na.flag.s"));
        }
    }
}
