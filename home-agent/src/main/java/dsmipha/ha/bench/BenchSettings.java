package dsmipha.ha.bench;

import java.util.List;

/**
 * One bench run's parameters: a scenario with one worker count, one packet size and one encapsulation variant
 * (docs/bench.md). The command expands its flag lists into one of these per result.
 *
 * @param scenario      scenario name ({@link BenchScenarios}).
 * @param workers       fastpath workers.
 * @param cpus          the CPUs the workers are pinned to (empty: unpinned).
 * @param bindings      bindings installed (traffic) or registered (signaling, registration, restart).
 * @param packetSize    inner Ethernet frame length counting the FCS (RFC 2544), or {@link #IMIX}.
 * @param encap         the downlink or uplink encapsulation variant (6in6, 4in6, 6in4, 4in4, 4inUDP, 6inUDP).
 * @param warmupNs      traffic before the measured window at least (longer while the rate still climbs).
 * @param durationNs    the measured window.
 * @param unboundEvery  every k-th traffic packet goes to (downlink) or comes from (uplink) a home address without
 *                      a binding; 0 for none (the counting test uses it).
 */
public record BenchSettings(
    String scenario,
    int workers,
    List<Integer> cpus,
    int bindings,
    int packetSize,
    String encap,
    long warmupNs,
    long durationNs,
    int unboundEvery)
{
    /** {@link #packetSize} value for IMIX (7:4:1 of 64, 570, 1518 octets). */
    public static final int IMIX = -1;

    /**
     * Validate.
     */
    public BenchSettings
    {
        cpus = List.copyOf(cpus);
        if (workers < 1)
        {
            throw new IllegalArgumentException("--workers must be at least 1: " + workers);
        }
        if (!cpus.isEmpty() && cpus.size() < workers)
        {
            throw new IllegalArgumentException("--cores lists " + cpus.size() + " CPU(s) for " + workers +
                " worker(s)");
        }
        if (bindings < 1)
        {
            throw new IllegalArgumentException("--bindings must be at least 1: " + bindings);
        }
        if (packetSize != IMIX && (packetSize < 64 || packetSize > 1518))
        {
            throw new IllegalArgumentException("--packet-size must be 64..1518 or imix: " + packetSize);
        }
    }

    /**
     * @return the packet size as the table and the JSON show it: octets, or "imix".
     */
    public String packetSizeText()
    {
        return packetSize == IMIX ? "imix" : Integer.toString(packetSize);
    }
}
