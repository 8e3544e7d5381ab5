package dsmipha.fastpath.icmp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dsmipha.fastpath.binding.BindingView;
import dsmipha.fastpath.io.FrameLayout;
import dsmipha.fastpath.io.FramePool;
import dsmipha.fastpath.io.PacketBurst;

/**
 * The tunnel MTU verdicts at and around every boundary: the room, 1280 for IPv6 (RFC 8200 §5, RFC 4213 §3.2,
 * RFC 2473 §7.1), DF for IPv4 (RFC 1191 §4, RFC 791 §3.2); each counted.
 */
class TunnelMtuCheckTest
{
    private FramePool pool;
    private PacketBurst burst;
    private final TunnelMtuCheck check = new TunnelMtuCheck();

    @BeforeEach
    void setUp()
    {
        pool = new FramePool(64, FrameLayout.DEFAULT_FRAME_LENGTH);
        burst = new PacketBurst(pool, 64);
    }

    @AfterEach
    void tearDown()
    {
        burst.freeAll();
        pool.close();
    }

    @ParameterizedTest
    @CsvSource({
        // length, room, verdict, PTB MTU
        "1400, 1400, 0, 0",
        "1400, 1500, 0, 0",
        "1401, 1400, 1, 1400",
        "1500, 1460, 1, 1460",
        "1500, 1280, 1, 1280",
        "1400, 1260, 1, 1280",
        "1281, 1260, 1, 1280",
        "1280, 1260, 2, 0",
        "1261, 1260, 2, 0",
        "1260, 1260, 0, 0",
        "1280, 1240, 2, 0",
        "100, 40, 2, 0"})
    void ipv6(final int length, final int room, final int verdict, final int ptbMtu)
    {
        IcmpFixtures.add(burst, TestPackets.ipv6(length));
        assertEquals(verdict, check.check(burst, 0, room));
        if (verdict == TunnelMtuCheck.TOO_BIG_IPV6)
        {
            assertEquals(ptbMtu, TunnelMtuCheck.packetTooBigMtu(room));
            assertEquals(ptbMtu, check.reportedMtu(room));
        }
    }

    @ParameterizedTest
    @CsvSource({
        "1400, 1400, true, 0",
        "1400, 1400, false, 0",
        "1401, 1400, true, 3",
        "1401, 1400, false, 4",
        "576, 68, true, 3",
        "576, 68, false, 4"})
    void ipv4(final int length, final int room, final boolean dontFragment, final int verdict)
    {
        IcmpFixtures.add(burst, TestPackets.ipv4(length, dontFragment));
        assertEquals(verdict, check.check(burst, 0, room));
    }

    @Test
    void linkPaddingDoesNotMakeAPacketTooBig()
    {
        final byte[] padded = Arrays.copyOf(TestPackets.ipv4(46, true), 60);
        IcmpFixtures.add(burst, padded);
        assertEquals(TunnelMtuCheck.FITS, check.check(burst, 0, 50));
        final byte[] padded6 = Arrays.copyOf(TestPackets.ipv6(48), 60);
        IcmpFixtures.add(burst, padded6);
        assertEquals(TunnelMtuCheck.FITS, check.check(burst, 1, 50));
    }

    @Test
    void malformed()
    {
        burst.add(pool.allocate(), FrameLayout.DATA_OFFSET, 0);
        IcmpFixtures.add(burst, new byte[] {0x45, 0, 0, 10});
        IcmpFixtures.add(burst, new byte[] {0x60, 0, 0, 0});
        final byte[] version5 = TestPackets.ipv4(40, false);
        version5[0] = 0x55;
        IcmpFixtures.add(burst, version5);
        for (int i = 0; i < 4; i++)
        {
            assertEquals(TunnelMtuCheck.MALFORMED, check.check(burst, i, 20), "packet " + i);
        }
        assertEquals(4, check.count(IcmpCounter.MTU_MALFORMED));
    }

    @Test
    void roomFromTheBinding()
    {
        final BindingView binding = new BindingView().tunnelMtu(1420)
            .template(MemorySegment.ofArray(new byte[40]), 0, 40);
        assertEquals(1380, TunnelMtuCheck.room(1420, 40));
        assertEquals(0, TunnelMtuCheck.room(20, 28), "never negative");
        IcmpFixtures.add(burst, TestPackets.ipv4(1380, true));
        IcmpFixtures.add(burst, TestPackets.ipv4(1381, true));
        assertEquals(TunnelMtuCheck.FITS, check.check(burst, 0, binding));
        assertEquals(TunnelMtuCheck.TOO_BIG_IPV4_DF, check.check(burst, 1, binding));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 31, 32, 33})
    void everyVerdictCountedOverABurst(final int size)
    {
        for (int i = 0; i < size; i++)
        {
            IcmpFixtures.add(burst, switch (i % 5)
            {
                case 0 -> TestPackets.ipv6(1000);
                case 1 -> TestPackets.ipv6(1400);
                case 2 -> TestPackets.ipv6(1280);
                case 3 -> TestPackets.ipv4(1400, true);
                default -> TestPackets.ipv4(1400, false);
            });
        }
        for (int i = 0; i < burst.count(); i++)
        {
            assertEquals(i % 5, check.check(burst, i, 1240), "packet " + i);
        }
        final IcmpCounter[] verdicts = {IcmpCounter.MTU_FITS, IcmpCounter.MTU_TOO_BIG_IPV6,
            IcmpCounter.MTU_FRAGMENT_OUTER, IcmpCounter.MTU_TOO_BIG_IPV4_DF, IcmpCounter.MTU_FRAGMENT_IPV4};
        long total = 0;
        for (int v = 0; v < verdicts.length; v++)
        {
            final long expected = size / 5 + (v < size % 5 ? 1 : 0);
            assertEquals(expected, check.count(verdicts[v]), verdicts[v].label());
            total += check.count(verdicts[v]);
        }
        assertEquals(size, total);
        assertEquals(0, check.count(IcmpCounter.PTB_SENT), "another stage's counter");
    }
}
