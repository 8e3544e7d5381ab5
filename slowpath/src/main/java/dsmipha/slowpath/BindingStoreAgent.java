package dsmipha.slowpath;

import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicLong;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;

import dsmipha.common.counters.CounterSlots;
import dsmipha.slowpath.registration.BindingStore;
import dsmipha.slowpath.registration.StoreCounter;

/**
 * Owns the {@link BindingStore} once recovery is done: drains the binding changes the signaling thread queued in the
 * ring into the store's batch, writes each drain with one {@code pwrite}, forces within the durability window and
 * compacts, all on its own thread (role {@value #ROLE_NAME}), so none of it stalls the signaling thread. Publishes
 * the store's counters every duty cycle (it is their single writer while it runs).
 * <pre>
 *   ring message: msgTypeId 1 PUT  = a PUT body (BindingStore.encodePutBody, big-endian)
 *                 msgTypeId 2 REMOVE = home address (16 octets, big-endian)
 * </pre>
 */
final class BindingStoreAgent implements Agent, MessageHandler
{
    /** The agent's role and thread name. */
    static final String ROLE_NAME = "binding-store";
    private static final int READ_LIMIT = 4096;
    private static final int DRAIN_LIMIT = 65_536;
    private static final ByteOrder ORDER = ByteOrder.BIG_ENDIAN;

    private final OneToOneRingBuffer ring;
    private final BindingStore store;
    private final CounterSlots counters;
    private final NanoClock clock;
    private final AtomicLong writtenPosition = new AtomicLong();

    /**
     * @param ring     the changes queued by the signaling thread.
     * @param store    the recovered store.
     * @param counters the store's slots (this agent publishes them).
     * @param clock    monotonic clock for the durability window.
     */
    BindingStoreAgent(
        final OneToOneRingBuffer ring, final BindingStore store, final CounterSlots counters, final NanoClock clock)
    {
        this.ring = ring;
        this.store = store;
        this.counters = counters;
        this.clock = clock;
    }

    @Override
    public int doWork()
    {
        final int drained = drain(DRAIN_LIMIT);
        final long drainedPosition = ring.consumerPosition();
        final int work = drained + store.doWork(clock.nanoTime());
        if (drainedPosition != writtenPosition.getPlain())
        {
            // Everything drained up to here is staged and store.doWork has written it (pwrite): Acks may leave.
            writtenPosition.setRelease(drainedPosition);
        }
        counters.publish();
        return work;
    }

    /**
     * The ring position up to which every change has been written to the journal (page cache, not yet forced).
     * Written by this agent's thread with release semantics, read by the signaling thread with acquire semantics.
     *
     * @return ring position in octets; 0 before the first write.
     */
    long writtenPosition()
    {
        return writtenPosition.getAcquire();
    }

    /**
     * Read up to about {@code limit} messages. One read stops at the end of the ring's buffer (after a padding
     * record it may return 0 with messages waiting at the start), so only a second empty read ends the drain.
     */
    private int drain(final int limit)
    {
        int drained = 0;
        int emptyReads = 0;
        while (drained < limit && emptyReads < 2)
        {
            final int read = ring.read(this, READ_LIMIT);
            drained += read;
            emptyReads = read == 0 ? emptyReads + 1 : 0;
        }
        return drained;
    }

    @Override
    public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final boolean stored;
        if (msgTypeId == BindingStore.TYPE_PUT)
        {
            stored = store.stagePut(buffer, index, length);
        }
        else if (msgTypeId == BindingStore.TYPE_REMOVE && length == BindingStore.REMOVE_BODY)
        {
            store.stageRemove(buffer.getLong(index, ORDER), buffer.getLong(index + Long.BYTES, ORDER));
            stored = true;
        }
        else
        {
            stored = false;
        }
        if (!stored)
        {
            counters.increment(StoreCounter.DROP_MALFORMED.ordinal());
        }
    }

    /**
     * Drain everything still queued and write it (the store itself is closed by its owner afterwards).
     */
    @Override
    public void onClose()
    {
        while (ring.size() > 0)
        {
            drain(DRAIN_LIMIT);
            store.flush();
        }
        store.flush();
        counters.publish();
    }

    /**
     * Count and report an exception thrown on this agent's thread; the agent goes on with its next duty cycle.
     *
     * @param error what was thrown.
     */
    void onError(final Throwable error)
    {
        counters.increment(StoreCounter.AGENT_ERROR.ordinal());
        System.err.println("dsmip-ha: binding store agent: " + error);
        error.printStackTrace(System.err);
    }

    @Override
    public String roleName()
    {
        return ROLE_NAME;
    }
}
