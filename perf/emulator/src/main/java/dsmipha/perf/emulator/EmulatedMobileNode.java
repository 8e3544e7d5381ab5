package dsmipha.perf.emulator;

/**
 * One emulated mobile node (or mobile router): its home addresses, where it is attached now, the state of its
 * home registration and what tunnels it expects the home agent to use. Mutable; owned by one
 * {@link MobileNodePopulation} and touched by its thread only.
 * <p>
 * Every change of care-of address (a move, a NAT rebinding, a return after a deregistration) opens a new
 * <i>epoch</i>; the expected encapsulation of each of the last {@link #EPOCHS} epochs is kept, because a packet
 * sent in epoch e may still be tunnelled the old way or already the new way while the Binding Update is in flight.
 */
public final class EmulatedMobileNode
{
    /** Attached to an IPv6 access network: native Binding Updates, IPv6 tunnels (RFC 6275, RFC 5555 §4.2). */
    public static final int CARE_OF_IPV6 = 0;
    /** Attached to a public IPv4 network: Binding Updates over IPv4, IPv4 tunnels (RFC 5555 §4.1, §4.2). */
    public static final int CARE_OF_IPV4 = 1;
    /** Behind a NAT: Binding Updates and tunnels in UDP 4191 from the NAT's mapping (RFC 5555 §4.1). */
    public static final int CARE_OF_NAT = 2;

    /** No IPv4 home address. */
    public static final int IPV4_NONE = 0;
    /** A dynamic IPv4 home address from the home agent's pool (0.0.0.0 asked, RFC 5555 §3.1.1). */
    public static final int IPV4_DYNAMIC = 1;
    /** A static IPv4 home address the operator assigned. */
    public static final int IPV4_STATIC = 2;

    /** Not registered and not trying. */
    public static final int STATE_IDLE = 0;
    /** A registering Binding Update is out, no Binding Ack yet. */
    public static final int STATE_REGISTERING = 1;
    /** Registered with the care-of address of the current epoch. */
    public static final int STATE_REGISTERED = 2;
    /** A deregistering Binding Update is out. */
    public static final int STATE_DEREGISTERING = 3;
    /** Deregistered (at home, or away for a while), comes back later. */
    public static final int STATE_DEREGISTERED = 4;

    /** Epochs whose expectations are kept. */
    public static final int EPOCHS = 4;

    final int index;
    final long homeHigh;
    final long homeLow;
    final int ipv4Mode;
    final int staticIpv4;
    final long prefixHigh;
    final int prefixLength;
    final boolean mover;
    final boolean deregisters;
    final boolean forceUdp;
    final boolean bindingUpdateOverUdp;

    int careOfKind;
    long careOfHigh;
    long careOfLow;
    int careOfIpv4;
    int natPublicIpv4;
    int natPort;
    int moves;

    int state = STATE_IDLE;
    int sequence;
    int ipv4Home;
    boolean natDetected;
    int lastStatus = -1;
    int lastIpv4Status = -1;
    int epoch;
    long sentAtNs;
    int retransmissions;
    boolean pendingMove;
    boolean pendingNatRebinding;
    boolean awaitingDeliveryAfterMove;
    boolean registeredOnce;
    boolean returning;
    long nextRefreshNs;
    long nextMoveNs;
    long nextDeregisterNs;
    long returnNs;
    long nextKeepaliveNs;
    long movesFollowedByDelivery;

    final int[] expectedKind = new int[EPOCHS];
    final long[] expectedHigh = new long[EPOCHS];
    final long[] expectedLow = new long[EPOCHS];
    final int[] expectedIpv4 = new int[EPOCHS];
    final int[] expectedPort = new int[EPOCHS];

    EmulatedMobileNode(
        final int index,
        final long homeHigh,
        final long homeLow,
        final int ipv4Mode,
        final int staticIpv4,
        final long prefixHigh,
        final int prefixLength,
        final boolean mover,
        final boolean deregisters,
        final boolean forceUdp,
        final boolean bindingUpdateOverUdp)
    {
        this.index = index;
        this.homeHigh = homeHigh;
        this.homeLow = homeLow;
        this.ipv4Mode = ipv4Mode;
        this.staticIpv4 = staticIpv4;
        this.prefixHigh = prefixHigh;
        this.prefixLength = prefixLength;
        this.mover = mover;
        this.deregisters = deregisters;
        this.forceUdp = forceUdp;
        this.bindingUpdateOverUdp = bindingUpdateOverUdp;
    }

    /**
     * Record the tunnel the home agent should use in the current epoch, from where the node is attached and how
     * it signals (RFC 5555 §4.1: UDP when a NAT is on the path or the node set F, else IPv4 tunnels; natively
     * IPv6 tunnels, RFC 6275 §10.4.1).
     */
    void expectCurrentAttachment()
    {
        final int slot = epoch & (EPOCHS - 1);
        expectedKind[slot] = expectedTunnelKind();
        expectedHigh[slot] = careOfHigh;
        expectedLow[slot] = careOfLow;
        expectedIpv4[slot] = careOfKind == CARE_OF_NAT ? natPublicIpv4 : careOfIpv4;
        expectedPort[slot] = careOfKind == CARE_OF_NAT ? natPort :
            usesUdp() ? BindingUpdateFrames.DSMIPV6_PORT : 0;
    }

