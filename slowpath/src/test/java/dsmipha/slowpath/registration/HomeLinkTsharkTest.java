package dsmipha.slowpath.registration;

import static dsmipha.slowpath.registration.HomeLinkFixture.MN_HIGH;
import static dsmipha.slowpath.registration.HomeLinkFixture.MN_IPV4;
import static dsmipha.slowpath.registration.HomeLinkFixture.MN_LOW;
import static dsmipha.slowpath.registration.HomeLinkFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dsmipha.common.pcap.PcapWriter;
import dsmipha.common.testing.Oracles;
import dsmipha.common.testing.Tshark;

/**
 * What tshark (an oracle independent of scapy and of us) sees in the home link's frames: the unsolicited NA, the
 * gratuitous ARP and the DAD probe.
 */
class HomeLinkTsharkTest
{
    @Test
    void tsharkDecodesAnnouncementsAndTheDadProbe()
    {
        Oracles.requireTshark();
        try (HomeLinkFixture f = new HomeLinkFixture())
        {
            f.homeLink.onRegistered(MN_HIGH, MN_LOW, MN_IPV4, true, T0);
            f.homeLink.startDuplicateAddressDetection(MN_HIGH, MN_LOW + 1, 1, f.listener, T0);
            final List<Map<String, String>> rows = Tshark.fields(PcapWriter.LINKTYPE_ETHERNET, List.of(),
                List.of("eth.dst", "eth.src", "ipv6.src", "ipv6.dst", "ipv6.hlim", "icmpv6.type",
                    "icmpv6.checksum.status", "icmpv6.nd.na.target_address", "icmpv6.nd.na.flag.r",
                    "icmpv6.nd.na.flag.s", "icmpv6.nd.na.flag.o", "icmpv6.opt.linkaddr",
                    "icmpv6.nd.ns.target_address", "arp.opcode", "arp.isgratuitous", "arp.src.hw_mac",
                    "arp.src.proto_ipv4", "arp.dst.proto_ipv4"),
                f.frames());
            assertEquals(3, rows.size());
            final Map<String, String> na = rows.get(0);
            assertEquals("33:33:00:00:00:01", na.get("eth.dst"));
            assertEquals("fe80::211:22ff:fe33:4455", na.get("ipv6.src"));
            assertEquals("ff02::1", na.get("ipv6.dst"));
            assertEquals("255", na.get("ipv6.hlim"));
            assertEquals("136", na.get("icmpv6.type"));
            assertEquals("1", na.get("icmpv6.checksum.status"));
            assertEquals("2001:db8:a::100", na.get("icmpv6.nd.na.target_address"));
            assertEquals("0", na.get("icmpv6.nd.na.flag.r"));
            assertEquals("0", na.get("icmpv6.nd.na.flag.s"));
            assertEquals("1", na.get("icmpv6.nd.na.flag.o"));
            assertEquals("00:11:22:33:44:55", na.get("icmpv6.opt.linkaddr"));
            final Map<String, String> arp = rows.get(1);
            assertEquals("ff:ff:ff:ff:ff:ff", arp.get("eth.dst"));
            assertEquals("1", arp.get("arp.opcode"));
            assertTrue(List.of("1", "True", "true").contains(arp.get("arp.isgratuitous")), arp.toString());
            assertEquals("00:11:22:33:44:55", arp.get("arp.src.hw_mac"));
            assertEquals("192.0.2.100", arp.get("arp.src.proto_ipv4"));
            assertEquals("192.0.2.100", arp.get("arp.dst.proto_ipv4"));
            final Map<String, String> dad = rows.get(2);
            assertEquals("33:33:ff:00:01:01", dad.get("eth.dst"));
            assertEquals("::", dad.get("ipv6.src"));
            assertEquals("ff02::1:ff00:101", dad.get("ipv6.dst"));
            assertEquals("135", dad.get("icmpv6.type"));
            assertEquals("1", dad.get("icmpv6.checksum.status"));
            assertEquals("2001:db8:a::101", dad.get("icmpv6.nd.ns.target_address"));
            assertTrue(dad.get("icmpv6.opt.linkaddr") == null || dad.get("icmpv6.opt.linkaddr").isEmpty(),
                "a DAD probe carries no link-layer address option");
        }
    }
}
