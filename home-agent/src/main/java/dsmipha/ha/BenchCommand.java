package dsmipha.ha;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import dsmipha.ha.bench.BenchAgent;
import dsmipha.ha.bench.BenchReport;
import dsmipha.ha.bench.BenchResult;
import dsmipha.ha.bench.BenchScenarios;
import dsmipha.ha.bench.BenchSettings;
import dsmipha.ha.bench.Ceilings;
import dsmipha.ha.bench.SignalingRun;
import dsmipha.ha.bench.TrafficRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dsmip-ha bench}: the perf harness (issue 8; docs/bench.md). Each scenario starts a real in-process home
 * agent on in-memory ports and drives it from the wire side; a table by default, one JSON line per result with
 * {@code --json}, the machine's ceilings with {@code --compare}, a folder with summary.md and PNG charts with
 * {@code --report}. Exit 0 when every scenario ran, 2 for a scenario that is not built (ESP) or bad flags.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmark the home agent in-process: downlink, uplink, mix, signaling, registration, restart " +
        "(docs/bench.md).")
public final class BenchCommand implements Callable<Integer>
{
    /** Exit status for a scenario that cannot run in this build (ESP) or a bad flag value. */
    public static final int EXIT_NOT_AVAILABLE = 2;
    /** Warm-up and window of the unreported JIT warm-up run. */
    private static final long JIT_WARMUP_NS = 1_000_000_000L;

    @Spec
    CommandSpec spec;

    @Option(names = "--scenario", split = ",",
        description = "downlink, uplink, mix, esp-encrypt, esp-decrypt, signaling, registration, restart " +
            "(comma-separated; default: all that are built).")
    List<String> scenarios;

    @Option(names = "--bindings", description = "Bindings (traffic default 1000000, signaling 10000, registration " +
        "and restart 100000; --quick: 10000 and 1000).")
    Integer bindings;

    @Option(names = "--packet-size", split = ",", defaultValue = "64",
        description = "Inner frame octets counting the FCS (64..1518) or imix; comma-separated for several.")
    List<String> packetSizes;

    @Option(names = "--workers", split = ",",
        description = "Fastpath workers (comma-separated for several; default: the cores less two, at least 1).")
    List<Integer> workers;

    @Option(names = "--cores", split = ",", description = "CPUs to pin the workers to, e.g. 2,3,4,5.")
    List<Integer> cores;

    @Option(names = "--duration", description = "Measured seconds per result (default 10; --quick 1).")
    Double durationSeconds;

    @Option(names = "--encap", split = ",", defaultValue = "6in6",
        description = "Variant for downlink and uplink: 6in6, 4in6, 6in4, 4in4, 4inUDP, 6inUDP (comma-separated).")
    List<String> encaps;

    @Option(names = "--json", description = "One JSON line per result instead of the table.")
    boolean json;

    @Option(names = "--quick", description = "Small N and short runs: the default set in under a minute.")
    boolean quick;

    @Option(names = "--compare", description = "Also run openssl speed (AES-GCM) and dpdk-testpmd io forwarding " +
        "where installed, and print ratios to them.")
    boolean compare;

    @Option(names = "--report", description = "Write summary.md and PNG charts into this folder.")
    Path report;