    /**
     * @return the tunnel kind ({@link TunnelClassifier#OUTER_IPV6}, {@code OUTER_IPV4}, {@code OUTER_UDP}) of the
     * current attachment.
     */
    int expectedTunnelKind()
    {
        if (careOfKind == CARE_OF_IPV6)
        {
            return TunnelClassifier.OUTER_IPV6;
        }
        return usesUdp() ? TunnelClassifier.OUTER_UDP : TunnelClassifier.OUTER_IPV4;
    }

    /**
     * @return true when the node's Binding Updates and tunnels travel in UDP 4191.
     */
    boolean usesUdp()
    {
        return careOfKind == CARE_OF_NAT || (careOfKind == CARE_OF_IPV4 && forceUdp);
    }

    /**
     * @return the UDP source port of the node's packets as the home agent sees them (NAT mapping or 4191).
     */
    int udpSourcePort()
    {
        return careOfKind == CARE_OF_NAT ? natPort : BindingUpdateFrames.DSMIPV6_PORT;
    }

    /**
     * @return the outer IPv4 source as the home agent sees it.
     */
    int outerIpv4Source()
    {
        return careOfKind == CARE_OF_NAT ? natPublicIpv4 : careOfIpv4;
    }

    /**
     * @param tagEpoch the epoch the packet was sent in.
     * @param kind     the tunnel kind seen.
     * @param high     outer IPv6 destination octets 0..7 (IPv6 tunnels).
     * @param low      octets 8..15.
     * @param ipv4     outer IPv4 destination (IPv4 and UDP tunnels).
     * @param port     outer UDP destination port (UDP tunnels).
     * @return true when the tunnel is the one registered in that epoch or a later one.
     */
    boolean matchesTunnel(
        final int tagEpoch, final int kind, final long high, final long low, final int ipv4, final int port)
    {
        if (epoch - tagEpoch >= EPOCHS || tagEpoch > epoch)
        {
            return false;
        }
        for (int e = tagEpoch; e <= epoch; e++)
        {
            final int slot = e & (EPOCHS - 1);
            if (expectedKind[slot] != kind)
            {
                continue;
            }
            final boolean match = kind == TunnelClassifier.OUTER_IPV6 ?
                expectedHigh[slot] == high && expectedLow[slot] == low :
                expectedIpv4[slot] == ipv4 && (kind != TunnelClassifier.OUTER_UDP || expectedPort[slot] == port);
            if (match)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @return the node's index in its population.
     */
    public int index()
    {
        return index;
    }

    /**
     * @return IPv6 home address octets 0..7.
     */
    public long homeHigh()
    {
        return homeHigh;
    }

    /**
     * @return IPv6 home address octets 8..15.
     */
    public long homeLow()
    {
        return homeLow;
    }

    /**
     * @return {@link #IPV4_NONE}, {@link #IPV4_DYNAMIC} or {@link #IPV4_STATIC}.
     */
    public int ipv4Mode()
    {
        return ipv4Mode;
    }

    /**
     * @return the static IPv4 home address, 0 when the node has none.
     */
    public int staticIpv4()
    {
        return staticIpv4;
    }

    /**
     * @return the IPv4 home address the home agent granted, 0 when none.
     */
    public int ipv4Home()
    {
        return ipv4Home;
    }

    /**
     * @return true for a mobile router with a mobile network prefix (RFC 3963).
     */
    public boolean mobileRouter()
    {
        return prefixLength > 0;
    }

    /**
     * @return the mobile network prefix octets 0..7 (the low octets are zero).
     */
    public long prefixHigh()
    {
        return prefixHigh;
    }

    /**
     * @return the mobile network prefix length, 0 when not a mobile router.
     */
    public int prefixLength()
    {
        return prefixLength;
    }

    /**
     * @return {@link #CARE_OF_IPV6}, {@link #CARE_OF_IPV4} or {@link #CARE_OF_NAT}.
     */
    public int careOfKind()
    {
        return careOfKind;
    }

    /**
     * @return one of the STATE_ constants.
     */
    public int state()
    {
        return state;
    }

    /**
     * @return true when the last Binding Ack carried a NAT Detection option (RFC 5555 §3.2.2).
     */
    public boolean natDetected()
    {
        return natDetected;
    }

    /**
     * @return the status of the last Binding Ack, -1 before the first.
     */
    public int lastStatus()
    {
        return lastStatus;
    }

    /**
     * @return care-of address changes made so far.
     */
    public int moves()
    {
        return moves;
    }

    /**
     * @return moves after which downlink traffic reached the new care-of address.
     */
    public long movesFollowedByDelivery()
    {
        return movesFollowedByDelivery;
    }

    /**
     * @return true when the node changes care-of address from time to time.
     */
    public boolean mover()
    {
        return mover;
    }

    /**
     * @return true when the node deregisters from time to time and comes back.
     */
    public boolean deregisters()
    {
        return deregisters;
    }
}
