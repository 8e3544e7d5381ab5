package dsmipha.slowpath;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import dsmipha.common.counters.CounterSlots;
import dsmipha.slowpath.registration.BindingAckWriter;

/**
 * Group commit for Binding Acknowledgements: with the binding store on, an Ack that accepts a change leaves only
 * once the binding-store thread has written that change to the journal, so a kill -9 at any moment never loses a
 * binding whose Ack was sent. "Written" means {@code pwrite} returned (the page cache: survives the process, not
 * the kernel); a power loss may still cost the store's force window (50 ms, see docs/registration.md "Durability
 * window").
 * <p>
 * The built frame is copied into a fixed off-heap slab, one slot per pending Ack, with the ring position of the
 * change it acknowledges ({@link AckJournal#enqueuedPosition} right after the change was queued). Every duty cycle
 * of the signaling thread {@link #doWork} releases, in order, the Acks whose position the store thread has written
 * ({@link AckJournal#writtenPosition}). One FIFO for all mobile nodes keeps each node's Acks in order.
 * <pre>
 *   slab: capacity x SLOT_LENGTH octets, slot i = pending Ack (head + i) % capacity
 *   +-----------------------------+----------------------+-------------------------+
 *   | frame (Ethernet .. MH, <= SLOT_LENGTH octets)       | position | port | length |  (positions/ports/lengths
 *   +-----------------------------------------------------+----------+------+--------+   in parallel arrays)
 * </pre>
 * Rules:
 * <ul>
 *   <li>a rejection (status &gt;= 128, RFC 6275 §6.1.8) changes no binding: it leaves at once when nothing is
 *       pending, else queues behind the pending Acks (released with them);</li>
 *   <li>an acceptance whose change never reached the journal's queue (ring full or too large,
 *       {@link AckJournal#journalMisses} moved) is dropped and counted: the mobile node retransmits with a new
 *       sequence number (RFC 6275 §11.8) and that change is journaled;</li>
 *   <li>a full FIFO drops the Ack and counts it, never sends it early (RFC 6275 §11.8: the mobile node
 *       retransmits).</li>
 * </ul>
 * Signaling thread only; no allocation after construction.
 */
public final class AckGate
{
    /** Pending Acks held by default. */
    public static final int DEFAULT_CAPACITY = 4096;
    /** Octets of one slab slot: the longest frame the {@link BindingAckWriter} builds, 8-aligned. */
    public static final int SLOT_LENGTH = (BindingAckWriter.MAX_FRAME_LENGTH + 7) & ~7;
    /** RFC 6275 §6.1.8: Binding Ack status values of 128 and above reject the Binding Update. */
    static final int FIRST_REJECT_STATUS = 128;
    private static final long ALWAYS_WRITTEN = 0L;

    private static final int TX_BINDING_ACK = SlowpathCounter.TX_BINDING_ACK.ordinal();
    private static final int TX_SIGNALING_REFUSED = SlowpathCounter.TX_SIGNALING_REFUSED.ordinal();
    private static final int TX_ACK_HELD = SlowpathCounter.TX_ACK_HELD.ordinal();
    private static final int TX_ACK_RELEASED = SlowpathCounter.TX_ACK_RELEASED.ordinal();
    private static final int TX_ACK_HELD_FULL = SlowpathCounter.TX_ACK_HELD_FULL.ordinal();
    private static final int TX_ACK_NOT_JOURNALED = SlowpathCounter.TX_ACK_NOT_JOURNALED.ordinal();
    private static final int TX_ACK_PENDING = SlowpathCounter.TX_ACK_PENDING.ordinal();

    private final AckJournal journal;
    private final SlowpathTransmitter transmitter;
    private final CounterSlots counters;
    private final int capacity;
    private final MemorySegment slab;
    private final long[] positions;
    private final int[] ports;
    private final int[] lengths;
    private long head;
    private long tail;
    private long seenJournalMisses;

