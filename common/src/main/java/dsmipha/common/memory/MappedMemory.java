package dsmipha.common.memory;

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
import java.util.Optional;

/**
 * Large zero-filled off-heap memory from an anonymous private {@code mmap(2)}, optionally advised to the kernel as
 * transparent huge pages with {@code madvise(addr, len, MADV_HUGEPAGE)} (FFM downcalls into glibc, as
 * {@code CpuAffinity} binds {@code sched_setaffinity}).
 * <p>
 * <b>Why mmap and not {@code Arena.allocate}.</b> {@code Arena.allocate} zeroes what it allocates, so every page
 * is faulted in as a 4 KiB page before anyone could advise it; a later {@code madvise} then only lets
 * {@code khugepaged} collapse the pages, slowly and maybe never. An anonymous mapping is zero without being
 * touched, so advising it first makes every later first touch fault in a whole 2 MiB page (with the kernel's THP
 * mode {@code madvise} or {@code always}, {@code /sys/kernel/mm/transparent_hugepage/enabled}).
 * <p>
 * <b>Layout.</b> With huge pages requested the mapping is over-allocated by one huge page and the segment starts at
 * the first 2 MiB boundary inside it, with its length rounded up to whole huge pages for the advice:
 * <pre>
 *   mmap base                 2 MiB boundary                                         end of mapping
 *   |  slack (< 2 MiB)        | segment: length octets ...............| rest of the  |
 *   |  never touched          | madvise(MADV_HUGEPAGE) over whole huge pages          | slack        |
 * </pre>
 * Without huge pages (or where the advice fails) the segment is page aligned at the mapping's start.
 * <p>
 * <b>Falling back.</b> Where {@code mmap} is not there (not Linux) or fails, the memory comes from a shared
 * {@link Arena} instead; where {@code madvise} is refused (THP {@code never}, an old kernel: EINVAL) the mapping
 * is kept with 4 KiB pages. Neither throws: {@link #isMapped()}, {@link #isHugePageAdvised()} and
 * {@link #adviseErrno()} say what happened. Not for the packet path: allocate once at start.
 * <p>
 * Closing unmaps the memory; close only after every thread has stopped using the segment (the shared arena the
 * segment belongs to invalidates it on close).
 */
public final class MappedMemory implements AutoCloseable
{
    /** Octets of a transparent huge page on x86-64 and on aarch64 with 4 KiB base pages. */
    public static final long HUGE_PAGE_LENGTH = 2L << 20;
    /** {@code MADV_HUGEPAGE} from Linux's {@code <asm-generic/mman-common.h>}. */
    public static final int MADV_HUGEPAGE = 14;
    /** {@link #adviseErrno()} when no advice was asked for or it succeeded. */
    public static final int NO_ERROR = 0;
    /** {@link #adviseErrno()} when there was no mapping or no madvise to advise. */
    public static final int NOT_ATTEMPTED = -1;

