package dsmipha.ha;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dsmipha.common.counters.CountersFile;

/**
 * One screen about an instance, the view of {@code dsmip-ha status}: who it is, whether it runs (heartbeat younger
 * than {@link PrometheusExporter#HEARTBEAT_STALE_MS}, the rule of {@code stat}'s NOT RUNNING) and a few headline
 * counters summed over owners. Reads only; never writes the file.
 * <pre>
 * instance        default
 * pid             4242
 * started         2026-11-23T19:20:00Z (up 73s)
 * heartbeat       0.4s ago: RUNNING
 * agent-errors    0
 * rx-packets      123,456,789
 * ...
 * drops (all)     17
 * </pre>
 * Only counters that exist are shown; the number of bindings is not, since no counter holds it exactly.
 */
public final class StatusView
{
    /** Exit status when the instance runs. */
    public static final int EXIT_RUNNING = 0;

    /** Exit status when it does not (stale heartbeat or no counters file). */
    public static final int EXIT_NOT_RUNNING = 1;

    /** The headline counters, in the order shown. */
    static final List<String> HEADLINE = List.of("agent-errors", "rx-packets", "tx-packets", "punts-read",
        "reg-rx-bu", "reg-accepted-new", "reg-accepted-refresh", "reg-deregistered", "reg-expired",
        "tx-binding-ack", "tx-ack-pending");

    /** A drop counter: the word {@code drop} in its label, e.g. {@code drop-ttl-expired}, {@code sig-drop-esp}. */
    private static final Pattern DROP = Pattern.compile("(^|-)drop(-|$)");

    private StatusView()
    {
    }

    /**
     * Print the status screen.
     *
     * @param file  the counters file (read-only is enough).
     * @param out   where to print.
     * @param nowMs wall clock, epoch ms.
     * @return {@link #EXIT_RUNNING} or {@link #EXIT_NOT_RUNNING}.
     */
    public static int print(final CountersFile file, final PrintWriter out, final long nowMs)
    {
        final long heartbeatAgeMs = Math.max(0, nowMs - file.heartbeatMs());
        final boolean running = heartbeatAgeMs < PrometheusExporter.HEARTBEAT_STALE_MS;
        out.printf("%-22s %s%n", "instance", file.instanceName());
        out.printf("%-22s %d%n", "pid", file.pid());
        out.printf("%-22s %s (up %ds)%n", "started", Instant.ofEpochMilli(file.startTimeMs()),
            Math.max(0, nowMs - file.startTimeMs()) / 1000);
        out.printf("%-22s %.1fs ago: %s%n", "heartbeat", heartbeatAgeMs / 1000.0,
            running ? "RUNNING" : "NOT RUNNING");
        final Map<String, Long> sums = new StatView(file, false, true).sample();
        for (final String counter : HEADLINE)
        {
            final Long value = sums.get(counter);
            if (value != null)
            {
                out.printf("%-22s %,d%n", counter, value);
            }
        }
        out.printf("%-22s %,d%n", "drops (all)", drops(sums));
        return running ? EXIT_RUNNING : EXIT_NOT_RUNNING;
    }

    /**
     * @param sums counter label to value summed over owners.
     * @return the sum of every drop counter (see {@link #DROP}).
     */
    static long drops(final Map<String, Long> sums)
    {
        long total = 0;
        for (final Map.Entry<String, Long> entry : sums.entrySet())
        {
            if (DROP.matcher(entry.getKey()).find())
            {
                total += entry.getValue();
            }
        }
        return total;
    }
}
