package dsmipha.perf.emulator;

import java.lang.foreign.MemorySegment;

import dsmipha.common.codec.CodecStatus;
import dsmipha.common.codec.EthernetHeader;
import dsmipha.common.codec.Ipv4Header;
import dsmipha.common.codec.Ipv6ExtensionWalker;
import dsmipha.common.codec.Ipv6Header;
import dsmipha.common.codec.UdpHeader;
import dsmipha.common.codec.mh.BindingAck;
import dsmipha.common.codec.mh.BindingUpdate;
import dsmipha.common.codec.mh.Ipv4AddressAcknowledgementOption;

/**
 * A population of emulated mobile nodes around one home agent: it decides who registers, refreshes, moves,
 * deregisters and comes back when, writes their frames, reads what the home agent sends back and keeps per node
 * what the home agent should be doing, so every Binding Ack and every tunnelled packet is checked.
 * <p>
 * The mix, by node index i (docs/demo.md):
 * <ul>
 *   <li>attachment i % 3: an IPv6 access network (native Binding Updates, RFC 6275 §11.7.1), a public IPv4
 *       network (Binding Updates over IPv4, in UDP 4191 for even i and protocol 41 for odd i; i % 5 == 4 sets the
 *       F flag, RFC 5555 §4.1), or behind a NAT (one public address, a distinct port per node, UDP 4191);</li>
 *   <li>IPv4 home address: i % 4 == 0 a dynamic one (0.0.0.0, RFC 5555 §3.1.1), i % 4 == 2 a static one, else
 *       none (IPv6 only);</li>
 *   <li>i % 4 == 1 moves every {@link PopulationConfig#moveNs}: IPv6 → public IPv4 → NAT → the NAT rebinds to a
 *       new port → IPv6 ...; i % 10 == 3 deregisters (lifetime 0, RFC 6275 §11.7.1) and comes back;</li>
 *   <li>nodes 5 and 7 are mobile routers with mobile network prefixes 2001:db8:e0::/48 and 2001:db8:e1::/48
 *       (RFC 3963, explicit mode).</li>
 * </ul>
 * Home addresses are {@code <home prefix>::1:0} + i. Care-of addresses are off-link: 2001:db8:c:m::1:i,
 * 198.18.0.0/15 (RFC 2544), private 10.0.0.0/16 behind the NAT 203.0.113.100 (port 10000 + 5i + m % 5).
 * <p>
 * Frames are written into caller buffers and read from caller buffers: nothing allocates after construction. Not
 * thread safe: one thread drives a population.
 */
public final class MobileNodePopulation
{
    /** Most nodes a population holds (NAT ports and home addresses are numbered from the index). */
    public static final int MAX_NODES = 10_000;
    /** Low 64 bits of the first home address: {@code ::1:0}. */
    public static final long HOME_LOW_BASE = 0x1_0000L;
    /** Indices of the mobile routers. */
    public static final int[] MOBILE_ROUTERS = {5, 7};
    /** Mobile network prefix length. */
    public static final int MOBILE_NETWORK_PREFIX_LENGTH = 48;
    /** The NAT's public address 203.0.113.100. */
    public static final int NAT_PUBLIC_IPV4 = 0xCB007164;
    /** Dynamic IPv4 home addresses asked for at most (the demo pool holds 64). */
    public static final int MAX_DYNAMIC_IPV4 = 48;

    private static final long IPV6_CARE_OF_HIGH = 0x20010db8_000c0000L;
    private static final int IPV4_CARE_OF_BASE = 0xC6120000;
    private static final int PRIVATE_CARE_OF_BASE = 0x0A000000;
    private static final long MOBILE_NETWORK_BASE = 0x20010db8_00e00000L;
    private static final int NAT_PORT_BASE = 10000;
    /** Free static IPv4 home addresses in the demo's 198.51.100.0/24 (host parts), outside the pools. */
    private static final int[][] STATIC_RANGES = {{2, 9}, {74, 95}, {192, 203}, {205, 254}};

