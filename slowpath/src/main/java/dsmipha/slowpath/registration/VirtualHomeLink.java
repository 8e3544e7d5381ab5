package dsmipha.slowpath.registration;

import java.util.Arrays;

import dsmipha.common.counters.CounterSlots;

/**
 * A virtual home link (the 3GPP model): no node lives on the home prefix, so there is nothing to intercept,
 * announce or defend. Nothing is proxied, {@link #duplicateAddressDetection()} is false, and a DAD request made
 * anyway is answered {@link #DAD_UNIQUE} from the next {@link #doWork} without a probe (RFC 6275 §10.3.1 asks for
 * DAD on the home link; there is none). Not thread safe: the signaling thread's.
 */
public final class VirtualHomeLink implements HomeLink
{
    private final long[] counts = new long[HomeLinkCounter.values().length];
    private long[] tokens = new long[16];
    private DadListener[] listeners = new DadListener[16];
    private int pending;

    @Override
    public boolean proxiesIpv4(final int port, final int address)
    {
        return false;
    }

    @Override
    public boolean proxiesIpv6(final int port, final long high, final long low)
    {
        return false;
    }

    @Override
    public void onRegistered(
        final long homeHigh, final long homeLow, final int ipv4Home, final boolean newBinding, final long nowNs)
    {
        counts[HomeLinkCounter.VIRTUAL_REGISTRATION.ordinal()]++;
    }

    @Override
    public void onDeregistered(final long homeHigh, final long homeLow, final int ipv4Home, final long nowNs)
    {
        // Nothing was proxied.
    }

    @Override
    public boolean duplicateAddressDetection()
    {
        return false;
    }

    @Override
    public void startDuplicateAddressDetection(
        final long homeHigh, final long homeLow, final long token, final DadListener listener, final long nowNs)
    {
        if (pending == tokens.length)
        {
            tokens = Arrays.copyOf(tokens, pending * 2);
            listeners = Arrays.copyOf(listeners, pending * 2);
        }
        tokens[pending] = token;
        listeners[pending] = listener;
        pending++;
    }

    @Override
    public int doWork(final long nowNs)
    {
        final int done = pending;
        for (int i = 0; i < done; i++)
        {
            final DadListener listener = listeners[i];
            listeners[i] = null;
            counts[HomeLinkCounter.VIRTUAL_DAD_SKIPPED.ordinal()]++;
            listener.onDuplicateAddressDetection(tokens[i], DAD_UNIQUE, nowNs);
        }
        // A listener may have started another request: keep what arrived during the loop.
        final int arrived = pending - done;
        System.arraycopy(tokens, done, tokens, 0, arrived);
        System.arraycopy(listeners, done, listeners, 0, arrived);
        Arrays.fill(listeners, arrived, done + arrived, null);
        pending = arrived;
        return done;
    }

    /**
     * @param counter a home link counter.
     * @return its count so far (only {@link HomeLinkCounter#VIRTUAL_REGISTRATION} and
     *         {@link HomeLinkCounter#VIRTUAL_DAD_SKIPPED} move here).
     */
    public long count(final HomeLinkCounter counter)
    {
        return counts[counter.ordinal()];
    }

    /**
     * Bring counter slots over {@link HomeLinkCounter} up to this home link's counts and publish them.
     *
     * @param slots the home link's slots in the counters file, written by no one else.
     * @return number of slots published.
     */
    @Override
    public int publish(final CounterSlots slots)
    {
        return slots.publishTotals(counts);
    }
}
