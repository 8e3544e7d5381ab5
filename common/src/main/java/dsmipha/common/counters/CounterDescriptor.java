package dsmipha.common.counters;

/**
 * A named counter with a stable id: what one drop, punt or outcome reason is called in the counters file, in
 * {@code dsmip-ha stat} and in docs/counters.md. Implemented by enums, one per component; ids never change once
 * released, so scripts and dashboards can rely on them.
 * <ul>
 *   <li>1-99: system (errors, agent duty cycles)</li>
 *   <li>100-199: packet I/O ports</li>
 *   <li>1000-1999: fastpath workers</li>
 *   <li>2000-2999: slowpath</li>
 * </ul>
 */
public interface CounterDescriptor
{
    /**
     * @return the counter's id, label and description.
     */
    CounterInfo info();

    /**
     * @return the stable id, stored as the counter's type id.
     */
    default int id()
    {
        return info().id();
    }

    /**
     * @return the stable label, lower case with dashes, e.g. {@code drop-ipv4-bad-checksum}.
     */
    default String label()
    {
        return info().label();
    }

    /**
     * @return one line saying what is counted, for docs and {@code dsmip-ha counters}.
     */
    default String description()
    {
        return info().description();
    }
}
