package dsmipha.fastpath.icmp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dsmipha.common.codec.Bytes;
import dsmipha.common.codec.CodecStatus;
import dsmipha.common.codec.Ipv4Header;
import dsmipha.fastpath.io.FrameLayout;
import dsmipha.fastpath.io.FramePool;
import dsmipha.fastpath.io.PacketBurst;

/**
 * The fragmenter's statuses (each with its counter, each leaving pool and output as they were) and, over many sizes
 * and MTUs, the RFC 791 §3.2 invariants: every fragment within the MTU and valid, offsets in 8-octet units, MF on
 * all but the last, and the data reassembling to the original.
 */
class Ipv4FragmenterTest
{
    private static final byte[] NO_OPTIONS = new byte[0];

    private FramePool pool;
    private PacketBurst in;
    private PacketBurst out;
    private final Ipv4Fragmenter fragmenter = new Ipv4Fragmenter();

    @BeforeEach
    void setUp()
    {
        pool = new FramePool(128, FrameLayout.DEFAULT_FRAME_LENGTH);
        in = new PacketBurst(pool, 64);
        out = new PacketBurst(pool, 64);
    }

    @AfterEach
    void tearDown()
    {
        in.freeAll();
        out.freeAll();
        assertEquals(128, pool.available(), "every frame back");
        pool.close();
    }

