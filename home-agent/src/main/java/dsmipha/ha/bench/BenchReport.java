package dsmipha.ha.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * Text output of {@code dsmip-ha bench}: the table, the ceilings with our ratios to them, and the report folder
 * (summary.md with the table, the command and the machine; PNG charts from {@link BenchCharts}).
 * <pre>
 *   scenario        workers  bindings  size   Mpps    Gbps  p50 ns  p99 ns p99.9 ns  B/pkt   cpu  BU/s  lost  restore s
 *   downlink 6in6         1     10000    64  1.234   0.901    2100   15000    30000   0.00  0.98     -     -          -
 * </pre>
 */
public final class BenchReport
{
    private static final String ROW = "%-16s %7s %9s %6s %8s %8s %9s %9s %9s %7s %5s %9s %5s %9s";

    private BenchReport()
    {
    }

    /**
     * @return the table's header line.
     */
    public static String tableHeader()
    {
        return String.format(Locale.ROOT, ROW, "scenario", "workers", "bindings", "size", "Mpps", "Gbps", "p50 ns",
            "p99 ns", "p99.9 ns", "B/pkt", "cpu", "BU/s", "lost", "restore s");
    }

    /**
     * @param result a result.
     * @return its table line.
     */
    public static String tableRow(final BenchResult result)
    {
        final BenchSettings s = result.settings();
        return String.format(Locale.ROOT, ROW, result.label(), s.workers(), s.bindings(),
            result.isTraffic() ? s.packetSizeText() : "-", text(result.mpps(), 3), text(result.gbps(), 3),
            text(result.p50Ns()), text(result.p99Ns()), text(result.p999Ns()),
            text(result.allocBytesPerPacket(), 2), text(result.cpu(), 2), text(result.buPerSecond(), 0),
            text(result.lostBindings()), text(result.restoreSeconds(), 3));
    }

    /**
     * Print the ceilings and the traffic results' Mpps as a ratio to testpmd's.
     *
     * @param out      where.
     * @param ceilings what was measured.
     * @param results  the run's results.
     */
    public static void printCeilings(final PrintWriter out, final Ceilings ceilings, final List<BenchResult> results)
    {
        for (final String line : ceilingLines(ceilings, results))
        {
            out.println(line);
        }
        out.flush();
    }

    static List<String> ceilingLines(final Ceilings ceilings, final List<BenchResult> results)
    {
        final List<String> lines = new ArrayList<>();
        lines.add("ceilings (same run):");
        if (ceilings.opensslCommand() != null)
        {
            lines.add(String.format(Locale.ROOT, "  openssl AES-128-GCM: %s MB/s at 64 B, %s MB/s at 1024 B  (%s)",
                text(mega(ceilings.aesGcm64BytesPerS()), 1), text(mega(ceilings.aesGcm1kBytesPerS()), 1),
                ceilings.opensslCommand()));
        }
        if (ceilings.testpmdCommand() != null)
        {
            lines.add(String.format(Locale.ROOT, "  dpdk-testpmd io, null PMD, 1 core: %s Mpps  (%s)",
                text(ceilings.testpmdMpps(), 2), ceilings.testpmdCommand()));
        }
        for (final String note : ceilings.notes())
        {
            lines.add("  " + note);
        }
        if (ceilings.testpmdMpps() != null && ceilings.testpmdMpps() > 0)
        {
            for (final BenchResult result : results)
            {
                if (result.isTraffic() && result.mpps() != null)
                {
                    lines.add(String.format(Locale.ROOT, "  %-16s %d worker(s) %5s: %.3f Mpps = %.3f x testpmd " +
                        "(%.3f x per worker)", result.label(), result.settings().workers(),
                        result.settings().packetSizeText(), result.mpps(), result.mpps() / ceilings.testpmdMpps(),
                        result.mpps() / result.settings().workers() / ceilings.testpmdMpps()));
                }
            }
        }
        return lines;
    }

    /**
     * Write the report folder: summary.md and the charts that apply.
     *
     * @param dir      the folder (made if missing).
     * @param command  the command line that ran.
     * @param results  the results.
     * @param ceilings the ceilings, or null.
     * @throws IOException if a file cannot be written.
     */
    public static void write(
        final Path dir, final String command, final List<BenchResult> results, final Ceilings ceilings)
        throws IOException
    {
        Files.createDirectories(dir);
        final List<String> charts = BenchCharts.drawAll(dir, results);
        final StringBuilder md = new StringBuilder(4096);
        md.append("# dsmip-ha bench\n\n");
        md.append("- command: `").append(command).append("`\n");
        md.append("- date: ").append(Instant.now()).append('\n');
        for (final String line : machine())
        {
            md.append("- ").append(line).append('\n');
        }
        md.append("\n## Results\n\n```\n").append(tableHeader()).append('\n');
        for (final BenchResult result : results)
        {
            md.append(tableRow(result)).append('\n');
        }
        md.append("```\n\nJSON lines:\n\n```\n");
        for (final BenchResult result : results)
        {
            md.append(result.toJson()).append('\n');
        }
        md.append("```\n");
        if (ceilings != null)
        {
            md.append("\n## Ceilings\n\n```\n");
            for (final String line : ceilingLines(ceilings, results))
            {
                md.append(line).append('\n');
            }
            md.append("```\n");
        }
        md.append("\n## Charts\n\n");
        if (charts.isEmpty())
        {
            md.append("None: no traffic result with a latency distribution.\n");
        }
        for (final String chart : charts)
        {
            md.append("![").append(chart).append("](").append(chart).append(")\n\n");
        }
        Files.writeString(dir.resolve("summary.md"), md.toString(), StandardCharsets.UTF_8);
    }

    /**
     * @return the machine: nproc, CPU model, kernel, JVM.
     */
    static List<String> machine()
    {
        final List<String> lines = new ArrayList<>();
        lines.add("nproc: " + Runtime.getRuntime().availableProcessors());
        lines.add("CPU: " + cpuModel());
        lines.add("kernel: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " " +
            System.getProperty("os.arch"));
        lines.add("JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") +
            ", " + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        return lines;
    }

    private static String cpuModel()
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/cpuinfo")))
            {
                if (line.startsWith("model name"))
                {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        }
        catch (final IOException ignored)
        {
            // Not Linux: unknown.
        }
        return "unknown";
    }

    /**
     * @param results results.
     * @return the traffic results' latency percentiles by label (for tests and charts).
     */
    static Map<String, Histogram> latencies(final List<BenchResult> results)
    {
        final Map<String, Histogram> latencies = new LinkedHashMap<>();
        for (final BenchResult result : results)
        {
            if (result.latency() != null && result.latency().getTotalCount() > 0)
            {
                latencies.put(result.label() + " w" + result.settings().workers() + " " +
                    (result.isTraffic() ? result.settings().packetSizeText() : ""), result.latency());
            }
        }
        return latencies;
    }

    private static Double mega(final Double value)
    {
        return value == null ? null : value / 1e6;
    }

    private static String text(final Number value)
    {
        return value == null ? "-" : value.toString();
    }

    private static String text(final Double value, final int digits)
    {
        return value == null ? "-" : String.format(Locale.ROOT, "%." + digits + "f", value);
    }
}
