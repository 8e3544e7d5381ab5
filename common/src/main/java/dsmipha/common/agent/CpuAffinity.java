package dsmipha.common.agent;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.BitSet;

/**
 * Pins the calling thread to one CPU and reads its affinity back, through FFM downcalls into glibc's
 * {@code sched_setaffinity(2)}, {@code sched_getaffinity(2)} and {@code sched_getcpu(3)} (pid 0 = calling thread).
 * <p>
 * The CPU mask is a {@code cpu_set_t} of 1024 bits (128 octets), glibc's fixed size. Called once per thread at
 * start, never on the packet path.
 */
public final class CpuAffinity
{
    /** Size of glibc's {@code cpu_set_t} in octets: CPU_SETSIZE 1024 bits. */
    public static final int CPU_SET_LENGTH = 128;
    /** Highest CPU number the mask can name, plus one. */
    public static final int MAX_CPUS = CPU_SET_LENGTH * 8;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
        CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle SCHED_SETAFFINITY = downcall(
        "sched_setaffinity", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));
    private static final MethodHandle SCHED_GETAFFINITY = downcall(
        "sched_getaffinity", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));
    private static final MethodHandle SCHED_GETCPU = LINKER.downcallHandle(
        LINKER.defaultLookup().find("sched_getcpu").orElseThrow(), FunctionDescriptor.of(JAVA_INT));

    private CpuAffinity()
    {
    }

    /**
     * Pin the calling thread to one CPU and verify the kernel applied it by reading the mask back.
     *
     * @param cpu the CPU number, 0-based.
     * @throws IllegalArgumentException when the CPU number is outside the mask.
     * @throws IllegalStateException    when the kernel refuses (errno, e.g. EINVAL for an offline CPU) or the mask
     *                                  read back is not exactly that CPU.
     */
    public static void pinCurrentThread(final int cpu)
    {
        if (cpu < 0 || cpu >= MAX_CPUS)
        {
            throw new IllegalArgumentException("cpu " + cpu + " outside 0.." + (MAX_CPUS - 1));
        }
        final BitSet wanted = new BitSet();
        wanted.set(cpu);
        setCurrentThreadAffinity(wanted);
        final BitSet actual = currentThreadAffinity();
        if (!actual.equals(wanted))
        {
            throw new IllegalStateException("pinned to cpu " + cpu + " but affinity reads back " + actual);
        }
    }

    /**
     * Set the calling thread's affinity mask.
     *
     * @param cpus the CPUs allowed.
     * @throws IllegalStateException with the errno when the kernel refuses.
     */
    public static void setCurrentThreadAffinity(final BitSet cpus)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment mask = arena.allocate(CPU_SET_LENGTH);
            final long[] words = cpus.toLongArray();
            for (int i = 0; i < words.length && i < CPU_SET_LENGTH / 8; i++)
            {
                mask.set(JAVA_LONG, i * 8L, words[i]);
            }
            final MemorySegment state = arena.allocate(CALL_STATE);
            final int result = (int)SCHED_SETAFFINITY.invokeExact(state, 0, (long)CPU_SET_LENGTH, mask);
            if (result != 0)
            {
                throw new IllegalStateException(
                    "sched_setaffinity(" + cpus + ") failed: errno=" + (int)ERRNO.get(state, 0L));
            }
        }
        catch (final RuntimeException | Error ex)
        {
            throw ex;
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * @return the calling thread's affinity mask as the kernel reports it.
     */
    public static BitSet currentThreadAffinity()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment mask = arena.allocate(CPU_SET_LENGTH);
            final MemorySegment state = arena.allocate(CALL_STATE);
            final int result = (int)SCHED_GETAFFINITY.invokeExact(state, 0, (long)CPU_SET_LENGTH, mask);
            if (result < 0)
            {
                throw new IllegalStateException("sched_getaffinity failed: errno=" + (int)ERRNO.get(state, 0L));
            }
            final long[] words = new long[CPU_SET_LENGTH / 8];
            for (int i = 0; i < words.length; i++)
            {
                words[i] = mask.get(JAVA_LONG, i * 8L);
            }
            return BitSet.valueOf(words);
        }
        catch (final RuntimeException | Error ex)
        {
            throw ex;
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * @return the CPU the calling thread is running on right now.
     */
    public static int currentCpu()
    {
        try
        {
            return (int)SCHED_GETCPU.invokeExact();
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * @return the CPUs this process may run on (the whole process mask, not one thread's), e.g. for checking a
     * configured layout before any thread is pinned.
     */
    public static BitSet availableCpus()
    {
        return currentThreadAffinity();
    }

    private static MethodHandle downcall(final String name, final FunctionDescriptor descriptor)
    {
        return LINKER.downcallHandle(
            LINKER.defaultLookup().find(name).orElseThrow(), descriptor, Linker.Option.captureCallState("errno"));
    }
}
