package dsmipha.shim;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dsmipha.shim.DescriptorRingDescriptor.DESCRIPTOR_FLAGS_OFFSET;
import static dsmipha.shim.DescriptorRingDescriptor.DESCRIPTOR_FRAME_OFFSET;
import static dsmipha.shim.DescriptorRingDescriptor.DESCRIPTOR_LENGTH;
import static dsmipha.shim.DescriptorRingDescriptor.DESCRIPTOR_LENGTH_OFFSET;
import static dsmipha.shim.DescriptorRingDescriptor.DESCRIPTOR_PORT_OFFSET;
import static dsmipha.shim.DescriptorRingDescriptor.FILL_FRAME_STRIDE;
import static dsmipha.shim.DescriptorRingDescriptor.FILL_MIN_LENGTH;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two ends of one ring in both pairings, Java producer with C consumer and C producer with Java consumer.
 * Descriptors carry a sequence number so that every check knows exactly what it should read.
 */
class NativeDescriptorRingTest
{
    private static final int[] BURSTS = { 0, 1, 3, 31, 32, 33 };
    private static final int MAX_BURST = 64;

    private Arena arena;
    private MemorySegment in;
    private MemorySegment out;

    @BeforeEach
    void before()
    {
        arena = Arena.ofShared();
        in = arena.allocate((long)MAX_BURST * DESCRIPTOR_LENGTH, 64);
        out = arena.allocate((long)MAX_BURST * DESCRIPTOR_LENGTH, 64);
    }

    @AfterEach
    void after()
    {
        arena.close();
    }

    @Test
    void shouldWriteHeaderThatMatchesJavaLayout()
    {
        final NativeDescriptorRing ring = NativeDescriptorRing.allocate(arena, 16);
        final MemorySegment header = ring.segment();

        assertEquals(16, header.get(JAVA_INT, DescriptorRingDescriptor.CAPACITY_OFFSET));
        assertArrayEquals(
            "DSMR".getBytes(StandardCharsets.US_ASCII),
            header.asSlice(DescriptorRingDescriptor.MAGIC_OFFSET, 4).toArray(ValueLayout.JAVA_BYTE));
        assertEquals(0, ring.producerIndex());
        assertEquals(0, ring.consumerIndex());
        assertEquals(16, ring.capacity());
        assertEquals(0, ring.size());
        assertEquals(16, NativeDescriptorRing.wrap(header).capacity());
    }

    @Test
    void shouldDequeueInJavaWhatCEnqueued()
    {
        final NativeDescriptorRing ring = NativeDescriptorRing.allocate(arena, 8);
        writeBurst(in, 100, 5);

        assertEquals(5, NativeShim.enqueueBurst(ring.segment(), in, 5));
        assertEquals(5, ring.size());
        assertEquals(5, ring.dequeueBurst(out, MAX_BURST));
        assertBurst(out, 100, 5);
        assertEquals(0, ring.dequeueBurst(out, MAX_BURST));
        assertEquals(5, ring.consumerIndex());
    }

    @Test
    void shouldDequeueInCWhatJavaEnqueued()
    {
        final NativeDescriptorRing ring = NativeDescriptorRing.allocate(arena, 8);
        writeBurst(in, 7, 6);

        assertEquals(6, ring.enqueueBurst(in, 6));
        assertEquals(6, ring.producerIndex());
        assertEquals(6, NativeShim.dequeueBurst(ring.segment(), out, MAX_BURST));
        assertBurst(out, 7, 6);
        assertEquals(0, NativeShim.dequeueBurst(ring.segment(), out, MAX_BURST));
        assertEquals(0, ring.size());
    }

    @Test
    void shouldDequeueInJavaWhatCFilled()
    {
        final NativeDescriptorRing ring = NativeDescriptorRing.allocate(arena, 32);
        ring.enqueueBurst(in, 0);
        assertEquals(20, NativeShim.fill(ring.segment(), 20));
        assertEquals(20, ring.discard(20));

        assertEquals(32, NativeShim.fill(ring.segment(), 40));
        assertEquals(32, ring.dequeueBurst(out, 40));
        for (int i = 0; i < 32; i++)
        {
            final long seq = 20 + i;
            final long at = (long)i * DESCRIPTOR_LENGTH;
            assertEquals(seq * FILL_FRAME_STRIDE, out.get(JAVA_LONG, at + DESCRIPTOR_FRAME_OFFSET));
            assertEquals(FILL_MIN_LENGTH + (seq & 1023), out.get(JAVA_INT, at + DESCRIPTOR_LENGTH_OFFSET));
            assertEquals(seq, Short.toUnsignedInt(out.get(JAVA_SHORT, at + DESCRIPTOR_PORT_OFFSET)));
            assertEquals(0, out.get(JAVA_SHORT, at + DESCRIPTOR_FLAGS_OFFSET));
        }
    }

