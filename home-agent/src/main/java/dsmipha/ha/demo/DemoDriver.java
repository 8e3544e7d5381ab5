package dsmipha.ha.demo;

import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;

import dsmipha.fastpath.io.FrameLayout;
import dsmipha.fastpath.io.FramePool;
import dsmipha.fastpath.io.MemoryPort;
import dsmipha.fastpath.io.PacketBurst;
import dsmipha.fastpath.traffic.DemoNetwork;
import dsmipha.perf.emulator.EmulatedMobileNode;
import dsmipha.perf.emulator.EmulatedNetwork;
import dsmipha.perf.emulator.MobileNodePopulation;
import dsmipha.slowpath.registration.RegistrationConfig;

/**
 * Drives the wire side of a home agent's two in-memory ports with a {@link MobileNodePopulation}: each duty cycle
 * it takes off the wire what the ports sent (Binding Acks and downlink tunnels from the access port, uplink packets
 * from the home port) and hands them to the population to check, then injects the Binding Updates and keepalives
 * that are due, and downlink and uplink packets paced to a rate.
 * <pre>
 *   population ── BU, keepalive, uplink tunnel ─► access port ─► home agent ─► home port ─► population (uplink)
 *   population ◄─ BA, downlink tunnel ◄─ access port ◄─ home agent ◄─ home port ◄─ correspondent packet
 * </pre>
 * Not thread safe: one thread (the population is not either).
 */
public final class DemoDriver implements Agent
{
    /** Frames moved per port per duty cycle at most. */
    public static final int BURST = 32;

    private final MemoryPort access;
    private final MemoryPort home;
    private final FramePool pool;
    private final MobileNodePopulation population;
    private final NanoClock clock;
    private final long packetsPerSecond;
    private final PacketBurst burst;
    private long trafficStartNs = -1;
    private long trafficSent;
    private long injectRefused;

    /**
     * @param access           the home agent's access port.
     * @param home             the home agent's home port.
     * @param population       the mobile nodes.
     * @param clock            time source.
     * @param packetsPerSecond downlink plus uplink packets offered per second.
     */
    public DemoDriver(
        final MemoryPort access,
        final MemoryPort home,
        final MobileNodePopulation population,
        final NanoClock clock,
        final long packetsPerSecond)
    {
        this.access = access;
        this.home = home;
        this.pool = access.pool();
        this.population = population;
        this.clock = clock;
        this.packetsPerSecond = packetsPerSecond;
        this.burst = new PacketBurst(pool, BURST);
    }

    /**
     * @return the demo network (fastpath's {@link DemoNetwork}) as the emulator sees it.
     */
    public static EmulatedNetwork network()
    {
        return new EmulatedNetwork(DemoNetwork.ACCESS_MAC, DemoNetwork.GATEWAY_MAC, DemoNetwork.HOME_MAC,
            DemoNetwork.HOST_MAC, DemoNetwork.HOME6_HIGH, 1, DemoNetwork.HOME4 | 1, DemoNetwork.HOME6_HIGH,
            DemoNetwork.HOST6_LOW, DemoNetwork.HOST4);
    }

    /**
     * The demo's registration ({@link RegistrationConfig#demo}) with a policy for every node the operator knows:
     * the static IPv4 home addresses and the mobile routers with their mobile network prefixes (RFC 5555 §3.1.1,
     * RFC 3963 §6.2); every other home address in the home prefix registers without one.
     *
     * @param population the mobile nodes.
     * @return the registration config.
     */
    public static RegistrationConfig registration(final MobileNodePopulation population)
    {
        final RegistrationConfig demo = RegistrationConfig.demo();
        final List<RegistrationConfig.MobileNodePolicy> policies = new ArrayList<>();
        for (int i = 0; i < population.size(); i++)
        {
            final EmulatedMobileNode node = population.node(i);
            if (node.ipv4Mode() == EmulatedMobileNode.IPV4_STATIC || node.mobileRouter())
            {
                policies.add(new RegistrationConfig.MobileNodePolicy(node.homeHigh(), node.homeLow(),
                    node.staticIpv4(), node.ipv4Mode() == EmulatedMobileNode.IPV4_DYNAMIC, List.of(),
                    node.mobileRouter(), node.mobileRouter() ?
                    List.of(new RegistrationConfig.Ipv6Prefix(node.prefixHigh(), 0, node.prefixLength(),
                        Long.MAX_VALUE)) : List.of()));
            }
        }
        return new RegistrationConfig(demo.allowUnprotectedSignaling(), demo.maxLifetimeSeconds(),
            demo.refreshRequestLeadSeconds(), demo.natKeepaliveSeconds(), demo.forceUdp(), demo.homeLinkMode(),
            demo.duplicateAddressDetection(), demo.tunnelMtu(), demo.homePrefixes(), demo.homeIpv4Subnets(),
            demo.authorizeHomePrefix(), demo.ipv4AddressPools(), demo.ipv4PrefixPools(), policies);
    }