    private final PopulationConfig config;
    private final EmulatedNetwork network;
    private final EmulatedMobileNode[] nodes;
    private final BindingUpdateFrames bindingUpdates;
    private final TunnelFrames tunnels;
    private final CorrespondentFrames correspondent;
    private final BindingAckReader acks = new BindingAckReader();
    private final TunnelClassifier classifier = new TunnelClassifier();
    private final EthernetHeader ethernet = new EthernetHeader();
    private final Ipv6ExtensionWalker walker = new Ipv6ExtensionWalker();
    private final Ipv4Header ipv4 = new Ipv4Header();
    private final UdpHeader udp = new UdpHeader();
    private final PopulationStats stats = new PopulationStats();
    private final long startNs;
    private int signalingCursor;
    private int downlinkCursor;
    private int downlinkPhase;
    private int uplinkCursor;
    private int uplinkPhase;
    private int packetSequence;
    private boolean settling;

    /**
     * @param config  how the population behaves.
     * @param network where it lives.
     * @param startNs the time the first registrations are due from.
     */
    public MobileNodePopulation(final PopulationConfig config, final EmulatedNetwork network, final long startNs)
    {
        this.config = config;
        this.network = network;
        this.startNs = startNs;
        this.bindingUpdates = new BindingUpdateFrames(network.accessMac(), network.gatewayMac(),
            network.homeAgentHigh(), network.homeAgentLow(), network.homeAgentIpv4());
        this.tunnels = new TunnelFrames(network);
        this.correspondent = new CorrespondentFrames(network);
        this.nodes = new EmulatedMobileNode[config.nodes()];
        int dynamic = 0;
        int staticIndex = 0;
        for (int i = 0; i < nodes.length; i++)
        {
            int ipv4Mode = EmulatedMobileNode.IPV4_NONE;
            int staticIpv4 = 0;
            if (i % 4 == 0 && dynamic < MAX_DYNAMIC_IPV4)
            {
                ipv4Mode = EmulatedMobileNode.IPV4_DYNAMIC;
                dynamic++;
            }
            else if (i % 4 == 2 && (staticIpv4 = staticAddress(network.hostIpv4(), staticIndex)) != 0)
            {
                ipv4Mode = EmulatedMobileNode.IPV4_STATIC;
                staticIndex++;
            }
            final int router = routerNumber(i);
            final boolean mover = i % 4 == 1;
            nodes[i] = new EmulatedMobileNode(i, network.homePrefixHigh(), HOME_LOW_BASE + i, ipv4Mode, staticIpv4,
                router < 0 ? 0 : MOBILE_NETWORK_BASE + ((long)router << 16),
                router < 0 ? 0 : MOBILE_NETWORK_PREFIX_LENGTH, mover, !mover && i % 10 == 3, i % 5 == 4,
                i % 2 == 0);
            final EmulatedMobileNode node = nodes[i];
            node.sequence = (i * 7) & 0xFFFF;
            attach(node, i % 3);
            node.expectCurrentAttachment();
        }
    }

    // ------------------------------------------------------------------------------------------------ signaling

    /**
     * Write the next due signaling frame (a Binding Update or a NAT keepalive) of any node, for the home agent's
     * access port.
     *
     * @param frame  to write into.
     * @param offset where the Ethernet header goes.
     * @param nowNs  the time.
     * @return the frame length, 0 when nothing is due now.
     */
    public int writeSignaling(final MemorySegment frame, final long offset, final long nowNs)
    {
        for (int scanned = 0; scanned < nodes.length; scanned++)
        {
            final EmulatedMobileNode node = nodes[signalingCursor];
            signalingCursor = signalingCursor + 1 == nodes.length ? 0 : signalingCursor + 1;
            final int length = due(node, frame, offset, nowNs);
            if (length > 0)
            {
                return length;
            }
        }
        return 0;
    }

