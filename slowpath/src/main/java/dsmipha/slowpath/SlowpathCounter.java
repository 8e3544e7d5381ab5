package dsmipha.slowpath;

import dsmipha.common.counters.CounterDescriptor;
import dsmipha.common.counters.CounterDescriptors;
import dsmipha.common.counters.CounterInfo;

/**
 * Outcomes of the signaling agent. Ids 2000-2999 (see {@link CounterDescriptor}).
 */
public enum SlowpathCounter implements CounterDescriptor
{
    /** Punt records read from the punt ring. */
    PUNTS_READ(2000, "punts-read", "punted packets read from the punt ring"),
    /** Mobility Header messages received, any type (RFC 6275 §6.1). */
    RX_MOBILITY_HEADER(2001, "rx-mobility-header", "Mobility Header messages received"),
    /** Binding Updates received (RFC 6275 §6.1.7). */
    RX_BINDING_UPDATE(2002, "rx-binding-update", "Binding Updates received"),
    /** Mobility Header messages of another type (HoTI, BRR, BE ...). */
    RX_MOBILITY_OTHER(2003, "rx-mobility-other", "Mobility Header messages other than Binding Update"),
    /** Mobility Header that fails its codec checks (RFC 6275 §9.2: silently discarded). */
    DROP_MALFORMED_MOBILITY_HEADER(2004, "drop-malformed-mobility-header", "malformed Mobility Header discarded"),
    /** Mobile IPv4 registration requests (UDP 434). */
    RX_MIP4_REGISTRATION(2005, "rx-mip4-registration", "Mobile IPv4 registration messages received"),
    /** DSMIPv6 UDP 4191 packets (RFC 5555 §4.1). */
    RX_DSMIP6_UDP(2006, "rx-dsmip6-udp", "DSMIPv6 UDP-encapsulated packets received"),
    /** ICMPv6 mobility messages (DHAAD, mobile prefix). */
    RX_ICMPV6_MOBILITY(2007, "rx-icmpv6-mobility", "ICMPv6 DHAAD / mobile prefix messages received"),
    /** Neighbour discovery messages. */
    RX_NEIGHBOR_DISCOVERY(2008, "rx-neighbor-discovery", "ICMPv6 neighbour discovery messages received"),
    /** ARP messages. */
    RX_ARP(2009, "rx-arp", "ARP messages received"),
    /** Punt records with a reason this slowpath does not know (a newer fastpath). */
    RX_UNKNOWN_REASON(2010, "rx-unknown-punt-reason", "punt records with an unknown reason"),
    /**
     * Messages received and counted but not yet answered: registration processing (BU/BA, RRQ/RRP, proxy ND/ARP)
     * is the next stage of the slowpath (issue: slowpath home registration).
     */
    NOT_SERVED(2011, "signaling-not-served", "signaling counted but not answered by this version"),
    /** IKEv2 and IKE NAT traversal packets (UDP 500/4500, RFC 7296, RFC 3948). */
    RX_IKE(2012, "rx-ike", "IKE packets received (UDP 500/4500)"),
    /** Other packets addressed to the home agent itself. */
    RX_HOST_BOUND(2013, "rx-host-bound", "other packets addressed to the home agent received"),
    /** Packets whose next hop the fastpath could not resolve (for the neighbour resolver). */
    RX_NEIGHBOR_MISS(2014, "rx-neighbor-miss", "packets punted for next-hop resolution received"),
    /** Frames the slowpath handed to a worker for transmission. */
    TX_FRAMES(2020, "tx-frames", "frames handed to a worker for transmission"),
    /** Frames not sent: the worker's transmit ring was full. */
    TX_DROP_RING_FULL(2021, "tx-drop-ring-full", "frames not sent: worker transmit ring full"),
    /** Frames not sent: no free frame in the pool. */
    TX_DROP_NO_FRAME(2022, "tx-drop-no-frame", "frames not sent: frame pool empty"),
    /** Frames not sent: longer than a frame holds, or an unknown output port. */
    TX_DROP_INVALID(2023, "tx-drop-invalid", "frames not sent: too long for a frame or unknown port"),

    /** Binding Acknowledgements handed to a worker. */
    TX_BINDING_ACK(2024, "tx-binding-ack", "Binding Acknowledgements sent"),

    /** Binding Errors handed to a worker (RFC 6275 §9.3.3). */
    TX_BINDING_ERROR(2025, "tx-binding-error", "Binding Errors sent"),

    /** Binding Refresh Requests handed to a worker (RFC 6275 §9.5.5). */
    TX_BINDING_REFRESH_REQUEST(2026, "tx-binding-refresh-request", "Binding Refresh Requests sent"),

    /** Signaling frames the transmitter refused (see tx-drop-*); the mobile node retransmits. */
    TX_SIGNALING_REFUSED(2027, "tx-signaling-refused", "signaling replies not sent: transmitter refused the frame"),

    /** Host-bound UDP to the ports of pre-RFC DSMIPv6 drafts (666/667), counted and dropped. */
    RX_LEGACY_DSMIP_PORT(2028, "rx-legacy-dsmip-port", "UDP to a pre-RFC 5555 DSMIPv6 port (666/667), dropped"),

    /** Binding Acks held until the change they acknowledge is written to the binding journal (AckGate). */
    TX_ACK_HELD(2029, "tx-ack-held", "Binding Acks held until their binding change is in the journal"),

    /** Held Binding Acks released once the binding-store thread wrote their change. */
    TX_ACK_RELEASED(2030, "tx-ack-released", "held Binding Acks released after the journal write"),

    /** Binding Acks dropped: the pending-Ack FIFO was full (never sent early; RFC 6275 §11.8 retransmits). */
    TX_ACK_HELD_FULL(2031, "tx-ack-held-full", "Binding Acks dropped: pending-Ack FIFO full"),

    /** Accepting Binding Acks dropped: their binding change never reached the journal's ring (full, too large). */
    TX_ACK_NOT_JOURNALED(2032, "tx-ack-not-journaled", "Binding Acks dropped: binding change not journaled"),

    /** Gauge: Binding Acks waiting for the journal now. */
    TX_ACK_PENDING(2033, "tx-ack-pending", "gauge: Binding Acks waiting for the journal write");

    static
    {
        CounterDescriptors.requireUnique(values());
    }

    private final CounterInfo info;

    SlowpathCounter(final int id, final String label, final String description)
    {
        this.info = new CounterInfo(id, label, description);
    }

    @Override
    public CounterInfo info()
    {
        return info;
    }
}
