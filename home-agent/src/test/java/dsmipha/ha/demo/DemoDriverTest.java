package dsmipha.ha.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dsmipha.common.agent.AgentPlacement;
import dsmipha.common.agent.ThreadingMode;
import dsmipha.fastpath.binding.BindingView;
import dsmipha.fastpath.binding.EncapVariant;
import dsmipha.fastpath.io.FrameLayout;
import dsmipha.ha.HomeAgent;
import dsmipha.ha.HomeAgentConfig;
import dsmipha.perf.emulator.EmulatedMobileNode;
import dsmipha.perf.emulator.MobileNodePopulation;
import dsmipha.perf.emulator.PopulationConfig;
import dsmipha.perf.emulator.PopulationStats;

/**
 * The demo in-process: the real home agent (one invoker thread: worker and slowpath) with 60 emulated mobile nodes
 * registering, refreshing, moving between IPv6, public IPv4 and a NAT, deregistering and coming back, for a few
 * seconds; then every node is registered, in the emulator's view and in the home agent's binding cache, NAT nodes
 * were detected, moves were followed by traffic to the new care-of address, both families flowed both ways and no
 * tunnel differed from what the node registered.
 */
class DemoDriverTest
{
    private static final int NODES = 60;
    private static final long RUN_NS = 4_000_000_000L;
    private static final long SETTLE_LIMIT_NS = 4_000_000_000L;
    private static final long TRAFFIC_AFTER_SETTLE_NS = 600_000_000L;

    @TempDir
    Path dir;

    @Test
    void sixtyNodesRegisterMoveAndCarryTrafficBothWays()
    {
        final SystemNanoClock clock = new SystemNanoClock();
        final MobileNodePopulation population =
            new MobileNodePopulation(PopulationConfig.quick(NODES), DemoDriver.network(), clock.nanoTime());
        final HomeAgentConfig config = new HomeAgentConfig("demo-test", dir, ThreadingMode.INVOKER, "backoff",
            List.of(AgentPlacement.UNPINNED), AgentPlacement.UNPINNED, AgentPlacement.UNPINNED, 1, 8192,
            FrameLayout.DEFAULT_FRAME_LENGTH, 1024, 32, 1 << 22, 0, 4096)
            .withRegistration(DemoDriver.registration(population));
        try (HomeAgent agent = HomeAgent.startWithoutTraffic(config))
        {
            final DemoDriver driver = new DemoDriver(agent.port(HomeAgent.ACCESS_PORT),
                agent.port(HomeAgent.HOME_PORT), population, clock, 4000);
            final long startNs = clock.nanoTime();
            run(agent, driver, () -> clock.nanoTime() - startNs > RUN_NS);
            final PopulationStats during = new PopulationStats();
            during.copyFrom(population.stats());

            population.settle();
            final long settleNs = clock.nanoTime();
            run(agent, driver, () -> population.allRegistered() || clock.nanoTime() - settleNs > SETTLE_LIMIT_NS);
            final long registeredNs = clock.nanoTime();
            run(agent, driver, () -> clock.nanoTime() - registeredNs > TRAFFIC_AFTER_SETTLE_NS);

            final PopulationStats s = population.stats();
            assertTrue(population.allRegistered(), population.registeredCount() + " of " + NODES + " registered");
            assertEquals(NODES, agent.registration().bindingCount(), "the home agent's binding cache");
            assertTrue(during.moves > 0 && during.natRebindings > 0, "moves and NAT rebindings happened");
            assertTrue(during.deregistrations > 0 && during.refreshes > 0, "deregistrations and refreshes happened");
            assertTrue(s.keepalives > 0, "NAT keepalives were sent");
            assertEquals(0, s.natDetectionWrong, "NAT detected exactly for the nodes behind the NAT");
            assertEquals(0, s.unexpectedAcks, "every Ack answered an outstanding Binding Update");
            for (int status = 1; status < PopulationStats.STATUS_COUNT; status++)
            {
                assertEquals(0, s.ackStatus[status], "no Binding Ack with status " + status);
            }
            assertTrue(s.downlinkDelivered6 > 0 && s.downlinkDelivered4 > 0, "downlink IPv6 and IPv4 delivered");
            assertTrue(s.uplinkDelivered6 > 0 && s.uplinkDelivered4 > 0, "uplink IPv6 and IPv4 delivered");
            assertEquals(0, s.downlinkMismatched, "every downlink tunnel was the registered one");
            assertEquals(0, s.uplinkMismatched, "every uplink packet came from its node's home address");
            checkNodes(agent, population);
        }
    }

    private static void checkNodes(final HomeAgent agent, final MobileNodePopulation population)
    {
        final BindingView view = new BindingView();
        int natNodes = 0;
        int routers = 0;
        for (int i = 0; i < population.size(); i++)
        {
            final EmulatedMobileNode node = population.node(i);
            assertTrue(agent.registration().hasBinding(node.homeHigh(), node.homeLow()), "binding of node " + i);
            assertTrue(agent.bindings().lookupIpv6(node.homeHigh(), node.homeLow(), view) >= 0, "fastpath " + i);
            final int expected = switch (node.careOfKind())
            {
                case EmulatedMobileNode.CARE_OF_IPV6 -> EncapVariant.IPV6_IN_IPV6;
                case EmulatedMobileNode.CARE_OF_NAT -> EncapVariant.IPV4_UDP_4191;
                default -> i % 5 == 4 ? EncapVariant.IPV4_UDP_4191 : EncapVariant.IPV6_IN_IPV4;
            };
            assertEquals(expected, view.variant(), "tunnel variant of node " + i);
            if (node.careOfKind() == EmulatedMobileNode.CARE_OF_NAT)
            {
                natNodes++;
                assertTrue(node.natDetected(), "NAT detected for node " + i);
            }
            if (node.ipv4Mode() != EmulatedMobileNode.IPV4_NONE)
            {
                assertTrue(node.ipv4Home() != 0, "IPv4 home address granted to node " + i);
            }
            if (node.ipv4Mode() == EmulatedMobileNode.IPV4_STATIC)
            {
                assertEquals(node.staticIpv4(), node.ipv4Home(), "static IPv4 home address of node " + i);
            }
            if (node.mover())
            {
                assertTrue(node.moves() > 0, "node " + i + " moved");
                assertTrue(node.movesFollowedByDelivery() > 0,
                    "downlink reached node " + i + "'s new care-of address after a move");
            }
            if (node.mobileRouter())
            {
                routers++;
            }
        }
        assertTrue(natNodes > 0, "some nodes end behind the NAT");
        assertEquals(2, routers, "two mobile routers");
    }

    private static void run(final HomeAgent agent, final DemoDriver driver, final java.util.function.BooleanSupplier done)
    {
        while (!done.getAsBoolean())
        {
            driver.doWork();
            agent.host().invoke();
        }
    }
}
