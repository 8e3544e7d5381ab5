package dsmipha.ha.log;

import java.io.IOException;

import org.agrona.ErrorHandler;

import dsmipha.common.agent.DistinctErrorHandler;
import dsmipha.common.counters.CounterSlots;
import dsmipha.common.counters.CountersFile;
import dsmipha.common.log.EventLog;
import dsmipha.common.log.LogConfig;
import dsmipha.common.log.LogCounter;
import dsmipha.slowpath.registration.RegistrationEventLog;
import dsmipha.slowpath.registration.RegistrationEvents;

/**
 * The home agent's log, started once: the {@link EventLog} with its logger thread, its counters
 * ({@link LogCounter}, owner "log") in the counters file, the {@link SecurityCounterWatcher} over the fastpath's
 * source checks, and the {@link RegistrationEvents} to hand to the registration processor. The methods below are
 * for rare events from any thread (start, stop, errors); the signaling thread logs through
 * {@link #registrationEvents()}.
 * <pre>
 *   try (HomeAgentLog log = HomeAgentLog.start(logConfig, countersFile))      // before the agents start
 *   {
 *       processor.registrationEvents(log.registrationEvents());
 *       log.agentStarted("dedicated", restored);
 *       ...                                                                      // SIGHUP: log.reopen()
 *       log.agentStopped("signal");
 *   }
 * </pre>
 */
public final class HomeAgentLog implements AutoCloseable
{
    /** Event: the home agent is running (operations, info). */
    public static final String AGENT_START = "agent.start";
    /** Event: the home agent is stopping (operations, info). */
    public static final String AGENT_STOP = "agent.stop";
    /** Event: an agent's duty cycle threw (operations, error). */
    public static final String AGENT_ERROR = "agent.error";
    /** Event: the binding store failed to write, sync or recover (operations, error). */
    public static final String STORE_ERROR = "store.error";
    /** Counter owner name of the log's counters. */
    public static final String COUNTER_OWNER = "log";

    private final EventLog log;
    private final RegistrationEvents registrationEvents;

    private HomeAgentLog(final EventLog log)
    {
        this.log = log;
        this.registrationEvents = new RegistrationEventLog(log);
    }

    /**
     * Start logging. Call at start, before the agents run (it allocates counters in the counters file).
     *
     * @param config   the log configuration.
     * @param counters the counters file, or null: no log counters and no source-check watcher.
     * @return the running log; close it last.
     * @throws IOException when the log file cannot be opened.
     */
    public static HomeAgentLog start(final LogConfig config, final CountersFile counters) throws IOException
    {
        final EventLog log = new EventLog(config);
        final HomeAgentLog homeAgentLog = new HomeAgentLog(log);
        CounterSlots slots = null;
        if (counters != null)
        {
            slots = new CounterSlots(counters, LogCounter.values(), 0, COUNTER_OWNER);
            log.addTicker(new SecurityCounterWatcher(counters.reader(), log, System.currentTimeMillis()));
        }
        log.start(slots, new DistinctErrorHandler(System.err));
        return homeAgentLog;
    }

    /**
     * @return the hook for {@code RegistrationProcessor.registrationEvents(..)}: signaling thread only.
     */
    public RegistrationEvents registrationEvents()
    {
        return registrationEvents;
    }

    /**
     * @return the event log, for components that register their own event types and writers.
     */
    public EventLog eventLog()
    {
        return log;
    }

    /**
     * Log {@value #AGENT_START}.
     *
     * @param layout           the threading layout in force.
     * @param restoredBindings bindings restored from the binding store.
     */
    public void agentStarted(final String layout, final int restoredBindings)
    {
        log.info(AGENT_START, "layout", layout, "restored_bindings", restoredBindings);
    }

    /**
     * Log {@value #AGENT_STOP}.
     *
     * @param reason why (e.g. {@code signal}, {@code error}).
     */
    public void agentStopped(final String reason)
    {
        log.info(AGENT_STOP, "reason", reason);
    }

    /**
     * Log {@value #STORE_ERROR}.
     *
     * @param operation what the store was doing ({@code append}, {@code sync}, {@code compact}, {@code recover}).
     * @param error     the failure.
     */
    public void storeError(final String operation, final Throwable error)
    {
        log.error(STORE_ERROR, "operation", operation, "error", error);
    }

    /**
     * @param next the handler that also gets every error (e.g. the distinct error handler and its counter).
     * @return an error handler for the agent runners that logs {@value #AGENT_ERROR} (rate limited) and passes on.
     */
    public ErrorHandler agentErrors(final ErrorHandler next)
    {
        return error ->
        {
            log.error(AGENT_ERROR, "thread", Thread.currentThread().getName(), "error", error);
            next.onError(error);
        };
    }

    /**
     * Log a rare operations event at info from any thread.
     *
     * @param event     dotted event name.
     * @param keyValues key, value, key, value...
     * @return true when recorded.
     */
    public boolean info(final String event, final Object... keyValues)
    {
        return log.info(event, keyValues);
    }

    /**
     * Log a rare operations event at warn from any thread.
     *
     * @param event     dotted event name.
     * @param keyValues key, value, key, value...
     * @return true when recorded.
     */
    public boolean warn(final String event, final Object... keyValues)
    {
        return log.warn(event, keyValues);
    }

    /**
     * Log a rare operations event at error from any thread.
     *
     * @param event     dotted event name.
     * @param keyValues key, value, key, value...
     * @return true when recorded.
     */
    public boolean error(final String event, final Object... keyValues)
    {
        return log.error(event, keyValues);
    }

    /**
     * Log a security event at warn from any thread.
     *
     * @param event     dotted event name.
     * @param keyValues key, value, key, value...
     * @return true when recorded.
     */
    public boolean security(final String event, final Object... keyValues)
    {
        return log.security(event, keyValues);
    }

    /**
     * Reopen the log file at its path (after logrotate renamed it): call from the SIGHUP handler. Any thread.
     */
    public void reopen()
    {
        log.reopen();
    }

    /**
     * Write what is queued and stop the logger thread.
     */
    @Override
    public void close()
    {
        log.close();
    }
}
