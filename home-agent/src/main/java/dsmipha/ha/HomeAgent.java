package dsmipha.ha;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import java.io.IOException;
import java.security.SecureRandom;

import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.status.AtomicCounter;

import dsmipha.common.agent.AgentHost;
import dsmipha.common.agent.AgentPlacement;
import dsmipha.common.agent.CpuAffinity;
import dsmipha.common.agent.DistinctErrorHandler;
import dsmipha.common.agent.ThreadingMode;
import dsmipha.common.counters.CounterSlots;
import dsmipha.common.counters.CountersFile;
import dsmipha.fastpath.binding.BindingTable;
import dsmipha.fastpath.binding.PrefixTable;
import dsmipha.fastpath.io.FramePool;
import dsmipha.fastpath.io.MemoryPort;
import dsmipha.fastpath.io.PacketPort;
import dsmipha.fastpath.io.TransmitRing;
import dsmipha.fastpath.punt.PuntProxy;
import dsmipha.fastpath.punt.PuntRing;
import dsmipha.fastpath.route.NeighborTable;
import dsmipha.fastpath.route.RouteTable;
import dsmipha.fastpath.traffic.DemoNetwork;
import dsmipha.fastpath.traffic.SyntheticTraffic;
import dsmipha.fastpath.traffic.TrafficAgent;
import dsmipha.fastpath.traffic.WireCounter;
import dsmipha.fastpath.worker.FastpathCounter;
import dsmipha.fastpath.worker.FastpathTables;
import dsmipha.fastpath.worker.QueueAssignment;
import dsmipha.fastpath.worker.WorkerAgent;
import dsmipha.fastpath.worker.WorkerStages;
import dsmipha.ha.control.ControlServer;
import dsmipha.slowpath.SignalingAgent;
import dsmipha.slowpath.SlowpathCounter;
import dsmipha.slowpath.SlowpathTransmitter;
import dsmipha.slowpath.TableCounters;
import dsmipha.slowpath.control.BindingCursor;
import dsmipha.slowpath.control.ControlCounter;
import dsmipha.slowpath.neighbor.NeighborCounter;
import dsmipha.slowpath.neighbor.NeighborResolver;
import dsmipha.fastpath.encap.OuterHeaderTemplate;
import dsmipha.slowpath.AckGate;
import dsmipha.slowpath.BindingPersistence;
import dsmipha.slowpath.FrameSignalingSender;
import dsmipha.slowpath.MobilitySignaling;
import dsmipha.slowpath.RegistrationReload;
import dsmipha.slowpath.registration.BindingStore;
import dsmipha.slowpath.registration.HomeLink;
import dsmipha.slowpath.registration.HomeLinkCounter;
import dsmipha.slowpath.registration.Ipv4AddressPool;
import dsmipha.slowpath.registration.Ipv4PrefixPool;
import dsmipha.slowpath.registration.ProxyHomeLink;
import dsmipha.slowpath.registration.RegistrationConfig;
import dsmipha.slowpath.registration.RegistrationCounter;
import dsmipha.slowpath.registration.RegistrationProcessor;
import dsmipha.slowpath.registration.SignalingInputCounter;
import dsmipha.slowpath.registration.StoreCounter;
import dsmipha.slowpath.registration.VirtualHomeLink;
import dsmipha.common.log.LogConfig;
import dsmipha.ha.config.EffectiveLayout;
import dsmipha.ha.config.NetworkConfig;
import dsmipha.ha.log.HomeAgentLog;
import dsmipha.ha.config.PortConfig;

/**
 * One running home agent instance: wires ports, workers, the punt ring, the signaling agent and the counters file,
 * and runs the agents in the configured threading mode.
 * <pre>
 *   TrafficAgent (wire side)          WorkerAgent w (one per core)                          SignalingAgent
 *   inject ─► port "access" q ─rx─► classify ─► decap | lookup ─► encap ─► egress ─tx(w)─► port ─► collect
 *   inject ─► port "home"   q ─rx─┘    └─ punt ─► punt ring (MPSC) ──────────────► read, register, answer
 *                                      ◄─ transmit ring (SPSC) ◄─ SlowpathTransmitter ◄──────┘
 * </pre>
 * The tables (bindings, prefixes, routes, neighbours) are the {@link DemoNetwork}'s until the config file of the
 * runnable-home-agent issue describes the operator's network.
 */
