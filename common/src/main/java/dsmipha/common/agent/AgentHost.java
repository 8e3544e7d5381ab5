package dsmipha.common.agent;

import java.util.ArrayList;
import java.util.List;

import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Runs a set of agents in one {@link ThreadingMode}: a pinned thread each, one shared thread, or no thread at all
 * (the caller invokes). Agents communicate only through rings and published memory, so the same agents run
 * unchanged in every mode.
 */
public final class AgentHost implements AutoCloseable
{
    private final ThreadingMode mode;
    private final List<AgentRunner> runners = new ArrayList<>();
    private final List<PinnedAgent> pinnedAgents = new ArrayList<>();
    private final AgentInvoker invoker;

    private AgentHost(
        final ThreadingMode mode,
        final List<AgentPlacement> placements,
        final ErrorHandler errorHandler,
        final AtomicCounter errorCounter)
    {
        if (placements.isEmpty())
        {
            throw new IllegalArgumentException("no agents to run");
        }
        this.mode = mode;
        switch (mode)
        {
            case DEDICATED ->
            {
                for (final AgentPlacement placement : placements)
                {
                    final PinnedAgent agent = new PinnedAgent(placement.agent(), placement.cpu());
                    pinnedAgents.add(agent);
                    runners.add(new AgentRunner(
                        IdleStrategies.of(placement.idleStrategy()), errorHandler, errorCounter, agent));
                }
                invoker = null;
            }
            case SHARED ->
            {
                final PinnedAgent agent = new PinnedAgent(composite(placements), placements.get(0).cpu());
                pinnedAgents.add(agent);
                runners.add(new AgentRunner(
                    IdleStrategies.of(placements.get(0).idleStrategy()), errorHandler, errorCounter, agent));
                invoker = null;
            }
            default -> invoker = new AgentInvoker(errorHandler, errorCounter, composite(placements));
        }
    }

    /**
     * Start the agents.
     *
     * @param mode         how agents map to threads.
     * @param placements   the agents with their CPUs and idle strategies; in SHARED mode the first placement's CPU
     *                     and idle strategy apply to the one thread.
     * @param errorHandler called with any exception an agent throws from its duty cycle.
     * @param errorCounter incremented per error, or null.
     * @return the running host; close it to stop every agent.
     */
    public static AgentHost start(
        final ThreadingMode mode,
        final List<AgentPlacement> placements,
        final ErrorHandler errorHandler,
        final AtomicCounter errorCounter)
    {
        final AgentHost host = new AgentHost(mode, placements, errorHandler, errorCounter);
        for (final AgentRunner runner : host.runners)
        {
            AgentRunner.startOnThread(runner);
        }
        if (host.invoker != null)
        {
            host.invoker.start();
        }
        return host;
    }

    /**
     * Run one duty cycle of every agent on the calling thread ({@link ThreadingMode#INVOKER} only).
     *
     * @return the work done.
     */
    public int invoke()
    {
        if (invoker == null)
        {
            throw new IllegalStateException("invoke() is for INVOKER mode, this host runs " + mode);
        }
        return invoker.invoke();
    }

    /**
     * @return the threading mode.
     */
    public ThreadingMode mode()
    {
        return mode;
    }

    /**
     * @return the agents as wrapped for pinning (empty in INVOKER mode), in placement order.
     */
    public List<PinnedAgent> pinnedAgents()
    {
        return List.copyOf(pinnedAgents);
    }

    /**
     * @return true while any agent thread (or the invoker) is still running.
     */
    public boolean isRunning()
    {
        if (invoker != null)
        {
            return invoker.isRunning();
        }
        for (final AgentRunner runner : runners)
        {
            if (!runner.isClosed())
            {
                // A runner whose thread has not yet started is starting, so it counts as running.
                final Thread thread = runner.thread();
                if (thread == null || thread.isAlive())
                {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void close()
    {
        for (final AgentRunner runner : runners)
        {
            runner.close();
        }
        if (invoker != null)
        {
            invoker.close();
        }
    }

    private static Agent composite(final List<AgentPlacement> placements)
    {
        if (placements.size() == 1)
        {
            return placements.get(0).agent();
        }
        final List<Agent> agents = new ArrayList<>();
        for (final AgentPlacement placement : placements)
        {
            agents.add(placement.agent());
        }
        return new CompositeAgent(agents);
    }
}