    private int due(final EmulatedMobileNode node, final MemorySegment frame, final long offset, final long nowNs)
    {
        switch (node.state)
        {
            case EmulatedMobileNode.STATE_IDLE:
                if (nowNs >= startNs + config.rampNs() * node.index / nodes.length)
                {
                    node.state = EmulatedMobileNode.STATE_REGISTERING;
                    return bindingUpdate(node, frame, offset, nowNs, config.lifetimeUnits());
                }
                return 0;
            case EmulatedMobileNode.STATE_REGISTERING:
            case EmulatedMobileNode.STATE_DEREGISTERING:
                if (nowNs - node.sentAtNs >= config.retransmitNs())
                {
                    // RFC 6275 §11.8: no Ack in time, send again (with a new sequence number, §11.7.1).
                    stats.retransmissions++;
                    node.retransmissions++;
                    return bindingUpdate(node, frame, offset, nowNs,
                        node.state == EmulatedMobileNode.STATE_DEREGISTERING ? 0 : config.lifetimeUnits());
                }
                return 0;
            case EmulatedMobileNode.STATE_REGISTERED:
                return dueWhileRegistered(node, frame, offset, nowNs);
            case EmulatedMobileNode.STATE_DEREGISTERED:
                if (settling || nowNs >= node.returnNs)
                {
                    node.epoch++;
                    node.expectCurrentAttachment();
                    node.returning = true;
                    node.state = EmulatedMobileNode.STATE_REGISTERING;
                    return bindingUpdate(node, frame, offset, nowNs, config.lifetimeUnits());
                }
                return 0;
            default:
                return 0;
        }
    }

    private int dueWhileRegistered(
        final EmulatedMobileNode node, final MemorySegment frame, final long offset, final long nowNs)
    {
        if (!settling && node.mover && nowNs >= node.nextMoveNs)
        {
            move(node);
            node.pendingMove = true;
            node.state = EmulatedMobileNode.STATE_REGISTERING;
            return bindingUpdate(node, frame, offset, nowNs, config.lifetimeUnits());
        }
        if (!settling && node.deregisters && nowNs >= node.nextDeregisterNs)
        {
            node.state = EmulatedMobileNode.STATE_DEREGISTERING;
            return bindingUpdate(node, frame, offset, nowNs, 0);
        }
        if (nowNs >= node.nextRefreshNs)
        {
            node.state = EmulatedMobileNode.STATE_REGISTERING;
            return bindingUpdate(node, frame, offset, nowNs, config.lifetimeUnits());
        }
        if (node.usesUdp() && nowNs >= node.nextKeepaliveNs)
        {
            // RFC 5555 §4.1: keep the NAT's mapping alive while no other packet needs to flow.
            node.nextKeepaliveNs = nowNs + config.keepaliveNs();
            stats.keepalives++;
            return tunnels.writeKeepalive(frame, offset, node);
        }
        return 0;
    }

    private int bindingUpdate(
        final EmulatedMobileNode node,
        final MemorySegment frame,
        final long offset,
        final long nowNs,
        final int lifetimeUnits)
    {
        // RFC 6275 §11.7.1: every Binding Update carries a sequence number greater than the last one sent.
        node.sequence = (node.sequence + 1) & 0xFFFF;
        node.sentAtNs = nowNs;
        stats.bindingUpdatesSent++;
        int flags = BindingUpdate.FLAG_ACKNOWLEDGE | BindingUpdate.FLAG_HOME_REGISTRATION;
        if (node.prefixLength > 0)
        {
            flags |= BindingUpdate.FLAG_MOBILE_ROUTER; // RFC 3963 §4.1
        }
        if (node.careOfKind == EmulatedMobileNode.CARE_OF_IPV4 && node.forceUdp)
        {
            flags |= BindingUpdate.FLAG_FORCE_UDP; // RFC 5555 §3.1.3
        }
        final int ipv4Home = lifetimeUnits == 0 ? BindingUpdateFrames.NO_IPV4_HOME : ipv4HomeOption(node);
        bindingUpdates.mobileNetworkPrefix(node.prefixHigh, 0, lifetimeUnits == 0 ? 0 : node.prefixLength);
        return switch (node.careOfKind)
        {
            case EmulatedMobileNode.CARE_OF_IPV6 -> bindingUpdates.writeNative(frame, offset, node.homeHigh,
                node.homeLow, node.careOfHigh, node.careOfLow, node.sequence, flags, lifetimeUnits, ipv4Home);
            case EmulatedMobileNode.CARE_OF_IPV4 -> bindingUpdates.writeOverIpv4(frame, offset, node.homeHigh,
                node.homeLow, node.careOfIpv4, BindingUpdateFrames.DSMIPV6_PORT, node.careOfIpv4,
                node.bindingUpdateOverUdp || node.forceUdp, node.sequence, flags, lifetimeUnits, ipv4Home);
            default -> bindingUpdates.writeOverIpv4(frame, offset, node.homeHigh, node.homeLow,
                node.natPublicIpv4, node.natPort, node.careOfIpv4, true, node.sequence, flags, lifetimeUnits,
                ipv4Home);
        };
    }

