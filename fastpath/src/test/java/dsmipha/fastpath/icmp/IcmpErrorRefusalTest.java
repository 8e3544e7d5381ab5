package dsmipha.fastpath.icmp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dsmipha.common.codec.Bytes;
import dsmipha.common.codec.Ipv4Header;
import dsmipha.common.codec.Ipv6Header;
import dsmipha.common.testing.Fixture;
import dsmipha.fastpath.io.FrameLayout;
import dsmipha.fastpath.io.FramePool;
import dsmipha.fastpath.io.PacketBurst;

/**
 * Every packet an ICMP error must not be sent about (RFC 1812 §4.3.2.7, RFC 4443 §2.4 (e)) is refused with its own
 * status and counter, costs neither a token nor a frame, and the near misses (ICMP informational messages, a first
 * fragment, Packet Too Big to multicast) are answered.
 */
class IcmpErrorRefusalTest
{
    private static final int IPV4_ICMP_TYPE = Ipv4Header.LENGTH;

    private final Fixture v4 = IcmpFixtures.load("timeexceeded4");
    private final Fixture v6 = IcmpFixtures.load("timeexceeded6");
    private FramePool pool;
    private PacketBurst in;
    private PacketBurst out;
    private IcmpErrorGenerator generator;

    @BeforeEach
    void setUp()
    {
        pool = new FramePool(8, FrameLayout.DEFAULT_FRAME_LENGTH);
        in = new PacketBurst(pool, 1);
        out = new PacketBurst(pool, 4);
        generator = IcmpFixtures.generator(v4, new IcmpFixtures.ManualClock());
    }

