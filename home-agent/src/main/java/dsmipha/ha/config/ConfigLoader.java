package dsmipha.ha.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.tomlj.Toml;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;

import dsmipha.common.agent.AgentPlacement;
import dsmipha.common.agent.ThreadingMode;
import dsmipha.fastpath.io.FrameLayout;
import dsmipha.fastpath.route.NeighborTable;
import dsmipha.fastpath.worker.QueueAssignment;
import dsmipha.ha.HomeAgentConfig;
import dsmipha.slowpath.registration.RegistrationConfig;
import dsmipha.slowpath.registration.RegistrationConfig.Ipv4Prefix;
import dsmipha.slowpath.registration.RegistrationConfig.Ipv6Prefix;
import dsmipha.slowpath.registration.RegistrationConfig.MobileNodePolicy;

/**
 * Reads a home agent config file (TOML 1.0, every key in docs/configuration.md) into a {@link LoadedConfig}, or
 * fails with a {@link ConfigException} listing every fault found, each with file, line and key. Nothing is started:
 * {@code dsmip-ha check-config} is this class alone, and {@code run --config} starts only what passed it.
 * <p>
 * Checks beyond single values: exactly one access and one home port; every queue of every port served by exactly one
 * worker; cores that are online and allowed to this process; no two dedicated threads on one core; route gateways
 * and static neighbours on their port's link; mobile nodes' home addresses inside the home prefixes.
 */
public final class ConfigLoader
{
    private static final Pattern INSTANCE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern PORT_NAME = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    private final HostCpus host;
    private final List<ConfigError> errors = new ArrayList<>();
    private Path file;
    private List<String> dpdkEal = List.of();
    private final Set<String> portsWithFaultyAddresses = new HashSet<>();

    /**
     * @param host the cores this machine has online and allows this process (layout checks).
     */
    public ConfigLoader(final HostCpus host)
    {
        this.host = host;
    }

    /**
     * Read and check a config file against this machine's cores.
     *
     * @param file the file.
     * @return the config.
     * @throws ConfigException with every fault.
     */
    public static LoadedConfig load(final Path file)
    {
        return new ConfigLoader(HostCpus.current()).read(file);
    }

    /**
     * @param path the file.
     * @return the config.
     * @throws ConfigException with every fault.
     */
    public LoadedConfig read(final Path path)
    {
        this.file = path;
        errors.clear();
        portsWithFaultyAddresses.clear();
        final String text;
        try
        {
            text = Files.readString(path);
        }
        catch (final IOException ex)
        {
            throw new ConfigException(List.of(new ConfigError(path, 0, "", "cannot read: " + ex)));
        }
        return parse(text);
    }

    /**
     * @param path the name to report faults against.
     * @param text the file's contents.
     * @return the config.
     * @throws ConfigException with every fault.
     */
    public LoadedConfig read(final Path path, final String text)
    {
        this.file = path;
        errors.clear();
        portsWithFaultyAddresses.clear();
        return parse(text);
    }

    private LoadedConfig parse(final String text)
    {
        final TomlParseResult toml = Toml.parse(text);
        if (toml.hasErrors())
        {
            for (final TomlParseError error : toml.errors())
            {
                errors.add(new ConfigError(file, error.position().line(), "", "TOML syntax: " + error.getMessage()
                    .replaceAll(" \\(line \\d+, column \\d+\\)$", "")));
            }
            throw new ConfigException(errors);
        }
        final TomlSection root = new TomlSection(file, errors, toml, "", 0);
        final LoadedConfig config = read(root);
        root.finish();
        if (!errors.isEmpty() || config == null)
        {
            errors.sort((a, b) -> Integer.compare(a.line(), b.line()));
            throw new ConfigException(errors);
        }
        return config;
    }

