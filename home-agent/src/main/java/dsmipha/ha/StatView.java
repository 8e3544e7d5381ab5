package dsmipha.ha;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dsmipha.common.counters.CounterSample;
import dsmipha.common.counters.CountersFile;

/**
 * Renders a counters file as a table (the view of {@code dsmip-ha stat} and of {@code run}'s live display):
 * one row per counter, summed over owners (workers) unless asked per owner, with the rate since the previous
 * sample. Reads only; never writes the file.
 */
public final class StatView
{
    private final CountersFile file;
    private final boolean perOwner;
    private final boolean showZero;
    private Map<String, Long> previous = Map.of();
    private long previousNs;

    /**
     * @param file     the counters file (read-only is enough).
     * @param perOwner one row per owner and counter instead of sums.
     * @param showZero include counters that are zero.
     */
    public StatView(final CountersFile file, final boolean perOwner, final boolean showZero)
    {
        this.file = file;
        this.perOwner = perOwner;
        this.showZero = showZero;
    }

    /**
     * Sample the counters and print one table.
     *
     * @param out   where to print.
     * @param nowNs monotonic time of the sample, for rates.
     */
    public void print(final PrintStream out, final long nowNs)
    {
        final Map<String, Long> current = sample();
        final double seconds = previousNs == 0 ? 0 : (nowNs - previousNs) / 1e9;
        final long heartbeatAgeMs = System.currentTimeMillis() - file.heartbeatMs();
        out.printf("instance %s  pid %d  up %ds  %s%n", file.instanceName(), file.pid(),
            (System.currentTimeMillis() - file.startTimeMs()) / 1000,
            heartbeatAgeMs > 5000 ? "NOT RUNNING (heartbeat " + heartbeatAgeMs / 1000 + "s old)" : "running");
        out.printf("%-44s %20s %14s%n", "counter", "value", "per second");
        for (final Map.Entry<String, Long> entry : current.entrySet())
        {
            final long value = entry.getValue();
            if (value == 0 && !showZero)
            {
                continue;
            }
            final Long before = previous.get(entry.getKey());
            final String rate = seconds > 0 && before != null ?
                String.format("%,14.0f", (value - before) / seconds) : "";
            out.printf("%-44s %,20d %14s%n", entry.getKey(), value, rate);
        }
        out.println();
        previous = current;
        previousNs = nowNs;
    }

    /**
     * @return counter name to value, summed over owners unless per owner, in file order.
     */
    public Map<String, Long> sample()
    {
        final List<CounterSample> samples = file.snapshot();
        final Map<String, Long> rows = new LinkedHashMap<>();
        for (final CounterSample sample : samples)
        {
            final String name = perOwner ? sample.label() : counterName(sample.label());
            rows.merge(name, sample.value(), Long::sum);
        }
        return rows;
    }

    private static String counterName(final String label)
    {
        final int colon = label.indexOf(": ");
        return colon < 0 ? label : label.substring(colon + 2);
    }
}