    @AfterEach
    void tearDown()
    {
        in.freeAll();
        out.freeAll();
        pool.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "0.1.2.3", "127.0.0.1", "224.0.0.1", "239.255.255.255", "240.0.0.1",
        "255.255.255.255"})
    void ipv4SourceThatIsNotOneHost(final String source)
    {
        assertRefusedV4(IcmpErrorGenerator.REFUSED_BAD_SOURCE, IcmpCounter.REFUSED_BAD_SOURCE,
            p -> Bytes.put32(p, Ipv4Header.SOURCE_OFFSET, ipv4(source)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"224.0.0.1", "239.1.2.3"})
    void ipv4MulticastDestination(final String destination)
    {
        assertRefusedV4(IcmpErrorGenerator.REFUSED_MULTICAST_DESTINATION, IcmpCounter.REFUSED_MULTICAST_DESTINATION,
            p -> Bytes.put32(p, Ipv4Header.DESTINATION_OFFSET, ipv4(destination)));
    }

    @Test
    void ipv4LimitedBroadcastDestination()
    {
        assertRefusedV4(IcmpErrorGenerator.REFUSED_BROADCAST_DESTINATION, IcmpCounter.REFUSED_BROADCAST_DESTINATION,
            p -> Bytes.put32(p, Ipv4Header.DESTINATION_OFFSET, -1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "127.0.0.1", "127.9.9.9"})
    void ipv4UnspecifiedOrLoopbackDestination(final String destination)
    {
        assertRefusedV4(IcmpErrorGenerator.REFUSED_BAD_DESTINATION, IcmpCounter.REFUSED_BAD_DESTINATION,
            p -> Bytes.put32(p, Ipv4Header.DESTINATION_OFFSET, ipv4(destination)));
    }

    @Test
    void ipv4NonFirstFragment()
    {
        assertRefusedV4(IcmpErrorGenerator.REFUSED_NON_FIRST_FRAGMENT, IcmpCounter.REFUSED_NON_FIRST_FRAGMENT,
            p -> Bytes.put16(p, Ipv4Header.FLAGS_FRAGMENT_OFFSET, 10));
        assertRefusedV4(IcmpErrorGenerator.REFUSED_NON_FIRST_FRAGMENT, IcmpCounter.REFUSED_NON_FIRST_FRAGMENT,
            p -> Bytes.put16(p, Ipv4Header.FLAGS_FRAGMENT_OFFSET, Ipv4Header.FLAG_MF | 1));
    }

    @Test
    void ipv4FirstFragmentIsAnswered()
    {
        assertGeneratedV4(p -> Bytes.put16(p, Ipv4Header.FLAGS_FRAGMENT_OFFSET, Ipv4Header.FLAG_MF));
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 5, 11, 12})
    void ipv4IcmpError(final int type)
    {
        assertRefusedV4(IcmpErrorGenerator.REFUSED_ICMP_ERROR, IcmpCounter.REFUSED_ICMP_ERROR, icmp(type));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 8, 13, 14})
    void ipv4IcmpInformationalMessageIsAnswered(final int type)
    {
        assertGeneratedV4(icmp(type));
    }

    @Test
    void ipv4Malformed()
    {
        in.add(pool.allocate(), FrameLayout.DATA_OFFSET, Ipv4Header.LENGTH - 1);
        assertEquals(IcmpErrorGenerator.REFUSED_MALFORMED, generator.fragmentationNeeded(in, 0, 1000, out));
        in.freeAll();
        add(v4, p -> Bytes.put8(p, 0, 0x4F));
        in.length(0, 40);
        assertEquals(IcmpErrorGenerator.REFUSED_MALFORMED, generator.timeExceeded(in, 0, out), "IHL past the packet");
        in.freeAll();
        add(v4, p -> Bytes.put8(p, 0, 0x44));
        assertEquals(IcmpErrorGenerator.REFUSED_MALFORMED, generator.timeExceeded(in, 0, out), "IHL below 5");
        in.freeAll();
        add(v6, p -> { });
        assertEquals(IcmpErrorGenerator.REFUSED_MALFORMED, generator.fragmentationNeeded(in, 0, 1000, out),
            "Fragmentation Needed is an IPv4 message");
        assertEquals(4, generator.count(IcmpCounter.REFUSED_MALFORMED));
        assertEquals(0, out.count());
    }

    @ParameterizedTest
    @ValueSource(strings = {"::", "::1", "ff02::1", "ff0e::101"})
    void ipv6SourceThatIsNotOneNode(final String source)
    {
        assertRefusedV6(IcmpErrorGenerator.REFUSED_BAD_SOURCE, IcmpCounter.REFUSED_BAD_SOURCE,
            p -> ipv6(p, Ipv6Header.SOURCE_OFFSET, source), false);
        assertRefusedV6(IcmpErrorGenerator.REFUSED_BAD_SOURCE, IcmpCounter.REFUSED_BAD_SOURCE,
            p -> ipv6(p, Ipv6Header.SOURCE_OFFSET, source), true);
    }

    @Test
    void ipv6MulticastDestinationGetsPacketTooBigButNotTimeExceeded()
    {
        assertRefusedV6(IcmpErrorGenerator.REFUSED_MULTICAST_DESTINATION, IcmpCounter.REFUSED_MULTICAST_DESTINATION,
            p -> ipv6(p, Ipv6Header.DESTINATION_OFFSET, "ff02::1"), false);
        add(v6, p -> ipv6(p, Ipv6Header.DESTINATION_OFFSET, "ff02::1"));
        assertEquals(IcmpErrorGenerator.GENERATED, generator.packetTooBig(in, 0, 1280, out),
            "RFC 4443 §2.4 (e.3) exception (1)");
        assertEquals(1, generator.count(IcmpCounter.PTB_SENT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"::", "::1"})
    void ipv6UnspecifiedOrLoopbackDestination(final String destination)
    {
        assertRefusedV6(IcmpErrorGenerator.REFUSED_BAD_DESTINATION, IcmpCounter.REFUSED_BAD_DESTINATION,
            p -> ipv6(p, Ipv6Header.DESTINATION_OFFSET, destination), true);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 100, 127})
    void ipv6IcmpError(final int type)
    {
        assertRefusedV6(IcmpErrorGenerator.REFUSED_ICMP_ERROR, IcmpCounter.REFUSED_ICMP_ERROR, icmpv6(type), false);
        assertRefusedV6(IcmpErrorGenerator.REFUSED_ICMP_ERROR, IcmpCounter.REFUSED_ICMP_ERROR, icmpv6(type), true);
    }

    @Test
    void ipv6IcmpErrorBehindAnExtensionHeader()
    {
        // IPv6 | Destination Options (nh 58, PadN) | ICMPv6 Destination Unreachable: the walk finds the error.
        assertRefusedV6(IcmpErrorGenerator.REFUSED_ICMP_ERROR, IcmpCounter.REFUSED_ICMP_ERROR, p ->
        {
            Bytes.put8(p, Ipv6Header.NEXT_HEADER_OFFSET, 60);
            final long ext = Ipv6Header.LENGTH;
            Bytes.put64(p, ext, 0x3A00_0104_0000_0000L);
            Bytes.put8(p, ext + 8, 1);
        }, false);
    }

    @Test
    void ipv6Redirect()
    {
        assertRefusedV6(IcmpErrorGenerator.REFUSED_REDIRECT, IcmpCounter.REFUSED_REDIRECT, icmpv6(137), false);
    }

    @ParameterizedTest
    @ValueSource(ints = {128, 129, 135, 136})
    void ipv6InformationalMessageIsAnswered(final int type)
    {
        add(v6, icmpv6(type));
        assertEquals(IcmpErrorGenerator.GENERATED, generator.timeExceeded(in, 0, out));
    }

    @Test
    void ipv6Malformed()
    {
        in.add(pool.allocate(), FrameLayout.DATA_OFFSET, Ipv6Header.LENGTH - 1);
        assertEquals(IcmpErrorGenerator.REFUSED_MALFORMED, generator.packetTooBig(in, 0, 1280, out));
        in.freeAll();
        add(v6, p -> Bytes.put8(p, Ipv6Header.NEXT_HEADER_OFFSET, 0));
        in.length(0, Ipv6Header.LENGTH + 4);
        Bytes.put16(in.memory(), in.address(0) + Ipv6Header.PAYLOAD_LENGTH_OFFSET, 4);
        assertEquals(IcmpErrorGenerator.REFUSED_MALFORMED, generator.packetTooBig(in, 0, 1280, out),
            "a Hop-by-Hop header that does not fit");
        in.freeAll();
        add(v4, p -> { });
        assertEquals(IcmpErrorGenerator.REFUSED_MALFORMED, generator.packetTooBig(in, 0, 1280, out),
            "Packet Too Big is an IPv6 message");
        assertEquals(3, generator.count(IcmpCounter.REFUSED_MALFORMED));
        assertEquals(0, out.count());
    }

    private void assertRefusedV4(final int status, final IcmpCounter counter, final Consumer<MemorySegment> edit)
    {
        add(v4, edit);
        final long before = generator.count(counter);
        final int free = pool.available();
        final long tokens = generator.bucket().tokens();
        assertEquals(status, generator.timeExceeded(in, 0, out), counter.label());
        assertEquals(status, generator.fragmentationNeeded(in, 0, 1000, out), counter.label());
        assertEquals(before + 2, generator.count(counter));
        assertEquals(free, pool.available(), "a refusal takes no frame");
        assertEquals(tokens, generator.bucket().tokens(), "a refusal takes no token");
        assertEquals(0, out.count());
        in.freeAll();
    }

    private void assertGeneratedV4(final Consumer<MemorySegment> edit)
    {
        add(v4, edit);
        assertEquals(IcmpErrorGenerator.GENERATED, generator.timeExceeded(in, 0, out));
        assertEquals(1, out.count());
    }

    private void assertRefusedV6(
        final int status, final IcmpCounter counter, final Consumer<MemorySegment> edit, final boolean tooBig)
    {
        add(v6, edit);
        final long before = generator.count(counter);
        final int free = pool.available();
        final int result = tooBig ? generator.packetTooBig(in, 0, 1280, out) : generator.timeExceeded(in, 0, out);
        assertEquals(status, result, counter.label());
        assertEquals(before + 1, generator.count(counter));
        assertEquals(free, pool.available());
        assertEquals(0, out.count());
        in.freeAll();
    }

    /**
     * Copy a fixture's offending packet into the input burst after editing it (offsets from its IP header).
     */
    private void add(final Fixture fixture, final Consumer<MemorySegment> edit)
    {
        final byte[] packet = IcmpFixtures.offending(fixture);
        edit.accept(MemorySegment.ofArray(packet));
        IcmpFixtures.add(in, packet);
    }

    private static Consumer<MemorySegment> icmp(final int type)
    {
        return p ->
        {
            Bytes.put8(p, Ipv4Header.PROTOCOL_OFFSET, Ipv4Header.PROTOCOL_ICMP);
            Bytes.put8(p, IPV4_ICMP_TYPE, type);
        };
    }

    private static Consumer<MemorySegment> icmpv6(final int type)
    {
        return p ->
        {
            Bytes.put8(p, Ipv6Header.NEXT_HEADER_OFFSET, 58);
            Bytes.put8(p, Ipv6Header.LENGTH, type);
        };
    }

    private static int ipv4(final String text)
    {
        final String[] parts = text.split("\\.");
        int address = 0;
        for (final String part : parts)
        {
            address = address << 8 | Integer.parseInt(part);
        }
        return address;
    }

    private static void ipv6(final MemorySegment packet, final long offset, final String text)
    {
        try
        {
            final byte[] raw = InetAddress.getByName(text).getAddress();
            Bytes.putBytes(raw, 0, packet, offset, raw.length);
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalArgumentException(ex);
        }
    }
}