    private LoadedConfig read(final TomlSection root)
    {
        final TomlSection instance = root.table("instance");
        final String name = instance.string("name", "default");
        if (!INSTANCE_NAME.matcher(name).matches())
        {
            instance.error("name", "must be 1-64 letters, digits, '.', '_' or '-' (it names a folder): '" + name + "'");
        }
        final Path countersDir = instance.parsed("counters-dir", Path::of, HomeAgentConfig.defaultCountersDir());
        final Path stateDir = instance.parsed("state-dir", Path::of, null);
        instance.finish();

        final TomlSection fastpath = root.table("fastpath");
        final long bindings = fastpath.integer("binding-capacity", HomeAgentConfig.DEFAULT_BINDING_CAPACITY, 1,
            HomeAgentConfig.MAX_BINDING_CAPACITY);
        final int ringCapacity = (int)fastpath.integer("ring-capacity", 1024, 32, 1 << 16);
        if (Integer.bitCount(ringCapacity) != 1)
        {
            fastpath.error("ring-capacity", "must be a power of two, not " + ringCapacity);
        }
        final int burst = (int)fastpath.integer("burst", 32, 1, 1024);
        if (burst > ringCapacity)
        {
            fastpath.error("burst", "must not exceed ring-capacity (" + ringCapacity + ")");
        }
        final int frameLength = (int)fastpath.integer("frame-length", FrameLayout.DEFAULT_FRAME_LENGTH,
            FrameLayout.DATA_OFFSET + 64, FrameLayout.MAX_FRAME_LENGTH);
        final int puntRing = (int)fastpath.integer("punt-ring-bytes", 4 << 20, 64 << 10, 1 << 30);
        if (Integer.bitCount(puntRing) != 1)
        {
            fastpath.error("punt-ring-bytes", "must be a power of two, not " + puntRing);
        }

        final List<TomlSection> portSections = root.tables("ports");
        final NetworkConfig network = network(root, portSections);
        final Map<String, Integer> portIndex = new HashMap<>();
        if (network != null)
        {
            portIndex.put(network.ports().get(NetworkConfig.ACCESS).name(), NetworkConfig.ACCESS);
            portIndex.put(network.ports().get(NetworkConfig.HOME).name(), NetworkConfig.HOME);
        }

        final TomlSection threading = root.table("threading");
        final String mode = threading.choice("mode", "shared", "dedicated", "shared");
        final String idle = threading.choice("idle", mode.equals("dedicated") ? "busy-spin" : "backoff",
            "busy-spin", "yield", "backoff", "sleep");
        final int slowpathCore = core(threading, "slowpath-core");
        threading.finish();

        final List<TomlSection> workerSections = root.tables("workers");
        final List<Integer> cores = new ArrayList<>();
        final List<List<QueueAssignment>> queues = new ArrayList<>();
        if (workerSections.isEmpty())
        {
            cores.add(AgentPlacement.UNPINNED);
        }
        for (final TomlSection worker : workerSections)
        {
            cores.add(core(worker, "core"));
            queues.add(worker.has("queues") ? queueList(worker, network, portIndex) : null);
            worker.finish();
        }
        final List<List<QueueAssignment>> workerQueues = checkQueues(root, workerSections, queues, network);
        checkCores(mode, threading, slowpathCore, workerSections, cores);

        final RegistrationConfig registration = registration(root, network);
        final TomlSection metrics = root.table("metrics");
        final int metricsPort = (int)metrics.integer("port", 0, 0, 65535);
        final String metricsAddress = metrics.parsed("address", ConfigLoader::addressLiteral, "127.0.0.1");
        metrics.finish();
        final LoadedConfig.LogSettings logging = logging(root.table("logging"));
        final TomlSection traffic = root.table("traffic");
        final boolean synthetic = traffic.bool("synthetic", false);
        final long rate = traffic.integer("rate-pps", 0, 0, 1_000_000_000);
        if (synthetic && network != null && network.ports().stream()
            .anyMatch(p -> p.backend() != PortConfig.Backend.MEMORY))
        {
            traffic.error("synthetic", "the synthetic traffic source needs both ports on backend \"memory\"");
        }
        traffic.finish();
        final int totalQueues = network == null ? 2 :
            network.ports().get(0).queues() + network.ports().get(1).queues();
        final int frames = (int)fastpath.integer("frames",
            Math.max(8192, 2L * ringCapacity * totalQueues + 1024L * cores.size()), 2, 1 << 26);
        fastpath.finish();

        if (!errors.isEmpty() || network == null || registration == null)
        {
            if (network == null && errors.isEmpty())
            {
                errors.add(new ConfigError(file, 0, "ports", "the network could not be read"));
            }
            return null;
        }
        try
        {
            final int maxQueues = Math.max(network.ports().get(0).queues(), network.ports().get(1).queues());
            final HomeAgentConfig agent = new HomeAgentConfig(name, countersDir,
                mode.equals("dedicated") ? ThreadingMode.DEDICATED : ThreadingMode.SHARED, idle, cores, slowpathCore,
                AgentPlacement.UNPINNED, maxQueues, frames, frameLength, ringCapacity, burst, puntRing, rate,
                bindings, registration, stateDir, network, workerQueues);
            return new LoadedConfig(file, agent, synthetic, metricsAddress, metricsPort, logging);
        }
        catch (final IllegalArgumentException ex)
        {
            errors.add(new ConfigError(file, 0, "", ex.getMessage()));
            return null;
        }
    }

