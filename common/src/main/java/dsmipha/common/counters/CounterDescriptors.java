package dsmipha.common.counters;

import java.util.HashMap;
import java.util.Map;

/**
 * Checks that counter ids and labels are unique, so that a reused id can never make two reasons look like one.
 * Each counter enum calls {@link #requireUnique} from its static initialiser; a test lists every enum together.
 */
public final class CounterDescriptors
{
    private CounterDescriptors()
    {
    }

    /**
     * @param groups counter enums' {@code values()}.
     * @throws IllegalStateException naming the clash when an id or a label repeats.
     */
    public static void requireUnique(final CounterDescriptor[]... groups)
    {
        final Map<Integer, CounterDescriptor> ids = new HashMap<>();
        final Map<String, CounterDescriptor> labels = new HashMap<>();
        for (final CounterDescriptor[] group : groups)
        {
            for (final CounterDescriptor descriptor : group)
            {
                final CounterDescriptor idClash = ids.putIfAbsent(descriptor.id(), descriptor);
                if (idClash != null)
                {
                    throw new IllegalStateException("counter id " + descriptor.id() + " used by both " + idClash +
                        " and " + descriptor);
                }
                final CounterDescriptor labelClash = labels.putIfAbsent(descriptor.label(), descriptor);
                if (labelClash != null)
                {
                    throw new IllegalStateException("counter label " + descriptor.label() + " used by both " +
                        labelClash + " and " + descriptor);
                }
            }
        }
    }
}