public final class HomeAgent implements AutoCloseable
{
    /** Index of the access-network port (towards mobile nodes' care-of addresses). */
    public static final int ACCESS_PORT = 0;
    /** Index of the home-network port. */
    public static final int HOME_PORT = 1;
    /** Prefix bindings the embedded instance holds. */
    public static final int PREFIX_CAPACITY = 1024;
    /** Routes the embedded instance holds. */
    public static final int ROUTE_CAPACITY = 256;
    /** Neighbours the embedded instance holds. */
    public static final int NEIGHBOR_CAPACITY = 4096;
    /** Frames the slowpath may queue to a worker. */
    public static final int TRANSMIT_RING_CAPACITY = 1024;
    /** Counters the counters file holds. */
    public static final int COUNTERS_CAPACITY = 4096;
    /**
     * Fault-injection tests only: with this system property true, Binding Acks leave before their change is in the
     * journal (the behaviour the {@link AckGate} removes), so a kill -9 test can show what the gate prevents.
     */
    static final String UNGATED_ACKS_PROPERTY = "dsmipha.test.ungatedAcks";
    /** Printed at startup when the config accepts Binding Updates without IPsec. */
    public static final String UNPROTECTED_SIGNALING_WARNING =
        "dsmip-ha: WARNING: unprotected signaling is allowed: Binding Updates without IPsec are accepted, so anyone " +
        "who can reach this home agent can redirect a registered mobile node's traffic (RFC 6275 §5.1, §15.1). " +
        "For labs and demos only; run with --require-ipsec in production.";

    private final HomeAgentConfig config;
    private final CountersFile countersFile;
    private final FramePool pool;
    private final MemoryPort[] ports;
    private final PuntRing puntRing;
    private final BindingTable bindings;
    private final PrefixTable prefixes;
    private final RouteTable routes;
    private final NeighborTable neighbors;
    private final TransmitRing[] transmitRings;
    private final SlowpathTransmitter transmitter;
    private final List<WorkerAgent> workers = new ArrayList<>();
    private final SignalingAgent signaling;
    private final HomeLink homeLink;
    private final RegistrationProcessor registration;
    private final BindingPersistence persistence;
    private final TrafficAgent traffic;
    private final SyntheticTraffic syntheticTraffic;
    private final AgentHost host;
    private final ControlServer control;
    private final InstanceLock lock;
    private final RegistrationReload reload;
    private final HomeAgentLog log;