    @Override
    public int doWork()
    {
        final long nowNs = clock.nanoTime();
        int work = collectAccess(nowNs);
        work += collectHome();
        work += injectSignaling(nowNs);
        work += injectTraffic(nowNs);
        return work;
    }

    @Override
    public String roleName()
    {
        return "demo-driver";
    }

    /**
     * @return frames the ports' receive rings refused (full).
     */
    public long injectRefused()
    {
        return injectRefused;
    }

    private int collectAccess(final long nowNs)
    {
        int collected = 0;
        int n;
        do
        {
            burst.clear();
            n = access.wire().collect(0, burst, BURST);
            for (int i = 0; i < n; i++)
            {
                population.onAccessFrame(pool.memory(), burst.address(i), burst.length(i), nowNs);
            }
            burst.freeAll();
            collected += n;
        }
        while (n == BURST);
        return collected;
    }

    private int collectHome()
    {
        int collected = 0;
        int n;
        do
        {
            burst.clear();
            n = home.wire().collect(0, burst, BURST);
            for (int i = 0; i < n; i++)
            {
                population.onHomeFrame(pool.memory(), burst.address(i), burst.length(i));
            }
            burst.freeAll();
            collected += n;
        }
        while (n == BURST);
        return collected;
    }

    private int injectSignaling(final long nowNs)
    {
        burst.clear();
        while (burst.remaining() > 0)
        {
            final int frame = pool.allocate();
            if (frame < 0)
            {
                break;
            }
            final int length = population.writeSignaling(pool.memory(),
                pool.frameOffset(frame) + FrameLayout.DATA_OFFSET, nowNs);
            if (length == 0)
            {
                pool.free(frame);
                break;
            }
            burst.add(frame, FrameLayout.DATA_OFFSET, length);
        }
        return inject(access);
    }

    private int injectTraffic(final long nowNs)
    {
        if (trafficStartNs < 0)
        {
            trafficStartNs = nowNs;
        }
        final long due = (nowNs - trafficStartNs) / 1000 * packetsPerSecond / 1_000_000 - trafficSent;
        final int allowance = (int)Math.max(0, Math.min(BURST, due));
        if (allowance == 0)
        {
            return 0;
        }
        // Alternate the directions packet by packet over the run, so small allowances do not favour one.
        final int downlinkCount = (int)((trafficSent + allowance + 1) / 2 - (trafficSent + 1) / 2);
        final int downlink = fill(downlinkCount, true);
        int work = inject(home);
        final int uplink = fill(allowance - downlinkCount, false);
        work += inject(access);
        trafficSent += allowance;
        return work + (downlink + uplink == 0 ? 0 : 1);
    }

    private int fill(final int count, final boolean downlink)
    {
        burst.clear();
        for (int i = 0; i < count; i++)
        {
            final int frame = pool.allocate();
            if (frame < 0)
            {
                break;
            }
            final long offset = pool.frameOffset(frame) + FrameLayout.DATA_OFFSET;
            final int length = downlink ?
                population.writeDownlink(pool.memory(), offset) : population.writeUplink(pool.memory(), offset);
            if (length == 0)
            {
                pool.free(frame);
                break;
            }
            burst.add(frame, FrameLayout.DATA_OFFSET, length);
        }
        return burst.count();
    }

    private int inject(final MemoryPort port)
    {
        final int made = burst.count();
        if (made == 0)
        {
            return 0;
        }
        final int accepted = port.wire().inject(0, burst, 0, made);
        for (int i = accepted; i < made; i++)
        {
            pool.free(burst.frame(i));
        }
        injectRefused += made - accepted;
        burst.clear();
        return accepted;
    }
}
