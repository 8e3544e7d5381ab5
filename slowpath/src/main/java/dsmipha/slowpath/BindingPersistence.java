package dsmipha.slowpath;

import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.EpochClock;

import dsmipha.common.counters.CounterSlots;
import dsmipha.slowpath.registration.BindingListener;
import dsmipha.slowpath.registration.BindingRecord;
import dsmipha.slowpath.registration.BindingStore;
import dsmipha.slowpath.registration.RegistrationProcessor;
import dsmipha.slowpath.registration.StoredBinding;

/**
 * Keeps the binding cache across restarts: every binding change the {@link RegistrationProcessor} publishes is
 * journaled in the {@link BindingStore}; at startup the stored bindings are restored into the processor (pool
 * leases claimed again, fastpath entries published, expiry timers scheduled) before any agent runs.
 * <p>
 * Lifetimes are kept as wall-clock expiry times, so a restart never extends one: a binding that expired while the
 * home agent was down is dropped at recovery. The processor's clock is monotonic nanoseconds; the two are related
 * once per change ({@code expiryEpochMs = nowEpochMs + (expiryNs - nowNs) / 10^6}).
 * Signaling thread only (recovery runs on the starting thread before the agents start).
 */
public final class BindingPersistence implements BindingListener
{
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final BindingStore store;
    private final CounterSlots counters;
    private final EpochClock epochClock;

    /**
     * @param store      the opened store.
     * @param counters   the slots the store counts in (published from {@link #publish}).
     * @param epochClock wall-clock milliseconds.
     */
    public BindingPersistence(final BindingStore store, final CounterSlots counters, final EpochClock epochClock)
    {
        this.store = store;
        this.counters = counters;
        this.epochClock = epochClock;
    }

    /**
     * Publish the store's counters.
     */
    public void publish()
    {
        counters.publish();
    }

    /**
     * Restore every stored, unexpired binding into the processor and start journaling its changes.
     *
     * @param processor the registration rules (its tables are empty of these bindings).
     * @param nowNs     the processor's clock now.
     * @return bindings restored.
     */
    public int recoverInto(final RegistrationProcessor processor, final long nowNs)
    {
        final long nowEpochMs = epochClock.time();
        int restored = 0;
        for (final StoredBinding stored : store.recover(nowEpochMs))
        {
            final BindingRecord record = toRecord(stored, nowNs, nowEpochMs);
            processor.deriveTunnel(record);
            restored += processor.restore(record, nowNs) ? 1 : 0;
        }
        processor.bindingListener(this);
        return restored;
    }

    @Override
    public void onBindingStored(final BindingRecord record, final long nowNs)
    {
        store.put(toStored(record, nowNs, epochClock.time()));
    }

    @Override
    public void onBindingRemoved(final BindingRecord record, final long nowNs)
    {
        store.remove(record.homeHigh, record.homeLow);
    }

    /**
     * Batched fsync and compaction.
     *
     * @param nowNs current time.
     * @return work done.
     */
    public int doWork(final long nowNs)
    {
        return store.doWork(nowNs);
    }

    /**
     * Flush and close the store.
     */
    public void close()
    {
        store.close();
    }

    static StoredBinding toStored(final BindingRecord record, final long nowNs, final long nowEpochMs)
    {
        final List<StoredBinding.MobileNetworkPrefix> prefixes = new ArrayList<>(record.mobileNetworkPrefixCount);
        for (int i = 0; i < record.mobileNetworkPrefixCount; i++)
        {
            prefixes.add(new StoredBinding.MobileNetworkPrefix(record.mobileNetworkPrefixHigh[i],
                record.mobileNetworkPrefixLow[i], record.mobileNetworkPrefixLength[i]));
        }
        final long expiryEpochMs = nowEpochMs + Math.floorDiv(record.expiryNs - nowNs, NANOS_PER_MILLI);
        return new StoredBinding(record.homeHigh, record.homeLow, record.careOfHigh, record.careOfLow,
            record.path.transport, record.path.peerIpv4, record.path.peerUdpPort, record.path.localIpv4,
            record.path.localUdpPort, record.path.port, record.path.peerMac, record.path.localMac, record.localHigh,
            record.localLow, record.ipv4Home, record.ipv4Home != 0 ? 32 : 0, record.ipv4HomeDynamic,
            record.ipv4PrefixNetwork, record.ipv4PrefixLength, record.ipv4PrefixDynamic, prefixes, record.flags,
            record.sequence, expiryEpochMs, Integer.toUnsignedLong(record.bindingId));
    }

    static BindingRecord toRecord(final StoredBinding stored, final long nowNs, final long nowEpochMs)
    {
        final BindingRecord record = new BindingRecord();
        record.homeHigh = stored.homeHigh();
        record.homeLow = stored.homeLow();
        record.careOfHigh = stored.careOfHigh();
        record.careOfLow = stored.careOfLow();
        record.path.transport = stored.transport();
        record.path.peerIpv4 = stored.natPeerIpv4();
        record.path.peerUdpPort = stored.natPeerPort();
        record.path.localIpv4 = stored.localIpv4();
        record.path.localUdpPort = stored.localPort();
        record.path.port = stored.portIndex();
        record.path.peerMac = stored.peerMac();
        record.path.localMac = stored.localMac();
        record.localHigh = stored.haHigh();
        record.localLow = stored.haLow();
        record.ipv4Home = stored.ipv4HomeAddress();
        record.ipv4HomeDynamic = stored.ipv4HomeDynamic();
        record.ipv4PrefixNetwork = stored.ipv4PrefixNetwork();
        record.ipv4PrefixLength = stored.ipv4PrefixLength();
        record.ipv4PrefixDynamic = stored.ipv4PrefixDynamic();
        final int count = stored.mobileNetworkPrefixes().size();
        record.mobileNetworkPrefixCount = count;
        if (count > 0)
        {
            record.mobileNetworkPrefixHigh = new long[count];
            record.mobileNetworkPrefixLow = new long[count];
            record.mobileNetworkPrefixLength = new int[count];
            for (int i = 0; i < count; i++)
            {
                final StoredBinding.MobileNetworkPrefix prefix = stored.mobileNetworkPrefixes().get(i);
                record.mobileNetworkPrefixHigh[i] = prefix.high();
                record.mobileNetworkPrefixLow[i] = prefix.low();
                record.mobileNetworkPrefixLength[i] = prefix.length();
            }
        }
        record.flags = stored.flags();
        record.sequence = stored.lastSequence();
        final long remainingMs = stored.expiryEpochMs() - nowEpochMs;
        record.expiryNs = nowNs + remainingMs * NANOS_PER_MILLI;
        record.lifetimeSeconds = (int)Math.max(0, Math.min(Integer.MAX_VALUE, remainingMs / 1000));
        record.bindingId = (int)stored.bindingId();
        return record;
    }
}
