package dsmipha.perf.jmh;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.junit.jupiter.api.Test;

import dsmipha.shim.DescriptorRingDescriptor;
import dsmipha.shim.NativeDescriptorRing;
import dsmipha.shim.NativeShim;

import static dsmipha.shim.DescriptorRingDescriptor.DESCRIPTOR_FRAME_OFFSET;
import static dsmipha.shim.DescriptorRingDescriptor.DESCRIPTOR_LENGTH;
import static dsmipha.shim.DescriptorRingDescriptor.DESCRIPTOR_LENGTH_OFFSET;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The three bindings that {@link NativeCallBenchmark} compares reach the same C code and do the same work, so the
 * benchmark compares bindings and nothing else.
 */
class BindingsAgreeTest
{
    private static final int BURST = 32;

    @Test
    void shouldFillTheSameDescriptorsThroughEveryBinding()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final NativeDescriptorRing ring = NativeDescriptorRing.allocate(arena, 128);
            final MemorySegment ringSegment = ring.segment();
            final long address = ringSegment.address();
            final JnrShim jnr = JnrShim.load();
            final Pointer jnrRing = Pointer.wrap(Runtime.getRuntime(jnr), address);
            final MemorySegment out = arena.allocate((long)BURST * DESCRIPTOR_LENGTH, 64);

            assertEquals(BURST, NativeShim.fill(ringSegment, BURST));
            assertEquals(BURST, JniShim.fill(address, BURST));
            assertEquals(BURST, jnr.dsmipha_shim_fill(jnrRing, BURST));

            for (long seq = 0; seq < 3 * BURST; seq += BURST)
            {
                assertEquals(BURST, ring.dequeueBurst(out, BURST));
                for (int i = 0; i < BURST; i++)
                {
                    final long s = seq + i;
                    assertEquals(s * DescriptorRingDescriptor.FILL_FRAME_STRIDE,
                        out.get(JAVA_LONG, (long)i * DESCRIPTOR_LENGTH + DESCRIPTOR_FRAME_OFFSET));
                    assertEquals(DescriptorRingDescriptor.FILL_MIN_LENGTH + (s & 1023),
                        out.get(JAVA_INT, (long)i * DESCRIPTOR_LENGTH + DESCRIPTOR_LENGTH_OFFSET));
                }
            }
        }
    }

    @Test
    void shouldTouchTheSameSlotThroughEveryBinding()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final NativeDescriptorRing ring = NativeDescriptorRing.allocate(arena, 16);
            final long address = ring.segment().address();
            final JnrShim jnr = JnrShim.load();
            final long lengthAt = DescriptorRingDescriptor.slotOffset(BURST & 15) + DESCRIPTOR_LENGTH_OFFSET;
            ring.segment().set(JAVA_INT, lengthAt, 0);

            NativeShim.noop();
            JniShim.noop();
            jnr.dsmipha_shim_noop();
            assertEquals(1, NativeShim.touch(ring.segment(), BURST));
            assertEquals(2, JniShim.touch(address, BURST));
            assertEquals(3, jnr.dsmipha_shim_touch(Pointer.wrap(Runtime.getRuntime(jnr), address), BURST));
            assertEquals(3, ring.segment().get(JAVA_INT, lengthAt));
        }
    }
}
