package dsmipha.slowpath.registration;

/**
 * What {@code RegistrationProcessor} decided to answer a Binding Update with, for {@code BindingAckWriter} to put
 * on the wire along the request's {@link ReplyPath}. Mutable and reused.
 * <pre>
 *   IPv6 src = localHigh/Low (the home agent), dst = careOfHigh/Low, type 2 routing header = homeHigh/Low
 *   (RFC 6275 §6.1.8, §9.5.4; over IPv4 RFC 5555 §4.2: IPv6 dst = the home address and no routing header,
 *   signalled by careOf == home)
 *   MH Binding Ack: status, K/R flags, sequence, lifetime (4 s units)
 *   options, each only when its include flag is set, in this order:
 *     Binding Refresh Advice (2), IPv4 Address Ack (30), NAT Detection (31)
 * </pre>
 */
public final class BindingAckReply
{
    /** Binding Ack status (BindingAck.STATUS_*). */
    public int status;
    /** Binding Ack flags octet (BindingAck.FLAG_*: K, R). */
    public int flags;
    /** Sequence number: the request's, or for status 135 the last accepted one (RFC 6275 §9.5.1). */
    public int sequence;
    /** Granted lifetime in 4-second units. */
    public int lifetimeUnits;

    /** IPv6 source: the home agent address the request was sent to. */
    public long localHigh;
    /** IPv6 source octets 8..15. */
    public long localLow;
    /** IPv6 destination octets 0..7: the care-of address (natively), the home address over IPv4. */
    public long careOfHigh;
    /** IPv6 destination octets 8..15. */
    public long careOfLow;
    /** Home address octets 0..7 (the type 2 routing header when it differs from the destination). */
    public long homeHigh;
    /** Home address octets 8..15. */
    public long homeLow;

    /** Include a Binding Refresh Advice option (RFC 6275 §6.2.4). */
    public boolean includeRefreshAdvice;
    /** Its refresh interval in 4-second units. */
    public int refreshAdviceUnits;

    /** Include an IPv4 Address Acknowledgement option (RFC 5555 §3.2.1). */
    public boolean includeIpv4Ack;
    /** Its status (Ipv4AddressAcknowledgementOption.STATUS_*). */
    public int ipv4AckStatus;
    /** Its prefix length. */
    public int ipv4AckPrefixLength;
    /** Its IPv4 home address (the allocated one for a dynamic request). */
    public int ipv4AckAddress;

    /** Include a NAT Detection option (RFC 5555 §3.2.2). */
    public boolean includeNatDetection;
    /** Its F flag: the mobile node must use UDP encapsulation even without a NAT. */
    public boolean natForceUdp;
    /** Its refresh time in seconds (keepalive interval). */
    public long natRefreshSeconds;

    /**
     * @return this, every field cleared.
     */
    public BindingAckReply clear()
    {
        status = 0;
        flags = 0;
        sequence = 0;
        lifetimeUnits = 0;
        localHigh = 0;
        localLow = 0;
        careOfHigh = 0;
        careOfLow = 0;
        homeHigh = 0;
        homeLow = 0;
        includeRefreshAdvice = false;
        refreshAdviceUnits = 0;
        includeIpv4Ack = false;
        ipv4AckStatus = 0;
        ipv4AckPrefixLength = 0;
        ipv4AckAddress = 0;
        includeNatDetection = false;
        natForceUdp = false;
        natRefreshSeconds = 0;
        return this;
    }
}
