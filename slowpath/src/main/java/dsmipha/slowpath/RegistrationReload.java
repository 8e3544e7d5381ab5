package dsmipha.slowpath;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dsmipha.slowpath.registration.RegistrationConfig;
import dsmipha.slowpath.registration.RegistrationProcessor;

/**
 * Hands a reloaded registration config (SIGHUP) from the thread that read the file to the signaling thread, which
 * owns the binding cache and applies it between two Binding Updates. A one-slot mailbox: a newer config replaces one
 * not yet taken, so two quick reloads apply the last file.
 */
public final class RegistrationReload implements SignalingAgent.Duty
{
    private final RegistrationProcessor registration;
    private final AtomicReference<RegistrationConfig> pending = new AtomicReference<>();
    private final AtomicLong applied = new AtomicLong();

    /**
     * @param registration the registration the signaling thread runs.
     */
    public RegistrationReload(final RegistrationProcessor registration)
    {
        this.registration = registration;
    }

    /**
     * Any thread: ask the signaling thread to take this config.
     *
     * @param next the new config.
     */
    public void offer(final RegistrationConfig next)
    {
        pending.set(next);
    }

    /**
     * @return how many configs the signaling thread has applied (a waiter polls this).
     */
    public long appliedCount()
    {
        return applied.get();
    }

    @Override
    public int doWork(final long nowNs)
    {
        final RegistrationConfig next = pending.getAndSet(null);
        if (next == null)
        {
            return 0;
        }
        registration.reload(next);
        applied.incrementAndGet();
        return 1;
    }
}
