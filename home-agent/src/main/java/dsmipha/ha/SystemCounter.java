package dsmipha.ha;

import dsmipha.common.counters.CounterDescriptor;
import dsmipha.common.counters.CounterDescriptors;

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

    private final int id;
    private final String label;
    private final String description;

    SystemCounter(final int id, final String label, final String description)
    {
        this.id = id;
        this.label = label;
        this.description = description;
    }

    @Override
    public int id()
    {
        return id;
    }

    @Override
    public String label()
    {
        return label;
    }

    @Override
    public String description()
    {
        return description;
    }
}
