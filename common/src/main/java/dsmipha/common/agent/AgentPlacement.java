package dsmipha.common.agent;

import java.util.Objects;

import org.agrona.concurrent.Agent;

/**
 * Where one agent runs: the CPU its thread is pinned to (or {@link #UNPINNED}) and how it idles.
 *
 * @param agent        the agent.
 * @param cpu          CPU to pin its thread to in {@link ThreadingMode#DEDICATED} mode, or {@link #UNPINNED}.
 * @param idleStrategy idle strategy name, see {@link IdleStrategies#of(String)}.
 */
public record AgentPlacement(Agent agent, int cpu, String idleStrategy)
{
    /** The thread is left wherever the scheduler puts it. */
    public static final int UNPINNED = -1;

    /**
     * Validate the placement.
     *
     * @param agent        the agent.
     * @param cpu          CPU or {@link #UNPINNED}.
     * @param idleStrategy idle strategy name.
     */
    public AgentPlacement
    {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(idleStrategy, "idleStrategy");
        if (cpu < UNPINNED || cpu >= CpuAffinity.MAX_CPUS)
        {
            throw new IllegalArgumentException("cpu " + cpu + " for agent " + agent.roleName());
        }
        IdleStrategies.of(idleStrategy);
    }
}
