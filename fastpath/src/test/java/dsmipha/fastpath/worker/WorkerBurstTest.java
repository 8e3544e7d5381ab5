package dsmipha.fastpath.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dsmipha.common.testing.Fixture;
import dsmipha.fastpath.encap.EncapCounter;

/**
 * Bursts of 0, 1, 31, 32 and 33 frames (burst size 32) of the six downlink cases in turn: every frame is tunnelled
 * and leaves, the 33rd in the next duty cycle, and every frame comes back to the pool.
 */
class WorkerBurstTest
{
    private static final String[] CASES = {"down_6in6", "down_6in4", "down_6inudp", "down_4in6", "down_4in4", "down_4inudp"};

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 31, 32, 33})
    void everyFrameOfABurstIsTunnelled(final int frames, @TempDir final Path dir)
    {
        try (WorkerFixture f = new WorkerFixture(dir, 512, 32))
        {
            for (int n = 0; n < frames; n++)
            {
                f.inject(WorkerFixture.ACCESS, Fixture.load("worker", CASES[n % CASES.length]).bytes());
            }
            int work = 0;
            for (int cycle = 0; cycle < 3; cycle++)
            {
                work += f.worker.doWork();
            }
            assertEquals(frames, work);
            assertEquals(frames, f.count(FastpathCounter.DOWNLINK_TO_BINDING));
            assertEquals(frames, f.collect(WorkerFixture.ACCESS).length);
            long encapsulated = 0;
            for (final EncapCounter counter : new EncapCounter[]{EncapCounter.IPV6_IN_IPV6, EncapCounter.IPV4_IN_IPV6,
                EncapCounter.IPV6_IN_IPV4, EncapCounter.IPV4_IN_IPV4, EncapCounter.IPV4_UDP})
            {
                encapsulated += f.stages.count(counter);
            }
            assertEquals(frames, encapsulated);
            assertEquals(512, f.pool.available());
        }
    }
}