    private NetworkConfig network(final TomlSection root, final List<TomlSection> sections)
    {
        final TomlSection dpdk = root.table("dpdk");
        dpdkEal = orDefault(dpdk.parsedList("eal-args", text -> text), List.of());
        dpdk.finish();
        PortConfig access = null;
        PortConfig home = null;
        final Set<String> names = new HashSet<>();
        if (sections.isEmpty())
        {
            errors.add(new ConfigError(file, 0, "ports", "missing: the config needs a [[ports]] table with role = " +
                "\"access\" and one with role = \"home\""));
        }
        for (final TomlSection section : sections)
        {
            final PortConfig port = port(section);
            section.finish();
            if (port == null)
            {
                continue;
            }
            if (!names.add(port.name()))
            {
                section.error("name", "port name '" + port.name() + "' is used twice");
            }
            if (port.role() == PortConfig.Role.ACCESS)
            {
                if (access != null)
                {
                    section.error("role", "a second access port: this build serves one access and one home port");
                }
                access = access == null ? port : access;
            }
            else
            {
                if (home != null)
                {
                    section.error("role", "a second home port: this build serves one access and one home port");
                }
                else if (port.ipv4() == 0 || port.ipv6High() == 0 && port.ipv6Low() == 0)
                {
                    section.tableError("the home port needs both ipv4 and ipv6 (the home agent's addresses on the " +
                        "home link, RFC 6275 §10.4.2, RFC 5555 §3)");
                }
                home = home == null ? port : home;
            }
        }
        if (!sections.isEmpty() && (access == null || home == null))
        {
            errors.add(new ConfigError(file, sections.get(0).line(), "ports",
                "needs one port with role = \"access\" and one with role = \"home\""));
        }
        final List<RouteConfig> routes = new ArrayList<>();
        final List<NeighborConfig> neighbors = new ArrayList<>();
        final PortConfig[] byIndex = {access, home};
        for (final TomlSection section : root.tables("routes"))
        {
            final RouteConfig route = route(section, byIndex);
            section.finish();
            if (route != null)
            {
                routes.add(route);
            }
        }
        for (final TomlSection section : root.tables("neighbors"))
        {
            final NeighborConfig neighbor = neighbor(section, byIndex);
            section.finish();
            if (neighbor != null)
            {
                neighbors.add(neighbor);
            }
        }
        if (access == null || home == null)
        {
            return null;
        }
        try
        {
            return new NetworkConfig(List.of(access, home), routes, neighbors);
        }
        catch (final IllegalArgumentException ex)
        {
            return null; // the fault is already reported against its port
        }
    }

