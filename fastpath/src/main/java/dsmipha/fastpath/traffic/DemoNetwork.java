package dsmipha.fastpath.traffic;

import dsmipha.fastpath.binding.BindingTable;
import dsmipha.fastpath.binding.BindingView;
import dsmipha.fastpath.binding.EncapVariant;
import dsmipha.fastpath.binding.PrefixTable;
import dsmipha.fastpath.encap.OuterHeaderTemplate;
import dsmipha.fastpath.route.LocalAddresses;
import dsmipha.fastpath.route.NeighborState;
import dsmipha.fastpath.route.NeighborTable;
import dsmipha.fastpath.route.PortAddresses;
import dsmipha.fastpath.route.RouteTable;
import dsmipha.fastpath.worker.FastpathTables;

/**
 * The two-port network the embedded default, the worker tests and the benchmarks run in: addresses, routes,
 * static neighbours and bindings that match {@link SyntheticTraffic}'s packets and the scapy fixtures of
 * {@code fastpath/src/test/scapy/fixtures_worker.py}, so every path of the pipeline (tunnelled downlink in every
 * variant, uplink, signaling punts, drops, ICMP errors) runs without outside equipment. Documentation prefixes only
 * (RFC 3849, RFC 5737).
 * <pre>
 *   correspondents 203.0.113.0/24, 2001:db8:f::/48        mobile nodes: home 2001:db8:a::/64, 198.51.100.0/24;
 *   (default routes via the access router)                care-of 2001:db8:c::5, 192.0.2.200, NAT 203.0.113.77:40123
 *            │                                                       │
 *   port 0 "access" 02:00:00:00:00:12                      port 1 "home" 02:00:00:00:00:02
 *     2001:db8:ac::1/64, 192.0.2.1/25                        2001:db8:a::1/64, 198.51.100.1/24 (tunnel source)
 *     router 2001:db8:ac::fffe, 192.0.2.126                  host 2001:db8:a::cc, 198.51.100.204
 *     (02:00:00:00:00:fe, static)                            (02:00:00:00:00:cc, static)
 * </pre>
 * Tables are filled before any agent starts, on the thread that then starts them (thread start orders these
 * writes before every worker's reads); from then on the slowpath is their only writer.
 */
public final class DemoNetwork
{
    /** Index of the access port. */
    public static final int ACCESS = 0;
    /** Index of the home port. */
    public static final int HOME = 1;
    /** MAC of the home agent's access port. */
    public static final long ACCESS_MAC = 0x02_00_00_00_00_12L;
    /** MAC of the home agent's home port (SyntheticTraffic's frames are addressed to it). */
    public static final long HOME_MAC = 0x02_00_00_00_00_02L;
    /** MAC of the access network's router. */
    public static final long GATEWAY_MAC = 0x02_00_00_00_00_FEL;
    /** MAC of the host on the home link. */
    public static final long HOST_MAC = 0x02_00_00_00_00_CCL;
    /** High 64 bits of the home link's prefix 2001:db8:a::/64 (the home agent is ::1). */
    public static final long HOME6_HIGH = 0x20010db8_000a0000L;
    /** The home link's IPv4 prefix 198.51.100.0/24 (the home agent is .1). */
    public static final int HOME4 = 0xC6336400;
    /** High 64 bits of the access link's prefix 2001:db8:ac::/64. */
    public static final long ACCESS6_HIGH = 0x20010db8_00ac0000L;
    /** The home agent's access address 192.0.2.1 (access link 192.0.2.0/25). */
    public static final int ACCESS4 = 0xC0000201;
    /** The access router's IPv4 address 192.0.2.126. */
    public static final int GATEWAY4 = 0xC000027E;
    /** Low 64 bits of the access router's IPv6 address 2001:db8:ac::fffe. */
    public static final long GATEWAY6_LOW = 0xFFFE;
    /** Low 64 bits of the home link host 2001:db8:a::cc. */
    public static final long HOST6_LOW = 0xCC;
    /** The home link host 198.51.100.204. */
    public static final int HOST4 = HOME4 | 204;
    /** High 64 bits of the IPv6 care-of address 2001:db8:c::5. */
    public static final long CARE_OF6_HIGH = 0x20010db8_000c0000L;
    /** Low 64 bits of the IPv6 care-of address. */
    public static final long CARE_OF6_LOW = 5;
    /** The IPv4 care-of address 192.0.2.200. */
    public static final int CARE_OF4 = 0xC00002C8;
    /** The NAT's public address 203.0.113.77. */
    public static final int NAT4 = 0xCB00714D;
    /** The NAT-mapped UDP port. */
    public static final int NAT_PORT = 40123;
    /** Home addresses SyntheticTraffic sends to, per family: 2001:db8:a::100-13f and 198.51.100.10-73. */
    public static final int SYNTHETIC_HOMES = 64;

    private static final int[] VARIANTS6 =
        {EncapVariant.IPV6_IN_IPV6, EncapVariant.IPV6_IN_IPV4, EncapVariant.IPV4_UDP_4191};
    private static final int[] VARIANTS4 =
        {EncapVariant.IPV4_IN_IPV6, EncapVariant.IPV4_IN_IPV4, EncapVariant.IPV4_UDP_4191};