    private static int ipv4HomeOption(final EmulatedMobileNode node)
    {
        return switch (node.ipv4Mode)
        {
            case EmulatedMobileNode.IPV4_DYNAMIC -> 0; // RFC 5555 §3.1.1: 0.0.0.0 asks for one
            case EmulatedMobileNode.IPV4_STATIC -> node.staticIpv4;
            default -> BindingUpdateFrames.NO_IPV4_HOME;
        };
    }

    private void move(final EmulatedMobileNode node)
    {
        node.moves++;
        node.epoch++;
        if (node.careOfKind == EmulatedMobileNode.CARE_OF_NAT && (node.moves & 1) == 0)
        {
            // The NAT rebinds: same private address, a new public port (RFC 5555 §4.1, the HA follows the BU).
            node.natPort = natPort(node.index, node.moves);
            node.pendingNatRebinding = true;
        }
        else
        {
            attach(node, (node.careOfKind + 1) % 3);
        }
        node.expectCurrentAttachment();
    }

    private static void attach(final EmulatedMobileNode node, final int kind)
    {
        final int i = node.index;
        node.careOfKind = kind;
        node.careOfHigh = IPV6_CARE_OF_HIGH | (node.moves & 0xFFFF);
        node.careOfLow = HOME_LOW_BASE + i;
        if (kind == EmulatedMobileNode.CARE_OF_IPV4)
        {
            node.careOfIpv4 = IPV4_CARE_OF_BASE + ((node.moves & 1) << 16) + i + 1;
        }
        else if (kind == EmulatedMobileNode.CARE_OF_NAT)
        {
            node.careOfIpv4 = PRIVATE_CARE_OF_BASE + i + 1;
            node.natPublicIpv4 = NAT_PUBLIC_IPV4;
            node.natPort = natPort(i, node.moves);
        }
    }

    private static int natPort(final int index, final int moves)
    {
        return NAT_PORT_BASE + index * 5 + moves % 5;
    }

    // ------------------------------------------------------------------------------------------------ traffic

    /**
     * Write the correspondent's next downlink packet (to a registered node's home address, IPv4 home address or
     * mobile network, in turn), for the home agent's home port.
     *
     * @param frame  to write into.
     * @param offset where the Ethernet header goes.
     * @return the frame length, 0 when no node is registered.
     */
    public int writeDownlink(final MemorySegment frame, final long offset)
    {
        for (int scanned = 0; scanned < 3 * nodes.length; scanned++)
        {
            final EmulatedMobileNode node = nodes[downlinkCursor];
            final int phase = downlinkPhase;
            advanceDownlink();
            if (node.state != EmulatedMobileNode.STATE_REGISTERED)
            {
                continue;
            }
            final int sequence = packetSequence++;
            if (phase == 0)
            {
                stats.downlinkSent6++;
                return correspondent.writeIpv6(frame, offset, node.homeHigh, node.homeLow, node.index, node.epoch,
                    sequence);
            }
            if (phase == 1 && node.ipv4Home != 0)
            {
                stats.downlinkSent4++;
                return correspondent.writeIpv4(frame, offset, node.ipv4Home, node.index, node.epoch, sequence);
            }
            if (phase == 2 && node.prefixLength > 0)
            {
                stats.downlinkSent6++;
                return correspondent.writeIpv6(frame, offset, node.prefixHigh, 1, node.index, node.epoch,
                    sequence);
            }
        }
        return 0;
    }