    private HomeAgent(
        final HomeAgentConfig config, final boolean withTraffic, final InstanceLock lock, final LogConfig logConfig)
    {
        validateLayout(config);
        this.config = config;
        this.lock = lock;
        this.countersFile = CountersFile.create(config.countersFile(), COUNTERS_CAPACITY, config.instanceName(),
            ProcessHandle.current().pid(), System.currentTimeMillis());
        this.log = startLog(logConfig, countersFile);
        final AtomicCounter errors = countersFile.manager().newCounter(
            "system: " + SystemCounter.AGENT_ERRORS.label(), SystemCounter.AGENT_ERRORS.id());
        this.pool = new FramePool(config.frameCount(), config.frameLength());
        final NetworkConfig network = config.network();
        this.ports = openPorts(network, pool, config.ringCapacity());
        this.puntRing = new PuntRing(config.puntRingCapacity());
        this.bindings = new BindingTable(config.bindingCapacity(), new SecureRandom().nextLong());
        this.prefixes = new PrefixTable(PREFIX_CAPACITY, new SecureRandom().nextLong());
        this.routes = new RouteTable(ROUTE_CAPACITY, ports.length);
        this.neighbors = new NeighborTable(NEIGHBOR_CAPACITY, new SecureRandom().nextLong());
        final FastpathTables tables = installTables(network, withTraffic);

        final int workerCount = config.workerCpus().size();
        this.transmitRings = new TransmitRing[workerCount];
        final List<AgentPlacement> placements = new ArrayList<>();
        final NanoClock clock = new SystemNanoClock();
        for (int w = 0; w < workerCount; w++)
        {
            transmitRings[w] = new TransmitRing(pool, TRANSMIT_RING_CAPACITY);
            final WorkerAgent worker = new WorkerAgent(w, ports,
                config.queuesOf(w).toArray(QueueAssignment[]::new), config.burstSize(),
                new PuntProxy(puntRing, w), transmitRings[w], new WorkerStages(w, tables, clock),
                new CounterSlots(countersFile, FastpathCounter.values(), w, "worker-" + w),
                new CounterSlots(countersFile, WorkerStages.stageCounters(), w, "worker-" + w));
            workers.add(worker);
            placements.add(new AgentPlacement(worker, config.workerCpus().get(w), config.idleStrategy()));
        }
        final CounterSlots slowpathCounters = new CounterSlots(countersFile, SlowpathCounter.values(), 0, "slowpath");
        // Each port's slowpath frames leave through the worker serving its queue 0.
        final TransmitRing[] ringByPort = new TransmitRing[ports.length];
        for (int p = 0; p < ports.length; p++)
        {
            ringByPort[p] = transmitRings[0];
        }
        this.transmitter = new SlowpathTransmitter(pool, ringByPort, slowpathCounters);
        final HomeLink homeLink = homeLink(config.registration(), network, transmitter);
        final NeighborResolver resolver = new NeighborResolver(
            neighbors, network.portAddresses(), network.local(), transmitter::transmit, homeLink);
        if (homeLink instanceof ProxyHomeLink proxy)
        {
            resolver.dadObserver(proxy);
        }
        this.homeLink = homeLink;
        final CounterSlots registrationCounters =
            new CounterSlots(countersFile, RegistrationCounter.values(), 0, "slowpath");
        final FrameSignalingSender ackSender = new FrameSignalingSender(transmitter, slowpathCounters);
        this.registration = new RegistrationProcessor(config.registration(), bindings, prefixes,
            new OuterHeaderTemplate(network.home().ipv6High(), network.home().ipv6Low(), network.home().ipv4(),
            OuterHeaderTemplate.DEFAULT_HOP_LIMIT), homeLink, ackSender,
            registrationCounters, new Ipv4AddressPool(config.registration().ipv4AddressPools()),
            new Ipv4PrefixPool(config.registration().ipv4PrefixPools()));
        final MobilitySignaling mobility = new MobilitySignaling(registration,
            new FrameSignalingSender(transmitter, slowpathCounters), homeLink,
            new CounterSlots(countersFile, SignalingInputCounter.values(), 0, "slowpath"), registrationCounters,
            new CounterSlots(countersFile, HomeLinkCounter.values(), 0, "slowpath"));
        this.persistence = persistence(config, countersFile, registration, clock);
        mobility.persistence(persistence);
        if (persistence != null && !Boolean.getBoolean(UNGATED_ACKS_PROPERTY))
        {
            // A Binding Ack leaves only once its binding change is in the journal (kill -9 safe).
            final AckGate ackGate = new AckGate(persistence, transmitter, slowpathCounters);
            ackSender.ackGate(ackGate);
            mobility.ackGate(ackGate);
        }
        this.signaling = new SignalingAgent(puntRing, slowpathCounters, resolver,
            new CounterSlots(countersFile, NeighborCounter.values(), 0, "slowpath"), clock,
            new TableCounters(countersFile, bindings, prefixes), mobility);
        // dsmip-ha bindings: the control thread's queries are answered from the binding cache on this thread.
        this.control = new ControlServer(config.countersFile().resolveSibling(ControlServer.SOCKET_NAME),
            BindingCursor.snapshotOf(registration),
            new CounterSlots(countersFile, ControlCounter.values(), 0, "slowpath"),
            new CounterSlots(countersFile, ControlCounter.values(), 0, "control"), ControlServer.Timeouts.DEFAULT);
        signaling.addDuty(control.duty());
        this.reload = new RegistrationReload(registration);
        signaling.addDuty(reload);
        placements.add(new AgentPlacement(signaling, config.slowpathCpu(), config.idleStrategy()));
        if (withTraffic)
        {
            this.syntheticTraffic = new SyntheticTraffic();
            this.traffic = new TrafficAgent(ports, syntheticTraffic,
                new CounterSlots(countersFile, WireCounter.values(), 0, "wire"), new SystemNanoClock(),
                config.trafficRatePps(), config.burstSize());
            placements.add(new AgentPlacement(traffic, config.trafficCpu(), config.idleStrategy()));
        }
        else
        {
            this.syntheticTraffic = null;
            this.traffic = null;
        }
        if (log != null)
        {
            // Before the agents run: the binding cache is the signaling thread's from then on.
            registration.registrationEvents(log.registrationEvents());
            log.agentStarted(String.join("; ", EffectiveLayout.describe(config)).replaceAll("\\s+", " "),
                registration.bindingCount());
        }
        this.host = AgentHost.start(
            config.threadingMode(), placements, log != null ? log.agentErrors(new DistinctErrorHandler(System.err)) :
            new DistinctErrorHandler(System.err), errors);
        control.startOrWarn();
    }

    /**
     * Start an instance with the synthetic traffic source on the wire side of its in-memory ports.
     *
     * @param config the instance config.
     * @return the running instance.
     */
    public static HomeAgent start(final HomeAgentConfig config)
    {
        return create(config, true);
    }

