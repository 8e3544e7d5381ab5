package dsmipha.perf.emulator;

/**
 * What a {@link MobileNodePopulation} has done and seen so far. Plain counters, written by the population's thread;
 * read them on that thread (the demo's live view does). {@link #copyFrom} takes a snapshot for per-interval rates.
 */
public final class PopulationStats
{
    /** Binding Update statuses are 0..255. */
    public static final int STATUS_COUNT = 256;

    /** Binding Updates sent (all kinds, retransmissions included). */
    public long bindingUpdatesSent;
    /** Binding Updates sent again after no Ack came. */
    public long retransmissions;
    /** First registrations (and returns after a deregistration) acknowledged. */
    public long registrations;
    /** Refreshes acknowledged. */
    public long refreshes;
    /** Moves (care-of address changes, NAT rebindings included) acknowledged. */
    public long moves;
    /** NAT rebindings (a new NAT port) acknowledged. */
    public long natRebindings;
    /** Deregistrations acknowledged. */
    public long deregistrations;
    /** NAT keepalives sent. */
    public long keepalives;
    /** Acks whose NAT Detection option said a NAT was on the path. */
    public long natDetected;
    /** Acks whose NAT detection disagreed with where the node really was. */
    public long natDetectionWrong;
    /** IPv4 home addresses granted (IPv4 Address Acknowledgement status 0). */
    public long ipv4Granted;
    /** Acks for no Binding Update outstanding (an old sequence number, an unknown home address). */
    public long unexpectedAcks;
    /** Binding Acks by status. */
    public final long[] ackStatus = new long[STATUS_COUNT];
    /** Downlink IPv6 packets sent by the correspondent. */
    public long downlinkSent6;
    /** Downlink IPv4 packets sent by the correspondent. */
    public long downlinkSent4;
    /** Downlink IPv6 packets that arrived tunnelled as the node registered. */
    public long downlinkDelivered6;
    /** Downlink IPv4 packets that arrived tunnelled as the node registered. */
    public long downlinkDelivered4;
    /** Downlink packets tunnelled otherwise than registered. */
    public long downlinkMismatched;
    /** Uplink IPv6 packets reverse tunnelled by the nodes. */
    public long uplinkSent6;
    /** Uplink IPv4 packets reverse tunnelled by the nodes. */
    public long uplinkSent4;
    /** Uplink IPv6 packets the correspondent received, from the right source. */
    public long uplinkDelivered6;
    /** Uplink IPv4 packets the correspondent received, from the right source. */
    public long uplinkDelivered4;
    /** Uplink packets received with a source the node does not own. */
    public long uplinkMismatched;
    /** Other frames on the access side (neither a Binding Ack nor a tagged tunnel). */
    public long otherAccessFrames;
    /** Other frames on the home side (neighbour advertisements, ARP, ...). */
    public long otherHomeFrames;

    /**
     * @param other the stats to copy.
     */
    public void copyFrom(final PopulationStats other)
    {
        bindingUpdatesSent = other.bindingUpdatesSent;
        retransmissions = other.retransmissions;
        registrations = other.registrations;
        refreshes = other.refreshes;
        moves = other.moves;
        natRebindings = other.natRebindings;
        deregistrations = other.deregistrations;
        keepalives = other.keepalives;
        natDetected = other.natDetected;
        natDetectionWrong = other.natDetectionWrong;
        ipv4Granted = other.ipv4Granted;
        unexpectedAcks = other.unexpectedAcks;
        System.arraycopy(other.ackStatus, 0, ackStatus, 0, STATUS_COUNT);
        downlinkSent6 = other.downlinkSent6;
        downlinkSent4 = other.downlinkSent4;
        downlinkDelivered6 = other.downlinkDelivered6;
        downlinkDelivered4 = other.downlinkDelivered4;
        downlinkMismatched = other.downlinkMismatched;
        uplinkSent6 = other.uplinkSent6;
        uplinkSent4 = other.uplinkSent4;
        uplinkDelivered6 = other.uplinkDelivered6;
        uplinkDelivered4 = other.uplinkDelivered4;
        uplinkMismatched = other.uplinkMismatched;
        otherAccessFrames = other.otherAccessFrames;
        otherHomeFrames = other.otherHomeFrames;
    }
}
