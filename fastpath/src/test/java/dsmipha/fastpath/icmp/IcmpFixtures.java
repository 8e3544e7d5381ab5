package dsmipha.fastpath.icmp;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HexFormat;
import java.util.List;

import org.agrona.concurrent.NanoClock;

import dsmipha.common.testing.Fixture;
import dsmipha.fastpath.io.FrameLayout;
import dsmipha.fastpath.io.PacketBurst;

/**
 * The scapy fixtures of {@code fastpath/src/test/scapy/fixtures_icmp.py}, packets in frames, and a clock tests move
 * by hand.
 */
final class IcmpFixtures
{
    /** Fixture group. */
    static final String GROUP = "icmp";
    /** Error fixtures: the expected error, with the offending packet in its properties. */
    static final List<String> ERRORS =
        List.of("ptb6", "ptb6_multicast", "timeexceeded6", "fragneeded4", "timeexceeded4");
    /** Fragmentation fixtures: the original datagram, fragments in {@code <name>_<k>}. */
    static final List<String> FRAGMENTATIONS = List.of("frag_plain", "frag_odd", "frag_already", "frag_options");

    private IcmpFixtures()
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
     * @param fixture an error fixture.
     * @return the offending packet's octets.
     */
    static byte[] offending(final Fixture fixture)
    {
        return HexFormat.of().parseHex(fixture.field("offending"));
    }

    /**
     * @param fixture an error fixture (any: all carry the same home agent addresses).
     * @param clock   the clock.
     * @return a generator speaking from the fixture's home agent addresses, default rate limit.
     */
    static IcmpErrorGenerator generator(final Fixture fixture, final NanoClock clock)
    {
        return new IcmpErrorGenerator(fixture.intField("ha4"), fixture.longField("ha6.high"),
            fixture.longField("ha6.low"), clock);
    }

    /**
     * Copy a packet into a newly allocated frame at {@link FrameLayout#DATA_OFFSET} and add it to the burst.
     *
     * @param burst  the burst (its pool gives the frame).
     * @param packet octets.
     */
    static void add(final PacketBurst burst, final byte[] packet)
    {
        final int frame = burst.pool().allocate();
        if (frame < 0)
        {
            throw new IllegalStateException("pool empty");
        }
        final long at = burst.pool().frameOffset(frame) + FrameLayout.DATA_OFFSET;
        MemorySegment.copy(packet, 0, burst.memory(), ValueLayout.JAVA_BYTE, at, packet.length);
        burst.add(frame, FrameLayout.DATA_OFFSET, packet.length);
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

    /**
     * A clock that stands still until told to move.
     */
    static final class ManualClock implements NanoClock
    {
        private long nowNs;

        @Override
        public long nanoTime()
        {
            return nowNs;
        }

        /**
         * @param ns nanoseconds to move forward.
         */
        void advance(final long ns)
        {
            nowNs += ns;
        }
    }
}
