package dsmipha.fastpath.punt;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;

/**
 * A worker's writer into the {@link PuntRing}: copies a packet and its ingress metadata into one ring record.
 * One instance per worker. Allocation free: claim, copy, commit.
 */
public final class PuntProxy
{
    /** Octets of a next-hop record's payload: one IPv6 (or IPv4-mapped) address. */
    public static final int NEXT_HOP_LENGTH = 16;

    private static final ValueLayout.OfLong BIG_ENDIAN_LONG =
        ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN);

    private final ManyToOneRingBuffer ring;
    private final MemorySegment ringMemory;
    private final int workerIndex;

    /**
     * @param puntRing    the ring.
     * @param workerIndex this worker's index, recorded in every message.
     */
    public PuntProxy(final PuntRing puntRing, final int workerIndex)
    {
        this.ring = puntRing.ring();
        this.ringMemory = puntRing.memory();
        this.workerIndex = workerIndex;
    }

    /**
     * Punt one packet.
     *
     * @param reasonId    the punt reason (a FastpathCounter id), becomes the record's type id.
     * @param packets     segment holding the packet.
     * @param address     offset of the packet's first octet.
     * @param length      packet length.
     * @param port        ingress port index.
     * @param queue       ingress queue.
     * @param l3Offset    offset of the IP (or ARP) header within the packet.
     * @param innerOffset offset of the signaling packet's own IP header (the L3 offset unless tunnelled).
     * @return false when the ring is full (the caller counts the drop).
     */
    public boolean punt(
        final int reasonId,
        final MemorySegment packets,
        final long address,
        final int length,
        final int port,
        final int queue,
        final int l3Offset,
        final int innerOffset)
    {
        final int index = ring.tryClaim(reasonId, PuntMessageDescriptor.HEADER_LENGTH + length);
        if (index <= 0)
        {
            return false;
        }
        ringMemory.set(ValueLayout.JAVA_SHORT, index + PuntMessageDescriptor.PORT_OFFSET, (short)port);
        ringMemory.set(ValueLayout.JAVA_SHORT, index + PuntMessageDescriptor.QUEUE_OFFSET, (short)queue);
        ringMemory.set(ValueLayout.JAVA_SHORT, index + PuntMessageDescriptor.WORKER_OFFSET, (short)workerIndex);
        ringMemory.set(ValueLayout.JAVA_SHORT, index + PuntMessageDescriptor.L3_OFFSET_OFFSET, (short)l3Offset);
        ringMemory.set(ValueLayout.JAVA_SHORT, index + PuntMessageDescriptor.INNER_L3_OFFSET_OFFSET, (short)innerOffset);
        MemorySegment.copy(packets, address, ringMemory, index + PuntMessageDescriptor.HEADER_LENGTH, length);
        ring.commit(index);
        return true;
    }

    /**
     * Ask the slowpath to resolve a next hop (VPP's glean): a record whose port field is the egress port and whose
     * payload is the next hop's address, 16 octets big-endian (IPv4 as IPv4-mapped IPv6), not a packet.
     *
     * @param reasonId   the punt reason (a FastpathCounter id).
     * @param egressPort the port the next hop is on.
     * @param queue      the ingress queue of the packet that needed it.
     * @param high       next-hop octets 0..7.
     * @param low        next-hop octets 8..15.
     * @return false when the ring is full (the caller counts the drop).
     */
    public boolean puntNextHop(final int reasonId, final int egressPort, final int queue, final long high, final long low)
    {
        final int index = ring.tryClaim(reasonId, PuntMessageDescriptor.HEADER_LENGTH + NEXT_HOP_LENGTH);
        if (index <= 0)
        {
            return false;
        }
        ringMemory.set(ValueLayout.JAVA_SHORT, index + PuntMessageDescriptor.PORT_OFFSET, (short)egressPort);
        ringMemory.set(ValueLayout.JAVA_SHORT, index + PuntMessageDescriptor.QUEUE_OFFSET, (short)queue);
        ringMemory.set(ValueLayout.JAVA_SHORT, index + PuntMessageDescriptor.WORKER_OFFSET, (short)workerIndex);
        ringMemory.set(ValueLayout.JAVA_SHORT, index + PuntMessageDescriptor.L3_OFFSET_OFFSET, (short)0);
        ringMemory.set(ValueLayout.JAVA_SHORT, index + PuntMessageDescriptor.INNER_L3_OFFSET_OFFSET, (short)0);
        ringMemory.set(BIG_ENDIAN_LONG, index + PuntMessageDescriptor.HEADER_LENGTH, high);
        ringMemory.set(BIG_ENDIAN_LONG, index + PuntMessageDescriptor.HEADER_LENGTH + 8, low);
        ring.commit(index);
        return true;
    }
}
