package dsmipha.ha.config;

import java.util.ArrayList;
import java.util.List;

import dsmipha.fastpath.route.LocalAddresses;
import dsmipha.fastpath.route.NeighborTable;
import dsmipha.fastpath.route.PortAddresses;
import dsmipha.fastpath.route.RouteTable;
import dsmipha.fastpath.traffic.DemoNetwork;

/**
 * The home agent's network: its two ports (index 0 faces the access networks, index 1 the home link), static routes
 * and static neighbours. Connected routes come from the ports' own prefixes. The home agent's own addresses (the
 * source of tunnels and signaling, RFC 6275 §10.4.2) are the home port's.
 * <pre>
 *   mobile nodes ── access networks ── [port 0: access] home agent [port 1: home] ── home link ── correspondents
 * </pre>
 *
 * @param ports     exactly two: the access port, then the home port.
 * @param routes    static routes (a default route via the access router at least, for care-of addresses).
 * @param neighbors static neighbours.
 */
public record NetworkConfig(List<PortConfig> ports, List<RouteConfig> routes, List<NeighborConfig> neighbors)
{
    /** Index of the access port. */
    public static final int ACCESS = 0;
    /** Index of the home port. */
    public static final int HOME = 1;

    /**
     * Validate.
     */
    public NetworkConfig
    {
        ports = List.copyOf(ports);
        routes = List.copyOf(routes);
        neighbors = List.copyOf(neighbors);
        if (ports.size() != 2 || ports.get(ACCESS).role() != PortConfig.Role.ACCESS ||
            ports.get(HOME).role() != PortConfig.Role.HOME)
        {
            throw new IllegalArgumentException("the network needs one access port and one home port, in that order");
        }
        if (ports.get(HOME).ipv4() == 0 || ports.get(HOME).ipv6High() == 0 && ports.get(HOME).ipv6Low() == 0)
        {
            throw new IllegalArgumentException("the home port needs an IPv4 and an IPv6 address (the home agent's " +
                "addresses on the home link, RFC 6275 §10.4.2, RFC 5555 §3)");
        }
    }

    /**
     * The embedded default's network ({@link DemoNetwork}): access 192.0.2.1/25 and 2001:db8:ac::1/64, home
     * 198.51.100.1/24 and 2001:db8:a::1/64, default routes via the access router .126 / ::fffe, both routers and the
     * home-link host as static neighbours.
     *
     * @param queues queues on each in-memory port.
     * @return the network.
     */
    public static NetworkConfig demo(final int queues)
    {
        final List<PortConfig> ports = List.of(
            new PortConfig("access", PortConfig.Role.ACCESS, PortConfig.Backend.MEMORY, null, queues, null,
                List.of(), DemoNetwork.ACCESS_MAC, DemoNetwork.ACCESS4, 25, DemoNetwork.ACCESS6_HIGH, 1, 64),
            new PortConfig("home", PortConfig.Role.HOME, PortConfig.Backend.MEMORY, null, queues, null,
                List.of(), DemoNetwork.HOME_MAC, DemoNetwork.HOME4 | 1, 24, DemoNetwork.HOME6_HIGH, 1, 64));
        final List<RouteConfig> routes = List.of(
            new RouteConfig(true, 0, 0, 0, ACCESS, DemoNetwork.ACCESS6_HIGH, DemoNetwork.GATEWAY6_LOW),
            new RouteConfig(false, 0, 0, 0, ACCESS, 0, Integer.toUnsignedLong(DemoNetwork.GATEWAY4)));
        final List<NeighborConfig> neighbors = List.of(
            new NeighborConfig(ACCESS, DemoNetwork.ACCESS6_HIGH, DemoNetwork.GATEWAY6_LOW, DemoNetwork.GATEWAY_MAC),
            new NeighborConfig(ACCESS, 0, NeighborTable.ipv4MappedLow(DemoNetwork.GATEWAY4), DemoNetwork.GATEWAY_MAC),
            new NeighborConfig(HOME, DemoNetwork.HOME6_HIGH, DemoNetwork.HOST6_LOW, DemoNetwork.HOST_MAC),
            new NeighborConfig(HOME, 0, NeighborTable.ipv4MappedLow(DemoNetwork.HOST4), DemoNetwork.HOST_MAC));
        return new NetworkConfig(ports, routes, neighbors);
    }

    /**
     * @return the ports' addresses by index, as the fastpath sees them.
     */
    public PortAddresses[] portAddresses()
    {
        final PortAddresses[] addresses = new PortAddresses[ports.size()];
        for (int i = 0; i < addresses.length; i++)
        {
            addresses[i] = ports.get(i).addresses(i);
        }
        return addresses;
    }

    /**
     * @return every address of the home agent.
     */
    public LocalAddresses local()
    {
        return new LocalAddresses(portAddresses(), new int[0], new long[0][]);
    }

    /**
     * @return the home port.
     */
    public PortConfig home()
    {
        return ports.get(HOME);
    }

    /**
     * Fill the route and neighbour tables: connected routes of both ports, the static routes, the static neighbours.
     *
     * @param routeTable    the route table (two ports).
     * @param neighborTable the neighbour table.
     * @throws IllegalArgumentException naming the entry a table refused.
     */
    public void install(final RouteTable routeTable, final NeighborTable neighborTable)
    {
        routeTable.addConnected(portAddresses());
        final List<String> refused = new ArrayList<>();
        for (final RouteConfig route : routes)
        {
            if (route.addTo(routeTable) < 0)
            {
                refused.add("route " + route);
            }
        }
        for (final NeighborConfig neighbor : neighbors)
        {
            if (neighbor.addTo(neighborTable) < 0)
            {
                refused.add("neighbour " + neighbor);
            }
        }
        if (!refused.isEmpty())
        {
            throw new IllegalArgumentException("tables refused: " + String.join("; ", refused));
        }
    }
}