    private static final long BASE_PAGE_LENGTH = 4096;
    private static final int PROT_READ = 0x1;
    private static final int PROT_WRITE = 0x2;
    private static final int MAP_PRIVATE = 0x02;
    private static final int MAP_ANONYMOUS = 0x20;
    private static final long MAP_FAILED = -1L;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final boolean LINUX = System.getProperty("os.name", "").startsWith("Linux");
    private static final MethodHandle MMAP = downcall(
        "mmap", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MADVISE =
        downcall("madvise", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle MUNMAP = downcall("munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));

    private final Arena arena;
    private final MemorySegment segment;
    private final boolean mapped;
    private final boolean hugePageAdvised;
    private final int adviseErrno;

    private MappedMemory(
        final Arena arena,
        final MemorySegment segment,
        final boolean mapped,
        final boolean hugePageAdvised,
        final int adviseErrno)
    {
        this.arena = arena;
        this.segment = segment;
        this.mapped = mapped;
        this.hugePageAdvised = hugePageAdvised;
        this.adviseErrno = adviseErrno;
    }

    /**
     * Map {@code length} zero octets, advised as transparent huge pages when asked.
     *
     * @param length    octets, at least 1.
     * @param hugePages true to align to {@link #HUGE_PAGE_LENGTH} and {@code madvise(MADV_HUGEPAGE)}.
     * @return the memory; never null (see the class comment for the fallbacks).
     * @throws IllegalArgumentException when the length is not positive.
     */
    public static MappedMemory allocate(final long length, final boolean hugePages)
    {
        if (length < 1)
        {
            throw new IllegalArgumentException("length must be positive: " + length);
        }
        final long alignment = hugePages ? HUGE_PAGE_LENGTH : BASE_PAGE_LENGTH;
        final long mappedLength = roundUp(length, alignment) + (hugePages ? HUGE_PAGE_LENGTH : 0);
        final long base = mmap(mappedLength);
        if (base == MAP_FAILED)
        {
            final Arena arena = Arena.ofShared();
            return new MappedMemory(arena, arena.allocate(length, alignment), false, false, NOT_ATTEMPTED);
        }
        final long start = roundUp(base, alignment);
        final int errno = hugePages ? madvise(start, roundUp(length, HUGE_PAGE_LENGTH)) : NO_ERROR;
        final Arena arena = Arena.ofShared();
        final MemorySegment segment = MemorySegment.ofAddress(start)
            .reinterpret(length, arena, ignored -> munmap(base, mappedLength));
        return new MappedMemory(arena, segment, true, hugePages && errno == NO_ERROR, errno);
    }

    /**
     * @return the zero-filled memory, {@code length} octets; valid until {@link #close()}.
     */
    public MemorySegment segment()
    {
        return segment;
    }

    /**
     * @return true when the memory is an anonymous mapping; false when it fell back to an arena allocation.
     */
    public boolean isMapped()
    {
        return mapped;
    }

    /**
     * @return true when huge pages were asked for and the kernel accepted {@code MADV_HUGEPAGE}. The kernel may
     * still back parts with 4 KiB pages when it has no free 2 MiB page (see {@code AnonHugePages} in
     * {@code /proc/self/smaps_rollup}).
     */
    public boolean isHugePageAdvised()
    {
        return hugePageAdvised;
    }

    /**
     * @return the errno of a refused {@code madvise}, {@link #NO_ERROR}, or {@link #NOT_ATTEMPTED}.
     */
    public int adviseErrno()
    {
        return adviseErrno;
    }

    /**
     * Unmap (or free) the memory; the segment becomes unusable.
     */
    @Override
    public void close()
    {
        arena.close();
    }

    private static long roundUp(final long value, final long alignment)
    {
        return (value + alignment - 1) & -alignment;
    }

    private static long mmap(final long length)
    {
        if (!LINUX || MMAP == null)
        {
            return MAP_FAILED;
        }
        try (Arena scratch = Arena.ofConfined())
        {
            final MemorySegment state = scratch.allocate(CALL_STATE);
            final MemorySegment address = (MemorySegment)MMAP.invokeExact(
                state, MemorySegment.NULL, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0L);
            return address.address();
        }
        catch (final Throwable ex)
        {
            return MAP_FAILED;
        }
    }

    private static int madvise(final long address, final long length)
    {
        if (MADVISE == null)
        {
            return NOT_ATTEMPTED;
        }
        try (Arena scratch = Arena.ofConfined())
        {
            final MemorySegment state = scratch.allocate(CALL_STATE);
            final int result = (int)MADVISE.invokeExact(state, MemorySegment.ofAddress(address), length, MADV_HUGEPAGE);
            return result == 0 ? NO_ERROR : (int)ERRNO.get(state, 0L);
        }
        catch (final Throwable ex)
        {
            return NOT_ATTEMPTED;
        }
    }

    private static void munmap(final long address, final long length)
    {
        try (Arena scratch = Arena.ofConfined())
        {
            final MemorySegment state = scratch.allocate(CALL_STATE);
            final int result = (int)MUNMAP.invokeExact(state, MemorySegment.ofAddress(address), length);
            if (result != 0)
            {
                throw new IllegalStateException("munmap failed: errno=" + (int)ERRNO.get(state, 0L));
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

    private static MethodHandle downcall(final String name, final FunctionDescriptor descriptor)
    {
        // The flag values above are Linux's: elsewhere the memory always comes from an arena.
        final Optional<MemorySegment> symbol = LINKER.defaultLookup().find(name);
        return symbol.map(address -> LINKER.downcallHandle(
            address, descriptor, Linker.Option.captureCallState("errno"))).orElse(null);
    }
}
