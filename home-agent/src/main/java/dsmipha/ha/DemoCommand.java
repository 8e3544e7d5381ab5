package dsmipha.ha;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.SystemNanoClock;

import dsmipha.common.agent.AgentPlacement;
import dsmipha.common.agent.ThreadingMode;
import dsmipha.common.counters.CounterSample;
import dsmipha.fastpath.io.FrameLayout;
import dsmipha.ha.demo.DemoDriver;
import dsmipha.perf.emulator.EmulatedMobileNode;
import dsmipha.perf.emulator.MobileNodePopulation;
import dsmipha.perf.emulator.PopulationConfig;
import dsmipha.perf.emulator.PopulationStats;
import dsmipha.slowpath.registration.RegistrationCounter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dsmip-ha demo}: the real home agent on in-memory ports with a population of emulated mobile nodes on the
 * wire side (docs/demo.md). Live view every interval, a summary at the end; exit 0 when every node that should be
 * registered is and traffic of both families flowed both ways without a mismatched tunnel, else 1 naming what
 * failed.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the home agent with emulated mobile nodes (IPv6, public IPv4, behind a NAT; moving, " +
        "deregistering, mobile routers) registering through the real slowpath and sending traffic through the " +
        "real fastpath. No root, no NIC.")
public final class DemoCommand implements Callable<Integer>
{
    /** How long the end of a run waits for every node to be registered again. */
    static final Duration SETTLE_LIMIT = Duration.ofSeconds(5);
    /** Traffic keeps flowing this long after every node is registered, so the last moves see traffic. */
    static final Duration SETTLE_TRAFFIC = Duration.ofMillis(500);

    @Spec
    CommandSpec spec;

    @Option(names = "--duration", defaultValue = "30s", description = "How long to run (default 30s).")
    String duration;

    @Option(names = "--nodes", defaultValue = "200", description = "Emulated mobile nodes (default 200).")
    int nodes;

    @Option(names = "--interval", defaultValue = "1s", description = "Live view interval (default 1s).")
    String interval;

    @Option(names = "--rate", defaultValue = "2000",
        description = "Data packets per second, downlink and uplink together (default 2000).")
    long rate;

    @Option(names = "--quiet", description = "No live view; the summary only.")
    boolean quiet;