    /**
     * Start an instance whose wire side the caller drives through {@link #port(int)} (tests, perf harness).
     *
     * @param config the instance config.
     * @return the running instance.
     */
    public static HomeAgent startWithoutTraffic(final HomeAgentConfig config)
    {
        return create(config, false);
    }

    /**
     * One instance per run directory and per state directory: take their locks before anything is written there.
     */
    private static HomeAgent create(final HomeAgentConfig config, final boolean withTraffic)
    {
        return start(config, withTraffic, null);
    }

    /**
     * Start an instance that writes structured logs (docs/logging.md): operations events, security events for
     * refused signaling and for growing fastpath source-check counters.
     *
     * @param config      the instance config.
     * @param withTraffic run the synthetic traffic source on the wire side of the in-memory ports.
     * @param logConfig   the log settings, or null for no structured log.
     * @return the running instance.
     */
    public static HomeAgent start(final HomeAgentConfig config, final boolean withTraffic, final LogConfig logConfig)
    {
        final InstanceLock lock = InstanceLock.acquire(config.instanceDirectory(), config.stateDirectory());
        try
        {
            return new HomeAgent(config, withTraffic, lock, logConfig);
        }
        catch (final RuntimeException | Error ex)
        {
            lock.close();
            throw ex;
        }
    }

    /**
     * Any thread: have the signaling thread take a new registration config (mobile nodes, pools, limits) without
     * dropping a binding (SIGHUP).
     *
     * @param next the new registration config.
     */
    public void reloadRegistration(final RegistrationConfig next)
    {
        reload.offer(next);
    }

    /**
     * @return how many reloaded registration configs the signaling thread has applied.
     */
    public long reloadsApplied()
    {
        return reload.appliedCount();
    }

    /**
     * Refuse a layout that cannot run as configured: a pinned CPU this process may not use, or two dedicated
     * agents pinned to one CPU (two busy-polling threads on one core starve each other).
     *
     * @param config the config to check.
     * @throws IllegalArgumentException naming the fault.
     */
    public static void validateLayout(final HomeAgentConfig config)
    {
        final List<Integer> cpus = new ArrayList<>(config.workerCpus());
        cpus.add(config.slowpathCpu());
        cpus.add(config.trafficCpu());
        final BitSet available = CpuAffinity.availableCpus();
        final Set<Integer> seen = new HashSet<>();
        for (final int cpu : cpus)
        {
            if (cpu == AgentPlacement.UNPINNED)
            {
                continue;
            }
            if (!available.get(cpu))
            {
                throw new IllegalArgumentException("cpu " + cpu + " is not available to this process " +
                    "(allowed: " + available + ")");
            }
            if (config.threadingMode() == ThreadingMode.DEDICATED && !seen.add(cpu))
            {
                throw new IllegalArgumentException("cpu " + cpu + " is given to two dedicated agents");
            }
        }
    }

    /**
     * @param index {@link #ACCESS_PORT} or {@link #HOME_PORT}.
     * @return the in-memory port.
     */
    public MemoryPort port(final int index)
    {
        return ports[index];
    }

    /**
     * @return the shared binding table (its writer is the slowpath thread once the agents run).
     */
    public BindingTable bindings()
    {
        return bindings;
    }

    /**
     * @return the home registration (its binding cache; read it on the signaling thread or when agents are idle).
     */
    public RegistrationProcessor registration()
    {
        return registration;
    }

    /**
     * @return the home link duties.
     */
    public HomeLink homeLink()
    {
        return homeLink;
    }

    /**
     * @return the slowpath's way to transmit through the workers.
     */
    public SlowpathTransmitter transmitter()
    {
        return transmitter;
    }

    /**
     * @return the workers.
     */
    public List<WorkerAgent> workers()
    {
        return List.copyOf(workers);
    }

    /**
     * @return the frame pool.
     */
    public FramePool pool()
    {
        return pool;
    }

    /**
     * @return the counters file.
     */
    public CountersFile countersFile()
    {
        return countersFile;
    }

    /**
     * @return the agent host (INVOKER mode: call {@code invoke()}).
     */
    public AgentHost host()
    {
        return host;
    }

    /**
     * @return the config.
     */
    public HomeAgentConfig config()
    {
        return config;
    }

    /**
     * Store the heartbeat the {@code stat} tool checks.
     */
    public void heartbeat()
    {
        countersFile.heartbeat(System.currentTimeMillis());
    }

