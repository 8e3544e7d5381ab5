package dsmipha.ha;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import dsmipha.common.agent.AgentPlacement;
import dsmipha.common.log.LogConfig;
import dsmipha.common.log.LogCounter;
import dsmipha.common.log.LogFormat;
import dsmipha.common.log.LogLevel;
import dsmipha.ha.config.ConfigException;
import dsmipha.slowpath.control.ControlCounter;
import dsmipha.ha.config.ConfigLoader;
import dsmipha.ha.config.EffectiveLayout;
import dsmipha.ha.config.LoadedConfig;
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
    subcommands = {Main.Run.class, DemoCommand.class, Main.CheckConfig.class, Main.Stat.class, Main.Status.class,
        BindingsCommand.class, BenchCommand.class, Main.Counters.class})
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
        description = "Run the home agent: with --config FILE as the file says (docs/configuration.md), else on its " +
            "embedded default: in-memory ports with synthetic traffic, no root and no NIC needed. Counters are " +
            "shown every interval and readable by 'dsmip-ha stat'. SIGTERM or Ctrl-C drains and exits 0; SIGHUP " +
            "reloads the mobile nodes and pools from the config file without dropping bindings.")
    static final class Run implements Callable<Integer>
    {
        /** Options that the config file sets when --config is given. */
        private static final List<String> LAYOUT_OPTIONS = List.of("--workers", "--worker-cpus", "--slowpath-cpu",
            "--threading", "--idle", "--rate", "--bindings", "--instance", "--dir", "--state-dir", "--require-ipsec",
            "--metrics-port", "--metrics-address");

        @Option(names = "--config", description = "The config file (TOML; every key in docs/configuration.md).")
        Path configFile;

        @Spec
        CommandSpec spec;

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
            final LoadedConfig loaded = loadedConfig();
            final HomeAgentConfig config = loaded.agent();
            if (loaded.metricsPort() < 0 || loaded.metricsPort() > 65535)
            {
                throw new IllegalArgumentException("--metrics-port must be 0..65535: " + loaded.metricsPort());
            }
            if (config.registration().allowUnprotectedSignaling())
            {
                System.err.println(HomeAgent.UNPROTECTED_SIGNALING_WARNING);
            }
            final Lifecycle lifecycle = new Lifecycle();
            final AtomicReference<HomeAgent> running = new AtomicReference<>();
            // Handlers first: a SIGTERM during a long restore still drains and exits 0.
            lifecycle.install(() ->
            {
                final HomeAgent started = running.get();
                if (started != null)
                {
                    reload(started, loaded);
                }
            });
            try (HomeAgent agent = HomeAgent.start(config, loaded.syntheticTraffic(), logConfig(loaded.logging()));
                PrometheusExporter metrics = startMetrics(loaded))
            {
                System.out.printf("dsmip-ha: instance '%s' running, counters at %s%n", config.instanceName(),
                    config.countersFile());
                EffectiveLayout.describe(config).forEach(line -> System.out.println("dsmip-ha: " + line));
                if (metrics != null)
                {
                    System.out.printf("dsmip-ha: Prometheus metrics at %s%n", metrics.uri());
                }
                if (loaded.logging().file() != null)
                {
                    System.out.printf("dsmip-ha: structured log (docs/logging.md) at %s%n", loaded.logging().file());
                }
                running.set(agent);
                loop(agent, lifecycle);
                System.out.println("dsmip-ha: stopping: receive stopped, journal flushed, snapshot written on close");
            }
            finally
            {
                lifecycle.uninstall();
            }
            System.out.println("dsmip-ha: stopped");
            return 0;
        }

        /**
         * SIGHUP: read the config file again and hand its registration part (mobile nodes, pools, prefixes, limits)
         * to the signaling thread; every other change needs a restart and is reported, not applied.
         */
        private void reload(final HomeAgent agent, final LoadedConfig running)
        {
            agent.reopenLog();
            if (running.file() == null)
            {
                System.err.println("dsmip-ha: SIGHUP ignored: running on the embedded default, no config file to " +
                    "reload");
                return;
            }
            try
            {
                final LoadedConfig next = ConfigLoader.load(running.file());
                agent.reloadRegistration(next.agent().registration());
                final boolean restartNeeded =
                    !next.agent().withRegistration(running.agent().registration()).equals(running.agent()) ||
                    next.syntheticTraffic() != running.syntheticTraffic() ||
                    next.metricsPort() != running.metricsPort() ||
                    !next.metricsAddress().equals(running.metricsAddress());
                System.out.printf("dsmip-ha: SIGHUP: %s reloaded: %d mobile node(s), %d IPv4 address pool(s); " +
                    "bindings kept%s%n", running.file(), next.agent().registration().mobileNodes().size(),
                    next.agent().registration().ipv4AddressPools().size(), restartNeeded ?
                    "; changes outside [registration] and [[mobile-nodes]] need a restart and were not applied" : "");
            }
            catch (final IllegalArgumentException ex)
            {
                System.err.println("dsmip-ha: SIGHUP: config not reloaded, the running one stays:\n" +
                    ex.getMessage());
            }
        }

        private PrometheusExporter startMetrics(final LoadedConfig loaded)
        {
            final HomeAgentConfig config = loaded.agent();
            final int metricsPort = loaded.metricsPort();
            final String metricsAddress = loaded.metricsAddress();
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

        private void loop(final HomeAgent agent, final Lifecycle lifecycle) throws InterruptedException
        {
            final CountDownLatch stop = lifecycle.stop();
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

        private static LogConfig logConfig(final LoadedConfig.LogSettings settings)
        {
            return new LogConfig(LogFormat.parse(settings.format()), LogLevel.parse(settings.level()),
                settings.file(), settings.ratePerSecond(), settings.burst());
        }

        private LoadedConfig loadedConfig()
        {
            if (configFile == null)
            {
                // The embedded default's synthetic mix replays one Binding Update (a security event each time): its
                // log goes to a file in the instance folder, not over the live counters.
                final HomeAgentConfig embedded = config();
                final LoadedConfig.LogSettings defaults = LoadedConfig.LogSettings.defaults();
                return new LoadedConfig(null, embedded, true, metricsAddress, metricsPort,
                    new LoadedConfig.LogSettings(defaults.format(), defaults.level(),
                    embedded.instanceDirectory().resolve("events.log"), defaults.ratePerSecond(), defaults.burst()));
            }
            for (final String option : LAYOUT_OPTIONS)
            {
                if (spec.commandLine().getParseResult().hasMatchedOption(option))
                {
                    throw new IllegalArgumentException(option + " cannot be combined with --config: the config " +
                        "file sets it (docs/configuration.md)");
                }
            }
            return ConfigLoader.load(configFile);
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
     * {@code dsmip-ha check-config FILE}: read and check a config file without starting anything. Exit status 0
     * when it is good (the effective layout is printed), 2 with every fault, one per line as FILE:LINE: KEY: what.
     */
    @Command(name = "check-config", mixinStandardHelpOptions = true,
        description = "Check a config file without starting anything: every fault is printed as " +
            "FILE:LINE: KEY: MESSAGE. Exit status 0 good, 2 faulty.")
    static final class CheckConfig implements Callable<Integer>
    {
        @CommandLine.Parameters(index = "0", paramLabel = "FILE", description = "The config file.")
        Path file;

        @Option(names = "--online-cores",
            description = "Check the layout against these online cores (kernel list form, e.g. 0-15) instead of " +
                "this machine's: for a config written for another machine.")
        String onlineCores;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call()
        {
            final PrintWriter out = spec.commandLine().getOut();
            final PrintWriter err = spec.commandLine().getErr();
            try
            {
                final ConfigLoader.HostCpus host = onlineCores == null ? ConfigLoader.HostCpus.current() :
                    cores(onlineCores);
                final LoadedConfig loaded = new ConfigLoader(host).read(file);
                out.printf("%s: good%n", file);
                EffectiveLayout.describe(loaded.agent()).forEach(out::println);
                out.flush();
                return 0;
            }
            catch (final ConfigException ex)
            {
                ex.errors().forEach(err::println);
                err.printf("%s: %d fault(s)%n", file, ex.errors().size());
                err.flush();
                return 2;
            }
        }

        private static ConfigLoader.HostCpus cores(final String list)
        {
            try
            {
                final BitSet set = ConfigLoader.HostCpus.parseRanges(list);
                return new ConfigLoader.HostCpus(set, set);
            }
            catch (final RuntimeException ex)
            {
                throw new IllegalArgumentException("--online-cores: not a core list (e.g. 0-15 or 0,2-5): " + list);
            }
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
        all.addAll(List.of(LogCounter.values()));
        all.addAll(List.of(ControlCounter.values()));
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