    private PortConfig port(final TomlSection section)
    {
        final String name = section.requiredString("name");
        if (name != null && !PORT_NAME.matcher(name).matches())
        {
            section.error("name", "must be 1-32 letters, digits, '_' or '-': '" + name + "'");
        }
        final String role = section.choice("role", null, "access", "home");
        if (role == null && !section.has("role"))
        {
            section.tableError("missing required key 'role' (\"access\" or \"home\")");
        }
        final String backendName = section.choice("backend", "memory", "memory", "af-packet", "af-xdp", "dpdk");
        PortConfig.Backend backend = PortConfig.Backend.MEMORY;
        for (final PortConfig.Backend b : PortConfig.Backend.values())
        {
            backend = b.configName().equals(backendName) ? b : backend;
        }
        final String device = section.string("device", null);
        if (backend == PortConfig.Backend.MEMORY && device != null)
        {
            section.error("device", "an in-memory port has no device (remove it, or choose another backend)");
        }
        if (backend != PortConfig.Backend.MEMORY && device == null)
        {
            section.tableError("missing required key 'device' (the " + (backend == PortConfig.Backend.DPDK ?
                "DPDK device: a PCI address or a vdev such as net_af_packet0,iface=eth1" : "kernel interface") +
                ") for backend " + backend.configName());
        }
        final int queues = (int)section.integer("queues", 1, 1, PortConfig.MAX_QUEUES);
        String xdpMode = null;
        if (section.has("xdp-mode"))
        {
            xdpMode = section.choice("xdp-mode", "auto", "auto", "copy", "zero-copy");
            if (backend != PortConfig.Backend.AF_XDP)
            {
                section.error("xdp-mode", "only for backend af-xdp");
            }
        }
        final List<String> eal = backend == PortConfig.Backend.DPDK ? dpdkEal : List.of();
        final long mac = section.has("mac") ? section.parsed("mac", AddressText::mac, 0L) : 0L;
        if (!section.has("mac"))
        {
            section.tableError("missing required key 'mac' (the port's MAC address, e.g. \"02:00:00:00:00:12\")");
        }
        else if (mac != 0 && (mac & 0x0100_0000_0000L) != 0)
        {
            section.error("mac", "must be a unicast MAC address (the group bit of the first octet is set)");
        }
        final int before = errors.size();
        final int[] ipv4 = section.parsed("ipv4", AddressText::ipv4Interface, new int[] {0, 0});
        final long[] ipv6 = section.parsed("ipv6", AddressText::ipv6Interface, new long[] {0, 0, 0});
        if (errors.size() > before && name != null)
        {
            portsWithFaultyAddresses.add(name); // its routes and neighbours are not checked against its link
        }
        if (name == null || role == null)
        {
            return null;
        }
        // A port with a faulty MAC (already reported) still names its role and link, so the routes and the
        // registration defaults that refer to it are checked instead of failing after it.
        final long usableMac = mac == 0 || (mac & 0x0100_0000_0000L) != 0 ? 0x02_00_00_00_00_01L : mac;
        return new PortConfig(name, role.equals("access") ? PortConfig.Role.ACCESS : PortConfig.Role.HOME, backend,
            device, queues, xdpMode, eal, usableMac, ipv4[0], ipv4[1], ipv6[0], ipv6[1], (int)ipv6[2]);
    }

    private RouteConfig route(final TomlSection section, final PortConfig[] ports)
    {
        final String prefix = section.requiredString("prefix");
        final String portName = section.requiredString("port");
        final int port = portIndex(section, "port", portName, ports);
        final String via = section.string("via", null);
        if (prefix == null || port < 0)
        {
            return null;
        }
        try
        {
            if (prefix.indexOf(':') >= 0)
            {
                final long[] p = AddressText.ipv6Prefix(prefix);
                long[] gateway = {0, 0};
                if (via != null)
                {
                    gateway = section.parsed("via", AddressText::ipv6, null);
                    if (gateway == null)
                    {
                        return null;
                    }
                    if (onLinkCheckable(ports[port]) &&
                        !ports[port].addresses(port).isOnLinkIpv6(gateway[0], gateway[1]))
                    {
                        section.error("via", "gateway " + via + " is not on port '" + portName + "''s link");
                    }
                }
                return new RouteConfig(true, p[0], p[1], (int)p[2], port, gateway[0], gateway[1]);
            }
            final int[] p = AddressText.ipv4Prefix(prefix);
            int gateway = 0;
            if (via != null)
            {
                gateway = section.parsed("via", AddressText::ipv4, 0);
                if (gateway == 0)
                {
                    return null;
                }
                if (onLinkCheckable(ports[port]) && !ports[port].addresses(port).isOnLinkIpv4(gateway))
                {
                    section.error("via", "gateway " + via + " is not on port '" + portName + "''s link");
                }
            }
            return new RouteConfig(false, 0, Integer.toUnsignedLong(p[0]), p[1], port, 0,
                Integer.toUnsignedLong(gateway));
        }
        catch (final IllegalArgumentException ex)
        {
            section.error("prefix", ex.getMessage());
            return null;
        }
    }