    @Test
    void dontFragmentIsRefused()
    {
        assertDropped(TestPackets.ipv4(1000, true), 576, Ipv4Fragmenter.DF_SET, IcmpCounter.FRAG_DROP_DF);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 20, 67})
    void mtuBelow68IsRefused(final int mtu)
    {
        assertDropped(TestPackets.ipv4(1000, false), mtu, Ipv4Fragmenter.MTU_TOO_SMALL,
            IcmpCounter.FRAG_DROP_MTU_TOO_SMALL);
    }

    @Test
    void malformedIsRefused()
    {
        final byte[] v6 = TestPackets.ipv6(1000);
        assertDropped(v6, 576, Ipv4Fragmenter.MALFORMED, IcmpCounter.FRAG_DROP_MALFORMED);
        final byte[] longer = TestPackets.ipv4(1000, false);
        Bytes.put16(MemorySegment.ofArray(longer), Ipv4Header.TOTAL_LENGTH_OFFSET, 1001);
        assertDropped(longer, 576, Ipv4Fragmenter.MALFORMED, IcmpCounter.FRAG_DROP_MALFORMED);
        final byte[] shortIhl = TestPackets.ipv4(1000, false);
        shortIhl[0] = 0x44;
        assertDropped(shortIhl, 576, Ipv4Fragmenter.MALFORMED, IcmpCounter.FRAG_DROP_MALFORMED);
        assertDropped(new byte[] {0x45, 0, 0, 19}, 576, Ipv4Fragmenter.MALFORMED, IcmpCounter.FRAG_DROP_MALFORMED);
    }

    @Test
    void tooFewFramesIsAllOrNothing()
    {
        IcmpFixtures.add(in, TestPackets.ipv4(1400, false));
        final int[] held = new int[pool.available() - 2];
        for (int k = 0; k < held.length; k++)
        {
            held[k] = pool.allocate();
        }
        assertEquals(Ipv4Fragmenter.NO_FRAME, fragmenter.fragment(in, 0, 576, out), "needs 3, has 2");
        assertEquals(2, pool.available(), "the two taken were given back");
        assertEquals(0, out.count());
        assertEquals(1, fragmenter.count(IcmpCounter.FRAG_DROP_NO_FRAME));
        for (final int frame : held)
        {
            pool.free(frame);
        }
        assertEquals(3, fragmenter.fragment(in, 0, 576, out));
    }

    @Test
    void tooLittleRoomInTheOutputIsAllOrNothing()
    {
        IcmpFixtures.add(in, TestPackets.ipv4(1400, false));
        final PacketBurst small = new PacketBurst(pool, 2);
        final int free = pool.available();
        assertEquals(Ipv4Fragmenter.OUTPUT_FULL, fragmenter.fragment(in, 0, 576, small));
        assertEquals(0, small.count());
        assertEquals(free, pool.available());
        assertEquals(1, fragmenter.count(IcmpCounter.FRAG_DROP_OUTPUT_FULL));
    }

    @Test
    void aDatagramThatFitsIsCopiedWhole()
    {
        final byte[] datagram = TestPackets.ipv4(576, false);
        IcmpFixtures.add(in, datagram);
        assertEquals(1, fragmenter.fragment(in, 0, 576, out));
        assertArrayEquals(datagram, IcmpFixtures.bytes(out, 0));
        assertEquals(1, fragmenter.count(IcmpCounter.FRAG_FRAGMENTS));
    }

    @Test
    void smallestMtuWithTheLongestHeader()
    {
        // 40 octets of options: Router Alert (copied) x 5, then Record Route (not copied) of 20.
        final byte[] options = new byte[40];
        for (int k = 0; k < 5; k++)
        {
            options[4 * k] = (byte)148;
            options[4 * k + 1] = 4;
        }
        options[20] = 7;
        options[21] = 19;
        options[22] = 4;
        assertInvariants(TestPackets.ipv4(300, false, options), 68, 60, 40);
    }

    @Test
    void nopAndEolAreNotCopied()
    {
        final byte[] options = {1, 1, (byte)148, 4, 0, 0, 1, 0};
        assertInvariants(TestPackets.ipv4(600, false, options), 200, 28, 24);
    }

    @Test
    void manySizesAndMtusKeepTheInvariants()
    {
        final Random random = new Random(791);
        for (int run = 0; run < 400; run++)
        {
            final int length = 21 + random.nextInt(1700 - 21);
            final int mtu = 68 + random.nextInt(1500 - 68);
            assertInvariants(TestPackets.ipv4(length, false), mtu, 20, 20);
            out.freeAll();
            in.freeAll();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 31, 32, 33})
    void burstOfDatagramsFillsTheOutputWithWholeDatagramsOnly(final int size)
    {
        for (int i = 0; i < size; i++)
        {
            IcmpFixtures.add(in, TestPackets.ipv4(1000, false));
        }
        final PacketBurst tx = new PacketBurst(pool, 32);
        int fragmented = 0;
        for (int i = 0; i < in.count(); i++)
        {
            if (fragmenter.fragment(in, i, 576, tx) == 2)
            {
                fragmented++;
            }
        }
        final int expected = Math.min(size, 16);
        assertEquals(expected, fragmented);
        assertEquals(2 * expected, tx.count());
        assertEquals(expected, fragmenter.count(IcmpCounter.FRAG_DATAGRAMS));
        assertEquals(size - expected, fragmenter.count(IcmpCounter.FRAG_DROP_OUTPUT_FULL));
        tx.freeAll();
    }

    private void assertDropped(final byte[] datagram, final int mtu, final int status, final IcmpCounter counter)
    {
        IcmpFixtures.add(in, datagram);
        final int free = pool.available();
        final long before = fragmenter.count(counter);
        assertEquals(status, fragmenter.fragment(in, in.count() - 1, mtu, out), counter.label());
        assertEquals(before + 1, fragmenter.count(counter));
        assertEquals(free, pool.available());
        assertEquals(0, out.count());
    }

    /**
     * Fragment and check RFC 791 §3.2: sizes, headers, flags, offsets, checksums, and reassembly.
     */
    private void assertInvariants(
        final byte[] datagram, final int mtu, final int firstHeaderLength, final int laterHeaderLength)
    {
        IcmpFixtures.add(in, datagram);
        final int count = fragmenter.fragment(in, in.count() - 1, mtu, out);
        assertTrue(count >= 1, "status " + count + " for " + datagram.length + " at mtu " + mtu);
        final int headerLength = (datagram[0] & 0x0F) * 4;
        final byte[] data = new byte[datagram.length - headerLength];
        final boolean[] seen = new boolean[data.length];
        final Ipv4Header header = new Ipv4Header();
        int expectedOffset = 0;
        for (int k = 0; k < count; k++)
        {
            final byte[] fragment = IcmpFixtures.bytes(out, out.count() - count + k);
            final MemorySegment segment = MemorySegment.ofArray(fragment);
            final String where = datagram.length + "@" + mtu + " #" + k;
            assertEquals(CodecStatus.OK, header.wrap(segment, 0, fragment.length), where);
            assertTrue(fragment.length <= Math.max(mtu, datagram.length > mtu ? 0 : mtu), where);
            assertTrue(header.verifyChecksum(), where);
            assertEquals(k == 0 ? firstHeaderLength : laterHeaderLength, header.headerLength(), where);
            assertEquals(k < count - 1, header.moreFragments(), where);
            assertEquals(expectedOffset, header.fragmentOffset() * 8, where);
            assertEquals(0x1234, header.identification());
            final int dataLength = header.payloadLength();
            if (k < count - 1)
            {
                assertEquals(0, dataLength % 8, where);
            }
            for (int j = 0; j < dataLength; j++)
            {
                assertTrue(!seen[expectedOffset + j], "overlap " + where);
                seen[expectedOffset + j] = true;
            }
            System.arraycopy(fragment, header.headerLength(), data, expectedOffset, dataLength);
            expectedOffset += dataLength;
        }
        assertEquals(data.length, expectedOffset, "fragments cover the data");
        assertArrayEquals(Arrays.copyOfRange(datagram, headerLength, datagram.length), data);
        if (datagram.length > mtu)
        {
            assertTrue(count >= 2);
        }
    }
}
