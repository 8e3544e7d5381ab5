package dsmipha.slowpath;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import dsmipha.common.counters.CounterSlots;
import dsmipha.slowpath.registration.BindingListener;
import dsmipha.slowpath.registration.BindingRecord;
import dsmipha.slowpath.registration.BindingStore;
import dsmipha.slowpath.registration.RegistrationProcessor;
import dsmipha.slowpath.registration.StoreCounter;

/**
 * Keeps the binding cache across restarts: every binding change the {@link RegistrationProcessor} publishes is
 * journaled in the {@link BindingStore}; at startup the stored bindings are restored into the processor (pool
 * leases claimed again, fastpath entries published, expiry timers scheduled) before any agent runs.
 * <p>
 * <b>Threads.</b> The signaling thread only encodes each change into an off-heap {@link OneToOneRingBuffer} (a PUT
 * body of {@link BindingStore#encodePutBody} or a REMOVE's home address): no allocation, no system call. A
 * {@link BindingStoreAgent} on its own thread (role {@code binding-store}, started by {@link #recoverInto}) owns the
 * store from then on: it drains the ring, writes each drain with one {@code pwrite}, forces within the store's
 * durability window (50 ms by default) and compacts; an exception there is counted
 * ({@link StoreCounter#AGENT_ERROR}), reported on stderr and never reaches the signaling thread.
 * <pre>
 *   signaling thread                       binding-store thread
 *   onBindingStored ──► encode PUT ──►  ring (16 MiB)  ──► drain ──► live records + batch ──► pwrite
 *   onBindingRemoved ─► REMOVE ─────►                       └─► fsync after 50 ms, compaction
 * </pre>
 * <b>Durability.</b> A change is on disk once the agent has drained and written it (normally well under a
 * millisecond, page cache) and survives a power loss once forced (the 50 ms window plus a duty cycle). A ring that is
 * full (the agent stalled by a slow disk or a long compaction) costs no signaling time but is counted: a PUT is then
 * dropped ({@link StoreCounter#RING_FULL_PUT}) and the disk keeps the binding's previous state until its next change
 * (every PUT carries the whole binding, so the next refresh repairs it; a binding that never changes again is
 * restored after a restart with its older expiry, or not at all when its first PUT was the one dropped); a REMOVE
 * is deferred in a fixed list ({@link StoreCounter#RING_FULL_REMOVE}) and queued again by {@link #doWork} (a later
 * PUT of the same home address cancels it), and lost only when that list is full too
 * ({@link StoreCounter#REMOVE_LOST}: the binding is restored after a restart until its stored expiry).
 * <p>
 * <b>Binding Acks.</b> As an {@link AckJournal} it tells the {@link AckGate} how far changes are queued
 * ({@link #enqueuedPosition}), how far the agent has written them ({@link #writtenPosition}, published by the agent
 * with release semantics after each {@code pwrite}) and how many never reached the ring ({@link #journalMisses}):
 * the gate holds each accepting Ack until its change is written, so a kill -9 never loses an acknowledged binding.
 * <p>
 * Lifetimes are kept as wall-clock expiry times, so a restart never extends one: a binding that expired while the
 * home agent was down is dropped at recovery. The processor's clock is monotonic nanoseconds; the two are related
 * once per change ({@code expiryEpochMs = nowEpochMs + (expiryNs - nowNs) / 10^6}).
 * The listener methods, {@link #doWork} and {@link #publish} run on the signaling thread; {@link #recoverInto} and
 * {@link #close} on the thread that starts and stops the home agent.
 */
public final class BindingPersistence implements BindingListener, AckJournal
{
    /** Default ring capacity: about 140,000 queued PUTs of a mobile host. */
    public static final int DEFAULT_RING_CAPACITY = 16 << 20;
    /** REMOVEs kept for a later try when the ring is full. */
    public static final int DEFERRED_REMOVE_CAPACITY = 4096;
    /** How long {@link #close} waits for the agent's thread (a compaction of millions of bindings) before giving up. */
    static final int CLOSE_TIMEOUT_MS = 120_000;
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final ByteOrder ORDER = ByteOrder.BIG_ENDIAN;

    private final BindingStore store;
    private final CounterSlots storeCounters;
    private final CounterSlots counters;
    private final EpochClock epochClock;
    private final OneToOneRingBuffer ring;
    private final AtomicBuffer ringBuffer;
    private final BindingStoreAgent agent;
    private final AgentRunner runner;
    private final long[] deferredHigh = new long[DEFERRED_REMOVE_CAPACITY];
    private final long[] deferredLow = new long[DEFERRED_REMOVE_CAPACITY];
    private int deferredCount;
    private long journalMisses;
    private boolean started;
    private boolean snapshotOnClose;
    private boolean closed;

