package dsmipha.slowpath.registration;

/**
 * Where the registration rules send their messages. The signaling agent implements it with
 * {@code BindingAckWriter} (frame building) and the {@code SlowpathTransmitter}; tests implement it to capture.
 * Called on the signaling thread only; an implementation copies what it needs before returning.
 */
public interface SignalingSender
{
    /**
     * Send a Binding Acknowledgement along the request's path.
     *
     * @param request the Binding Update it answers (its path and addresses).
     * @param reply   the decided answer.
     */
    void bindingAck(BindingUpdateRequest request, BindingAckReply reply);

    /**
     * Send a Binding Error (RFC 6275 §6.1.9, §9.3.3) along a path.
     *
     * @param path            the way back to the sender of the offending packet.
     * @param localHigh       IPv6 source (the home agent address) octets 0..7.
     * @param localLow        octets 8..15.
     * @param destinationHigh the offending packet's IPv6 source octets 0..7.
     * @param destinationLow  octets 8..15.
     * @param status          BindingError.STATUS_*.
     * @param homeHigh        the home address it concerns octets 0..7 (from the Home Address option, else the
     *                        source).
     * @param homeLow         octets 8..15.
     */
    void bindingError(
        ReplyPath path, long localHigh, long localLow, long destinationHigh, long destinationLow, int status,
        long homeHigh, long homeLow);

    /**
     * Send a Binding Refresh Request (RFC 6275 §6.1.2, §9.5.5)
     * to a registered mobile node along its binding's last path.
     *
     * @param path       the binding's path.
     * @param localHigh  IPv6 source (the home agent address) octets 0..7.
     * @param localLow   octets 8..15.
     * @param careOfHigh the care-of address octets 0..7 (natively the request is tunnelled IPv6-in-IPv6 to it: RFC
     *                   6275 §6.1 allows a type 2 routing header only on a Binding Ack).
     * @param careOfLow  octets 8..15.
     * @param homeHigh   home address (the inner destination; over IPv4 the only IPv6 destination) octets 0..7.
     * @param homeLow    octets 8..15.
     */
    void bindingRefreshRequest(
        ReplyPath path, long localHigh, long localLow, long careOfHigh, long careOfLow, long homeHigh, long homeLow);
}
