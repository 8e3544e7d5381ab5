package dsmipha.perf.jmh;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
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

import static dsmipha.shim.DescriptorRingDescriptor.DESCRIPTOR_LENGTH;
import static dsmipha.shim.DescriptorRingDescriptor.DESCRIPTOR_LENGTH_OFFSET;
import static dsmipha.shim.DescriptorRingDescriptor.HEADER_LENGTH;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Reading and writing the length field of all 1024 descriptors of a native ring that C filled
 * ({@code dsmipha_shim_fill}), through a {@link MemorySegment} made once from the ring's raw address
 * ({@code ofAddress(address).reinterpret(length)}: bounds and liveness checks always on), and through an Agrona
 * {@link UnsafeBuffer} over the same address, with its bounds checks on (the default) and off
 * ({@code -Dagrona.disable.bounds.checks=true}, which Agrona reads once at class load, so those variants run in
 * forks of their own). Scores are ns per 1024 descriptors.
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
public class RingReadBenchmark
{
    private static final int DESCRIPTORS = 1024;

    private Arena arena;
    private MemorySegment segment;
    private UnsafeBuffer buffer;
    private int seed;

    /**
     * A full ring of 1024 descriptors written by C.
     */
    @Setup
    public void setup()
    {
        arena = Arena.ofShared();
        final NativeDescriptorRing ring = NativeDescriptorRing.allocate(arena, DESCRIPTORS);
        if (DESCRIPTORS != NativeShim.fill(ring.segment(), DESCRIPTORS))
        {
            throw new IllegalStateException("fill failed: " + ring);
        }
        final long address = ring.segment().address();
        final long length = DescriptorRingDescriptor.ringLength(DESCRIPTORS);
        segment = globalView(address, length);
        buffer = new UnsafeBuffer(address, (int)length);
        if (segmentReadLengths() != unsafeBufferReadLengths())
        {
            throw new IllegalStateException("the two views disagree");
        }
    }

    /**
     * Free the ring.
     */
    @TearDown
    public void tearDown()
    {
        arena.close();
    }

    /**
     * @return sum of the lengths.
     */
    @Benchmark
    public long segmentReadLengths()
    {
        final MemorySegment segment = this.segment;
        long sum = 0;
        for (int i = 0; i < DESCRIPTORS; i++)
        {
            sum += segment.get(JAVA_INT, HEADER_LENGTH + (long)i * DESCRIPTOR_LENGTH + DESCRIPTOR_LENGTH_OFFSET);
        }
        return sum;
    }

    /**
     * @return sum of the lengths.
     */
    @Benchmark
    public long unsafeBufferReadLengths()
    {
        return readLengths(buffer);
    }

    /**
     * @return sum of the lengths.
     */
    @Benchmark
    @Fork(value = 2, jvmArgsAppend = {
        "--enable-native-access=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow",
        "-Dagrona.disable.bounds.checks=true" })
    public long unsafeBufferNoBoundsChecksReadLengths()
    {
        return readLengths(buffer);
    }

    /**
     * @return the seed written.
     */
    @Benchmark
    public int segmentWriteLengths()
    {
        final MemorySegment segment = this.segment;
        final int seed = this.seed++;
        for (int i = 0; i < DESCRIPTORS; i++)
        {
            segment.set(JAVA_INT, HEADER_LENGTH + (long)i * DESCRIPTOR_LENGTH + DESCRIPTOR_LENGTH_OFFSET, seed + i);
        }
        return seed;
    }

    /**
     * @return the seed written.
     */
    @Benchmark
    public int unsafeBufferWriteLengths()
    {
        return writeLengths(buffer, seed++);
    }

    /**
     * @return the seed written.
     */
    @Benchmark
    @Fork(value = 2, jvmArgsAppend = {
        "--enable-native-access=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow",
        "-Dagrona.disable.bounds.checks=true" })
    public int unsafeBufferNoBoundsChecksWriteLengths()
    {
        return writeLengths(buffer, seed++);
    }

    private static long readLengths(final UnsafeBuffer buffer)
    {
        long sum = 0;
        for (int i = 0; i < DESCRIPTORS; i++)
        {
            sum += buffer.getInt(HEADER_LENGTH + i * DESCRIPTOR_LENGTH + DESCRIPTOR_LENGTH_OFFSET);
        }
        return sum;
    }

    private static int writeLengths(final UnsafeBuffer buffer, final int seed)
    {
        for (int i = 0; i < DESCRIPTORS; i++)
        {
            buffer.putInt(HEADER_LENGTH + i * DESCRIPTOR_LENGTH + DESCRIPTOR_LENGTH_OFFSET, seed + i);
        }
        return seed;
    }

    @SuppressWarnings("restricted")
    private static MemorySegment globalView(final long address, final long length)
    {
        return MemorySegment.ofAddress(address).reinterpret(length);
    }
}
