package dsmipha.shim;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

import static dsmipha.shim.DescriptorRingDescriptor.ALIGNMENT;
import static dsmipha.shim.DescriptorRingDescriptor.CAPACITY_OFFSET;
import static dsmipha.shim.DescriptorRingDescriptor.CONSUMER_INDEX_OFFSET;
import static dsmipha.shim.DescriptorRingDescriptor.DESCRIPTOR_LENGTH;
import static dsmipha.shim.DescriptorRingDescriptor.HEADER_LENGTH;
import static dsmipha.shim.DescriptorRingDescriptor.MAGIC;
import static dsmipha.shim.DescriptorRingDescriptor.MAGIC_OFFSET;
import static dsmipha.shim.DescriptorRingDescriptor.PRODUCER_INDEX_OFFSET;

/**
 * Java end of a native descriptor ring (layout in {@link DescriptorRingDescriptor}): a {@link MemorySegment} view
 * that enqueues and dequeues bursts of descriptors, so that Java can be either end of a ring whose other end is the
 * C shim (or another Java thread).
 * <p>
 * Indices are read with {@code getAcquire} and published with {@code setRelease} through a {@code JAVA_LONG}
 * {@link VarHandle}; on x86-64 and AArch64 these are the same plain 8-octet accesses as C11's
 * {@code memory_order_acquire}/{@code memory_order_release} on an {@code _Atomic uint64_t}, so the two languages
 * interoperate on one ring.
 * <p>
 * Single producer, single consumer: at most one thread may call the producer methods ({@link #enqueueBurst}) and
 * at most one the consumer methods ({@link #dequeueBurst}, {@link #discard}) at a time, whether from Java or C.
 * The object itself holds no mutable state, so the two ends may share one instance or use one each.
 */
public final class NativeDescriptorRing
{
    private static final VarHandle INDEX = ValueLayout.JAVA_LONG.varHandle();
    private static final long PRODUCER = PRODUCER_INDEX_OFFSET;
    private static final long CONSUMER = CONSUMER_INDEX_OFFSET;

    private final MemorySegment ring;
    private final int capacity;
    private final int mask;

    private NativeDescriptorRing(final MemorySegment ring, final int capacity)
    {
        this.ring = ring;
        this.capacity = capacity;
        this.mask = capacity - 1;
    }

    /**
     * Allocate a ring in {@code arena} (64-octet aligned) and initialise it with {@code dsmipha_ring_init}.
     *
     * @param arena    that owns the memory.
     * @param capacity in descriptors: a power of two in [1, 2^30]; see
     *                 {@link DescriptorRingDescriptor#capacityFor(int)} to round a size up.
     * @return the ring view.
     * @throws IllegalArgumentException with the shim's message if {@code dsmipha_ring_init} refuses the capacity.
     */
    public static NativeDescriptorRing allocate(final Arena arena, final int capacity)
    {
        final long length = DescriptorRingDescriptor.isValidCapacity(capacity) ?
            DescriptorRingDescriptor.ringLength(capacity) : HEADER_LENGTH;
        final MemorySegment ring = arena.allocate(length, ALIGNMENT);
        final int status = NativeShim.ringInit(ring, capacity);
        if (NativeShim.OK != status)
        {
            throw new IllegalArgumentException("dsmipha_ring_init(capacity=" + Integer.toUnsignedString(capacity) +
                ") failed with " + status + ": " + NativeShim.errorMessage(status));
        }
        return new NativeDescriptorRing(ring, capacity);
    }

    /**
     * View an initialised ring, for example one whose address came from C (reinterpret it to its length first).
     *
     * @param ring the ring memory.
     * @return the ring view.
     * @throws IllegalArgumentException if the memory does not hold an initialised ring that fits in it.
     */
    public static NativeDescriptorRing wrap(final MemorySegment ring)
    {
        if (ring.byteSize() < HEADER_LENGTH || ring.address() % ALIGNMENT != 0)
        {
            throw new IllegalArgumentException("not a descriptor ring: " + ring.byteSize() + " octets at 0x" +
                Long.toHexString(ring.address()) + " (needs at least " + HEADER_LENGTH + ", 64-octet aligned)");
        }
        final int magic = ring.get(ValueLayout.JAVA_INT, MAGIC_OFFSET);
        final int capacity = ring.get(ValueLayout.JAVA_INT, CAPACITY_OFFSET);
        if (MAGIC != magic || !DescriptorRingDescriptor.isValidCapacity(capacity))
        {
            throw new IllegalArgumentException("not an initialised descriptor ring: magic=0x" +
                Integer.toHexString(magic) + " capacity=" + Integer.toUnsignedString(capacity));
        }
        if (ring.byteSize() < DescriptorRingDescriptor.ringLength(capacity))
        {
            throw new IllegalArgumentException("ring of capacity " + capacity + " needs " +
                DescriptorRingDescriptor.ringLength(capacity) + " octets, segment has " + ring.byteSize());
        }
        return new NativeDescriptorRing(ring, capacity);
    }

