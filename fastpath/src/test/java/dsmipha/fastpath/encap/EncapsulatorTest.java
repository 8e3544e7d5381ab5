package dsmipha.fastpath.encap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dsmipha.common.testing.Fixture;
import dsmipha.fastpath.binding.BindingTable;
import dsmipha.fastpath.binding.BindingView;
import dsmipha.fastpath.binding.EncapVariant;
import dsmipha.fastpath.io.FrameLayout;
import dsmipha.fastpath.io.FramePool;
import dsmipha.fastpath.io.PacketBurst;

/**
 * Golden tests: for every variant, and for DSCP with each ECN codepoint, the encapsulator turns scapy's inner packet
 * into exactly the octets scapy built for the encapsulated packet; burst sizes around the burst length; each error
 * status with its counter.
 */
class EncapsulatorTest
{
    private final FramePool pool = new FramePool(128, FrameLayout.DEFAULT_FRAME_LENGTH);
    private final BindingTable table = new BindingTable(64, 1);

    @AfterEach
    void close()
    {
        table.close();
        pool.close();
    }

    static Stream<String> allFixtures()
    {
        return Stream.concat(EncapFixtures.VARIANTS.stream(), EncapFixtures.ECN.stream());
    }

    @ParameterizedTest
    @MethodSource("allFixtures")
    void producesScapysPacketOctetForOctet(final String name)
    {
        final Fixture fixture = EncapFixtures.load(name);
        final byte[] encapsulated = encapsulateOne(fixture);
        assertEquals(HexFormat.of().formatHex(fixture.bytes()), HexFormat.of().formatHex(encapsulated), name);
    }

    @ParameterizedTest
    @MethodSource("allFixtures")
    void countsTheVariantAndLeavesTheInnerPacketUnchanged(final String name)
    {
        final Fixture fixture = EncapFixtures.load(name);
        final byte[] inner = EncapFixtures.inner(fixture);
        final Encapsulator encapsulator = new Encapsulator(fixture.intField("identification"));
        final PacketBurst burst = new PacketBurst(pool, 1);
        EncapFixtures.add(burst, inner);
        final BindingView view = EncapFixtures.throughTable(fixture, table, new BindingView());
        assertEquals(Encapsulator.OK, encapsulator.encapsulate(burst, 0, view));
        final int outer = view.templateLength();
        assertEquals(FrameLayout.DATA_OFFSET - outer, burst.offset(0));
        assertEquals(inner.length + outer, burst.length(0));
        final byte[] after = EncapFixtures.bytes(burst, 0);
        assertArrayEquals(inner, Arrays.copyOfRange(after, outer, after.length));
        final EncapCounter counter = EncapCounter.values()[fixture.intField("variant") - 1];
        assertEquals(1, encapsulator.count(counter));
        burst.freeAll();
    }

    @Test
    void tsharkDecodesTheOuterAndInnerHeaders()
    {
        final List<byte[]> packets = new ArrayList<>();
        for (final String name : EncapFixtures.VARIANTS)
        {
            packets.add(encapsulateOne(EncapFixtures.load(name)));
        }
        TsharkChecks.checkVariants(packets);
    }

