package dsmipha.fastpath.worker;

import java.nio.file.Path;

import dsmipha.common.counters.CounterSlots;
import dsmipha.common.counters.CountersFile;
import dsmipha.fastpath.io.FrameLayout;
import dsmipha.fastpath.io.FramePool;
import dsmipha.fastpath.io.MemoryPort;
import dsmipha.fastpath.io.PacketPort;
import dsmipha.fastpath.punt.PuntProxy;
import dsmipha.fastpath.punt.PuntRing;

/**
 * One worker over two in-memory ports ("access" → "home" and back), a punt ring and a counters file, driven by
 * the test's thread.
 */
final class WorkerFixture implements AutoCloseable
{
    static final int ACCESS = 0;
    static final int HOME = 1;

    final CountersFile counters;
    final FramePool pool;
    final MemoryPort access;
    final MemoryPort home;
    final PuntRing puntRing;
    final WorkerAgent worker;

    WorkerFixture(final Path dir, final int frames, final int burstSize)
    {
        counters = CountersFile.create(dir.resolve("counters.dat"), 128, "test", 1, 0);
        pool = new FramePool(frames, FrameLayout.DEFAULT_FRAME_LENGTH);
        access = new MemoryPort("access", pool, 1, 1024);
        home = new MemoryPort("home", pool, 1, 1024);
        puntRing = new PuntRing(1 << 20);
        worker = new WorkerAgent(0, new PacketPort[]{access, home},
            new QueueAssignment[]{new QueueAssignment(ACCESS, 0, HOME), new QueueAssignment(HOME, 0, ACCESS)},
            burstSize, new PuntProxy(puntRing, 0), new CounterSlots(counters, FastpathCounter.values(), 0, "w0"));
    }

    long count(final FastpathCounter counter)
    {
        return worker.counters().get(counter.ordinal());
    }

    @Override
    public void close()
    {
        puntRing.close();
        pool.close();
        counters.close();
    }
}
