package dsmipha.perf.emulator;

/**
 * How a {@link MobileNodePopulation} behaves over time. The timers are a demo's, compressed from a real mobile
 * node's (a refresh every few seconds rather than before a lifetime of an hour; NAT keepalives every few seconds
 * rather than NATKATIMEOUT, RFC 5555 §3.2.2) so that every behaviour shows within half a minute.
 *
 * @param nodes          how many mobile nodes.
 * @param rampNs         first registrations are spread over this long.
 * @param lifetimeUnits  lifetime asked in Binding Updates, 4-second units (RFC 6275 §6.1.7).
 * @param refreshNs      a registered node refreshes its binding this long after its last Ack.
 * @param moveNs         a moving node changes care-of address this long after its last move.
 * @param deregisterNs   a node that deregisters does so this long after registering.
 * @param awayNs         and registers again this long after its deregistration was acknowledged.
 * @param keepaliveNs    a node using UDP encapsulation sends a NAT keepalive this often.
 * @param retransmitNs   a Binding Update without an Ack is sent again (new sequence number) after this long
 *                       (RFC 6275 §11.8, InitialBindackTimeoutFirstReg is 1.5 s).
 */
public record PopulationConfig(
    int nodes,
    long rampNs,
    int lifetimeUnits,
    long refreshNs,
    long moveNs,
    long deregisterNs,
    long awayNs,
    long keepaliveNs,
    long retransmitNs)
{
    private static final long MS = 1_000_000L;

    /**
     * Validate.
     */
    public PopulationConfig
    {
        if (nodes < 1 || nodes > MobileNodePopulation.MAX_NODES)
        {
            throw new IllegalArgumentException("nodes must be 1.." + MobileNodePopulation.MAX_NODES + ": " + nodes);
        }
        if (lifetimeUnits < 1 || lifetimeUnits > 0xFFFF)
        {
            throw new IllegalArgumentException("lifetime units must be 1..65535: " + lifetimeUnits);
        }
    }

    /**
     * The demo's timers: ramp 1 s, lifetime 60 s, refresh 8 s, move 5 s, deregister after 6 s for 2 s, keepalive
     * 3 s, retransmit 1 s.
     *
     * @param nodes how many mobile nodes.
     * @return the config.
     */
    public static PopulationConfig demo(final int nodes)
    {
        return new PopulationConfig(nodes, 1000 * MS, 15, 8000 * MS, 5000 * MS, 6000 * MS, 2000 * MS, 3000 * MS,
            1000 * MS);
    }

    /**
     * The same behaviours, faster, for tests that run a few seconds.
     *
     * @param nodes how many mobile nodes.
     * @return the config.
     */
    public static PopulationConfig quick(final int nodes)
    {
        return new PopulationConfig(nodes, 300 * MS, 15, 1500 * MS, 1200 * MS, 1500 * MS, 500 * MS, 700 * MS,
            500 * MS);
    }
}