    /**
     * @return the ring memory, header included (pass it to the shim's ring functions).
     */
    public MemorySegment segment()
    {
        return ring;
    }

    /**
     * @return capacity in descriptors.
     */
    public int capacity()
    {
        return capacity;
    }

    /**
     * @return the producer index, read with acquire.
     */
    public long producerIndex()
    {
        return (long)INDEX.getAcquire(ring, PRODUCER);
    }

    /**
     * @return the consumer index, read with acquire.
     */
    public long consumerIndex()
    {
        return (long)INDEX.getAcquire(ring, CONSUMER);
    }

    /**
     * @return descriptors in the ring now; exact only when called by one of the two ends.
     */
    public int size()
    {
        final long consumerIndex = consumerIndex();
        return (int)(producerIndex() - consumerIndex);
    }

    /**
     * Producer side: copy up to {@code count} descriptors from the start of {@code src} into the free slots, then
     * publish them with a release store of the producer index.
     *
     * @param src   holding {@code count} consecutive descriptors from offset 0.
     * @param count descriptors offered; 0 or less does nothing.
     * @return descriptors enqueued, fewer than {@code count} when the ring fills up.
     */
    public int enqueueBurst(final MemorySegment src, final int count)
    {
        final MemorySegment ring = this.ring;
        final long producerIndex = (long)INDEX.get(ring, PRODUCER);
        final long consumerIndex = (long)INDEX.getAcquire(ring, CONSUMER);
        final int n = Math.min(count, capacity - (int)(producerIndex - consumerIndex));
        if (n <= 0)
        {
            return 0;
        }

        copySlots(src, 0, ring, (int)producerIndex & mask, n, true);
        INDEX.setRelease(ring, PRODUCER, producerIndex + n);
        return n;
    }

    /**
     * Consumer side: copy up to {@code limit} descriptors to the start of {@code dst}, then free their slots with
     * a release store of the consumer index.
     *
     * @param dst   with room for {@code limit} descriptors from offset 0.
     * @param limit most descriptors to take; 0 or less does nothing.
     * @return descriptors dequeued.
     */
    public int dequeueBurst(final MemorySegment dst, final int limit)
    {
        final MemorySegment ring = this.ring;
        final long consumerIndex = (long)INDEX.get(ring, CONSUMER);
        final long producerIndex = (long)INDEX.getAcquire(ring, PRODUCER);
        final int n = Math.min(limit, (int)(producerIndex - consumerIndex));
        if (n <= 0)
        {
            return 0;
        }

        copySlots(dst, 0, ring, (int)consumerIndex & mask, n, false);
        INDEX.setRelease(ring, CONSUMER, consumerIndex + n);
        return n;
    }

    /**
     * Consumer side: free up to {@code limit} descriptors without reading them (drop a burst).
     *
     * @param limit most descriptors to drop; 0 or less does nothing.
     * @return descriptors dropped.
     */
    public int discard(final int limit)
    {
        final MemorySegment ring = this.ring;
        final long consumerIndex = (long)INDEX.get(ring, CONSUMER);
        final long producerIndex = (long)INDEX.getAcquire(ring, PRODUCER);
        final int n = Math.min(limit, (int)(producerIndex - consumerIndex));
        if (n <= 0)
        {
            return 0;
        }

        INDEX.setRelease(ring, CONSUMER, consumerIndex + n);
        return n;
    }

    /**
     * Copy {@code n} descriptors between a burst and the ring slots starting at {@code slot}, in at most two runs:
     * up to the end of the ring, then from slot 0.
     */
    private void copySlots(
        final MemorySegment burst,
        final long burstOffset,
        final MemorySegment ring,
        final int slot,
        final int n,
        final boolean intoRing)
    {
        final int first = Math.min(n, capacity - slot);
        copy(burst, burstOffset, ring, DescriptorRingDescriptor.slotOffset(slot), first, intoRing);
        if (first < n)
        {
            copy(burst, burstOffset + (long)first * DESCRIPTOR_LENGTH, ring, HEADER_LENGTH, n - first, intoRing);
        }
    }

    private static void copy(
        final MemorySegment burst,
        final long burstOffset,
        final MemorySegment ring,
        final long ringOffset,
        final int descriptors,
        final boolean intoRing)
    {
        final long length = (long)descriptors * DESCRIPTOR_LENGTH;
        if (intoRing)
        {
            MemorySegment.copy(burst, burstOffset, ring, ringOffset, length);
        }
        else
        {
            MemorySegment.copy(ring, ringOffset, burst, burstOffset, length);
        }
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return "NativeDescriptorRing{capacity=" + capacity + ", producerIndex=" + producerIndex() +
            ", consumerIndex=" + consumerIndex() + "}";
    }
}