    private NeighborConfig neighbor(final TomlSection section, final PortConfig[] ports)
    {
        final String address = section.requiredString("address");
        final String portName = section.requiredString("port");
        final int port = portIndex(section, "port", portName, ports);
        final long mac = section.has("mac") ? section.parsed("mac", AddressText::mac, 0L) : 0L;
        if (!section.has("mac"))
        {
            section.tableError("missing required key 'mac'");
        }
        if (address == null || port < 0 || mac == 0)
        {
            return null;
        }
        try
        {
            if (address.indexOf(':') >= 0)
            {
                final long[] a = AddressText.ipv6(address);
                if (onLinkCheckable(ports[port]) && !ports[port].addresses(port).isOnLinkIpv6(a[0], a[1]))
                {
                    section.error("address", address + " is not on port '" + portName + "''s link");
                }
                return new NeighborConfig(port, a[0], a[1], mac);
            }
            final int a = AddressText.ipv4(address);
            if (onLinkCheckable(ports[port]) && !ports[port].addresses(port).isOnLinkIpv4(a))
            {
                section.error("address", address + " is not on port '" + portName + "''s link");
            }
            return new NeighborConfig(port, 0, NeighborTable.ipv4MappedLow(a), mac);
        }
        catch (final IllegalArgumentException ex)
        {
            section.error("address", ex.getMessage());
            return null;
        }
    }

    private boolean onLinkCheckable(final PortConfig port)
    {
        return !portsWithFaultyAddresses.contains(port.name());
    }

    private static int portIndex(final TomlSection section, final String key, final String name,
        final PortConfig[] ports)
    {
        if (name == null)
        {
            return -1;
        }
        for (int i = 0; i < ports.length; i++)
        {
            if (ports[i] != null && ports[i].name().equals(name))
            {
                return i;
            }
        }
        section.error(key, "no port is named '" + name + "'");
        return -1;
    }

    private int core(final TomlSection section, final String key)
    {
        if (!section.has(key))
        {
            return AgentPlacement.UNPINNED;
        }
        final int core = (int)section.integer(key, AgentPlacement.UNPINNED, 0, 4095);
        if (core == AgentPlacement.UNPINNED)
        {
            return core;
        }
        if (!host.online().get(core))
        {
            section.error(key, "core " + core + " is offline or does not exist (online cores: " +
                HostCpus.ranges(host.online()) + ")");
            return AgentPlacement.UNPINNED;
        }
        if (!host.allowed().get(core))
        {
            section.error(key, "core " + core + " is online but not allowed to this process (its affinity, from " +
                "taskset or a cgroup cpuset, allows " + HostCpus.ranges(host.allowed()) + ")");
            return AgentPlacement.UNPINNED;
        }
        return core;
    }

    /**
     * Dedicated threads busy-poll: two on one core starve each other, so each pinned core takes one of them.
     */
    private void checkCores(final String mode, final TomlSection threading, final int slowpathCore,
        final List<TomlSection> workers, final List<Integer> cores)
    {
        if (!mode.equals("dedicated"))
        {
            return;
        }
        final Map<Integer, String> owner = new HashMap<>();
        for (int w = 0; w < workers.size(); w++)
        {
            final int core = cores.get(w);
            if (core == AgentPlacement.UNPINNED)
            {
                continue;
            }
            final String previous = owner.putIfAbsent(core, workers.get(w).keyName("core") + " (line " +
                workers.get(w).lineOf("core") + ")");
            if (previous != null)
            {
                workers.get(w).error("core", "core " + core + " is already given to " + previous + ": two " +
                    "dedicated busy-polling threads on one core starve each other");
            }
        }
        if (slowpathCore != AgentPlacement.UNPINNED && owner.containsKey(slowpathCore))
        {
            threading.error("slowpath-core", "core " + slowpathCore + " is already given to " +
                owner.get(slowpathCore) + ": two dedicated busy-polling threads on one core starve each other");
        }
    }

    private List<QueueAssignment> queueList(final TomlSection worker, final NetworkConfig network,
        final Map<String, Integer> portIndex)
    {
        final List<QueueAssignment> list = worker.parsedList("queues", text ->
        {
            final int colon = text.lastIndexOf(':');
            if (colon <= 0)
            {
                throw new IllegalArgumentException("'" + text + "' is not PORT:QUEUE (e.g. \"access:0\")");
            }
            final Integer port = portIndex.get(text.substring(0, colon));
            if (port == null && network != null)
            {
                throw new IllegalArgumentException("no port is named '" + text.substring(0, colon) + "'");
            }
            final int queue;
            try
            {
                queue = Integer.parseInt(text.substring(colon + 1));
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("'" + text + "' is not PORT:QUEUE (e.g. \"access:0\")", ex);
            }
            if (network != null && (queue < 0 || queue >= network.ports().get(port).queues()))
            {
                throw new IllegalArgumentException("port '" + text.substring(0, colon) + "' has queues 0.." +
                    (network.ports().get(port).queues() - 1) + ", not " + queue);
            }
            return new QueueAssignment(port == null ? -1 : port, queue);
        });
        return list != null ? list : List.of();
    }

