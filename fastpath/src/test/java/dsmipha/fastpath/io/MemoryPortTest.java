package dsmipha.fastpath.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import dsmipha.common.codec.Bytes;

class MemoryPortTest
{
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 4, 5, 31, 32, 33})
    void burstsCrossTheWireBothWaysWithTheirContent(final int burstSize)
    {
        try (FramePool pool = new FramePool(256, FrameLayout.DEFAULT_FRAME_LENGTH))
        {
            final MemoryPort port = new MemoryPort("p", pool, 2, 64);
            final PacketBurst out = new PacketBurst(pool, 64);
            for (int i = 0; i < burstSize; i++)
            {
                final int frame = pool.allocate();
                Bytes.put32(pool.memory(), pool.frameOffset(frame) + FrameLayout.DATA_OFFSET, 0xC0FFEE00 + i);
                out.add(frame, FrameLayout.DATA_OFFSET, 60 + i);
            }
            assertEquals(burstSize, port.wire().inject(1, out, 0, burstSize));
            final PacketBurst in = new PacketBurst(pool, 64);
            assertEquals(0, port.rxBurst(0, in, 64), "queue 0 got nothing");
            assertEquals(burstSize, port.rxBurst(1, in, 64));
            for (int i = 0; i < burstSize; i++)
            {
                assertEquals(60 + i, in.length(i));
                assertEquals(0xC0FFEE00 + i, Bytes.i32(in.memory(), in.address(i)));
            }
            assertEquals(burstSize, port.txBurst(1, in, 0, in.count()));
            final PacketBurst back = new PacketBurst(pool, 64);
            assertEquals(burstSize, port.wire().collect(1, back, 64));
            back.freeAll();
            assertEquals(256, pool.available());
        }
    }

    @Test
    void aFullRingAcceptsPartOfABurst()
    {
        try (FramePool pool = new FramePool(64, FrameLayout.DEFAULT_FRAME_LENGTH))
        {
            final MemoryPort port = new MemoryPort("p", pool, 1, 8);
            final PacketBurst out = new PacketBurst(pool, 32);
            for (int i = 0; i < 12; i++)
            {
                out.add(pool.allocate(), FrameLayout.DATA_OFFSET, 64);
            }
            assertEquals(8, port.wire().inject(0, out, 0, 12));
            assertEquals(0, port.wire().inject(0, out, 8, 4));
            final PacketBurst in = new PacketBurst(pool, 32);
            assertEquals(3, port.rxBurst(0, in, 3));
            assertEquals(3, port.wire().inject(0, out, 8, 4));
        }
    }

    @Test
    void descriptorsPackFrameOffsetAndLength()
    {
        final long descriptor = SpscDescriptorRing.pack(123_456, 320, 1514);
        assertEquals(123_456, (int)(descriptor >>> 32));
        assertEquals(320, (int)(descriptor >>> 16) & 0xFFFF);
        assertEquals(1514, (int)descriptor & 0xFFFF);
        assertThrows(IllegalArgumentException.class, () -> new SpscDescriptorRing(12));
        assertThrows(IllegalArgumentException.class, () -> new FramePool(4, 100));
    }
}
