package dsmipha.fastpath.encap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dsmipha.common.pcap.PcapWriter;
import dsmipha.common.testing.Tshark;

/**
 * What tshark (Wireshark's dissectors, an oracle independent of scapy and of us) must see in the encapsulated
 * packets. Fields are read with {@code -T fields}; a field that occurs in both headers of a same-family tunnel
 * (two {@code ip} layers) comes back as {@code outer,inner}.
 */
final class TsharkChecks
{
    private static final String HA6 = "2001:db8:a::1";
    private static final String HA4 = "192.0.2.1";
    private static final String COA6 = "2001:db8:c0a::10";
    private static final String COA4 = "198.51.100.10";
    private static final String NAT4 = "203.0.113.5";
    private static final String CN6 = "2001:db8:cafe::7";
    private static final String CN4 = "192.0.2.77";
    private static final List<String> FIELDS = List.of(
        "ipv6.src", "ipv6.dst", "ipv6.nxt", "ipv6.hlim", "ipv6.plen", "ipv6.tclass.dscp", "ipv6.tclass.ecn",
        "ip.src", "ip.dst", "ip.proto", "ip.ttl", "ip.len", "ip.flags.df", "ip.checksum.status",
        "ip.dsfield.dscp", "ip.dsfield.ecn", "udp.srcport", "udp.dstport", "udp.length", "udp.checksum");

    private TsharkChecks()
    {
    }

    /**
     * @param packets the encapsulator's output for {@link EncapFixtures#VARIANTS}, in that order.
     */
    static void checkVariants(final List<byte[]> packets)
    {
        final List<Map<String, String>> plain = decode(List.of(), packets.subList(0, 5));
        checkIp6In6(plain.get(0));
        checkIp4In6(plain.get(1));
        checkIp6In4(plain.get(2));
        checkIp4In4(plain.get(3), "1,1");
        checkIp4In4(plain.get(4), "0,0");
        final Map<String, String> udp4 = decode(List.of("-d", "udp.port==4191,ip"), packets.subList(5, 6)).get(0);
        checkUdp4(udp4);
        assertEquals(HA4 + "," + CN4, udp4.get("ip.src"));
        assertEquals("1,1", udp4.get("ip.checksum.status"));
        final Map<String, String> udp6 = decode(List.of("-d", "udp.port==4191,ipv6"), packets.subList(6, 7)).get(0);
        checkUdp4(udp6);
        assertEquals(CN6, udp6.get("ipv6.src"));
        assertEquals("41", udp6.get("ipv6.plen"));
        assertEquals("89,41", udp6.get("udp.length"));
    }

    /**
     * @param packets the encapsulator's output for {@link EncapFixtures#ECN}, in that order.
     */
    static void checkEcn(final List<byte[]> packets)
    {
        final List<Map<String, String>> decoded = decode(List.of(), packets);
        for (int ecn = 0; ecn < 4; ecn++)
        {
            final Map<String, String> ip4in6 = decoded.get(ecn);
            assertEquals("34", ip4in6.get("ipv6.tclass.dscp"));
            assertEquals(String.valueOf(ecn), ip4in6.get("ipv6.tclass.ecn"), "RFC 6040 §4.1: outer ECN copied");
            assertEquals("34", ip4in6.get("ip.dsfield.dscp"));
            assertEquals(String.valueOf(ecn), ip4in6.get("ip.dsfield.ecn"));
            final Map<String, String> ip6in4 = decoded.get(4 + ecn);
            assertEquals("34", ip6in4.get("ip.dsfield.dscp"));
            assertEquals(String.valueOf(ecn), ip6in4.get("ip.dsfield.ecn"), "RFC 6040 §4.1: outer ECN copied");
            assertEquals("1", ip6in4.get("ip.checksum.status"), "IPv4 header checksum good");
            assertEquals(String.valueOf(ecn), ip6in4.get("ipv6.tclass.ecn"));
        }
    }

    private static void checkIp6In6(final Map<String, String> f)
    {
        assertEquals(HA6 + "," + CN6, f.get("ipv6.src"));
        assertEquals(COA6 + ",2001:db8:a::100", f.get("ipv6.dst"));
        assertEquals("41,17", f.get("ipv6.nxt"));
        assertEquals("64,63", f.get("ipv6.hlim"), "RFC 2473 §3.1: tunnel hop limit; inner unchanged");
        assertEquals("81,41", f.get("ipv6.plen"));
        assertEquals("6000", f.get("udp.dstport"));
    }

    private static void checkIp4In6(final Map<String, String> f)
    {
        assertEquals(HA6, f.get("ipv6.src"));
        assertEquals(COA6, f.get("ipv6.dst"));
        assertEquals("4", f.get("ipv6.nxt"));
        assertEquals("64", f.get("ipv6.hlim"));
        assertEquals(CN4, f.get("ip.src"));
        assertEquals("1", f.get("ip.checksum.status"));
        assertEquals("6000", f.get("udp.dstport"));
    }

    private static void checkIp6In4(final Map<String, String> f)
    {
        assertEquals(HA4, f.get("ip.src"));
        assertEquals(COA4, f.get("ip.dst"));
        assertEquals("41", f.get("ip.proto"));
        assertEquals("64", f.get("ip.ttl"));
        assertEquals("101", f.get("ip.len"));
        assertEquals("0", f.get("ip.flags.df"), "RFC 4213 §3.2: DF not set");
        assertEquals("1", f.get("ip.checksum.status"));
        assertEquals(CN6, f.get("ipv6.src"));
        assertEquals("6000", f.get("udp.dstport"));
    }

    private static void checkIp4In4(final Map<String, String> f, final String dontFragment)
    {
        assertEquals(HA4 + "," + CN4, f.get("ip.src"));
        assertEquals(COA4 + ",10.10.0.100", f.get("ip.dst"));
        assertEquals("4,17", f.get("ip.proto"));
        assertEquals("64,63", f.get("ip.ttl"), "RFC 2003 §3.1: tunnel TTL; inner unchanged");
        assertEquals(dontFragment, f.get("ip.flags.df"), "RFC 2003 §3.1: DF copied");
        assertEquals("1,1", f.get("ip.checksum.status"));
    }

    private static void checkUdp4(final Map<String, String> f)
    {
        assertEquals(NAT4, f.get("ip.dst").split(",")[0]);
        assertEquals("17", f.get("ip.proto").split(",")[0]);
        assertEquals("1", f.get("ip.checksum.status").split(",")[0]);
        assertEquals("4191,5000", f.get("udp.srcport"));
        assertEquals("61000,6000", f.get("udp.dstport"));
        assertEquals("0x0000", f.get("udp.checksum").split(",")[0]);
    }

    private static List<Map<String, String>> decode(final List<String> extraArgs, final List<byte[]> packets)
    {
        final List<String> arguments = new ArrayList<>(List.of("-o", "ip.check_checksum:TRUE"));
        arguments.addAll(extraArgs);
        return Tshark.fields(PcapWriter.LINKTYPE_RAW, arguments, FIELDS, packets.toArray(byte[][]::new));
    }
}
