package dsmipha.fastpath.icmp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dsmipha.common.pcap.PcapWriter;
import dsmipha.common.testing.Fixture;
import dsmipha.common.testing.Tshark;
import dsmipha.fastpath.binding.BindingView;
import dsmipha.fastpath.binding.EncapVariant;
import dsmipha.fastpath.encap.Encapsulator;
import dsmipha.fastpath.encap.OuterHeaderTemplate;
import dsmipha.fastpath.io.FrameLayout;
import dsmipha.fastpath.io.FramePool;
import dsmipha.fastpath.io.PacketBurst;

/**
 * The two fragmenting verdicts end to end through the real encapsulator, checked by tshark: an IPv6 packet of 1280
 * octets over an IPv4 tunnel leaving 1180 is encapsulated (DF clear) and the tunnel packet fragmented (RFC 4213
 * §3.2); an IPv4 datagram without DF over an IPv6 tunnel is fragmented to the room and each fragment encapsulated.
 */
class TunnelFragmentationTest
{
    private static final int CARE_OF_V4 = 0xC633640A;

    private final Fixture addresses = IcmpFixtures.load("ptb6");

    @Test
    void ipv6Of1280OverAnIpv4TunnelIsEncapsulatedThenFragmented()
    {
        final BindingView binding = binding(EncapVariant.IPV6_IN_IPV4, 1200);
        final List<byte[]> wire = new ArrayList<>();
        try (FramePool pool = new FramePool(8, FrameLayout.DEFAULT_FRAME_LENGTH))
        {
            final PacketBurst rx = new PacketBurst(pool, 1);
            final PacketBurst out = new PacketBurst(pool, 4);
            IcmpFixtures.add(rx, TestPackets.ipv6(1280));
            final TunnelMtuCheck check = new TunnelMtuCheck();
            assertEquals(TunnelMtuCheck.FRAGMENT_OUTER, check.check(rx, 0, binding));
            assertEquals(Encapsulator.OK, new Encapsulator(0x100).encapsulate(rx, 0, binding));
            assertEquals(1300, rx.length(0));
            assertEquals(2, new Ipv4Fragmenter().fragment(rx, 0, binding.tunnelMtu(), out));
            for (int k = 0; k < out.count(); k++)
            {
                wire.add(IcmpFixtures.bytes(out, k));
            }
            rx.freeAll();
            out.freeAll();
        }
        final List<Map<String, String>> rows = Tshark.fields(PcapWriter.LINKTYPE_RAW,
            List.of("-o", "ip.check_checksum:TRUE", "-o", "ip.defragment:TRUE"),
            List.of("ip.checksum.status", "ip.len", "ip.proto", "ip.flags.df", "ip.reassembled.length",
                "ipv6.plen", "ipv6.src"),
            wire.toArray(byte[][]::new));
        assertEquals("1196", rows.get(0).get("ip.len"), "20 + (1200 - 20 rounded down to 8 octets)");
        assertEquals("0", rows.get(0).get("ip.flags.df"), "RFC 4213 §3.2: DF clear");
        final Map<String, String> last = rows.get(1);
        assertEquals("1", last.get("ip.checksum.status"));
        assertEquals("1280", last.get("ip.reassembled.length"), "the inner IPv6 packet, whole");
        assertEquals("1240", last.get("ipv6.plen"));
        assertEquals("2001:db8:cafe::7", last.get("ipv6.src"));
    }

    @Test
    void ipv4WithoutDfOverAnIpv6TunnelIsFragmentedThenEachFragmentEncapsulated()
    {
        final BindingView binding = binding(EncapVariant.IPV4_IN_IPV6, 1280);
        final List<byte[]> wire = new ArrayList<>();
        try (FramePool pool = new FramePool(8, FrameLayout.DEFAULT_FRAME_LENGTH))
        {
            final PacketBurst rx = new PacketBurst(pool, 1);
            final PacketBurst out = new PacketBurst(pool, 4);
            IcmpFixtures.add(rx, TestPackets.ipv4(1500, false));
            final int room = TunnelMtuCheck.room(binding.tunnelMtu(), binding.templateLength());
            assertEquals(1240, room);
            assertEquals(TunnelMtuCheck.FRAGMENT_IPV4, new TunnelMtuCheck().check(rx, 0, binding));
            final int fragments = new Ipv4Fragmenter().fragment(rx, 0, room, out);
            assertEquals(2, fragments);
            final Encapsulator encapsulator = new Encapsulator(0);
            for (int k = 0; k < fragments; k++)
            {
                assertEquals(Encapsulator.OK, encapsulator.encapsulate(out, k, binding));
                wire.add(IcmpFixtures.bytes(out, k));
            }
            rx.freeAll();
            out.freeAll();
        }
        final List<Map<String, String>> rows = Tshark.fields(PcapWriter.LINKTYPE_RAW,
            List.of("-o", "ip.check_checksum:TRUE", "-o", "ip.defragment:TRUE"),
            List.of("ipv6.plen", "ipv6.nxt", "ip.checksum.status", "ip.flags.mf", "ip.reassembled.length"),
            wire.toArray(byte[][]::new));
        assertEquals("1236", rows.get(0).get("ipv6.plen"), "inner fragment 20 + (1240 - 20 rounded down to 8)");
        assertEquals("4", rows.get(0).get("ipv6.nxt"));
        assertEquals("1", rows.get(0).get("ip.flags.mf"));
        assertEquals("1", rows.get(1).get("ip.checksum.status"));
        assertEquals("1480", rows.get(1).get("ip.reassembled.length"), "the inner datagram's data, whole");
    }

    private BindingView binding(final int variant, final int tunnelMtu)
    {
        final BindingView view = new BindingView().variant(variant).bindingId(7).tunnelMtu(tunnelMtu);
        if (variant == EncapVariant.IPV6_IN_IPV4)
        {
            view.ipv6HomeAddress(0x20010db8000a0000L, 0x100).ipv4CareOfAddress(CARE_OF_V4);
        }
        else
        {
            view.ipv4HomeAddress(0x0A0A0064).ipv6CareOfAddress(0x20010db80c0a0000L, 0x10);
        }
        new OuterHeaderTemplate(addresses.longField("ha6.high"), addresses.longField("ha6.low"),
            addresses.intField("ha4"), OuterHeaderTemplate.DEFAULT_HOP_LIMIT).applyTo(view);
        return view;
    }
}
