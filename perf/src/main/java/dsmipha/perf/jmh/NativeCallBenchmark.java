package dsmipha.perf.jmh;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.TimeUnit;

import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dsmipha.shim.DescriptorRingDescriptor;
import dsmipha.shim.NativeDescriptorRing;
import dsmipha.shim.NativeShim;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Cost of one per-burst call into the C shim, by binding: FFM, FFM with {@code Linker.Option.critical(false)}
 * (what {@link NativeShim} uses), JNI ({@link JniShim}) and jnr-ffi with {@code @IgnoreError} ({@link JnrShim}).
 * Every binding calls the same three C functions:
 * <ul>
 *     <li>{@code dsmipha_shim_noop()}: the floor cost of a call;</li>
 *     <li>{@code dsmipha_shim_touch(ring, 32)}: one pointer argument, one descriptor written;</li>
 *     <li>{@code dsmipha_shim_fill(ring, 32)}: a real 32-descriptor burst published with a release store, as a NIC
 *     backend does per received burst. The benchmark then frees the burst from Java
 *     ({@link NativeDescriptorRing#discard(int)}: one acquire load and one release store) so the ring never fills;
 *     that part is the same for every binding.</li>
 * </ul>
 * The ring is passed to FFM as a global-scope segment ({@code MemorySegment.ofAddress(address).reinterpret(length)}),
 * as a ring whose address came from C would be. {@code ffmCriticalTouchSharedArena} and
 * {@code ffmCriticalTouchConfinedArena} pass the arena's own segment instead, to show what the segment's scope
 * costs per call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {
    "--enable-native-access=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
    "--sun-misc-unsafe-memory-access=allow" })
@State(Scope.Thread)
public class NativeCallBenchmark
{
    private static final int BURST = 32;
    private static final int CAPACITY = 1024;

    private static final MethodHandle FFM_NOOP;
    private static final MethodHandle FFM_TOUCH;
    private static final MethodHandle FFM_FILL;

    static
    {
        final Linker linker = Linker.nativeLinker();
        FFM_NOOP = downcall(linker, "dsmipha_shim_noop", FunctionDescriptor.ofVoid());
        FFM_TOUCH = downcall(linker, "dsmipha_shim_touch", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        FFM_FILL = downcall(linker, "dsmipha_shim_fill", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    }

    private Arena sharedArena;
    private Arena confinedArena;
    private MemorySegment ringGlobalScope;
    private MemorySegment ringSharedArena;
    private MemorySegment ringConfinedArena;
    private NativeDescriptorRing ring;
    private long ringAddress;
    private JnrShim jnrShim;
    private Pointer jnrRing;

    /**
     * Allocate the rings and load every binding; runs on the benchmark thread (thread-scoped state), which the
     * confined arena needs.
     */
    @Setup
    public void setup()
    {
        sharedArena = Arena.ofShared();
        confinedArena = Arena.ofConfined();
        ringSharedArena = NativeDescriptorRing.allocate(sharedArena, CAPACITY).segment();
        ringConfinedArena = NativeDescriptorRing.allocate(confinedArena, CAPACITY).segment();
        ringAddress = ringSharedArena.address();
        ringGlobalScope = globalView(ringAddress, DescriptorRingDescriptor.ringLength(CAPACITY));
        ring = NativeDescriptorRing.wrap(ringGlobalScope);

        JniShim.noop();
        jnrShim = JnrShim.load();
        jnrRing = Pointer.wrap(Runtime.getRuntime(jnrShim), ringAddress);
        if (BURST != fillAndFree(NativeShim.fill(ringGlobalScope, BURST)) ||
            BURST != fillAndFree(JniShim.fill(ringAddress, BURST)) ||
            BURST != fillAndFree(jnrShim.dsmipha_shim_fill(jnrRing, BURST)))
        {
            throw new IllegalStateException("a binding did not fill a burst: " + ring);
        }
    }

    /**
     * Free the rings.
     */
    @TearDown
    public void tearDown()
    {
        confinedArena.close();
        sharedArena.close();
    }

    /**
     * @throws Throwable from the downcall.
     */
    @Benchmark
    public void ffmNoop() throws Throwable
    {
        FFM_NOOP.invokeExact();
    }

    /**
     * Production binding: {@link NativeShim#noop()}.
     */
    @Benchmark
    public void ffmCriticalNoop()
    {
        NativeShim.noop();
    }

    /**
     * JNI.
     */
    @Benchmark
    public void jniNoop()
    {
        JniShim.noop();
    }

    /**
     * jnr-ffi with {@code @IgnoreError}.
     */
    @Benchmark
    public void jnrNoop()
    {
        jnrShim.dsmipha_shim_noop();
    }

    /**
     * @return the new length.
     * @throws Throwable from the downcall.
     */
    @Benchmark
    public int ffmTouch() throws Throwable
    {
        return (int)FFM_TOUCH.invokeExact(ringGlobalScope, BURST);
    }

    /**
     * Production binding: {@link NativeShim#touch(MemorySegment, int)}.
     *
     * @return the new length.
     */
    @Benchmark
    public int ffmCriticalTouch()
    {
        return NativeShim.touch(ringGlobalScope, BURST);
    }

    /**
     * As {@link #ffmCriticalTouch()} with the segment of a shared arena: the call must keep the arena alive.
     *
     * @return the new length.
     */
    @Benchmark
    public int ffmCriticalTouchSharedArena()
    {
        return NativeShim.touch(ringSharedArena, BURST);
    }

    /**
     * As {@link #ffmCriticalTouch()} with the segment of a confined arena.
     *
     * @return the new length.
     */
    @Benchmark
    public int ffmCriticalTouchConfinedArena()
    {
        return NativeShim.touch(ringConfinedArena, BURST);
    }

    /**
     * JNI, ring passed as its address.
     *
     * @return the new length.
     */
    @Benchmark
    public int jniTouch()
    {
        return JniShim.touch(ringAddress, BURST);
    }

    /**
     * jnr-ffi with {@code @IgnoreError}, ring passed as a {@code Pointer}.
     *
     * @return the new length.
     */
    @Benchmark
    public int jnrTouch()
    {
        return jnrShim.dsmipha_shim_touch(jnrRing, BURST);
    }

    /**
     * @return descriptors filled.
     * @throws Throwable from the downcall.
     */
    @Benchmark
    public int ffmFill() throws Throwable
    {
        return fillAndFree((int)FFM_FILL.invokeExact(ringGlobalScope, BURST));
    }

    /**
     * Production binding: {@link NativeShim#fill(MemorySegment, int)}.
     *
     * @return descriptors filled.
     */
    @Benchmark
    public int ffmCriticalFill()
    {
        return fillAndFree(NativeShim.fill(ringGlobalScope, BURST));
    }

    /**
     * JNI.
     *
     * @return descriptors filled.
     */
    @Benchmark
    public int jniFill()
    {
        return fillAndFree(JniShim.fill(ringAddress, BURST));
    }

    /**
     * jnr-ffi with {@code @IgnoreError}.
     *
     * @return descriptors filled.
     */
    @Benchmark
    public int jnrFill()
    {
        return fillAndFree(jnrShim.dsmipha_shim_fill(jnrRing, BURST));
    }

    private int fillAndFree(final int filled)
    {
        return ring.discard(filled);
    }

    @SuppressWarnings("restricted")
    private static MemorySegment globalView(final long address, final long length)
    {
        return MemorySegment.ofAddress(address).reinterpret(length);
    }

    @SuppressWarnings("restricted")
    private static MethodHandle downcall(final Linker linker, final String name, final FunctionDescriptor descriptor)
    {
        return linker.downcallHandle(NativeShim.lookup().find(name).orElseThrow(), descriptor);
    }
}
