package dsmipha.common.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.agrona.concurrent.Agent;
import org.junit.jupiter.api.Test;

class AgentHostTest
{
    @Test
    void invokerModeRunsEveryAgentOnTheCallersThread()
    {
        final CountingAgent a = new CountingAgent("a");
        final CountingAgent b = new CountingAgent("b");
        try (AgentHost host = AgentHost.start(ThreadingMode.INVOKER,
            List.of(new AgentPlacement(a, AgentPlacement.UNPINNED, "none"),
                new AgentPlacement(b, AgentPlacement.UNPINNED, "none")), Throwable::printStackTrace, null))
        {
            assertEquals(2, host.invoke());
            assertEquals(2, host.invoke());
            assertEquals(2, a.cycles.get());
            assertEquals(Thread.currentThread(), a.thread.get());
            assertEquals(Thread.currentThread(), b.thread.get());
        }
        assertTrue(a.closed && b.closed);
    }

    @Test
    void sharedModeRunsAllAgentsOnOneThread() throws Exception
    {
        final CountingAgent a = new CountingAgent("a");
        final CountingAgent b = new CountingAgent("b");
        try (AgentHost host = AgentHost.start(ThreadingMode.SHARED,
            List.of(new AgentPlacement(a, AgentPlacement.UNPINNED, "backoff"),
                new AgentPlacement(b, AgentPlacement.UNPINNED, "backoff")), Throwable::printStackTrace, null))
        {
            awaitCycles(a, 100);
            awaitCycles(b, 100);
            assertEquals(a.thread.get(), b.thread.get());
            assertTrue(host.isRunning());
            assertThrows(IllegalStateException.class, host::invoke);
        }
        assertTrue(a.closed && b.closed);
    }

    @Test
    void dedicatedModePinsEachAgentToItsCpuAndVerifiesIt() throws Exception
    {
        final BitSet available = CpuAffinity.availableCpus();
        final int first = available.nextSetBit(0);
        final int last = available.length() - 1;
        final CountingAgent a = new CountingAgent("a");
        final CountingAgent b = new CountingAgent("b");
        try (AgentHost host = AgentHost.start(ThreadingMode.DEDICATED,
            List.of(new AgentPlacement(a, first, "sleep"), new AgentPlacement(b, last, "sleep")),
            Throwable::printStackTrace, null))
        {
            awaitCycles(a, 3);
            awaitCycles(b, 3);
            assertTrue(a.thread.get() != b.thread.get());
            assertEquals(first, a.affinity.get().nextSetBit(0));
            assertEquals(1, a.affinity.get().cardinality());
            assertEquals(last, b.affinity.get().nextSetBit(0));
            assertEquals(first, host.pinnedAgents().get(0).pinnedCpu());
            assertEquals(last, host.pinnedAgents().get(1).pinnedCpu());
        }
    }

    @Test
    void anAgentThatCannotBePinnedStopsAndReportsTheError() throws Exception
    {
        final CountingAgent a = new CountingAgent("a");
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        try (AgentHost host = AgentHost.start(ThreadingMode.DEDICATED,
            List.of(new AgentPlacement(a, CpuAffinity.MAX_CPUS - 1, "sleep")), errors::add, null))
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (host.isRunning() && System.nanoTime() < deadline)
            {
                Thread.sleep(10);
            }
            assertEquals(0, a.cycles.get());
            assertEquals(1, errors.size());
            assertTrue(errors.get(0).getMessage().contains("sched_setaffinity"), errors.get(0).getMessage());
        }
    }

    @Test
    void badPlacementsAreRefused()
    {
        final CountingAgent a = new CountingAgent("a");
        assertThrows(IllegalArgumentException.class, () -> new AgentPlacement(a, -2, "backoff"));
        assertThrows(IllegalArgumentException.class, () -> new AgentPlacement(a, 0, "fast-please"));
        assertThrows(IllegalArgumentException.class,
            () -> AgentHost.start(ThreadingMode.SHARED, List.of(), Throwable::printStackTrace, null));
    }

    private static void awaitCycles(final CountingAgent agent, final int cycles) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (agent.cycles.get() < cycles && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
        assertTrue(agent.cycles.get() >= cycles, agent.name + " ran " + agent.cycles.get() + " cycles");
    }

    private static final class CountingAgent implements Agent
    {
        final String name;
        final AtomicInteger cycles = new AtomicInteger();
        final AtomicReference<Thread> thread = new AtomicReference<>();
        final AtomicReference<BitSet> affinity = new AtomicReference<>();
        volatile boolean closed;

        CountingAgent(final String name)
        {
            this.name = name;
        }

        @Override
        public void onStart()
        {
            affinity.set(CpuAffinity.currentThreadAffinity());
        }

        @Override
        public int doWork()
        {
            thread.set(Thread.currentThread());
            cycles.incrementAndGet();
            return 1;
        }

        @Override
        public void onClose()
        {
            closed = true;
        }

        @Override
        public String roleName()
        {
            return name;
        }
    }
}