    private void advanceDownlink()
    {
        downlinkCursor++;
        if (downlinkCursor == nodes.length)
        {
            downlinkCursor = 0;
            downlinkPhase = (downlinkPhase + 1) % 3;
        }
    }

    /**
     * Write a registered node's next uplink packet, reverse tunnelled from its care-of address, for the home
     * agent's access port.
     *
     * @param frame  to write into.
     * @param offset where the Ethernet header goes.
     * @return the frame length, 0 when no node is registered.
     */
    public int writeUplink(final MemorySegment frame, final long offset)
    {
        for (int scanned = 0; scanned < 3 * nodes.length; scanned++)
        {
            final EmulatedMobileNode node = nodes[uplinkCursor];
            final int phase = uplinkPhase;
            uplinkCursor++;
            if (uplinkCursor == nodes.length)
            {
                uplinkCursor = 0;
                uplinkPhase = (uplinkPhase + 1) % 3;
            }
            if (node.state != EmulatedMobileNode.STATE_REGISTERED)
            {
                continue;
            }
            final int sequence = packetSequence++;
            if (phase == 0)
            {
                stats.uplinkSent6++;
                return tunnels.writeIpv6Uplink(frame, offset, node, node.homeHigh, node.homeLow, sequence);
            }
            if (phase == 1 && node.ipv4Home != 0)
            {
                stats.uplinkSent4++;
                return tunnels.writeIpv4Uplink(frame, offset, node, sequence);
            }
            if (phase == 2 && node.prefixLength > 0)
            {
                // RFC 3963 §5.6: a host in the mobile network, through the router's reverse tunnel.
                stats.uplinkSent6++;
                return tunnels.writeIpv6Uplink(frame, offset, node, node.prefixHigh, 1, sequence);
            }
        }
        return 0;
    }

    // ------------------------------------------------------------------------------------------------ receiving

    /**
     * A frame the home agent's access port sent: a Binding Ack or a downlink tunnel, checked against the node.
     *
     * @param frame  the frame.
     * @param offset where its Ethernet header starts.
     * @param length its length.
     * @param nowNs  the time.
     */
    public void onAccessFrame(final MemorySegment frame, final long offset, final int length, final long nowNs)
    {
        if (acks.read(frame, offset, length))
        {
            onBindingAck(nowNs);
            return;
        }
        if (!classifier.read(frame, offset, length) || classifier.index() < 0 ||
            classifier.index() >= nodes.length)
        {
            stats.otherAccessFrames++;
            return;
        }
        final EmulatedMobileNode node = nodes[classifier.index()];
        if (classifier.check(node) != TunnelClassifier.MATCH)
        {
            stats.downlinkMismatched++;
            return;
        }
        if (classifier.innerVersion() == Ipv4Header.VERSION)
        {
            stats.downlinkDelivered4++;
        }
        else
        {
            stats.downlinkDelivered6++;
        }
        if (node.awaitingDeliveryAfterMove && classifier.epoch() == node.epoch)
        {
            node.awaitingDeliveryAfterMove = false;
            node.movesFollowedByDelivery++;
        }
    }

    private void onBindingAck(final long nowNs)
    {
        final long index = acks.homeLow() - HOME_LOW_BASE;
        if (acks.homeHigh() != network.homePrefixHigh() || index < 0 || index >= nodes.length)
        {
            stats.unexpectedAcks++;
            return;
        }
        final EmulatedMobileNode node = nodes[(int)index];
        stats.ackStatus[acks.status()]++;
        node.lastStatus = acks.status();
        final boolean pending = node.state == EmulatedMobileNode.STATE_REGISTERING ||
            node.state == EmulatedMobileNode.STATE_DEREGISTERING;
        if (!pending || acks.sequence() != node.sequence)
        {
            stats.unexpectedAcks++;
            return;
        }
        if (acks.status() >= BindingAck.STATUS_FIRST_REJECTION)
        {
            // Rejected: try again after the retransmission time (a new sequence number each time).
            return;
        }
        if (node.state == EmulatedMobileNode.STATE_DEREGISTERING)
        {
            node.state = EmulatedMobileNode.STATE_DEREGISTERED;
            node.returnNs = nowNs + config.awayNs();
            node.ipv4Home = 0;
            stats.deregistrations++;
            return;
        }
        acceptRegistration(node, nowNs);
    }

