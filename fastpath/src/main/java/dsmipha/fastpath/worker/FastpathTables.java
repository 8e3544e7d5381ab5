package dsmipha.fastpath.worker;

import org.agrona.concurrent.NanoClock;

import dsmipha.fastpath.binding.BindingTable;
import dsmipha.fastpath.binding.PrefixTable;
import dsmipha.fastpath.icmp.IcmpErrorGenerator;
import dsmipha.fastpath.icmp.Ipv4Fragmenter;
import dsmipha.fastpath.route.Egress;
import dsmipha.fastpath.route.LocalAddresses;
import dsmipha.fastpath.route.NeighborTable;
import dsmipha.fastpath.route.PortAddresses;
import dsmipha.fastpath.route.RouteTable;

/**
 * The state every worker reads and only the slowpath (or config) thread writes: bindings, prefix bindings, routes,
 * neighbours, and the home agent's own addresses. Each worker builds its own stage instances over them
 * ({@link WorkerStages}); the tables' publish protocols (per-entry seqlocks, copy-on-write route snapshots) make
 * the sharing lock free.
 *
 * @param bindings      exact bindings by home address.
 * @param prefixes      prefix bindings (mobile network prefixes, IPv4 home prefixes).
 * @param routes        the egress routing table.
 * @param neighbors     next hops' link-layer addresses.
 * @param ports         each port's own addresses, by port index.
 * @param local         every address of the home agent.
 * @param icmpIpv4Source the address ICMPv4 errors come from.
 * @param icmpIpv6High  octets 0..7 of the address ICMPv6 errors come from.
 * @param icmpIpv6Low   octets 8..15 of that address.
 */
public record FastpathTables(
    BindingTable bindings,
    PrefixTable prefixes,
    RouteTable routes,
    NeighborTable neighbors,
    PortAddresses[] ports,
    LocalAddresses local,
    int icmpIpv4Source,
    long icmpIpv6High,
    long icmpIpv6Low)
{
    /**
     * @return a new egress stage over the shared route and neighbour tables.
     */
    public Egress newEgress()
    {
        return new Egress(routes, neighbors, ports);
    }

    /**
     * @param clock time for the rate limit.
     * @return a new ICMP error generator speaking from the configured addresses, with the default rate limit.
     */
    public IcmpErrorGenerator newIcmpErrorGenerator(final NanoClock clock)
    {
        return new IcmpErrorGenerator(icmpIpv4Source, icmpIpv6High, icmpIpv6Low, clock);
    }

    /**
     * @return a new IPv4 fragmenter.
     */
    public Ipv4Fragmenter newFragmenter()
    {
        return new Ipv4Fragmenter();
    }
}
