package dsmipha.fastpath.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dsmipha.common.testing.Fixture;
import dsmipha.fastpath.io.FrameLayout;
import dsmipha.fastpath.io.FramePool;
import dsmipha.fastpath.io.PacketBurst;
import dsmipha.fastpath.traffic.DemoNetwork;

/**
 * For a tunnel to the home agent the classifier says where the inner packet starts (the worker starts the binding
 * loads of the inner sources from there before decapsulating): after the outer IPv6 header, the outer IPv4 header,
 * or the outer IPv4 and UDP headers.
 */
class ClassifierInnerOffsetTest
{
    @ParameterizedTest
    @CsvSource({"up_6in6, 54", "up_4inudp, 42", "up_6in4_to_home, 34", "up_mnp_6in6, 54", "relay_hoti, 54"})
    void tunnelsToTheHomeAgentRecordTheirInnerOffset(final String fixture, final int innerOffset)
    {
        try (FramePool pool = new FramePool(4, FrameLayout.DEFAULT_FRAME_LENGTH))
        {
            final byte[] frame = Fixture.load("worker", fixture).bytes();
            final PacketBurst burst = new PacketBurst(pool, 1);
            final int index = pool.allocate();
            MemorySegment.copy(frame, 0, pool.memory(), ValueLayout.JAVA_BYTE,
                pool.frameOffset(index) + FrameLayout.DATA_OFFSET, frame.length);
            burst.add(index, FrameLayout.DATA_OFFSET, frame.length);
            final int[] next = new int[1];
            final int[] inner = new int[1];
            new Classifier(new DemoNetwork().local()).classify(burst, next, new int[1], new int[1], inner);
            assertEquals(Next.DECAP, next[0]);
            assertEquals(innerOffset, inner[0]);
        }
    }
}
