package dsmipha.ha;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import dsmipha.common.agent.AgentPlacement;
import dsmipha.common.agent.ThreadingMode;
import dsmipha.common.counters.CounterDescriptor;
import dsmipha.common.counters.CountersFile;
import dsmipha.fastpath.traffic.WireCounter;
import dsmipha.fastpath.worker.FastpathCounter;
import dsmipha.fastpath.worker.WorkerStages;
import dsmipha.slowpath.SlowpathCounter;
import dsmipha.slowpath.TableCounters;
import dsmipha.slowpath.neighbor.NeighborCounter;
import dsmipha.slowpath.registration.HomeLinkCounter;
import dsmipha.slowpath.registration.RegistrationConfig;
import dsmipha.slowpath.registration.RegistrationCounter;
import dsmipha.slowpath.registration.SignalingInputCounter;
import dsmipha.slowpath.registration.StoreCounter;

/**
 * The {@code dsmip-ha} command line: {@code run} starts a home agent (optionally with a Prometheus endpoint),
 * {@code stat} shows a running one's counters from another process, {@code status} says in one screen whether it
 * runs, {@code counters} lists every counter id.
 */
@Command(name = "dsmip-ha", mixinStandardHelpOptions = true, version = "dsmip-ha 0.1.0",
    description = "Dual-Stack Mobile IP home agent with a busy-polling fastpath.",
    subcommands = {Main.Run.class, Main.Stat.class, Main.Status.class, Main.Counters.class})
public final class Main
{
    /**
     * @param args command line.
     */
    public static void main(final String[] args)
    {
        System.exit(commandLine().execute(args));
    }

