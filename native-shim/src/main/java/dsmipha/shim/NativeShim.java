package dsmipha.shim;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Downcalls into {@code libdsmipha_shim.so} through FFM ({@code java.lang.foreign}).
 * <p>
 * The library is extracted from the jar ({@code /native/linux-x86_64/libdsmipha_shim.so}) to a temporary
 * directory when this class initialises, unless {@code -Ddsmipha.shim.path=/path/to/libdsmipha_shim.so} names a file
 * to use instead (installed builds, hosts whose temporary directory is {@code noexec}). It is opened with
 * {@link SymbolLookup#libraryLookup(Path, Arena)} in the global arena, so it stays loaded for the life of the JVM,
 * and its ABI version is checked against {@link #ABI_VERSION}.
 * <p>
 * The per-burst calls (enqueue, dequeue, fill, touch, noop) are bound with {@link Linker.Option#critical(boolean)
 * critical(false)}: they are short, never block and never call back into Java, so they may skip the Java-to-native
 * thread state transition (measured in docs/adr/0002-native-binding.md). The price is that the calling thread
 * cannot reach a safepoint while one runs, which is why nothing that can block may ever be bound this way. The
 * set-up calls are bound normally. Segments passed to critical calls must be native (off-heap).
 * <p>
 * Needs {@code --enable-native-access=ALL-UNNAMED} (or the jar manifest's {@code Enable-Native-Access}).
 * Thread safe: the handles are immutable; the ring contract says who may call what.
 */
public final class NativeShim
{
    /** System property naming a {@code libdsmipha_shim.so} to load instead of the one in the jar. */
    public static final String SHIM_PATH_PROP_NAME = "dsmipha.shim.path";
    /** Library name, without {@code lib} and {@code .so}. */
    public static final String LIBRARY_NAME = "dsmipha_shim";
    /** ABI version this class is written against: {@code DSMIPHA_SHIM_ABI_VERSION}. */
    public static final int ABI_VERSION = 1;

    /** {@code DSMIPHA_SHIM_OK}: success. */
    public static final int OK = 0;
    /** {@code DSMIPHA_SHIM_ERR_NULL}: the ring address is NULL. */
    public static final int ERR_NULL = -1;
    /** {@code DSMIPHA_SHIM_ERR_ALIGNMENT}: the ring address is not aligned to 64 octets. */
    public static final int ERR_ALIGNMENT = -2;
    /** {@code DSMIPHA_SHIM_ERR_CAPACITY_NOT_POWER_OF_TWO}: the capacity is 0 or not a power of two. */
    public static final int ERR_CAPACITY_NOT_POWER_OF_TWO = -3;
    /** {@code DSMIPHA_SHIM_ERR_CAPACITY_TOO_LARGE}: the capacity is above 2^30. */
    public static final int ERR_CAPACITY_TOO_LARGE = -4;

    private static final Path LIBRARY_PATH;
    private static final SymbolLookup LOOKUP;

    private static final MethodHandle ABI_VERSION_HANDLE;
    private static final MethodHandle STRERROR;
    private static final MethodHandle RING_BYTES;
    private static final MethodHandle RING_INIT;
    private static final MethodHandle RING_ENQUEUE_BURST;
    private static final MethodHandle RING_DEQUEUE_BURST;
    private static final MethodHandle NOOP;
    private static final MethodHandle TOUCH;
    private static final MethodHandle FILL;

    static
    {
        LIBRARY_PATH = NativeLibraries.locate(NativeShim.class, LIBRARY_NAME, SHIM_PATH_PROP_NAME);
        LOOKUP = open(LIBRARY_PATH);

        final Linker.Option critical = Linker.Option.critical(false);
        ABI_VERSION_HANDLE = bind("dsmipha_shim_abi_version", FunctionDescriptor.of(JAVA_INT));
        STRERROR = bind("dsmipha_shim_strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        RING_BYTES = bind("dsmipha_ring_bytes", FunctionDescriptor.of(JAVA_LONG, JAVA_INT));
        RING_INIT = bind("dsmipha_ring_init", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        RING_ENQUEUE_BURST = bind(
            "dsmipha_ring_enqueue_burst", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT), critical);
        RING_DEQUEUE_BURST = bind(
            "dsmipha_ring_dequeue_burst", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT), critical);
        NOOP = bind("dsmipha_shim_noop", FunctionDescriptor.ofVoid(), critical);
        TOUCH = bind("dsmipha_shim_touch", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), critical);
        FILL = bind("dsmipha_shim_fill", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), critical);

        final int abiVersion = abiVersion();
        if (ABI_VERSION != abiVersion)
        {
            throw new IllegalStateException(LIBRARY_PATH + " has ABI version " + abiVersion + ", this code needs " +
                ABI_VERSION + ": rebuild the native shim together with the Java code");
        }
    }

    private NativeShim()
    {
    }

    /**
     * @return the file the library was loaded from.
     */
    public static Path libraryPath()
    {
        return LIBRARY_PATH;
    }

    /**
     * For benchmarks and tools that bind the same symbols another way (for example without critical).
     *
     * @return the lookup over the loaded library.
     */
    public static SymbolLookup lookup()
    {
        return LOOKUP;
    }

    /**
     * @return {@code dsmipha_shim_abi_version()} of the loaded library.
     */
    public static int abiVersion()
    {
        try
        {
            return (int)ABI_VERSION_HANDLE.invokeExact();
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    /**
     * @param code a status code returned by the shim.
     * @return the shim's description of the code.
     */
    @SuppressWarnings("restricted")
    public static String errorMessage(final int code)
    {
        try
        {
            final MemorySegment text = (MemorySegment)STRERROR.invokeExact(code);
            return text.reinterpret(256).getString(0);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    /**
     * @param capacity in descriptors.
     * @return {@code dsmipha_ring_bytes(capacity)}: octets of the ring memory, or 0 if the capacity is refused.
     */
    public static long ringBytes(final int capacity)
    {
        try
        {
            return (long)RING_BYTES.invokeExact(capacity);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    /**
     * {@code dsmipha_ring_init}: zero the header and set capacity and magic. Call it before either end starts.
     *
     * @param ring     native memory, 64-octet aligned, at least {@link DescriptorRingDescriptor#ringLength(int)}.
     * @param capacity a power of two in [1, 2^30].
     * @return {@link #OK} or a negative {@code ERR_*} code (see {@link #errorMessage(int)}); on error the memory is
     * left as it was.
     */
    public static int ringInit(final MemorySegment ring, final int capacity)
    {
        try
        {
            return (int)RING_INIT.invokeExact(ring, capacity);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    /**
     * {@code dsmipha_ring_enqueue_burst} (producer side, critical): copy up to {@code count} descriptors from
     * {@code src} into the ring and publish them.
     *
     * @param ring  an initialised ring.
     * @param src   native memory holding {@code count} descriptors of {@link DescriptorRingDescriptor#DESCRIPTOR_LENGTH}.
     * @param count descriptors offered.
     * @return descriptors enqueued: fewer than offered when the ring fills up.
     */
    public static int enqueueBurst(final MemorySegment ring, final MemorySegment src, final int count)
    {
        try
        {
            return (int)RING_ENQUEUE_BURST.invokeExact(ring, src, count);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    /**
     * {@code dsmipha_ring_dequeue_burst} (consumer side, critical): copy up to {@code limit} descriptors into
     * {@code dst} and free their slots.
     *
     * @param ring  an initialised ring.
     * @param dst   native memory with room for {@code limit} descriptors.
     * @param limit most descriptors to take.
     * @return descriptors dequeued.
     */
    public static int dequeueBurst(final MemorySegment ring, final MemorySegment dst, final int limit)
    {
        try
        {
            return (int)RING_DEQUEUE_BURST.invokeExact(ring, dst, limit);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    /**
     * {@code dsmipha_shim_fill} (producer side, critical): write and publish up to {@code count} descriptors the
     * way a NIC backend does for a received burst (contents described in the C header).
     *
     * @param ring  an initialised ring.
     * @param count descriptors to produce.
     * @return descriptors produced.
     */
    public static int fill(final MemorySegment ring, final int count)
    {
        try
        {
            return (int)FILL.invokeExact(ring, count);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    /**
     * {@code dsmipha_shim_touch} (critical): add 1 to the length of slot {@code n & (capacity - 1)}.
     *
     * @param ring an initialised ring.
     * @param n    slot selector.
     * @return the new length.
     */
    public static int touch(final MemorySegment ring, final int n)
    {
        try
        {
            return (int)TOUCH.invokeExact(ring, n);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    /**
     * {@code dsmipha_shim_noop} (critical): the floor cost of a downcall.
     */
    public static void noop()
    {
        try
        {
            NOOP.invokeExact();
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    @SuppressWarnings("restricted")
    private static SymbolLookup open(final Path path)
    {
        return SymbolLookup.libraryLookup(path, Arena.global());
    }

    @SuppressWarnings("restricted")
    private static MethodHandle bind(
        final String name, final FunctionDescriptor descriptor, final Linker.Option... options)
    {
        final MemorySegment symbol = LOOKUP.find(name).orElseThrow(
            () -> new IllegalStateException(LIBRARY_PATH + " does not export " + name));
        return Linker.nativeLinker().downcallHandle(symbol, descriptor, options);
    }

    private static RuntimeException rethrow(final Throwable ex)
    {
        if (ex instanceof RuntimeException runtimeException)
        {
            return runtimeException;
        }
        if (ex instanceof Error error)
        {
            throw error;
        }
        return new IllegalStateException(ex);
    }
}