    private final PortAddresses[] ports =
    {
        new PortAddresses(ACCESS, ACCESS_MAC, ACCESS4, 25, ACCESS6_HIGH, 1, 64),
        new PortAddresses(HOME, HOME_MAC, HOME4 | 1, 24, HOME6_HIGH, 1, 64),
    };
    private final OuterHeaderTemplate templates =
        new OuterHeaderTemplate(HOME6_HIGH, 1, HOME4 | 1, OuterHeaderTemplate.DEFAULT_HOP_LIMIT);
    private final BindingView binding = new BindingView();

    /**
     * @return the ports' own addresses, by port index.
     */
    public PortAddresses[] ports()
    {
        return ports.clone();
    }

    /**
     * @return the home agent's own addresses.
     */
    public LocalAddresses local()
    {
        return new LocalAddresses(ports, new int[0], new long[0][]);
    }

    /**
     * Fill the tables with this network: routes, static neighbours, the synthetic homes' bindings and a mobile
     * network prefix, and describe them for the workers.
     *
     * @param bindings  the binding table.
     * @param prefixes  the prefix table.
     * @param routes    the route table (two ports).
     * @param neighbors the neighbour table.
     * @return the workers' view of the tables; ICMP errors speak from the home link addresses.
     */
    public FastpathTables install(
        final BindingTable bindings, final PrefixTable prefixes, final RouteTable routes, final NeighborTable neighbors)
    {
        addRoutes(routes);
        addNeighbors(neighbors);
        bindSyntheticHomes(bindings);
        // NEMO (RFC 3963): 2001:db8:b::/48 is the mobile network behind the mobile router 2001:db8:a::100.
        require(prefixes.putIpv6(0x20010db8_000b0000L, 0, 48, HOME6_HIGH, 0x100), "prefix binding");
        return new FastpathTables(bindings, prefixes, routes, neighbors, ports(), local(), HOME4 | 1, HOME6_HIGH, 1);
    }

    /**
     * Routes: both links connected, default routes via the access router.
     *
     * @param routes the table to fill.
     */
    public void addRoutes(final RouteTable routes)
    {
        require(routes.addIpv6Connected(ACCESS6_HIGH, 0, 64, ACCESS), "route");
        require(routes.addIpv6Connected(HOME6_HIGH, 0, 64, HOME), "route");
        require(routes.addIpv4Connected(ACCESS4 & 0xFFFFFF80, 25, ACCESS), "route");
        require(routes.addIpv4Connected(HOME4, 24, HOME), "route");
        require(routes.addIpv6(0, 0, 0, ACCESS, ACCESS6_HIGH, GATEWAY6_LOW), "default route");
        require(routes.addIpv4(0, 0, ACCESS, GATEWAY4), "default route");
    }

    /**
     * Static neighbours: the access router and the home link host, both families.
     *
     * @param neighbors the table to fill.
     */
    public void addNeighbors(final NeighborTable neighbors)
    {
        require(neighbors.put(ACCESS, ACCESS6_HIGH, GATEWAY6_LOW, NeighborState.STATIC, GATEWAY_MAC), "neighbour");
        require(neighbors.put(ACCESS, 0, NeighborTable.ipv4MappedLow(GATEWAY4), NeighborState.STATIC, GATEWAY_MAC),
            "neighbour");
        require(neighbors.put(HOME, HOME6_HIGH, HOST6_LOW, NeighborState.STATIC, HOST_MAC), "neighbour");
        require(neighbors.put(HOME, 0, NeighborTable.ipv4MappedLow(HOST4), NeighborState.STATIC, HOST_MAC),
            "neighbour");
    }

    /**
     * Bindings for every home address SyntheticTraffic sends to, cycling through the variants: IPv6 homes
     * IPv6-in-IPv6 to 2001:db8:c::5, IPv6-in-IPv4 to 192.0.2.200, IPv4/UDP to the NAT; IPv4 homes IPv4-in-IPv6,
     * IPv4-in-IPv4, IPv4/UDP to the same.
     *
     * @param bindings the binding table.
     */
    public void bindSyntheticHomes(final BindingTable bindings)
    {
        for (int i = 0; i < SYNTHETIC_HOMES; i++)
        {
            binding.ipv6HomeAddress(HOME6_HIGH, 0x100 + i);
            put(bindings, i + 1, VARIANTS6[i % 3]);
            binding.ipv4HomeAddress(HOME4 | (10 + i));
            put(bindings, SYNTHETIC_HOMES + i + 1, VARIANTS4[i % 3]);
        }
    }

    private void put(final BindingTable bindings, final int id, final int variant)
    {
        binding.bindingId(id).variant(variant).tunnelMtu(1500).udpPorts(0, 0);
        switch (variant)
        {
            case EncapVariant.IPV6_IN_IPV6, EncapVariant.IPV4_IN_IPV6 ->
                binding.ipv6CareOfAddress(CARE_OF6_HIGH, CARE_OF6_LOW);
            case EncapVariant.IPV4_UDP_4191 ->
                binding.ipv4CareOfAddress(NAT4).udpPorts(OuterHeaderTemplate.DSMIPV6_UDP_PORT, NAT_PORT);
            default -> binding.ipv4CareOfAddress(CARE_OF4);
        }
        templates.applyTo(binding);
        require(bindings.put(binding), "binding");
    }

    private static void require(final int result, final String what)
    {
        if (result < 0)
        {
            throw new IllegalStateException(what + " refused: " + result);
        }
    }
}
