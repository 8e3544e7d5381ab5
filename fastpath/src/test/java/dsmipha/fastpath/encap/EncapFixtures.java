package dsmipha.fastpath.encap;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HexFormat;
import java.util.List;

import dsmipha.common.codec.Bytes;
import dsmipha.common.testing.Fixture;
import dsmipha.fastpath.binding.BindingTable;
import dsmipha.fastpath.binding.BindingView;
import dsmipha.fastpath.binding.EncapVariant;
import dsmipha.fastpath.io.FrameLayout;
import dsmipha.fastpath.io.PacketBurst;

/**
 * The scapy fixtures of {@code fastpath/src/test/scapy/fixtures_encap.py} and how to turn one into a binding and an
 * inner packet in a frame.
 */
final class EncapFixtures
{
    /** Fixture group. */
    static final String GROUP = "encap";
    /** One fixture per variant and inner family. */
    static final List<String> VARIANTS =
        List.of("ip6in6", "ip4in6", "ip6in4", "ip4in4", "ip4in4_nodf", "udp4_ip4", "udp4_ip6");
    /** DSCP AF41 with each ECN codepoint, over an IPv6 outer (IPv4 inner) and an IPv4 outer (IPv6 inner). */
    static final List<String> ECN = List.of(
        "ecn0_ip4in6", "ecn1_ip4in6", "ecn2_ip4in6", "ecn3_ip4in6",
        "ecn0_ip6in4", "ecn1_ip6in4", "ecn2_ip6in4", "ecn3_ip6in4");

    private EncapFixtures()
    {
    }

    /**
     * @param name fixture name.
     * @return the fixture.
     */
    static Fixture load(final String name)
    {
        return Fixture.load(GROUP, name);
    }

    /**
     * @param fixture an encap fixture.
     * @return the inner packet octets.
     */
    static byte[] inner(final Fixture fixture)
    {
        return HexFormat.of().parseHex(fixture.field("inner"));
    }

    /**
     * @param fixture an encap fixture.
     * @return the template builder configured as scapy's home agent.
     */
    static OuterHeaderTemplate templates(final Fixture fixture)
    {
        return new OuterHeaderTemplate(fixture.longField("ha6.high"), fixture.longField("ha6.low"),
            fixture.intField("ha4"), fixture.intField("hoplimit"));
    }

    /**
     * Fill a view as the slowpath would for the fixture's binding, template included.
     *
     * @param fixture an encap fixture.
     * @param view    to fill.
     * @return the view.
     */
    static BindingView binding(final Fixture fixture, final BindingView view)
    {
        final int variant = fixture.intField("variant");
        view.variant(variant).bindingId(7);
        final byte[] inner = inner(fixture);
        if ((inner[0] & 0xF0) == 0x60)
        {
            final MemorySegment s = MemorySegment.ofArray(inner);
            view.ipv6HomeAddress(s.get(Bytes.U64, 24), s.get(Bytes.U64, 32));
        }
        else
        {
            view.ipv4HomeAddress(MemorySegment.ofArray(inner).get(Bytes.U32, 16));
        }
        if (fixture.fields().containsKey("careof.v4"))
        {
            view.ipv4CareOfAddress(fixture.intField("careof.v4"));
        }
        else
        {
            view.ipv6CareOfAddress(fixture.longField("careof.high"), fixture.longField("careof.low"));
        }
        if (variant == EncapVariant.IPV4_UDP_4191)
        {
            view.udpPorts(fixture.intField("udp.sport"), fixture.intField("udp.dport"));
        }
        templates(fixture).applyTo(view);
        return view;
    }

    /**
     * Put the fixture's binding into a table and look it up again, as a worker would.
     *
     * @param fixture an encap fixture.
     * @param table   the table.
     * @param result  the worker's view to read into.
     * @return result.
     */
    static BindingView throughTable(final Fixture fixture, final BindingTable table, final BindingView result)
    {
        final BindingView written = binding(fixture, new BindingView());
        final int put = table.put(written);
        if (put != BindingTable.ADDED && put != BindingTable.UPDATED)
        {
            throw new IllegalStateException("put " + put);
        }
        final int slot = written.isIpv4Key() ?
            table.lookupIpv4((int)written.keyLow(), result) :
            table.lookupIpv6(written.keyHigh(), written.keyLow(), result);
        if (slot < 0)
        {
            throw new IllegalStateException("lookup " + slot);
        }
        return result;
    }

    /**
     * Copy a packet into a newly allocated frame at {@link FrameLayout#DATA_OFFSET} and add it to the burst.
     *
     * @param burst  the burst (its pool gives the frame).
     * @param packet octets.
     */
    static void add(final PacketBurst burst, final byte[] packet)
    {
        add(burst, packet, FrameLayout.DATA_OFFSET);
    }

    /**
     * Copy a packet into a newly allocated frame at an offset and add it to the burst.
     *
     * @param burst  the burst (its pool gives the frame).
     * @param packet octets.
     * @param offset of the packet's first octet within the frame.
     */
    static void add(final PacketBurst burst, final byte[] packet, final int offset)
    {
        final int frame = burst.pool().allocate();
        final long at = burst.pool().frameOffset(frame) + offset;
        MemorySegment.copy(packet, 0, burst.memory(), ValueLayout.JAVA_BYTE, at, packet.length);
        burst.add(frame, offset, packet.length);
    }

    /**
     * @param burst the burst.
     * @param i     packet index.
     * @return the packet's octets as they are now.
     */
    static byte[] bytes(final PacketBurst burst, final int i)
    {
        final byte[] out = new byte[burst.length(i)];
        MemorySegment.copy(burst.memory(), ValueLayout.JAVA_BYTE, burst.address(i), out, 0, out.length);
        return out;
    }
}