    /**
     * A 16 MiB ring and a backoff idle strategy.
     *
     * @param store             the opened store (counting in {@code storeCounters}).
     * @param storeCounters     the store's slots: written by recovery, then by the agent's thread only.
     * @param signalingCounters slots over {@link StoreCounter} for what the signaling thread counts (ring full),
     *                          published from {@link #publish}.
     * @param epochClock        wall-clock milliseconds.
     */
    public BindingPersistence(
        final BindingStore store,
        final CounterSlots storeCounters,
        final CounterSlots signalingCounters,
        final EpochClock epochClock)
    {
        this(store, storeCounters, signalingCounters, epochClock, DEFAULT_RING_CAPACITY,
            new BackoffIdleStrategy(100, 10, 1_000, 1_000_000));
    }

    /**
     * @param store             the opened store (counting in {@code storeCounters}).
     * @param storeCounters     the store's slots: written by recovery, then by the agent's thread only.
     * @param signalingCounters slots over {@link StoreCounter} for what the signaling thread counts (ring full),
     *                          published from {@link #publish}.
     * @param epochClock        wall-clock milliseconds.
     * @param ringCapacity      ring capacity in octets, a power of two.
     * @param idleStrategy      how the agent idles when the ring is empty.
     */
    public BindingPersistence(
        final BindingStore store,
        final CounterSlots storeCounters,
        final CounterSlots signalingCounters,
        final EpochClock epochClock,
        final int ringCapacity,
        final IdleStrategy idleStrategy)
    {
        this.store = store;
        this.storeCounters = storeCounters;
        this.counters = signalingCounters;
        this.epochClock = epochClock;
        this.ringBuffer = new UnsafeBuffer(
            ByteBuffer.allocateDirect(ringCapacity + RingBufferDescriptor.TRAILER_LENGTH));
        this.ring = new OneToOneRingBuffer(ringBuffer);
        this.agent = new BindingStoreAgent(ring, store, storeCounters, SystemNanoClock.INSTANCE);
        this.runner = new AgentRunner(idleStrategy, agent::onError, null, agent);
    }

    /**
     * Publish the signaling thread's store counters (the agent publishes its own).
     */
    public void publish()
    {
        counters.publish();
    }

    /**
     * Restore every stored, unexpired binding into the processor, start journaling its changes and start the
     * binding store agent's thread. Call once, before the signaling thread runs.
     *
     * @param processor the registration rules (its tables are empty of these bindings).
     * @param nowNs     the processor's clock now.
     * @return bindings restored.
     */
    public int recoverInto(final RegistrationProcessor processor, final long nowNs)
    {
        // Streaming recovery: each stored binding decoded into one reused record and restored (tunnel derived,
        // leases claimed, fastpath entries published) without a list of a million objects in between.
        final int restored = processor.restoreAll(store, nowNs, epochClock.time());
        processor.bindingListener(this);
        started = true;
        AgentRunner.startOnThread(runner, BindingPersistence::daemonThread);
        return restored;
    }

    @Override
    public void onBindingStored(final BindingRecord record, final long nowNs)
    {
        final int length = BindingStore.putBodyLength(record.mobileNetworkPrefixCount);
        if (length > BindingStore.MAX_BODY || length > ring.maxMsgLength())
        {
            counters.increment(StoreCounter.DROP_TOO_LARGE.ordinal());
            journalMisses++;
            onBindingRemoved(record, nowNs);
            return;
        }
        final int index = ring.tryClaim(BindingStore.TYPE_PUT, length);
        if (index == RingBuffer.INSUFFICIENT_CAPACITY)
        {
            counters.increment(StoreCounter.RING_FULL_PUT.ordinal());
            journalMisses++;
            return;
        }
        final long nowEpochMs = epochClock.time();
        BindingStore.encodePutBody(ringBuffer, index, record,
            nowEpochMs + Math.floorDiv(record.expiryNs - nowNs, NANOS_PER_MILLI));
        ring.commit(index);
        if (deferredCount > 0)
        {
            cancelDeferredRemove(record.homeHigh, record.homeLow);
        }
    }

    @Override
    public void onBindingRemoved(final BindingRecord record, final long nowNs)
    {
        if (!offerRemove(record.homeHigh, record.homeLow))
        {
            deferRemove(record.homeHigh, record.homeLow);
        }
    }

