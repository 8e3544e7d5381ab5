package dsmipha.fastpath.decap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dsmipha.common.codec.Ipv4Header;
import dsmipha.common.pcap.PcapWriter;
import dsmipha.common.testing.Fixture;
import dsmipha.common.testing.Tshark;

/**
 * Every tunnel type, and the RFC 6040 §4.2 ECN table, against packets scapy built
 * ({@code fastpath/src/test/scapy/fixtures_decap.py}): after decapsulation the packet must be exactly the inner
 * packet scapy built, and tshark must decode it as that packet.
 */
class DecapsulatorGoldenTest
{
    private final DecapHarness h = new DecapHarness();

    @AfterEach
    void close()
    {
        h.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "ip6in6, IPV6_IN_IPV6_OK",
        "ip4in6, IPV4_IN_IPV6_OK",
        "ip6in4, IPV6_IN_IPV4_OK",
        "ip4in4, IPV4_IN_IPV4_OK",
        "ip6inudp, IPV6_IN_UDP4_OK",
        "ip4inudp, IPV4_IN_UDP4_OK",
        "ip4in4_padded, IPV4_IN_IPV4_OK",
        "encaplimit_ip6in6, IPV6_IN_IPV6_OK",
        "options_ip4in4, IPV4_IN_IPV4_OK",
    })
    void decapsulatesEveryTunnelTypeToScapysInnerPacket(final String name, final DecapCounter expected)
    {
        h.registerFor(name);
        final int i = h.add(name);

        assertEquals(expected.ordinal(), h.decapsulator.decapsulate(h.burst, i));

        assertArrayEquals(DecapHarness.inner(name), h.packet(i));
        assertEquals(1, h.decapsulator.count(expected));
        assertEquals(0, h.decapsulator.count(DecapCounter.ECN_PROPAGATED));
        checkWithTshark(Fixture.load("decap", name + "_inner"), h.packet(i));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "ecn_ce_ect0_ip4in4, IPV4_IN_IPV4_OK, 1, 0",
        "ecn_ce_ect1_ip4inudp, IPV4_IN_UDP4_OK, 1, 0",
        "ecn_ce_ect0_ip6in6, IPV6_IN_IPV6_OK, 1, 0",
        "ecn_ect1_ect0_ip6in4, IPV6_IN_IPV4_OK, 1, 0",
        "ecn_ect1_ect0_ip4in6, IPV4_IN_IPV6_OK, 1, 0",
        "ecn_ect0_ect1_ip4in4, IPV4_IN_IPV4_OK, 0, 0",
        "ecn_ce_ce_ip6inudp, IPV6_IN_UDP4_OK, 0, 0",
        "ecn_ect1_ce_ip4in4, IPV4_IN_IPV4_OK, 0, 1",
        "ecn_ect0_notect_ip6in6, IPV6_IN_IPV6_OK, 0, 1",
        "ecn_notect_ect0_ip4in4, IPV4_IN_IPV4_OK, 0, 0",
    })
    void appliesTheRfc6040DecapsulationTable(
        final String name, final DecapCounter expected, final long propagated, final long unused)
    {
        h.registerFor(name);
        final int i = h.add(name);

        assertEquals(expected.ordinal(), h.decapsulator.decapsulate(h.burst, i));

        final byte[] inner = h.packet(i);
        assertArrayEquals(DecapHarness.inner(name), inner);
        assertEquals(propagated, h.decapsulator.count(DecapCounter.ECN_PROPAGATED));
        assertEquals(unused, h.decapsulator.count(DecapCounter.ECN_UNUSED_COMBINATION));
        if ((inner[0] >>> 4) == Ipv4Header.VERSION)
        {
            final Ipv4Header ipv4 = new Ipv4Header();
            ipv4.wrap(MemorySegment.ofArray(inner), 0, inner.length);
            assertTrue(ipv4.verifyChecksum(), "inner IPv4 checksum after the incremental ECN update");
        }
        checkWithTshark(Fixture.load("decap", name + "_inner"), inner);
    }

    @Test
    void dropsOuterCeOnAnInnerNotEctPacket()
    {
        for (final String name : List.of("ecn_ce_notect_ip4in6", "ecn_ce_notect_ip6in4"))
        {
            h.registerFor(name);
            final int i = h.add(name);
            final byte[] arrived = h.packet(i);

            assertEquals(DecapCounter.DROP_ECN_CE_ON_NOT_ECT.ordinal(), h.decapsulator.decapsulate(h.burst, i));
            assertArrayEquals(arrived, h.packet(i), "a dropped packet is left as it arrived");
        }
        assertEquals(2, h.decapsulator.count(DecapCounter.DROP_ECN_CE_ON_NOT_ECT));
    }

    private static void checkWithTshark(final Fixture expected, final byte[] packet)
    {
        final boolean ipv6 = expected.intField("inner.version") == 6;
        final String ip = ipv6 ? "ipv6" : "ip";
        final Map<String, String> got = Tshark.fields(PcapWriter.LINKTYPE_RAW, List.of("-o", "ip.check_checksum:TRUE"),
            List.of(ip + ".src", ip + ".dst", ipv6 ? "ipv6.tclass.ecn" : "ip.dsfield.ecn",
                ipv6 ? "ipv6.plen" : "ip.len", "ip.checksum.status"), packet).get(0);
        assertEquals(expected.field("inner.src"), got.get(ip + ".src"));
        assertEquals(expected.field("inner.dst"), got.get(ip + ".dst"));
        assertEquals(expected.field("inner.ecn"), got.get(ipv6 ? "ipv6.tclass.ecn" : "ip.dsfield.ecn"));
        if (ipv6)
        {
            assertEquals(String.valueOf(expected.intField("inner.len") - 40), got.get("ipv6.plen"));
        }
        else
        {
            assertEquals(expected.field("inner.len"), got.get("ip.len"));
            assertEquals("1", got.get("ip.checksum.status"), "tshark: header checksum good");
        }
    }
}
