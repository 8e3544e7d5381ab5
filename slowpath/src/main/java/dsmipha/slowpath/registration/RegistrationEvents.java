package dsmipha.slowpath.registration;

/**
 * Hears every Binding Update the home agent refuses, next to the counter that counts it, so that refusals which
 * point at a hostile or misconfigured mobile node can be logged as security events with their detail (addresses,
 * status, transport) - the counters alone say how many, not who. Called on the signaling thread, with the request
 * as received (reused after the call returns: copy what is kept); must not block or allocate per call.
 * <pre>
 *   RegistrationProcessor:  silent discards (2220..)   status = {@link #NO_STATUS}
 *                           rejections (2240..)        status = the Binding Ack status sent (RFC 6275 §6.1.8)
 *                           IPv4 refusals (2260..)     status = the IPv4 Address Ack status sent (RFC 5555 §3.2.1)
 *   MobilitySignaling:      reader drops (sig-drop-*)  the request holds what was decoded before the drop
 * </pre>
 */
public interface RegistrationEvents
{
    /** No status was sent: the Binding Update was silently discarded. */
    int NO_STATUS = -1;

    /** Hears nothing. */
    RegistrationEvents NONE = new RegistrationEvents()
    {
    };

    /**
     * A Binding Update was discarded, rejected, or had its IPv4 home address or prefix refused.
     *
     * @param request the Binding Update as received.
     * @param reason  the counter just incremented.
     * @param status  the Binding Ack or IPv4 Address Ack status sent, or {@link #NO_STATUS}.
     */
    default void onRegistrationRefused(
        final BindingUpdateRequest request, final RegistrationCounter reason, final int status)
    {
    }

    /**
     * A punted signaling packet was not a well-formed Binding Update (checksum, syntax, options).
     *
     * @param request what was decoded before the reader gave up (cleared first: unset fields are zero).
     * @param reason  the reader's counter for it.
     */
    default void onSignalingDropped(final BindingUpdateRequest request, final SignalingInputCounter reason)
    {
    }
}