    private void acceptRegistration(final EmulatedMobileNode node, final long nowNs)
    {
        final boolean first = !node.registeredOnce || node.returning;
        countAccepted(node);
        node.state = EmulatedMobileNode.STATE_REGISTERED;
        node.natDetected = acks.natDetected();
        if (acks.natDetected())
        {
            stats.natDetected++;
        }
        // RFC 5555 §4.1: a NAT is detected exactly when the node is behind one.
        if (acks.natDetected() != (node.careOfKind == EmulatedMobileNode.CARE_OF_NAT))
        {
            stats.natDetectionWrong++;
        }
        node.lastIpv4Status = acks.ipv4AckStatus();
        if (acks.ipv4AckStatus() != BindingAckReader.NO_IPV4_ACK)
        {
            final boolean granted = acks.ipv4AckStatus() < Ipv4AddressAcknowledgementOption.STATUS_FIRST_FAILURE;
            if (granted && node.ipv4Home != acks.ipv4AckAddress())
            {
                stats.ipv4Granted++;
            }
            node.ipv4Home = granted ? acks.ipv4AckAddress() : 0;
        }
        node.nextRefreshNs = nowNs + config.refreshNs();
        if (node.mover && (first || node.pendingMove))
        {
            node.nextMoveNs = nowNs + config.moveNs();
        }
        if (node.deregisters && (first || node.returning))
        {
            node.nextDeregisterNs = nowNs + config.deregisterNs();
        }
        node.returning = false;
        node.nextKeepaliveNs = nowNs + config.keepaliveNs();
        if (node.pendingMove)
        {
            node.awaitingDeliveryAfterMove = true;
            node.pendingMove = false;
        }
    }

    private void countAccepted(final EmulatedMobileNode node)
    {
        if (node.pendingMove)
        {
            stats.moves++;
            if (node.pendingNatRebinding)
            {
                stats.natRebindings++;
                node.pendingNatRebinding = false;
            }
        }
        else if (node.registeredOnce && !node.returning)
        {
            stats.refreshes++;
        }
        else
        {
            stats.registrations++;
            node.registeredOnce = true;
        }
    }

    /**
     * A frame the home agent's home port sent: an uplink packet delivered to the correspondent (checked against
     * the node's home addresses), or something else (proxy neighbour advertisements, gratuitous ARP).
     *
     * @param frame  the frame.
     * @param offset where its Ethernet header starts.
     * @param length its length.
     */
    public void onHomeFrame(final MemorySegment frame, final long offset, final int length)
    {
        final long limit = offset + length;
        if (ethernet.wrap(frame, offset, limit) != CodecStatus.OK)
        {
            stats.otherHomeFrames++;
            return;
        }
        final long l3 = ethernet.payloadOffset();
        if (ethernet.etherType() == EthernetHeader.ETHERTYPE_IPV6 && walker.walk(frame, l3, limit) == CodecStatus.OK
            && walker.upperLayerProtocol() == UdpHeader.PROTOCOL
            && walker.ipv6().destinationEquals(network.homePrefixHigh(), network.hostLow())
            && udp.wrap(frame, walker.upperLayerOffset(), walker.packetEnd()) == CodecStatus.OK)
        {
            final EmulatedMobileNode node = taggedNode(frame, udp.payloadOffset(), walker.packetEnd());
            if (node == null)
            {
                stats.otherHomeFrames++;
            }
            else if (ownsIpv6Source(node, walker.ipv6()))
            {
                stats.uplinkDelivered6++;
            }
            else
            {
                stats.uplinkMismatched++;
            }
            return;
        }
        if (ethernet.etherType() == EthernetHeader.ETHERTYPE_IPV4 && ipv4.wrap(frame, l3, limit) == CodecStatus.OK
            && ipv4.protocol() == Ipv4Header.PROTOCOL_UDP && ipv4.destinationAddress() == network.hostIpv4()
            && udp.wrap(frame, ipv4.payloadOffset(), l3 + ipv4.totalLength()) == CodecStatus.OK)
        {
            final EmulatedMobileNode node = taggedNode(frame, udp.payloadOffset(), l3 + ipv4.totalLength());
            if (node == null)
            {
                stats.otherHomeFrames++;
            }
            else if (node.ipv4Home != 0 && ipv4.sourceAddress() == node.ipv4Home)
            {
                stats.uplinkDelivered4++;
            }
            else
            {
                stats.uplinkMismatched++;
            }
            return;
        }
        stats.otherHomeFrames++;
    }