    /**
     * Either no worker lists its queues (queue q of both ports goes to worker q % workers) or every worker does,
     * and then every queue of every port is served by exactly one worker (a port queue's ring has one consumer).
     */
    private List<List<QueueAssignment>> checkQueues(final TomlSection root, final List<TomlSection> workers,
        final List<List<QueueAssignment>> queues, final NetworkConfig network)
    {
        final long listed = queues.stream().filter(q -> q != null).count();
        if (listed == 0 || network == null)
        {
            if (network != null)
            {
                final int maxQueues = Math.max(network.ports().get(0).queues(), network.ports().get(1).queues());
                final int minQueues = Math.min(network.ports().get(0).queues(), network.ports().get(1).queues());
                if (maxQueues != minQueues || minQueues < Math.max(1, workers.size()))
                {
                    errors.add(new ConfigError(file, workers.isEmpty() ? 0 : workers.get(0).line(), "workers",
                        "without 'queues' lists, both ports need the same number of queues, at least one per " +
                        "worker (" + Math.max(1, workers.size()) + "); ports have " + network.ports().get(0)
                        .queues() + " and " + network.ports().get(1).queues()));
                }
            }
            return List.of();
        }
        if (listed != queues.size())
        {
            for (int w = 0; w < workers.size(); w++)
            {
                if (queues.get(w) == null)
                {
                    workers.get(w).tableError("missing 'queues': when one worker lists its queues, every worker must");
                }
            }
            return List.of();
        }
        final Map<Long, String> servedBy = new HashMap<>();
        for (int w = 0; w < workers.size(); w++)
        {
            if (queues.get(w).isEmpty())
            {
                workers.get(w).error("queues", "a worker without queues has nothing to do");
            }
            for (final QueueAssignment q : queues.get(w))
            {
                final String previous = servedBy.putIfAbsent(((long)q.port() << 32) | q.queue(),
                    workers.get(w).keyName("queues"));
                if (previous != null)
                {
                    workers.get(w).error("queues", "queue " + network.ports().get(q.port()).name() + ":" +
                        q.queue() + " is already served by " + previous + " (a queue has exactly one worker)");
                }
            }
        }
        for (int p = 0; p < network.ports().size(); p++)
        {
            for (int q = 0; q < network.ports().get(p).queues(); q++)
            {
                if (!servedBy.containsKey(((long)p << 32) | q))
                {
                    errors.add(new ConfigError(file, workers.get(0).line(), "workers", "queue " +
                        network.ports().get(p).name() + ":" + q + " is served by no worker (its packets would " +
                        "never be read)"));
                }
            }
        }
        return queues;
    }