    @Test
    void shouldTouchOneDescriptorWithoutMovingIndices()
    {
        final NativeDescriptorRing ring = NativeDescriptorRing.allocate(arena, 32);
        final long lengthAt = DescriptorRingDescriptor.slotOffset(3) + DESCRIPTOR_LENGTH_OFFSET;
        ring.segment().set(JAVA_INT, lengthAt, 41);

        assertEquals(42, NativeShim.touch(ring.segment(), 32 + 3));
        assertEquals(42, ring.segment().get(JAVA_INT, lengthAt));
        assertEquals(0, ring.producerIndex());
        NativeShim.noop();
    }

    @Test
    void shouldReportFullAndEmptyAtBothEnds()
    {
        final NativeDescriptorRing ring = NativeDescriptorRing.allocate(arena, 8);
        writeBurst(in, 0, 10);

        assertEquals(0, ring.dequeueBurst(out, 8));
        assertEquals(0, NativeShim.dequeueBurst(ring.segment(), out, 8));
        assertEquals(8, ring.enqueueBurst(in, 10), "partial burst: only the free slots");
        assertEquals(0, ring.enqueueBurst(in, 1));
        assertEquals(0, NativeShim.enqueueBurst(ring.segment(), in, 1));
        assertEquals(0, NativeShim.fill(ring.segment(), 1));
        assertEquals(8, ring.size());

        assertEquals(3, NativeShim.dequeueBurst(ring.segment(), out, 3));
        assertBurst(out, 0, 3);
        writeBurst(in, 8, 2);
        assertEquals(2, NativeShim.enqueueBurst(ring.segment(), in, 2));
        assertEquals(7, ring.dequeueBurst(out, MAX_BURST));
        assertBurst(out, 3, 7);
        assertEquals(0, ring.dequeueBurst(out, MAX_BURST));
        assertEquals(0, ring.enqueueBurst(in, -1));
        assertEquals(0, ring.dequeueBurst(out, -1));
    }

    @ParameterizedTest
    @ValueSource(ints = { 1, 2, 64, 128 })
    void shouldWrapAroundJavaToC(final int capacity)
    {
        final NativeDescriptorRing ring = NativeDescriptorRing.allocate(arena, capacity);
        runBursts(ring, true);
    }

    @ParameterizedTest
    @ValueSource(ints = { 1, 2, 64, 128 })
    void shouldWrapAroundCToJava(final int capacity)
    {
        final NativeDescriptorRing ring = NativeDescriptorRing.allocate(arena, capacity);
        runBursts(ring, false);
    }

    @Test
    void shouldWrapRingWhoseAddressCameFromNative()
    {
        final NativeDescriptorRing owner = NativeDescriptorRing.allocate(arena, 64);
        final long address = owner.segment().address();
        final MemorySegment raw = MemorySegment.ofAddress(address);

        final NativeDescriptorRing view = NativeDescriptorRing.wrap(
            reinterpret(raw, DescriptorRingDescriptor.ringLength(64)));
        writeBurst(in, 1, 4);
        assertEquals(4, view.enqueueBurst(in, 4));
        assertEquals(4, owner.dequeueBurst(out, 4));
        assertBurst(out, 1, 4);
    }

    @Test
    void shouldRefuseToWrapMemoryThatIsNotARing()
    {
        final MemorySegment zeroed = arena.allocate(DescriptorRingDescriptor.ringLength(8), 64);
        final IllegalArgumentException notInitialised = assertThrows(
            IllegalArgumentException.class, () -> NativeDescriptorRing.wrap(zeroed));
        assertTrue(notInitialised.getMessage().startsWith("not an initialised descriptor ring"));

        final NativeDescriptorRing ring = NativeDescriptorRing.allocate(arena, 8);
        final MemorySegment truncated = ring.segment().asSlice(0, DescriptorRingDescriptor.ringLength(4));
        final IllegalArgumentException tooShort = assertThrows(
            IllegalArgumentException.class, () -> NativeDescriptorRing.wrap(truncated));
        assertTrue(tooShort.getMessage().startsWith("ring of capacity 8 needs 256 octets"), tooShort.getMessage());

        assertThrows(IllegalArgumentException.class, () -> NativeDescriptorRing.wrap(ring.segment().asSlice(8)));
    }

    @Test
    void shouldNotLetCDequeueFromMemoryThatIsNotARing()
    {
        final MemorySegment zeroed = arena.allocate(DescriptorRingDescriptor.ringLength(8), 64);
        assertEquals(0, NativeShim.dequeueBurst(zeroed, out, 8));
        assertEquals(0, NativeShim.enqueueBurst(zeroed, in, 8));
        assertEquals(0, NativeShim.fill(zeroed, 8));
    }

