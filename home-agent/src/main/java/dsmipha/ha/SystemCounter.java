package dsmipha.ha;

import dsmipha.common.counters.CounterDescriptor;
import dsmipha.common.counters.CounterDescriptors;
import dsmipha.common.counters.CounterInfo;

/**
 * Instance-wide counters. Ids 1-99 (see {@link CounterDescriptor}).
 */
public enum SystemCounter implements CounterDescriptor
{
    /** Exceptions thrown out of an agent's duty cycle (each is also logged). */
    AGENT_ERRORS(1, "agent-errors", "exceptions thrown by an agent's duty cycle");

    static
    {
        CounterDescriptors.requireUnique(values());
    }

    private final CounterInfo info;

    SystemCounter(final int id, final String label, final String description)
    {
        this.info = new CounterInfo(id, label, description);
    }

    @Override
    public CounterInfo info()
    {
        return info;
    }
}