    /**
     * Queue the REMOVEs deferred by a full ring again (signaling thread, every duty cycle). Writing, forcing and
     * compacting are the agent's.
     *
     * @param nowNs current time (unused: the agent keeps the durability window).
     * @return REMOVEs queued.
     */
    public int doWork(final long nowNs)
    {
        int queued = 0;
        while (queued < deferredCount && offerRemove(deferredHigh[queued], deferredLow[queued]))
        {
            queued++;
        }
        if (queued > 0)
        {
            deferredCount -= queued;
            System.arraycopy(deferredHigh, queued, deferredHigh, 0, deferredCount);
            System.arraycopy(deferredLow, queued, deferredLow, 0, deferredCount);
        }
        return queued;
    }

    /**
     * The ring position just after the last change queued (signaling thread: it is the ring's only producer).
     *
     * @return ring position in octets, monotonic.
     */
    @Override
    public long enqueuedPosition()
    {
        return ring.producerPosition();
    }

    /**
     * The ring position up to which the binding-store thread has written every change to the journal with
     * {@code pwrite} (read with acquire semantics; the agent publishes it with release semantics).
     *
     * @return ring position in octets, monotonic; 0 before the first write.
     */
    @Override
    public long writtenPosition()
    {
        return agent.writtenPosition();
    }

    /**
     * @return binding changes that never reached the ring (ring full, or too large), monotonic (signaling thread).
     */
    @Override
    public long journalMisses()
    {
        return journalMisses;
    }

    /**
     * @return octets queued in the ring and not yet taken by the agent (tools, tests, benchmarks).
     */
    public int queuedOctets()
    {
        return ring.size();
    }

    /**
     * @return REMOVEs waiting for room in the ring.
     */
    public int deferredRemoves()
    {
        return deferredCount;
    }

    /**
     * Stop the agent (it drains the ring and writes what it held), write the deferred REMOVEs, force and close the
     * store. Call after the signaling thread has stopped.
     */
    /**
     * Have {@link #close()} end with a snapshot of every binding and an empty journal (the home agent's orderly
     * stop), so the next start reads one file. Off by default: the journal then stays as written.
     *
     * @param snapshot whether close writes a snapshot.
     */
    public void snapshotOnClose(final boolean snapshot)
    {
        this.snapshotOnClose = snapshot;
    }

    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        runner.close(CLOSE_TIMEOUT_MS, thread -> System.err.println("dsmip-ha: waiting for " + thread.getName()));
        if (started)
        {
            for (int i = 0; i < deferredCount; i++)
            {
                store.stageRemove(deferredHigh[i], deferredLow[i]);
            }
        }
        deferredCount = 0;
        if (snapshotOnClose)
        {
            store.snapshot(); // an orderly stop (SIGTERM) leaves one snapshot for the next start
        }
        store.close();
        storeCounters.publish();
        counters.publish();
    }

    private boolean offerRemove(final long homeHigh, final long homeLow)
    {
        final int index = ring.tryClaim(BindingStore.TYPE_REMOVE, BindingStore.REMOVE_BODY);
        if (index == RingBuffer.INSUFFICIENT_CAPACITY)
        {
            return false;
        }
        ringBuffer.putLong(index, homeHigh, ORDER);
        ringBuffer.putLong(index + Long.BYTES, homeLow, ORDER);
        ring.commit(index);
        return true;
    }

    private void deferRemove(final long homeHigh, final long homeLow)
    {
        if (deferredCount == DEFERRED_REMOVE_CAPACITY)
        {
            counters.increment(StoreCounter.REMOVE_LOST.ordinal());
            return;
        }
        deferredHigh[deferredCount] = homeHigh;
        deferredLow[deferredCount] = homeLow;
        deferredCount++;
        counters.increment(StoreCounter.RING_FULL_REMOVE.ordinal());
    }

    private void cancelDeferredRemove(final long homeHigh, final long homeLow)
    {
        int kept = 0;
        for (int i = 0; i < deferredCount; i++)
        {
            if (deferredHigh[i] != homeHigh || deferredLow[i] != homeLow)
            {
                deferredHigh[kept] = deferredHigh[i];
                deferredLow[kept] = deferredLow[i];
                kept++;
            }
        }
        deferredCount = kept;
    }

    private static Thread daemonThread(final Runnable runnable)
    {
        final Thread thread = new Thread(runnable, BindingStoreAgent.ROLE_NAME);
        thread.setDaemon(true);
        return thread;
    }
}