    private EmulatedMobileNode taggedNode(final MemorySegment frame, final long payload, final long limit)
    {
        final int index = PayloadTag.index(frame, payload, limit);
        return index < 0 || index >= nodes.length ? null : nodes[index];
    }

    private static boolean ownsIpv6Source(final EmulatedMobileNode node, final Ipv6Header header)
    {
        if (header.sourceEquals(node.homeHigh, node.homeLow))
        {
            return true;
        }
        return node.prefixLength > 0 && header.sourceEquals(node.prefixHigh, 1);
    }

    // ------------------------------------------------------------------------------------------------ queries

    /**
     * Stop moving and deregistering; deregistered nodes come back at once. Used at the end of a run, so that
     * every node should end up registered.
     */
    public void settle()
    {
        settling = true;
    }

    /**
     * @return true when every node is registered and no Binding Update is outstanding.
     */
    public boolean allRegistered()
    {
        return registeredCount() == nodes.length;
    }

    /**
     * @return nodes registered now.
     */
    public int registeredCount()
    {
        int count = 0;
        for (final EmulatedMobileNode node : nodes)
        {
            if (node.state == EmulatedMobileNode.STATE_REGISTERED)
            {
                count++;
            }
        }
        return count;
    }

    /**
     * @param careOfKind an {@link EmulatedMobileNode} CARE_OF_ constant.
     * @return registered nodes attached that way now.
     */
    public int registeredBy(final int careOfKind)
    {
        int count = 0;
        for (final EmulatedMobileNode node : nodes)
        {
            if (node.state == EmulatedMobileNode.STATE_REGISTERED && node.careOfKind == careOfKind)
            {
                count++;
            }
        }
        return count;
    }

    /**
     * @return how many nodes.
     */
    public int size()
    {
        return nodes.length;
    }

    /**
     * @param index a node index.
     * @return the node.
     */
    public EmulatedMobileNode node(final int index)
    {
        return nodes[index];
    }

    /**
     * @return the running counters (live; read on the population's thread).
     */
    public PopulationStats stats()
    {
        return stats;
    }

    /**
     * @return the config.
     */
    public PopulationConfig config()
    {
        return config;
    }

    private static int routerNumber(final int index)
    {
        for (int r = 0; r < MOBILE_ROUTERS.length; r++)
        {
            if (MOBILE_ROUTERS[r] == index)
            {
                return r;
            }
        }
        return -1;
    }

    /**
     * @param hostIpv4 the correspondent's address (never handed out).
     * @param n        which free address.
     * @return the n-th free static IPv4 home address of the demo subnet, 0 when there are no more.
     */
    static int staticAddress(final int hostIpv4, final int n)
    {
        final int subnet = hostIpv4 & 0xFFFFFF00;
        int remaining = n;
        for (final int[] range : STATIC_RANGES)
        {
            final int size = range[1] - range[0] + 1;
            if (remaining < size)
            {
                return subnet | (range[0] + remaining);
            }
            remaining -= size;
        }
        return 0;
    }
}