    private RegistrationConfig registration(final TomlSection root, final NetworkConfig network)
    {
        final TomlSection r = root.table("registration");
        final boolean requireIpsec = r.bool("require-ipsec", true);
        final int maxLifetime = (int)r.seconds("max-lifetime", RegistrationConfig.DEFAULT_MAX_LIFETIME_SECONDS, 4,
            RegistrationConfig.MAX_LIFETIME_SECONDS);
        final int lead = (int)r.seconds("refresh-request-lead", 0, 0, maxLifetime - 1L);
        final long keepalive = r.seconds("nat-keepalive", RegistrationConfig.DEFAULT_NAT_KEEPALIVE_SECONDS, 0,
            0xFFFF_FFFFL);
        final boolean forceUdp = r.bool("force-udp", false);
        final String homeLink = r.choice("home-link", "proxy", "proxy", "virtual");
        final boolean dad = r.bool("duplicate-address-detection", true);
        final int mtu = (int)r.integer("tunnel-mtu", 1500, 1280, 65535);
        final List<Ipv6Prefix> homePrefixes = orDefault(r.parsedList("home-prefixes", t ->
        {
            final long[] p = AddressText.ipv6Prefix(t);
            return new Ipv6Prefix(p[0], p[1], (int)p[2], Long.MAX_VALUE);
        }), network == null ? List.of() : List.of(homePrefix6(network.home())));
        final List<Ipv4Prefix> homeSubnets = orDefault(r.parsedList("home-ipv4-subnets", ConfigLoader::ipv4Prefix),
            network == null ? List.of() : List.of(homeSubnet4(network.home())));
        final boolean authorizeHomePrefix = r.bool("authorize-home-prefix", false);
        final List<Ipv4Prefix> addressPools = orDefault(r.parsedList("ipv4-address-pools", ConfigLoader::ipv4Prefix),
            List.of());
        final List<Ipv4Prefix> prefixPools = orDefault(r.parsedList("ipv4-prefix-pools", ConfigLoader::ipv4Prefix),
            List.of());
        for (final Ipv4Prefix pool : homeSubnets.isEmpty() ? List.<Ipv4Prefix>of() : addressPools)
        {
            if (homeSubnets.stream().noneMatch(s -> s.contains(pool.network()) && s.length() <= pool.length()))
            {
                r.error("ipv4-address-pools", "pool " + format(pool) + " is not inside a home IPv4 subnet " +
                    "(dynamic home addresses come from the home subnets, RFC 5555 §3.1.1)");
            }
        }
        r.finish();
        final List<MobileNodePolicy> nodes = mobileNodes(root, homePrefixes, homeSubnets);
        if (r.line() == 0 && !root.has("registration") && root.tables("mobile-nodes").isEmpty())
        {
            errors.add(new ConfigError(file, 0, "registration", "missing: without [registration] and " +
                "[[mobile-nodes]] no mobile node may register (set authorize-home-prefix = true for a lab)"));
        }
        try
        {
            return new RegistrationConfig(!requireIpsec, maxLifetime, lead, keepalive, forceUdp,
                homeLink.equals("virtual") ? RegistrationConfig.HomeLinkMode.VIRTUAL :
                    RegistrationConfig.HomeLinkMode.PROXY, dad, mtu, homePrefixes, homeSubnets, authorizeHomePrefix,
                addressPools, prefixPools, nodes);
        }
        catch (final IllegalArgumentException ex)
        {
            r.tableError(ex.getMessage());
            return null;
        }
    }

    private List<MobileNodePolicy> mobileNodes(final TomlSection root, final List<Ipv6Prefix> homePrefixes,
        final List<Ipv4Prefix> homeSubnets)
    {
        final List<MobileNodePolicy> nodes = new ArrayList<>();
        final Map<String, String> seen = new HashMap<>();
        for (final TomlSection node : root.tables("mobile-nodes"))
        {
            final String text = node.requiredString("home-address");
            final long[] home = text == null ? null : node.parsed("home-address", AddressText::ipv6, null);
            if (home != null && !homePrefixes.isEmpty() &&
                homePrefixes.stream().noneMatch(p -> p.contains(home[0], home[1])))
            {
                node.error("home-address", text + " is not inside a home prefix (RFC 6275 §10.3.1: status 132)");
            }
            if (home != null)
            {
                final String key = home[0] + ":" + home[1];
                final String previous = seen.putIfAbsent(key, node.path() + " (line " + node.line() + ")");
                if (previous != null)
                {
                    node.error("home-address", text + " is already listed by " + previous);
                }
            }
            final int ipv4 = node.parsed("ipv4-home-address", AddressText::ipv4, 0);
            if (ipv4 != 0 && !homeSubnets.isEmpty() && homeSubnets.stream().noneMatch(s -> s.contains(ipv4)))
            {
                node.error("ipv4-home-address", "not inside a home IPv4 subnet");
            }
            final boolean dynamic = node.bool("dynamic-ipv4", false);
            final List<Ipv4Prefix> v4Prefixes = orDefault(node.parsedList("ipv4-prefixes", ConfigLoader::ipv4Prefix),
                List.of());
            final boolean router = node.bool("mobile-router", false);
            final List<Ipv6Prefix> networks = orDefault(node.parsedList("mobile-network-prefixes", t ->
            {
                final long[] p = AddressText.ipv6Prefix(t);
                return new Ipv6Prefix(p[0], p[1], (int)p[2], Long.MAX_VALUE);
            }), List.of());
            if (!networks.isEmpty() && !router)
            {
                node.error("mobile-network-prefixes", "only a mobile router has mobile network prefixes " +
                    "(set mobile-router = true, RFC 3963 §6.6)");
            }
            node.finish();
            if (home != null)
            {
                nodes.add(new MobileNodePolicy(home[0], home[1], ipv4, dynamic, v4Prefixes, router, networks));
            }
        }
        return nodes;
    }

