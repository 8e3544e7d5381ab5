package dsmipha.fastpath.icmp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.ValueLayout;

import org.junit.jupiter.api.Test;

import dsmipha.common.testing.Fixture;
import dsmipha.fastpath.io.FrameLayout;
import dsmipha.fastpath.io.FramePool;
import dsmipha.fastpath.io.PacketBurst;

/**
 * IPv6 fragmentation at a tunnel entry (RFC 2473 §7.1, RFC 8200 §4.5) against scapy's {@code fragment6()}
 * (fixtures_icmp.py, {@code frag6_tunnel}), and its refusals by counter.
 */
class Ipv6FragmenterTest
{
    @Test
    void fragmentsAreWhatScapyBuilds()
    {
        final Fixture original = IcmpFixtures.load("frag6_tunnel");
        try (FramePool pool = new FramePool(8, FrameLayout.DEFAULT_FRAME_LENGTH))
        {
            final PacketBurst in = new PacketBurst(pool, 1);
            final PacketBurst out = new PacketBurst(pool, 4);
            IcmpFixtures.add(in, original.bytes());
            final Ipv6Fragmenter fragmenter = new Ipv6Fragmenter((int)original.longField("id"));
            final int count = fragmenter.fragment(in, 0, original.intField("mtu"), out);
            assertEquals(original.intField("count"), count);
            for (int k = 0; k < count; k++)
            {
                final byte[] expected = IcmpFixtures.load("frag6_tunnel_" + k).bytes();
                final byte[] actual =
                    pool.memory().asSlice(out.address(k), out.length(k)).toArray(ValueLayout.JAVA_BYTE);
                assertArrayEquals(expected, actual, "fragment " + k);
            }
            assertEquals(1, fragmenter.count(IcmpCounter.FRAG6_PACKETS));
            assertEquals(count, fragmenter.count(IcmpCounter.FRAG6_FRAGMENTS));
            in.freeAll();
            out.freeAll();
            assertEquals(8, pool.available());
        }
    }

    @Test
    void aPacketThatFitsIsCopiedWhole()
    {
        final Fixture original = IcmpFixtures.load("frag6_tunnel");
        try (FramePool pool = new FramePool(8, FrameLayout.DEFAULT_FRAME_LENGTH))
        {
            final PacketBurst in = new PacketBurst(pool, 1);
            final PacketBurst out = new PacketBurst(pool, 4);
            IcmpFixtures.add(in, original.bytes());
            assertEquals(1, new Ipv6Fragmenter(1).fragment(in, 0, 1500, out));
            assertArrayEquals(original.bytes(),
                pool.memory().asSlice(out.address(0), out.length(0)).toArray(ValueLayout.JAVA_BYTE));
        }
    }

    @Test
    void refusalsAreCountedAndLeaveTheOutputAsItWas()
    {
        final Fixture original = IcmpFixtures.load("frag6_tunnel");
        try (FramePool pool = new FramePool(3, FrameLayout.DEFAULT_FRAME_LENGTH))
        {
            final PacketBurst in = new PacketBurst(pool, 2);
            IcmpFixtures.add(in, original.bytes());
            IcmpFixtures.add(in, new byte[]{0x45, 0, 0, 20});
            final Ipv6Fragmenter fragmenter = new Ipv6Fragmenter(1);
            final PacketBurst small = new PacketBurst(pool, 1);
            assertEquals(Ipv6Fragmenter.OUTPUT_FULL, fragmenter.fragment(in, 0, 1200, small));
            final PacketBurst out = new PacketBurst(pool, 4);
            assertEquals(Ipv6Fragmenter.MTU_TOO_SMALL, fragmenter.fragment(in, 0, 55, out));
            assertEquals(Ipv6Fragmenter.MALFORMED, fragmenter.fragment(in, 1, 1200, out));
            final PacketBurst big = new PacketBurst(pool, 16);
            assertEquals(Ipv6Fragmenter.NO_FRAME, fragmenter.fragment(in, 0, 200, big), "9 fragments, 1 frame free");
            assertEquals(0, out.count() + small.count() + big.count());
            assertEquals(1, fragmenter.count(IcmpCounter.FRAG6_DROP_OUTPUT_FULL));
            assertEquals(1, fragmenter.count(IcmpCounter.FRAG6_DROP_MTU_TOO_SMALL));
            assertEquals(1, fragmenter.count(IcmpCounter.FRAG6_DROP_MALFORMED));
            assertEquals(1, fragmenter.count(IcmpCounter.FRAG6_DROP_NO_FRAME));
            assertEquals(1, pool.available());
        }
    }
}
