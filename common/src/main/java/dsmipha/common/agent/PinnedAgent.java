package dsmipha.common.agent;

import org.agrona.concurrent.Agent;

/**
 * Wraps an agent so that its thread pins itself to a CPU in {@link #onStart()}, before the agent's own start, and
 * verifies the pinning by reading the affinity back ({@link CpuAffinity#pinCurrentThread(int)}). A failure to pin
 * stops the agent: a worker that runs on the wrong core is a misconfiguration, not something to run through.
 */
public final class PinnedAgent implements Agent
{
    private final Agent delegate;
    private final int cpu;
    private volatile int pinnedCpu = AgentPlacement.UNPINNED;

    /**
     * @param delegate the agent to run.
     * @param cpu      the CPU to pin to, or {@link AgentPlacement#UNPINNED} to leave the thread where it is.
     */
    public PinnedAgent(final Agent delegate, final int cpu)
    {
        this.delegate = delegate;
        this.cpu = cpu;
    }

    @Override
    public void onStart()
    {
        if (cpu != AgentPlacement.UNPINNED)
        {
            CpuAffinity.pinCurrentThread(cpu);
            pinnedCpu = cpu;
        }
        delegate.onStart();
    }

    @Override
    public int doWork() throws Exception
    {
        return delegate.doWork();
    }

    @Override
    public void onClose()
    {
        delegate.onClose();
    }

    @Override
    public String roleName()
    {
        return delegate.roleName();
    }

    /**
     * @return the CPU the thread was pinned to and verified on, or {@link AgentPlacement#UNPINNED}.
     */
    public int pinnedCpu()
    {
        return pinnedCpu;
    }

    /**
     * @return the wrapped agent.
     */
    public Agent delegate()
    {
        return delegate;
    }
}