    private LoadedConfig.LogSettings logging(final TomlSection section)
    {
        final LoadedConfig.LogSettings defaults = LoadedConfig.LogSettings.defaults();
        final LoadedConfig.LogSettings settings = new LoadedConfig.LogSettings(
            section.choice("format", defaults.format(), "json", "text"),
            section.choice("level", defaults.level(), "error", "warn", "info", "debug"),
            section.parsed("file", Path::of, null),
            (int)section.integer("rate-per-second", defaults.ratePerSecond(), 1, 1_000_000),
            (int)section.integer("burst", defaults.burst(), 1, 1_000_000));
        section.finish();
        return settings;
    }

    // An IPv4 or IPv6 literal to listen on (never a name: no DNS at startup).
    private static String addressLiteral(final String text)
    {
        if (text.indexOf(':') >= 0)
        {
            AddressText.ipv6(text);
        }
        else
        {
            AddressText.ipv4(text);
        }
        return text;
    }

    private static Ipv4Prefix ipv4Prefix(final String text)
    {
        final int[] p = AddressText.ipv4Prefix(text);
        return new Ipv4Prefix(p[0], p[1]);
    }

    private static Ipv6Prefix homePrefix6(final PortConfig home)
    {
        final int length = home.ipv6Len();
        return new Ipv6Prefix(home.ipv6High() & AddressText.highMask(length),
            home.ipv6Low() & AddressText.lowMask(length), length, Long.MAX_VALUE);
    }

    private static Ipv4Prefix homeSubnet4(final PortConfig home)
    {
        return new Ipv4Prefix(home.ipv4() & Ipv4Prefix.mask(home.ipv4Len()), home.ipv4Len());
    }

    private static String format(final Ipv4Prefix prefix)
    {
        final int n = prefix.network();
        return (n >>> 24) + "." + ((n >>> 16) & 0xFF) + "." + ((n >>> 8) & 0xFF) + "." + (n & 0xFF) + "/" +
            prefix.length();
    }

    private static <T> List<T> orDefault(final List<T> value, final List<T> fallback)
    {
        return value != null ? value : fallback;
    }

    /**
     * The cores of this machine.
     *
     * @param online  cores online ({@code /sys/devices/system/cpu/online}).
     * @param allowed cores this process may run on (its affinity mask).
     */
    public record HostCpus(BitSet online, BitSet allowed)
    {
        /**
         * @return this machine's cores; when {@code /sys} cannot be read, the allowed cores stand for the online.
         */
        public static HostCpus current()
        {
            final BitSet allowed = dsmipha.common.agent.CpuAffinity.availableCpus();
            BitSet online = allowed;
            try
            {
                online = parseRanges(Files.readString(Path.of("/sys/devices/system/cpu/online")).trim());
            }
            catch (final IOException | RuntimeException ex)
            {
                online = (BitSet)allowed.clone();
            }
            return new HostCpus(online, allowed);
        }

        /**
         * @param text a kernel CPU list such as {@code 0-3,8,10-11}.
         * @return the set.
         */
        public static BitSet parseRanges(final String text)
        {
            final BitSet set = new BitSet();
            for (final String part : text.split(","))
            {
                final int dash = part.indexOf('-');
                if (dash < 0)
                {
                    set.set(Integer.parseInt(part.trim()));
                }
                else
                {
                    set.set(Integer.parseInt(part.substring(0, dash).trim()),
                        Integer.parseInt(part.substring(dash + 1).trim()) + 1);
                }
            }
            return set;
        }

        /**
         * @param set cores.
         * @return the kernel's list form, e.g. {@code 0-3,8}.
         */
        public static String ranges(final BitSet set)
        {
            final StringBuilder text = new StringBuilder();
            for (int from = set.nextSetBit(0); from >= 0; )
            {
                final int to = set.nextClearBit(from) - 1;
                text.append(text.isEmpty() ? "" : ",").append(from).append(from == to ? "" : "-" + to);
                from = set.nextSetBit(to + 1);
            }
            return text.isEmpty() ? "none" : text.toString();
        }
    }
}