    @Test
    @Timeout(60)
    void shouldPassEverySequenceFromJavaThreadToCConsumer() throws InterruptedException
    {
        final NativeDescriptorRing ring = NativeDescriptorRing.allocate(arena, 256);
        final long total = 300_000;
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread producer = Thread.ofPlatform().name("ring-producer").start(() ->
        {
            try
            {
                final MemorySegment burst = arena.allocate((long)MAX_BURST * DESCRIPTOR_LENGTH, 64);
                long seq = 0;
                int size = 1;
                while (seq < total)
                {
                    final int n = (int)Math.min(size, total - seq);
                    writeBurst(burst, seq, n);
                    final int put = ring.enqueueBurst(burst, n);
                    seq += put;
                    size = size % 33 + 1;
                    if (0 == put)
                    {
                        Thread.yield();
                    }
                }
            }
            catch (final Throwable ex)
            {
                failure.set(ex);
            }
        });

        long next = 0;
        while (next < total && null == failure.get())
        {
            final int got = NativeShim.dequeueBurst(ring.segment(), out, 1 + (int)(next % 40));
            if (0 == got)
            {
                Thread.yield();
                continue;
            }
            assertBurst(out, next, got);
            next += got;
        }
        producer.join();
        assertNull(failure.get());
        assertEquals(total, next);
        assertEquals(total, ring.consumerIndex());
    }

    /**
     * Every pair of burst sizes, many times over, so that the wrap point falls inside bursts at every position,
     * and the ring runs full (33 in, 0 out) as well as empty.
     */
    private void runBursts(final NativeDescriptorRing ring, final boolean javaProduces)
    {
        final MemorySegment segment = ring.segment();
        long nextIn = 0;
        long nextOut = 0;
        for (int round = 0; round < 40; round++)
        {
            for (final int offered : BURSTS)
            {
                for (final int wanted : BURSTS)
                {
                    final int free = ring.capacity() - (int)(nextIn - nextOut);
                    writeBurst(in, nextIn, offered);
                    final int put = javaProduces ?
                        ring.enqueueBurst(in, offered) : NativeShim.enqueueBurst(segment, in, offered);
                    assertEquals(Math.min(offered, free), put);
                    nextIn += put;

                    final int got = javaProduces ?
                        NativeShim.dequeueBurst(segment, out, wanted) : ring.dequeueBurst(out, wanted);
                    assertEquals(Math.min(wanted, (int)(nextIn - nextOut)), got);
                    assertBurst(out, nextOut, got);
                    nextOut += got;
                }
            }
        }
        assertEquals(nextIn, ring.producerIndex());
        assertEquals(nextOut, ring.consumerIndex());
        assertTrue(nextIn > 10L * ring.capacity(), "indices went round the ring many times");
    }

    private static void writeBurst(final MemorySegment burst, final long firstSeq, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            final long seq = firstSeq + i;
            final long at = (long)i * DESCRIPTOR_LENGTH;
            burst.set(JAVA_LONG, at + DESCRIPTOR_FRAME_OFFSET, seq);
            burst.set(JAVA_INT, at + DESCRIPTOR_LENGTH_OFFSET, (int)(seq * 7));
            burst.set(JAVA_SHORT, at + DESCRIPTOR_PORT_OFFSET, (short)(seq >>> 3));
            burst.set(JAVA_SHORT, at + DESCRIPTOR_FLAGS_OFFSET, (short)(seq ^ 0x5A5A));
        }
    }

    private static void assertBurst(final MemorySegment burst, final long firstSeq, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            final long seq = firstSeq + i;
            final long at = (long)i * DESCRIPTOR_LENGTH;
            assertEquals(seq, burst.get(JAVA_LONG, at + DESCRIPTOR_FRAME_OFFSET), "frame of " + seq);
            assertEquals((int)(seq * 7), burst.get(JAVA_INT, at + DESCRIPTOR_LENGTH_OFFSET), "length of " + seq);
            assertEquals((short)(seq >>> 3), burst.get(JAVA_SHORT, at + DESCRIPTOR_PORT_OFFSET), "port of " + seq);
            assertEquals((short)(seq ^ 0x5A5A), burst.get(JAVA_SHORT, at + DESCRIPTOR_FLAGS_OFFSET), "flags of " + seq);
        }
    }

    @SuppressWarnings("restricted")
    private static MemorySegment reinterpret(final MemorySegment raw, final long length)
    {
        return raw.reinterpret(length);
    }
}