    /**
     * @return the command line, with bad configuration (an {@link IllegalArgumentException} from the config or the
     *         layout checks) reported as one line and exit status 2 instead of a stack trace.
     */
    static CommandLine commandLine()
    {
        return new CommandLine(new Main()).setExecutionExceptionHandler((ex, command, parsed) ->
        {
            if (ex instanceof IllegalArgumentException)
            {
                command.getErr().println("dsmip-ha: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
    }

    /**
     * {@code dsmip-ha run}: start an instance on the embedded default (in-memory ports, synthetic traffic) and show
     * its counters live.
     */
    @Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the home agent on its embedded default: in-memory ports with synthetic traffic, " +
            "no root and no NIC needed. Counters are shown every interval and readable by 'dsmip-ha stat'.")
    static final class Run implements Callable<Integer>
    {
        @Option(names = "--duration", description = "Stop after this long (e.g. 10s, 5m); default: until Ctrl-C.")
        String duration;

        @Option(names = "--interval", defaultValue = "1s", description = "Counter display interval (default 1s).")
        String interval;

        @Option(names = "--quiet", description = "Do not print counters while running.")
        boolean quiet;

        @Option(names = "--workers", defaultValue = "1", description = "Number of fastpath workers.")
        int workers;

        @Option(names = "--worker-cpus", split = ",",
            description = "CPU per worker (dedicated threads are pinned there), e.g. 2,3.")
        List<Integer> workerCpus;

        @Option(names = "--slowpath-cpu", defaultValue = "-1", description = "CPU for the signaling agent.")
        int slowpathCpu;

        @Option(names = "--threading", defaultValue = "SHARED",
            description = "DEDICATED (a pinned thread per agent), SHARED (one thread) or INVOKER.")
        ThreadingMode threading;

        @Option(names = "--idle", defaultValue = "backoff",
            description = "Idle strategy: busy-spin, yield, backoff, sleep.")
        String idle;

        @Option(names = "--rate", defaultValue = "0",
            description = "Synthetic offered load in packets per second (0 = as fast as the ports take them).")
        long rate;

        @Option(names = "--bindings", defaultValue = "65536",
            description = "Bindings the binding table holds (up to 268435456; 10000000 takes 1.7 GB).")
        private long bindings;

        @Option(names = "--instance", defaultValue = "default", description = "Instance name.")
        String instance;

        @Option(names = "--dir", description = "Counters folder (default /dev/shm/dsmip-ha-USER).")
        Path dir;

        @Option(names = "--state-dir",
            description = "Keep bindings and address leases here across restarts (default: none kept).")
        Path stateDir;

        @Option(names = "--require-ipsec",
            description = "Drop Binding Updates that are not IPsec-protected (RFC 6275 §5.1; the embedded demo " +
                "otherwise accepts unprotected signaling and warns at startup).")
        boolean requireIpsec;

        @Option(names = "--metrics-port", defaultValue = "0",
            description = "Serve Prometheus text format on http://ADDRESS:PORT/metrics (0, the default: off).")
        int metricsPort;

        @Option(names = "--metrics-address", defaultValue = "127.0.0.1",
            description = "Address the metrics endpoint listens on (default 127.0.0.1).")
        String metricsAddress;

        @Override
        public Integer call() throws Exception
        {
            final HomeAgentConfig config = config();
            if (metricsPort < 0 || metricsPort > 65535)
            {
                throw new IllegalArgumentException("--metrics-port must be 0..65535: " + metricsPort);
            }
            if (config.registration().allowUnprotectedSignaling())
            {
                System.err.println(HomeAgent.UNPROTECTED_SIGNALING_WARNING);
            }
            try (HomeAgent agent = HomeAgent.start(config);
                PrometheusExporter metrics = startMetrics(config))
            {
                System.out.printf("dsmip-ha: instance '%s' running, %s threading, %d worker(s) on %s, " +
                    "counters at %s%n", config.instanceName(), config.threadingMode(), config.workerCpus().size(),
                    describeCpus(config.workerCpus()), config.countersFile());
                if (metrics != null)
                {
                    System.out.printf("dsmip-ha: Prometheus metrics at %s%n", metrics.uri());
                }
                final CountDownLatch stop = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
                loop(agent, stop);
            }
            return 0;
        }

        private PrometheusExporter startMetrics(final HomeAgentConfig config)
        {
            if (metricsPort == 0)
            {
                return null;
            }
            try
            {
                return PrometheusExporter.start(config.countersFile(),
                    new InetSocketAddress(metricsAddress, metricsPort));
            }
            catch (final IOException | RuntimeException ex)
            {
                throw new IllegalArgumentException("cannot serve metrics on " + metricsAddress + ":" + metricsPort +
                    ": " + ex, ex);
            }
        }

        private void loop(final HomeAgent agent, final CountDownLatch stop) throws InterruptedException
        {
            final long intervalMs = parse(interval).toMillis();
            final long endNs = duration == null ? Long.MAX_VALUE : System.nanoTime() + parse(duration).toNanos();
            final StatView view = new StatView(agent.countersFile(), false, false);
            while (System.nanoTime() < endNs && agent.host().isRunning())
            {
                agent.heartbeat();
                if (stop.await(Math.min(intervalMs, Math.max(1, (endNs - System.nanoTime()) / 1_000_000)),
                    TimeUnit.MILLISECONDS))
                {
                    break;
                }
                if (!quiet)
                {
                    view.print(System.out, System.nanoTime());
                }
            }
            if (quiet)
            {
                view.print(System.out, System.nanoTime());
            }
        }

        private static String describeCpus(final List<Integer> cpus)
        {
            final List<String> names = new ArrayList<>();
            for (final int cpu : cpus)
            {
                names.add(cpu == AgentPlacement.UNPINNED ? "unpinned" : "cpu " + cpu);
            }
            return String.join(", ", names);
        }

        private HomeAgentConfig config()
        {
            final HomeAgentConfig base = HomeAgentConfig.embeddedDefault();
            final List<Integer> cpus = new ArrayList<>();
            for (int w = 0; w < workers; w++)
            {
                cpus.add(workerCpus != null && w < workerCpus.size() ? workerCpus.get(w) : AgentPlacement.UNPINNED);
            }
            return new HomeAgentConfig(instance, dir != null ? dir : base.countersDir(), threading, idle, cpus,
                slowpathCpu, AgentPlacement.UNPINNED, Math.max(workers, base.queuesPerPort()),
                Math.max(base.frameCount(), 2 * workers * base.ringCapacity() + 4096), base.frameLength(),
                base.ringCapacity(), base.burstSize(), base.puntRingCapacity(), rate, bindings)
                .withRegistration(requireIpsec ? requiringIpsec(base.registration()) : base.registration())
                .withStateDirectory(stateDir);
        }

        private static RegistrationConfig requiringIpsec(final RegistrationConfig r)
        {
            return new RegistrationConfig(false, r.maxLifetimeSeconds(), r.refreshRequestLeadSeconds(),
                r.natKeepaliveSeconds(), r.forceUdp(), r.homeLinkMode(), r.duplicateAddressDetection(), r.tunnelMtu(),
                r.homePrefixes(), r.homeIpv4Subnets(), r.authorizeHomePrefix(), r.ipv4AddressPools(),
                r.ipv4PrefixPools(), r.mobileNodes());
        }
    }

    /**
     * {@code dsmip-ha stat}: read a running instance's counters file from another process.
     */
    @Command(name = "stat", mixinStandardHelpOptions = true,
        description = "Show the live counters of a running instance (reads its counters file).")
    static final class Stat implements Callable<Integer>
    {
        @Option(names = "--instance", defaultValue = "default", description = "Instance name.")
        String instance;

        @Option(names = "--dir", description = "Counters folder (default /dev/shm/dsmip-ha-USER).")
        Path dir;

        @Option(names = "--interval", defaultValue = "1s", description = "Refresh interval.")
        String interval;

        @Option(names = "--count", defaultValue = "0", description = "Samples to show, 0 = until Ctrl-C.")
        int count;

        @Option(names = "--per-worker", description = "One row per worker and counter instead of sums.")
        boolean perWorker;

        @Option(names = "--all", description = "Show counters that are zero too.")
        boolean all;

        @Override
        public Integer call() throws Exception
        {
            final Path folder = dir != null ? dir : HomeAgentConfig.defaultCountersDir();
            final Path path = folder.resolve(instance).resolve(HomeAgentConfig.COUNTERS_FILE_NAME);
            try (CountersFile file = CountersFile.openReadOnly(path))
            {
                final StatView view = new StatView(file, perWorker, all);
                final long intervalMs = parse(interval).toMillis();
                for (int i = 0; count == 0 || i < count; i++)
                {
                    if (i > 0)
                    {
                        Thread.sleep(intervalMs);
                    }
                    view.print(System.out, System.nanoTime());
                }
            }
            catch (final IllegalStateException ex)
            {
                System.err.println("dsmip-ha stat: " + ex.getMessage());
                return 1;
            }
            return 0;
        }
    }

    /**
     * {@code dsmip-ha status}: one screen on an instance; exit status 0 when it runs, 1 when it does not (stale
     * heartbeat or no counters file), 2 on bad usage.
     */
    @Command(name = "status", mixinStandardHelpOptions = true,
        description = "Say whether an instance runs, with a few headline counters. " +
            "Exit status 0 running, 1 not running, 2 bad usage.")
    static final class Status implements Callable<Integer>
    {
        @Option(names = "--instance", defaultValue = "default", description = "Instance name.")
        String instance;

        @Option(names = "--dir", description = "Counters folder (default /dev/shm/dsmip-ha-USER).")
        Path dir;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call()
        {
            final PrintWriter out = spec.commandLine().getOut();
            final Path folder = dir != null ? dir : HomeAgentConfig.defaultCountersDir();
            final Path path = folder.resolve(instance).resolve(HomeAgentConfig.COUNTERS_FILE_NAME);
            try (CountersFile file = CountersFile.openReadOnly(path))
            {
                final int exit = StatusView.print(file, out, System.currentTimeMillis());
                out.flush();
                return exit;
            }
            catch (final IllegalStateException ex)
            {
                out.printf("%-22s %s%n%-22s NOT RUNNING (%s)%n", "instance", instance, "heartbeat",
                    ex.getMessage());
                out.flush();
                return StatusView.EXIT_NOT_RUNNING;
            }
        }
    }

    /**
     * {@code dsmip-ha counters}: list every counter with its stable id.
     */
    @Command(name = "counters", mixinStandardHelpOptions = true,
        description = "List every counter: stable id, label and what it counts.")
    static final class Counters implements Callable<Integer>
    {
        @Override
        public Integer call()
        {
            final List<CounterDescriptor> all = allCounters();
            for (final CounterDescriptor counter : all)
            {
                System.out.printf("%5d  %-32s %s%n", counter.id(), counter.label(), counter.description());
            }
            return 0;
        }
    }

    /**
     * @return every counter descriptor of the product, in id order.
     */
    static List<CounterDescriptor> allCounters()
    {
        final List<CounterDescriptor> all = new ArrayList<>();
        all.addAll(List.of(SystemCounter.values()));
        all.addAll(List.of(WireCounter.values()));
        all.addAll(List.of(FastpathCounter.values()));
        all.addAll(List.of(WorkerStages.stageCounters()));
        all.addAll(List.of(TableCounters.descriptors()));
        all.addAll(List.of(SlowpathCounter.values()));
        all.addAll(List.of(NeighborCounter.values()));
        all.addAll(List.of(RegistrationCounter.values()));
        all.addAll(List.of(SignalingInputCounter.values()));
        all.addAll(List.of(HomeLinkCounter.values()));
        all.addAll(List.of(StoreCounter.values()));
        all.sort((a, b) -> Integer.compare(a.id(), b.id()));
        return all;
    }

    static Duration parse(final String text)
    {
        final String t = text.trim().toLowerCase();
        try
        {
            if (t.endsWith("ms"))
            {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s"))
            {
                return Duration.ofMillis((long)(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
            }
            if (t.endsWith("m"))
            {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 60);
            }
            return Duration.ofMillis((long)(Double.parseDouble(t) * 1000));
        }
        catch (final NumberFormatException ex)
        {
            throw new CommandLine.ParameterException(new CommandLine(new Main()),
                "not a duration: '" + text + "' (use e.g. 500ms, 10s, 5m)");
        }
    }
}
