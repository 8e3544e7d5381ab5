package dsmipha.perf.emulator;

/**
 * Where the emulated mobile nodes live: the home agent's MACs and addresses, the access router they reach it
 * through, and the correspondent on the home link. The emulator depends on the wire codecs only, so the caller
 * (the demo driver, the perf harness) fills this from its own network description.
 * <pre>
 *   mobile nodes ── access router (gatewayMac) ── [accessMac] home agent [homeMac] ── correspondent (hostMac)
 *   care-of addresses are off-link: every frame on the access side is between the router and the home agent
 * </pre>
 *
 * @param accessMac      MAC of the home agent's access port (destination of everything a node sends).
 * @param gatewayMac     MAC of the access router (source of a node's frames, destination of the tunnels).
 * @param homeMac        MAC of the home agent's home port (destination of the correspondent's packets).
 * @param hostMac        MAC of the correspondent on the home link.
 * @param homeAgentHigh  the home agent's IPv6 address octets 0..7 (Binding Updates and tunnels go there).
 * @param homeAgentLow   octets 8..15.
 * @param homeAgentIpv4  the home agent's IPv4 address.
 * @param homePrefixHigh the home link's /64 prefix (home addresses are cut from it).
 * @param hostLow        the correspondent's IPv6 address octets 8..15 (in the home prefix).
 * @param hostIpv4       the correspondent's IPv4 address.
 */
public record EmulatedNetwork(
    long accessMac,
    long gatewayMac,
    long homeMac,
    long hostMac,
    long homeAgentHigh,
    long homeAgentLow,
    int homeAgentIpv4,
    long homePrefixHigh,
    long hostLow,
    int hostIpv4)
{
}