    @Override
    public Integer call() throws IOException
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final List<String> names = scenarios == null ? BenchScenarios.DEFAULT_SET : scenarios;
        for (final String name : names)
        {
            if (BenchScenarios.isEsp(name))
            {
                err.println(BenchScenarios.ESP_NOT_BUILT + " (--scenario " + name + ")");
                err.flush();
                return EXIT_NOT_AVAILABLE;
            }
            if (!BenchScenarios.ALL.contains(name))
            {
                err.println("dsmip-ha bench: unknown scenario '" + name + "'; one of " + BenchScenarios.ALL);
                err.flush();
                return EXIT_NOT_AVAILABLE;
            }
        }
        final List<BenchSettings> plan;
        try
        {
            plan = plan(names);
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("dsmip-ha bench: " + ex.getMessage());
            err.flush();
            return EXIT_NOT_AVAILABLE;
        }
        final List<BenchResult> results = new ArrayList<>();
        final Path countersDir = BenchAgent.temporaryCountersDir();
        try
        {
            if (!json)
            {
                out.println(BenchReport.tableHeader());
                out.flush();
            }
            warmUpJit(plan, countersDir, err);
            for (final BenchSettings settings : plan)
            {
                final BenchResult result = runOne(settings, countersDir, err);
                results.add(result);
                out.println(json ? result.toJson() : BenchReport.tableRow(result));
                out.flush();
            }
        }
        finally
        {
            BenchAgent.deleteTree(countersDir);
        }
        final Ceilings ceilings = compare ? Ceilings.measure(quick ? 1 : 3) : null;
        if (ceilings != null)
        {
            BenchReport.printCeilings(json ? err : out, ceilings, results);
        }
        if (report != null)
        {
            BenchReport.write(report, commandLine(), results, ceilings);
            err.println("dsmip-ha bench: report written to " + report);
            err.flush();
        }
        return 0;
    }

    /**
     * Before the first traffic result, an unreported mix run (both directions, every variant) so the JIT has
     * compiled the generator and the fastpath: on a 2-core machine its compiler threads otherwise take the CPU
     * from the first result.
     */
    private static void warmUpJit(final List<BenchSettings> plan, final Path countersDir, final PrintWriter err)
        throws IOException
    {
        for (final BenchSettings settings : plan)
        {
            if (BenchScenarios.isTraffic(settings.scenario()))
            {
                err.println("dsmip-ha bench: JIT warm-up (not reported)");
                err.flush();
                runOne(new BenchSettings(BenchScenarios.MIX, settings.workers(), settings.cpus(), 1000, 64, "mix",
                    JIT_WARMUP_NS, JIT_WARMUP_NS, 0), countersDir, null);
                return;
            }
        }
    }

    /**
     * Run one result's scenario.
     *
     * @param settings    what to run.
     * @param countersDir folder for the home agent's instance folder.
     * @param progress    progress lines.
     * @return the result.
     * @throws IOException if a state directory cannot be made.
     */
    public static BenchResult runOne(final BenchSettings settings, final Path countersDir, final PrintWriter progress)
        throws IOException
    {
        if (BenchScenarios.isTraffic(settings.scenario()))
        {
            return new TrafficRun(settings, progress).run(countersDir);
        }
        return new SignalingRun(settings, progress).run(countersDir);
    }

    /**
     * Expand the flags into one settings per result: scenarios × encapsulations (downlink, uplink) × worker counts ×
     * packet sizes (traffic only).
     */
    List<BenchSettings> plan(final List<String> names)
    {
        final List<Integer> workerCounts = workers != null ? workers : List.of(defaultWorkers());
        final double seconds = durationSeconds != null ? durationSeconds : quick ? 1 : 10;
        if (seconds <= 0)
        {
            throw new IllegalArgumentException("--duration must be above 0: " + seconds);
        }
        final long durationNs = (long)(seconds * 1e9);
        // The JIT needs about a second before the generator and the worker run at full speed.
        final long warmupNs = quick ? 1_000_000_000L : 3_000_000_000L;
        final List<BenchSettings> plan = new ArrayList<>();
        for (final String name : names)
        {
            final boolean traffic = BenchScenarios.isTraffic(name);
            final List<String> variants = BenchScenarios.MIX.equals(name) || !traffic ? List.of("mix") : encaps;
            final List<String> sizes = traffic ? packetSizes : List.of("64");
            for (final String variant : variants)
            {
                if (!"mix".equals(variant) && !BenchScenarios.VARIANTS.contains(variant))
                {
                    throw new IllegalArgumentException("--encap must be one of " + BenchScenarios.VARIANTS + ": " +
                        variant);
                }
                for (final int count : workerCounts)
                {
                    for (final String size : sizes)
                    {
                        plan.add(new BenchSettings(name, count, cores == null ? List.of() : cores,
                            bindingsFor(name), packetSize(size), variant, warmupNs, durationNs, 0));
                    }
                }
            }
        }
        return plan;
    }

    private int bindingsFor(final String scenario)
    {
        if (bindings != null)
        {
            return bindings;
        }
        if (BenchScenarios.isTraffic(scenario))
        {
            return quick ? 10_000 : 1_000_000;
        }
        if (BenchScenarios.SIGNALING.equals(scenario))
        {
            return quick ? 1_000 : 10_000;
        }
        return quick ? 1_000 : 100_000;
    }

    private int defaultWorkers()
    {
        if (cores != null)
        {
            return cores.size();
        }
        // One core for the generator, one for the slowpath, the rest for workers.
        return Math.max(1, Runtime.getRuntime().availableProcessors() - 2);
    }

    private static int packetSize(final String text)
    {
        if ("imix".equalsIgnoreCase(text))
        {
            return BenchSettings.IMIX;
        }
        try
        {
            return Integer.parseInt(text.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("--packet-size must be octets or imix: " + text, ex);
        }
    }

    private String commandLine()
    {
        final List<String> args = spec.commandLine().getParseResult() == null ? List.of() :
            spec.commandLine().getParseResult().originalArgs();
        return String.format(Locale.ROOT, "dsmip-ha bench %s", String.join(" ", args)).trim();
    }
}