    /**
     * Reopen the log file (SIGHUP, after logrotate moved it).
     */
    public void reopenLog()
    {
        if (log != null)
        {
            log.reopen();
        }
    }

    /**
     * @return the structured log, or null when the instance writes none.
     */
    public HomeAgentLog log()
    {
        return log;
    }

    @Override
    public void close()
    {
        control.close();
        host.close();
        if (persistence != null)
        {
            persistence.close();
        }
        if (syntheticTraffic != null)
        {
            syntheticTraffic.close();
        }
        puntRing.close();
        bindings.close();
        prefixes.close();
        neighbors.close();
        pool.close();
        if (log != null)
        {
            log.agentStopped("closed");
            log.close();
        }
        countersFile.close();
        lock.close();
    }

    private static HomeAgentLog startLog(final LogConfig logConfig, final CountersFile countersFile)
    {
        if (logConfig == null)
        {
            return null;
        }
        try
        {
            return HomeAgentLog.start(logConfig, countersFile);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot open the log " + logConfig.path() + ": " + ex.getMessage(),
                ex);
        }
    }

    /**
     * Open the binding store of the state directory and restore its bindings before any agent runs; none without
     * a state directory.
     */
    private static BindingPersistence persistence(
        final HomeAgentConfig config,
        final CountersFile countersFile,
        final RegistrationProcessor registration,
        final NanoClock clock)
    {
        if (config.stateDirectory() == null)
        {
            return null;
        }
        final CounterSlots storeCounters = new CounterSlots(countersFile, StoreCounter.values(), 0, "binding-store");
        final CounterSlots signalingCounters = new CounterSlots(countersFile, StoreCounter.values(), 0, "slowpath");
        try
        {
            final BindingPersistence persistence = new BindingPersistence(
                BindingStore.open(config.stateDirectory(), storeCounters), storeCounters, signalingCounters,
                new SystemEpochClock());
            persistence.snapshotOnClose(true);
            final int restored = persistence.recoverInto(registration, clock.nanoTime());
            System.out.printf("dsmip-ha: %d binding(s) restored from %s%n", restored, config.stateDirectory());
            return persistence;
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot open the binding store in " + config.stateDirectory() + ": " +
                ex.getMessage(), ex);
        }
    }

    private static HomeLink homeLink(
        final RegistrationConfig registration, final NetworkConfig network, final SlowpathTransmitter transmitter)
    {
        if (registration.homeLinkMode() == RegistrationConfig.HomeLinkMode.VIRTUAL)
        {
            return new VirtualHomeLink();
        }
        return new ProxyHomeLink(
            network.portAddresses()[HOME_PORT], transmitter::transmit, registration.duplicateAddressDetection());
    }

    /**
     * Open the network's ports. This build moves packets through in-memory ports only; the NIC backends come with the
     * native shim (docs/configuration.md says which build provides which backend).
     */
    private static MemoryPort[] openPorts(final NetworkConfig network, final FramePool pool, final int ringCapacity)
    {
        final MemoryPort[] opened = new MemoryPort[network.ports().size()];
        for (int i = 0; i < opened.length; i++)
        {
            final PortConfig port = network.ports().get(i);
            if (port.backend() != PortConfig.Backend.MEMORY)
            {
                throw new IllegalArgumentException("port '" + port.name() + "': backend " +
                    port.backend().configName() + " is not available in this build: the native shim provides only " +
                    "in-memory ports so far (check-config accepts the file; run needs backend = \"memory\")");
            }
            opened[i] = new MemoryPort(port.name(), pool, port.queues(), ringCapacity);
        }
        return opened;
    }

    /**
     * Routes and static neighbours from the network; with the synthetic traffic source, also the bindings of the
     * homes it sends to and its mobile network prefix (those belong to the demo's addresses).
     */
    private FastpathTables installTables(final NetworkConfig network, final boolean withTraffic)
    {
        network.install(routes, neighbors);
        if (withTraffic)
        {
            new DemoNetwork().bindSyntheticHomes(bindings);
            // NEMO (RFC 3963): 2001:db8:b::/48 is the mobile network behind the mobile router 2001:db8:a::100.
            prefixes.putIpv6(0x20010db8_000b0000L, 0, 48, DemoNetwork.HOME6_HIGH, 0x100);
        }
        final PortConfig home = network.home();
        return new FastpathTables(bindings, prefixes, routes, neighbors, network.portAddresses(), network.local(),
            home.ipv4(), home.ipv6High(), home.ipv6Low());
    }

    /**
     * @return the ports as the workers see them.
     */
    PacketPort[] packetPorts()
    {
        return ports.clone();
    }
}