    @Option(names = "--dir", description = "Counters folder (default /dev/shm/dsmip-ha-USER).")
    Path dir;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final long durationNs = Main.parse(duration).toNanos();
        final long intervalNs = Math.max(1, Main.parse(interval).toNanos());
        final SystemNanoClock clock = new SystemNanoClock();
        final MobileNodePopulation population =
            new MobileNodePopulation(PopulationConfig.demo(nodes), DemoDriver.network(), clock.nanoTime());
        spec.commandLine().getErr().println(HomeAgent.UNPROTECTED_SIGNALING_WARNING);
        try (HomeAgent agent = HomeAgent.startWithoutTraffic(config(population)))
        {
            final DemoDriver driver = new DemoDriver(agent.port(HomeAgent.ACCESS_PORT),
                agent.port(HomeAgent.HOME_PORT), population, clock, rate);
            out.printf("dsmip-ha demo: %d mobile nodes, %s, home agent 2001:db8:a::1 / 198.51.100.1%n",
                population.size(), duration);
            out.flush();
            final LiveView view = new LiveView(out, agent, population);
            final long startNs = clock.nanoTime();
            long nextViewNs = startNs + intervalNs;
            while (clock.nanoTime() - startNs < durationNs)
            {
                idle(driver.doWork());
                final long nowNs = clock.nanoTime();
                if (nowNs >= nextViewNs)
                {
                    agent.heartbeat();
                    if (!quiet)
                    {
                        view.print(nowNs - startNs, nowNs - (nextViewNs - intervalNs));
                    }
                    nextViewNs = nowNs + intervalNs;
                }
            }
            settle(driver, population, clock);
            return summary(out, agent, population, view);
        }
    }

    private HomeAgentConfig config(final MobileNodePopulation population)
    {
        final HomeAgentConfig defaults = HomeAgentConfig.embeddedDefault();
        return new HomeAgentConfig("demo", dir != null ? dir : defaults.countersDir(), ThreadingMode.SHARED,
            "backoff", List.of(AgentPlacement.UNPINNED), AgentPlacement.UNPINNED, AgentPlacement.UNPINNED, 1,
            8192, FrameLayout.DEFAULT_FRAME_LENGTH, 1024, 32, 4 * 1024 * 1024, 0,
            HomeAgentConfig.DEFAULT_BINDING_CAPACITY).withRegistration(DemoDriver.registration(population));
    }

    /**
     * Stop moves and deregistrations, bring every node back, and run until all are registered and traffic has
     * flowed a little longer (or the limit passes).
     */
    static void settle(final DemoDriver driver, final MobileNodePopulation population, final SystemNanoClock clock)
    {
        population.settle();
        final long limitNs = clock.nanoTime() + SETTLE_LIMIT.toNanos();
        long registeredAtNs = -1;
        while (clock.nanoTime() < limitNs)
        {
            idle(driver.doWork());
            if (registeredAtNs < 0 && population.allRegistered())
            {
                registeredAtNs = clock.nanoTime();
            }
            if (registeredAtNs > 0 && clock.nanoTime() - registeredAtNs > SETTLE_TRAFFIC.toNanos())
            {
                return;
            }
        }
    }

    private static void idle(final int work)
    {
        if (work == 0)
        {
            LockSupport.parkNanos(20_000);
        }
    }

    private int summary(
        final PrintWriter out, final HomeAgent agent, final MobileNodePopulation population, final LiveView view)
    {
        final PopulationStats s = population.stats();
        final long haBindings = view.haBindings();
        out.printf("%nsummary: %d/%d nodes registered (home agent: %d bindings); %d registrations, %d refreshes, " +
            "%d moves (%d NAT rebindings), %d deregistrations, %d retransmissions, %d keepalives%n",
            population.registeredCount(), population.size(), haBindings, s.registrations, s.refreshes, s.moves,
            s.natRebindings, s.deregistrations, s.retransmissions, s.keepalives);
        out.printf("  Binding Acks by status: %s; NAT detected %d, NAT detection wrong %d, IPv4 home addresses " +
            "granted %d%n", LiveView.statuses(s), s.natDetected, s.natDetectionWrong, s.ipv4Granted);
        out.printf("  downlink IPv6 %d/%d, IPv4 %d/%d delivered, %d mismatched; uplink IPv6 %d/%d, IPv4 %d/%d " +
            "delivered, %d mismatched%n", s.downlinkDelivered6, s.downlinkSent6, s.downlinkDelivered4,
            s.downlinkSent4, s.downlinkMismatched, s.uplinkDelivered6, s.uplinkSent6, s.uplinkDelivered4,
            s.uplinkSent4, s.uplinkMismatched);
        out.printf("  home agent drops over the run: %s%n", view.dropsSinceStart());
        final List<String> failures = failures(population, haBindings);
        if (failures.isEmpty())
        {
            out.println("demo: OK");
            out.flush();
            return 0;
        }
        out.println("demo: FAILED: " + String.join("; ", failures));
        out.flush();
        return 1;
    }

    /**
     * @param population the mobile nodes after the run.
     * @param haBindings the home agent's binding count.
     * @return what failed, empty when the run passed.
     */
    static List<String> failures(final MobileNodePopulation population, final long haBindings)
    {
        final PopulationStats s = population.stats();
        final List<String> failures = new ArrayList<>();
        if (!population.allRegistered())
        {
            failures.add((population.size() - population.registeredCount()) + " node(s) not registered");
        }
        if (haBindings != population.size())
        {
            failures.add("the home agent holds " + haBindings + " bindings for " + population.size() + " nodes");
        }
        if (s.natDetectionWrong > 0)
        {
            failures.add(s.natDetectionWrong + " Binding Ack(s) with the wrong NAT detection");
        }
        if (s.downlinkMismatched > 0 || s.uplinkMismatched > 0)
        {
            failures.add(s.downlinkMismatched + " downlink and " + s.uplinkMismatched + " uplink packets mismatched");
        }
        if (s.downlinkDelivered6 == 0 || s.downlinkDelivered4 == 0)
        {
            failures.add("no downlink " + (s.downlinkDelivered6 == 0 ? "IPv6" : "IPv4") + " delivered");
        }
        if (s.uplinkDelivered6 == 0 || s.uplinkDelivered4 == 0)
        {
            failures.add("no uplink " + (s.uplinkDelivered6 == 0 ? "IPv6" : "IPv4") + " delivered");
        }
        return failures;
    }

    /**
     * The live view: one block per interval with the population's counters and the home agent's drop counters
     * that moved.
     */
    static final class LiveView
    {
        private final PrintWriter out;
        private final HomeAgent agent;
        private final MobileNodePopulation population;
        private final PopulationStats previous = new PopulationStats();
        private final Map<String, Long> startDrops;
        private Map<String, Long> previousDrops;

        LiveView(final PrintWriter out, final HomeAgent agent, final MobileNodePopulation population)
        {
            this.out = out;
            this.agent = agent;
            this.population = population;
            this.startDrops = drops(agent.countersFile().snapshot());
            this.previousDrops = startDrops;
        }

        void print(final long elapsedNs, final long sinceLastNs)
        {
            final PopulationStats s = population.stats();
            final double seconds = Math.max(1e-9, sinceLastNs / 1e9);
            out.printf("t=%5.1fs bindings %d (IPv6 CoA %d, IPv4 CoA %d, NAT %d; home agent %d)%n",
                elapsedNs / 1e9, population.registeredCount(),
                population.registeredBy(EmulatedMobileNode.CARE_OF_IPV6),
                population.registeredBy(EmulatedMobileNode.CARE_OF_IPV4),
                population.registeredBy(EmulatedMobileNode.CARE_OF_NAT), haBindings());
            out.printf("  signaling: +%d registrations, +%d refreshes, +%d moves, +%d deregistrations, " +
                "+%d retransmissions, +%d keepalives; Acks %s%n", s.registrations - previous.registrations,
                s.refreshes - previous.refreshes, s.moves - previous.moves,
                s.deregistrations - previous.deregistrations, s.retransmissions - previous.retransmissions,
                s.keepalives - previous.keepalives, statuses(s));
            out.printf("  downlink %.0f/s IPv6, %.0f/s IPv4 delivered, %d mismatched; uplink %.0f/s IPv6, " +
                "%.0f/s IPv4 delivered, %d mismatched%n",
                (s.downlinkDelivered6 - previous.downlinkDelivered6) / seconds,
                (s.downlinkDelivered4 - previous.downlinkDelivered4) / seconds, s.downlinkMismatched,
                (s.uplinkDelivered6 - previous.uplinkDelivered6) / seconds,
                (s.uplinkDelivered4 - previous.uplinkDelivered4) / seconds, s.uplinkMismatched);
            final Map<String, Long> drops = drops(agent.countersFile().snapshot());
            out.printf("  home agent drops: %s%n", delta(previousDrops, drops));
            out.flush();
            previousDrops = drops;
            previous.copyFrom(s);
        }

        long haBindings()
        {
            long created = 0;
            long removed = 0;
            for (final CounterSample sample : agent.countersFile().snapshot())
            {
                if (sample.typeId() == RegistrationCounter.ACCEPTED_NEW.id())
                {
                    created += sample.value();
                }
                else if (sample.typeId() == RegistrationCounter.DEREGISTERED.id() ||
                    sample.typeId() == RegistrationCounter.EXPIRED.id())
                {
                    removed += sample.value();
                }
            }
            return created - removed;
        }

        String dropsSinceStart()
        {
            return delta(startDrops, drops(agent.countersFile().snapshot()));
        }

        static String statuses(final PopulationStats s)
        {
            final StringBuilder text = new StringBuilder();
            for (int status = 0; status < PopulationStats.STATUS_COUNT; status++)
            {
                if (s.ackStatus[status] > 0)
                {
                    text.append(text.isEmpty() ? "" : ", ").append(status).append(": ").append(s.ackStatus[status]);
                }
            }
            return text.isEmpty() ? "none" : text.toString();
        }

        private static Map<String, Long> drops(final List<CounterSample> samples)
        {
            final Map<String, Long> drops = new TreeMap<>();
            for (final CounterSample sample : samples)
            {
                final String label = sample.label().substring(sample.label().indexOf(':') + 1).trim();
                if (label.contains("drop") || label.contains("reject") || label.contains("miss"))
                {
                    drops.merge(label, sample.value(), Long::sum);
                }
            }
            return drops;
        }

        private static String delta(final Map<String, Long> before, final Map<String, Long> after)
        {
            final StringBuilder text = new StringBuilder();
            for (final Map.Entry<String, Long> entry : after.entrySet())
            {
                final long moved = entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
                if (moved > 0)
                {
                    text.append(text.isEmpty() ? "" : ", ").append(entry.getKey()).append(" +").append(moved);
                }
            }
            return text.isEmpty() ? "none moved" : text.toString();
        }
    }
}