    @Test
    void tsharkSeesDscpAndEcnCopied()
    {
        final List<byte[]> packets = new ArrayList<>();
        for (final String name : EncapFixtures.ECN)
        {
            packets.add(encapsulateOne(EncapFixtures.load(name)));
        }
        TsharkChecks.checkEcn(packets);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 31, 32, 33})
    void encapsulatesWholeBursts(final int size)
    {
        final PacketBurst burst = new PacketBurst(pool, 64);
        final BindingView[] views = new BindingView[64];
        final int[] statuses = new int[64];
        final Fixture[] fixtures = new Fixture[size];
        final List<String> names = allFixtures().toList();
        final Encapsulator encapsulator = new Encapsulator(0);
        for (int i = 0; i < size; i++)
        {
            fixtures[i] = EncapFixtures.load(names.get(i % names.size()));
            views[i] = EncapFixtures.binding(fixtures[i], new BindingView());
            EncapFixtures.add(burst, EncapFixtures.inner(fixtures[i]));
        }
        assertEquals(size, encapsulator.encapsulateBurst(burst, views, statuses));
        assertEquals(size, burst.count());
        int ipv4Outer = 0;
        for (int i = 0; i < size; i++)
        {
            assertEquals(Encapsulator.OK, statuses[i]);
            final byte[] expected = fixtures[i].bytes().clone();
            if ((expected[0] & 0xF0) == 0x40)
            {
                // The burst's stage numbers the outer IPv4 headers 0, 1, 2...: patch scapy's id and checksum.
                withIdentification(expected, ipv4Outer++);
            }
            assertArrayEquals(expected, EncapFixtures.bytes(burst, i), "packet " + i + " " + fixtures[i].name());
        }
        assertEquals(ipv4Outer, encapsulator.nextIdentification());
        burst.freeAll();
    }

    @Test
    void noHeadroomLeavesThePacketAndCountsIt()
    {
        final Fixture fixture = EncapFixtures.load("ip6in6");
        final Encapsulator encapsulator = new Encapsulator(0);
        final PacketBurst burst = new PacketBurst(pool, 2);
        final byte[] inner = EncapFixtures.inner(fixture);
        // 39 octets of headroom left: one short of the IPv6 template.
        EncapFixtures.add(burst, inner, FrameLayout.METADATA_LENGTH + 39);
        final BindingView view = EncapFixtures.binding(fixture, new BindingView());
        final int offset = burst.offset(0);
        final int length = burst.length(0);
        assertEquals(Encapsulator.NO_HEADROOM, encapsulator.encapsulate(burst, 0, view));
        assertEquals(offset, burst.offset(0));
        assertEquals(length, burst.length(0));
        assertEquals(1, encapsulator.count(EncapCounter.NO_HEADROOM));
        // Exactly 40 octets is enough.
        EncapFixtures.add(burst, inner, FrameLayout.METADATA_LENGTH + 40);
        assertEquals(Encapsulator.OK, encapsulator.encapsulate(burst, 1, view));
        assertEquals(FrameLayout.METADATA_LENGTH, burst.offset(1));
        assertArrayEquals(fixture.bytes(), EncapFixtures.bytes(burst, 1));
        burst.freeAll();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ip6in6", "ip4in6", "ip6in4", "ip4in4"})
    void innerVersionMismatchIsRefused(final String name)
    {
        final Fixture fixture = EncapFixtures.load(name);
        final BindingView view = EncapFixtures.binding(fixture, new BindingView());
        final String other = switch (name)
        {
            case "ip6in6", "ip6in4" -> "ip4in4";
            default -> "ip6in6";
        };
        final byte[] wrongInner = EncapFixtures.inner(EncapFixtures.load(other));
        final Encapsulator encapsulator = new Encapsulator(0);
        final PacketBurst burst = new PacketBurst(pool, 1);
        EncapFixtures.add(burst, wrongInner);
        assertEquals(Encapsulator.INNER_VERSION_MISMATCH, encapsulator.encapsulate(burst, 0, view));
        assertArrayEquals(wrongInner, EncapFixtures.bytes(burst, 0));
        assertEquals(1, encapsulator.count(EncapCounter.INNER_VERSION_MISMATCH));
        burst.freeAll();
    }

    @Test
    void udpRefusesAnInnerThatIsNeitherIpv4NorIpv6()
    {
        final BindingView view = EncapFixtures.binding(EncapFixtures.load("udp4_ip4"), new BindingView());
        final byte[] inner = EncapFixtures.inner(EncapFixtures.load("udp4_ip4"));
        inner[0] = 0x55;
        final Encapsulator encapsulator = new Encapsulator(0);
        final PacketBurst burst = new PacketBurst(pool, 1);
        EncapFixtures.add(burst, inner);
        assertEquals(Encapsulator.INNER_VERSION_MISMATCH, encapsulator.encapsulate(burst, 0, view));
        burst.freeAll();
    }

    @Test
    void truncatedInnerIsRefused()
    {
        final BindingView view = EncapFixtures.binding(EncapFixtures.load("ip6in6"), new BindingView());
        final byte[] inner = EncapFixtures.inner(EncapFixtures.load("ip6in6"));
        final Encapsulator encapsulator = new Encapsulator(0);
        final PacketBurst burst = new PacketBurst(pool, 2);
        EncapFixtures.add(burst, Arrays.copyOf(inner, 39));
        EncapFixtures.add(burst, new byte[0]);
        final int[] statuses = new int[2];
        assertEquals(0, encapsulator.encapsulateBurst(burst, new BindingView[] {view, view}, statuses));
        assertArrayEquals(new int[] {Encapsulator.INNER_TRUNCATED, Encapsulator.INNER_TRUNCATED}, statuses);
        assertEquals(2, encapsulator.count(EncapCounter.INNER_TRUNCATED));
        burst.freeAll();
    }

    @Test
    void tooLongIsRefused()
    {
        final Fixture fixture = EncapFixtures.load("ip4in4");
        final BindingView view = EncapFixtures.binding(fixture, new BindingView());
        final Encapsulator encapsulator = new Encapsulator(0);
        final PacketBurst burst = new PacketBurst(pool, 1);
        EncapFixtures.add(burst, EncapFixtures.inner(fixture));
        // A frame cannot hold such a packet (frames are at most 65535 octets with 320 before the data), but the
        // descriptor can say so; the stage reads only the inner header before refusing it.
        burst.length(0, 0xFFFF - OuterHeaderTemplate.IPV4_LENGTH + 1);
        assertEquals(Encapsulator.TOO_LONG, encapsulator.encapsulate(burst, 0, view));
        assertEquals(1, encapsulator.count(EncapCounter.TOO_LONG));
        burst.length(0, 0xFFFF - OuterHeaderTemplate.IPV4_LENGTH);
        assertEquals(Encapsulator.OK, encapsulator.encapsulate(burst, 0, view));
        burst.freeAll();
    }

    @Test
    void badBindingIsRefused()
    {
        final Fixture fixture = EncapFixtures.load("ip6in6");
        final BindingView view = EncapFixtures.binding(fixture, new BindingView());
        view.variant(EncapVariant.IPV6_IN_IPV4);
        final Encapsulator encapsulator = new Encapsulator(0);
        final PacketBurst burst = new PacketBurst(pool, 1);
        EncapFixtures.add(burst, EncapFixtures.inner(fixture));
        assertEquals(Encapsulator.BAD_BINDING, encapsulator.encapsulate(burst, 0, view));
        view.variant(EncapVariant.NONE);
        assertEquals(Encapsulator.BAD_BINDING, encapsulator.encapsulate(burst, 0, view));
        assertEquals(2, encapsulator.count(EncapCounter.BAD_BINDING));
        assertArrayEquals(EncapFixtures.inner(fixture), EncapFixtures.bytes(burst, 0));
        burst.freeAll();
    }

    private byte[] encapsulateOne(final Fixture fixture)
    {
        final Encapsulator encapsulator = new Encapsulator(fixture.intField("identification"));
        final PacketBurst burst = new PacketBurst(pool, 1);
        EncapFixtures.add(burst, EncapFixtures.inner(fixture));
        final BindingView view = EncapFixtures.throughTable(fixture, table, new BindingView());
        assertEquals(Encapsulator.OK, encapsulator.encapsulate(burst, 0, view), fixture.name());
        final byte[] out = EncapFixtures.bytes(burst, 0);
        burst.freeAll();
        return out;
    }

    /** Set the outer IPv4 identification of an expected packet and recompute its header checksum (RFC 791). */
    private static void withIdentification(final byte[] packet, final int id)
    {
        packet[4] = (byte)(id >>> 8);
        packet[5] = (byte)id;
        packet[10] = 0;
        packet[11] = 0;
        long sum = 0;
        for (int i = 0; i < 20; i += 2)
        {
            sum += ((packet[i] & 0xFF) << 8) | (packet[i + 1] & 0xFF);
        }
        while ((sum >>> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        final int checksum = (int)(~sum & 0xFFFF);
        packet[10] = (byte)(checksum >>> 8);
        packet[11] = (byte)checksum;
    }
}
