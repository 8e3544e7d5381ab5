package dsmipha.common.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class CpuAffinityTest
{
    @Test
    void pinsAThreadAndReadsTheAffinityBack() throws Exception
    {
        final BitSet available = CpuAffinity.availableCpus();
        assertFalse(available.isEmpty());
        final int cpu = available.length() - 1;
        final AtomicReference<BitSet> readBack = new AtomicReference<>();
        final AtomicReference<Integer> runningOn = new AtomicReference<>();
        final Thread thread = new Thread(() ->
        {
            CpuAffinity.pinCurrentThread(cpu);
            readBack.set(CpuAffinity.currentThreadAffinity());
            runningOn.set(CpuAffinity.currentCpu());
        });
        thread.start();
        thread.join();
        final BitSet expected = new BitSet();
        expected.set(cpu);
        assertEquals(expected, readBack.get());
        assertEquals(cpu, runningOn.get());
    }

    @Test
    void pinningDoesNotLeakToOtherThreads() throws Exception
    {
        final BitSet before = CpuAffinity.currentThreadAffinity();
        final Thread thread = new Thread(() -> CpuAffinity.pinCurrentThread(0));
        thread.start();
        thread.join();
        assertEquals(before, CpuAffinity.currentThreadAffinity());
    }

    @Test
    void anAbsentCpuIsRefusedWithTheKernelsErrno() throws Exception
    {
        final AtomicReference<Throwable> error = new AtomicReference<>();
        final Thread thread = new Thread(() ->
        {
            try
            {
                CpuAffinity.pinCurrentThread(CpuAffinity.MAX_CPUS - 1);
            }
            catch (final Throwable ex)
            {
                error.set(ex);
            }
        });
        thread.start();
        thread.join();
        assertTrue(error.get() instanceof IllegalStateException, String.valueOf(error.get()));
        assertTrue(error.get().getMessage().contains("errno=22"), error.get().getMessage());
        assertThrows(IllegalArgumentException.class, () -> CpuAffinity.pinCurrentThread(-1));
        assertThrows(IllegalArgumentException.class, () -> CpuAffinity.pinCurrentThread(CpuAffinity.MAX_CPUS));
    }
}
