package dsmipha.ha.config;

import java.util.ArrayList;
import java.util.List;

import dsmipha.common.agent.AgentPlacement;
import dsmipha.common.agent.ThreadingMode;
import dsmipha.fastpath.worker.QueueAssignment;
import dsmipha.ha.HomeAgentConfig;

/**
 * The layout an instance runs with, printed at startup so the operator sees what the config file became: threads,
 * their cores and idle strategy, which port queues each worker serves, the ports and their backends.
 * <pre>
 *   layout: dedicated threads, idle busy-spin
 *     worker 0   core 2     access:0 home:0
 *     worker 1   core 3     access:1 home:1
 *     slowpath   core 1     signaling, neighbour resolution, registration, control
 *     store      unpinned   binding journal and snapshots (/var/lib/dsmip-ha/ha1)
 *   ports:
 *     access     af-xdp ens1f0, 4 queues, 203.0.113.2/29 2001:db8:100::2/64
 * </pre>
 */
public final class EffectiveLayout
{
    private EffectiveLayout()
    {
    }

    /**
     * @param config the instance config.
     * @return the layout, one line per thread and port.
     */
    public static List<String> describe(final HomeAgentConfig config)
    {
        final List<String> lines = new ArrayList<>();
        final boolean dedicated = config.threadingMode() == ThreadingMode.DEDICATED;
        lines.add("layout: " + (dedicated ? "dedicated threads (one per agent)" :
            config.threadingMode() == ThreadingMode.SHARED ? "shared thread (every agent on one thread)" :
            "invoker (the caller steps the agents)") + ", idle " + config.idleStrategy());
        final NetworkConfig network = config.network();
        for (int w = 0; w < config.workerCpus().size(); w++)
        {
            final StringBuilder queues = new StringBuilder();
            for (final QueueAssignment q : config.queuesOf(w))
            {
                queues.append(queues.isEmpty() ? "" : " ").append(network.ports().get(q.port()).name()).append(':')
                    .append(q.queue());
            }
            lines.add(String.format("  %-10s %-10s %s", "worker " + w, core(config.workerCpus().get(w)), queues));
        }
        lines.add(String.format("  %-10s %-10s %s", "slowpath", core(config.slowpathCpu()),
            "signaling, neighbour resolution, registration, control requests"));
        if (config.stateDirectory() != null)
        {
            lines.add(String.format("  %-10s %-10s %s", "store", "unpinned",
                "binding journal and snapshots in " + config.stateDirectory()));
        }
        lines.add("ports:");
        for (final PortConfig port : network.ports())
        {
            lines.add(String.format("  %-10s %s%s, %d queue%s, %s", port.name(), port.backend().configName(),
                port.device() != null ? " " + port.device() : "", port.queues(), port.queues() == 1 ? "" : "s",
                addresses(port)));
        }
        return lines;
    }

    private static String core(final int cpu)
    {
        return cpu == AgentPlacement.UNPINNED ? "unpinned" : "core " + cpu;
    }

    private static String addresses(final PortConfig port)
    {
        final StringBuilder text = new StringBuilder();
        if (port.ipv4() != 0)
        {
            text.append(AddressText.formatIpv4(port.ipv4())).append('/').append(port.ipv4Len());
        }
        if (port.ipv6High() != 0 || port.ipv6Low() != 0)
        {
            text.append(text.isEmpty() ? "" : " ").append(AddressText.formatIpv6(port.ipv6High(), port.ipv6Low()))
                .append('/').append(port.ipv6Len());
        }
        return text.isEmpty() ? "no addresses" : text.toString();
    }
}
