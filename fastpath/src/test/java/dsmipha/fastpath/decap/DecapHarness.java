package dsmipha.fastpath.decap;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import dsmipha.common.testing.Addresses;
import dsmipha.common.testing.Fixture;
import dsmipha.fastpath.binding.BindingResolver;
import dsmipha.fastpath.binding.BindingTable;
import dsmipha.fastpath.binding.BindingView;
import dsmipha.fastpath.binding.EncapVariant;
import dsmipha.fastpath.binding.PrefixTable;
import dsmipha.fastpath.io.FrameLayout;
import dsmipha.fastpath.io.FramePool;
import dsmipha.fastpath.io.PacketBurst;

/**
 * A frame pool, a burst, a binding table, a prefix table and a decapsulator resolving through both, with the
 * addresses of
 * {@code fastpath/src/test/scapy/fixtures_decap.py} and helpers to register the mobile node and load fixtures.
 */
final class DecapHarness implements AutoCloseable
{
    static final String HOA6 = "2001:db8:100::10";
    static final String HOA4 = "10.1.0.10";
    static final String COA6 = "2001:db8:beef::5";
    static final String COA4 = "192.0.2.10";
    static final String NAT4 = "203.0.113.77";
    static final int NAT_PORT = 40123;
    static final int FRAME_LENGTH = 2048;

    final FramePool pool;
    final PacketBurst burst;
    final BindingTable table = new BindingTable(1024, 0x5EED_DECAL);
    final PrefixTable prefixes = new PrefixTable(256, 0x5EED_DECBL);
    final Decapsulator decapsulator = new Decapsulator(new BindingResolver(table, prefixes));
    final int[] outcomes = new int[64];
    private final BindingView value = new BindingView();

    DecapHarness()
    {
        pool = new FramePool(128, FRAME_LENGTH);
        burst = new PacketBurst(pool, 64);
    }

    /**
     * The binding each fixture's tunnel type needs: {@code name} is a fixture name ending in the tunnel type.
     */
    void registerFor(final String name)
    {
        final String type = name.substring(name.lastIndexOf('_') + 1);
        switch (type)
        {
            case "ip6in6" -> register(false, EncapVariant.IPV6_IN_IPV6, COA6, 0);
            case "ip4in6" -> register(true, EncapVariant.IPV4_IN_IPV6, COA6, 0);
            case "ip6in4" -> register(false, EncapVariant.IPV6_IN_IPV4, COA4, 0);
            case "ip4in4", "padded" -> register(true, EncapVariant.IPV4_IN_IPV4, COA4, 0);
            case "ip6inudp" -> register(false, EncapVariant.IPV4_UDP_4191, NAT4, NAT_PORT);
            case "ip4inudp" -> register(true, EncapVariant.IPV4_UDP_4191, NAT4, NAT_PORT);
            default -> throw new IllegalArgumentException(name);
        }
    }

    /**
     * Register the mobile node's IPv4 or IPv6 home address.
     *
     * @param ipv4Home   true for the IPv4 home address.
     * @param variant    the encapsulation registered.
     * @param careOf     the care-of address (IPv4 or IPv6 text).
     * @param natPort    the NAT-mapped source port of UDP encapsulation.
     */
    void register(final boolean ipv4Home, final int variant, final String careOf, final int natPort)
    {
        bind(ipv4Home ? HOA4 : HOA6, variant, careOf, natPort);
    }

    /**
     * Register a binding for any home address (a mobile router's, say).
     *
     * @param home    the home address (IPv4 or IPv6 text).
     * @param variant the encapsulation registered.
     * @param careOf  the care-of address (IPv4 or IPv6 text).
     * @param natPort the NAT-mapped source port of UDP encapsulation.
     */
    void bind(final String home, final int variant, final String careOf, final int natPort)
    {
        if (home.indexOf(':') < 0)
        {
            value.ipv4HomeAddress(Addresses.ipv4(home));
        }
        else
        {
            value.ipv6HomeAddress(Addresses.high(home), Addresses.low(home));
        }
        if (careOf.indexOf(':') >= 0)
        {
            value.ipv6CareOfAddress(Addresses.high(careOf), Addresses.low(careOf));
        }
        else
        {
            value.ipv4CareOfAddress(Addresses.ipv4(careOf));
        }
        value.bindingId(1).variant(variant).udpPorts(natPort == 0 ? 0 : Decapsulator.DSMIP6_PORT, natPort)
            .tunnelMtu(1400).template(MemorySegment.ofArray(new byte[0]), 0, 0);
        if (table.put(value) < 0)
        {
            throw new IllegalStateException("put refused");
        }
    }

    /**
     * Append a packet to the burst in a fresh frame, at the frame's data offset.
     *
     * @return its index in the burst.
     */
    int add(final byte[] packet)
    {
        final int frame = pool.allocate();
        MemorySegment.copy(packet, 0, pool.memory(), ValueLayout.JAVA_BYTE,
            pool.frameOffset(frame) + FrameLayout.DATA_OFFSET, packet.length);
        burst.add(frame, FrameLayout.DATA_OFFSET, packet.length);
        return burst.count() - 1;
    }

    int add(final String fixture)
    {
        return add(Fixture.load("decap", fixture).bytes());
    }

    /**
     * @return packet {@code i}'s octets as they are now.
     */
    byte[] packet(final int i)
    {
        final byte[] bytes = new byte[burst.length(i)];
        MemorySegment.copy(pool.memory(), ValueLayout.JAVA_BYTE, burst.address(i), bytes, 0, bytes.length);
        return bytes;
    }

    static byte[] inner(final String fixture)
    {
        return Fixture.load("decap", fixture + "_inner").bytes();
    }





    @Override
    public void close()
    {
        burst.freeAll();
        table.close();
        prefixes.close();
        pool.close();
    }
}
