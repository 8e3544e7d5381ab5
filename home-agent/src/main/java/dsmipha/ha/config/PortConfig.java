package dsmipha.ha.config;

import java.util.List;

import dsmipha.fastpath.route.PortAddresses;

/**
 * One packet port of the home agent: its role, how its queues are reached and its own addresses.
 *
 * @param name      the port's name (the config file and counters use it).
 * @param role      what the port faces.
 * @param backend   how its queues are reached.
 * @param device    the kernel interface (af-packet, af-xdp) or the DPDK device (PCI address or vdev); null for the
 *                  in-memory backend.
 * @param queues    queues on the port (1..64), each served by exactly one worker.
 * @param xdpMode   AF_XDP bind mode: {@code auto}, {@code copy} or {@code zero-copy}; null for other backends.
 * @param dpdkEal   EAL arguments ({@code [dpdk] eal-args}, one EAL per process) for a DPDK port; empty for others.
 * @param mac       the port's MAC address in the low 48 bits.
 * @param ipv4      the port's IPv4 address, 0 for none.
 * @param ipv4Len   its on-link prefix length, 0 for none.
 * @param ipv6High  octets 0..7 of its global IPv6 address, 0 for none.
 * @param ipv6Low   octets 8..15.
 * @param ipv6Len   its on-link prefix length, 0 for none.
 */
public record PortConfig(
    String name,
    Role role,
    Backend backend,
    String device,
    int queues,
    String xdpMode,
    List<String> dpdkEal,
    long mac,
    int ipv4,
    int ipv4Len,
    long ipv6High,
    long ipv6Low,
    int ipv6Len)
{
    /** Most queues on one port. */
    public static final int MAX_QUEUES = 64;

    /**
     * What a port faces.
     */
    public enum Role
    {
        /** The access networks where mobile nodes' care-of addresses are (tunnels). */
        ACCESS,
        /** The home link (correspondents, the home agent's own home address). */
        HOME
    }

    /**
     * How a port's queues are reached (docs/configuration.md, "ports").
     */
    public enum Backend
    {
        /** In-memory rings: tests, the demo and the embedded default. */
        MEMORY("memory"),
        /** AF_PACKET TPACKET_V3 rings through the native shim. */
        AF_PACKET("af-packet"),
        /** AF_XDP sockets through the native shim. */
        AF_XDP("af-xdp"),
        /** DPDK ethdev queues through the native shim. */
        DPDK("dpdk");

        private final String configName;

        Backend(final String configName)
        {
            this.configName = configName;
        }

        /**
         * @return the name the config file uses.
         */
        public String configName()
        {
            return configName;
        }
    }

    /**
     * Validate.
     */
    public PortConfig
    {
        dpdkEal = List.copyOf(dpdkEal);
        if (queues < 1 || queues > MAX_QUEUES)
        {
            throw new IllegalArgumentException("port " + name + ": queues must be 1.." + MAX_QUEUES + ": " + queues);
        }
    }

    /**
     * @param index the port's index in the fastpath's port array.
     * @return its addresses as the fastpath sees them.
     */
    public PortAddresses addresses(final int index)
    {
        return new PortAddresses(index, mac, ipv4, ipv4Len, ipv6High, ipv6Low, ipv6Len);
    }
}