    /**
     * A gate of {@link #DEFAULT_CAPACITY} pending Acks.
     *
     * @param journal     the binding journal's positions.
     * @param transmitter where released Acks leave.
     * @param counters    slots over {@link SlowpathCounter}.
     */
    public AckGate(final AckJournal journal, final SlowpathTransmitter transmitter, final CounterSlots counters)
    {
        this(journal, transmitter, counters, DEFAULT_CAPACITY);
    }

    /**
     * @param journal     the binding journal's positions.
     * @param transmitter where released Acks leave.
     * @param counters    slots over {@link SlowpathCounter}.
     * @param capacity    pending Acks held at most.
     */
    public AckGate(
        final AckJournal journal,
        final SlowpathTransmitter transmitter,
        final CounterSlots counters,
        final int capacity)
    {
        if (capacity <= 0)
        {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.journal = journal;
        this.transmitter = transmitter;
        this.counters = counters;
        this.capacity = capacity;
        this.slab = Arena.ofAuto().allocate((long)capacity * SLOT_LENGTH, Long.BYTES);
        this.positions = new long[capacity];
        this.ports = new int[capacity];
        this.lengths = new int[capacity];
        this.seenJournalMisses = journal.journalMisses();
    }

    /**
     * Send a built Binding Ack once the change it acknowledges is in the journal; call right after the change was
     * handed to the journal (the processor calls its listener before its sender).
     *
     * @param frame  memory holding the frame from its Ethernet header.
     * @param offset offset of the frame's first octet.
     * @param length frame length in octets.
     * @param port   output port index.
     * @param status the Ack's status (RFC 6275 §6.1.8).
     */
    public void bindingAck(final MemorySegment frame, final long offset, final int length, final int port,
        final int status)
    {
        if (status >= FIRST_REJECT_STATUS)
        {
            if (head == tail)
            {
                send(port, frame, offset, length);
            }
            else
            {
                hold(port, frame, offset, length, ALWAYS_WRITTEN);
            }
            return;
        }
        final long misses = journal.journalMisses();
        if (misses != seenJournalMisses)
        {
            // The change was not queued: acknowledging it would promise a binding a restart cannot restore.
            seenJournalMisses = misses;
            counters.increment(TX_ACK_NOT_JOURNALED);
            return;
        }
        final long position = journal.enqueuedPosition();
        if (head == tail && journal.writtenPosition() >= position)
        {
            send(port, frame, offset, length);
            return;
        }
        hold(port, frame, offset, length, position);
    }

    /**
     * Release, in order, the held Acks whose change the binding-store thread has written. Signaling thread, every
     * duty cycle.
     *
     * @return Acks released.
     */
    public int doWork()
    {
        if (head == tail)
        {
            return 0;
        }
        final long written = journal.writtenPosition();
        int released = 0;
        while (head != tail)
        {
            final int slot = (int)(head % capacity);
            if (positions[slot] > written)
            {
                break;
            }
            send(ports[slot], slab, (long)slot * SLOT_LENGTH, lengths[slot]);
            head++;
            released++;
        }
        if (released > 0)
        {
            counters.add(TX_ACK_RELEASED, released);
            counters.set(TX_ACK_PENDING, tail - head);
        }
        return released;
    }

    /**
     * @return Acks held now.
     */
    public int pending()
    {
        return (int)(tail - head);
    }

    private void hold(final int port, final MemorySegment frame, final long offset, final int length,
        final long position)
    {
        if (tail - head == capacity || length > SLOT_LENGTH)
        {
            counters.increment(TX_ACK_HELD_FULL);
            return;
        }
        final int slot = (int)(tail % capacity);
        MemorySegment.copy(frame, offset, slab, (long)slot * SLOT_LENGTH, length);
        positions[slot] = position;
        ports[slot] = port;
        lengths[slot] = length;
        tail++;
        counters.increment(TX_ACK_HELD);
        counters.set(TX_ACK_PENDING, tail - head);
    }

    private void send(final int port, final MemorySegment frame, final long offset, final int length)
    {
        if (transmitter.transmit(port, frame, offset, length))
        {
            counters.increment(TX_BINDING_ACK);
        }
        else
        {
            counters.increment(TX_SIGNALING_REFUSED);
        }
    }
}
