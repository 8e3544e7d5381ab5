package dsmipha.slowpath.registration;

import java.util.EnumSet;
import java.util.Set;

import dsmipha.common.log.EventLog;
import dsmipha.common.log.EventType;
import dsmipha.common.log.EventWriter;
import dsmipha.common.log.LogCategory;
import dsmipha.common.log.LogLevel;

/**
 * Logs refused signaling as structured events through the {@link EventLog}: the refusals that point at a hostile
 * or misconfigured mobile node as security events (RFC 6275 §15 and RFC 5555 §5 security considerations: failed
 * authorization, replayed sequence numbers, spoofed or inconsistent care-of addresses, malformed or corrupted
 * messages), every other refusal as a {@code debug} operations event for troubleshooting.
 * <pre>
 *   event                         level  category    when
 *   registration.dropped          warn   security    reg-drop-unprotected (RFC 6275 §5.1)
 *   registration.rejected         warn   security    reg-reject-not-authorized, -sequence, -invalid-care-of,
 *                                                    -care-of-mismatch, -mr-not-permitted, -prefix-not-authorized
 *   registration.ipv4-refused     warn   security    reg-ipv4-incorrect, reg-ipv4-prohibited,
 *                                                    reg-ipv4-prefix-unauthorized (RFC 5555 §3.2.1)
 *   signaling.malformed           warn   security    sig-drop-* checksum and syntax drops (see {@link #MALFORMED})
 *   registration.refused          debug  operations  any other registration refusal
 *   signaling.dropped             debug  operations  any other reader drop
 *
 *   fields: home, care_of, source, source_port (IPv4/UDP), transport, sequence, status (when one was sent),
 *           ipv4_home and prefix_length (IPv4 refusals), counter (the counter's label)
 * </pre>
 * Each event name has its own rate limit, so a flood of one kind is summarised by the {@code suppressed} count of
 * the next event of that kind and cannot hide another. Signaling thread only (it owns one {@link EventWriter});
 * allocates nothing per event.
 */
public final class RegistrationEventLog implements RegistrationEvents
{
    /** Registration refusals logged as security events. */
    public static final Set<RegistrationCounter> SECURITY = EnumSet.of(
        RegistrationCounter.DROP_UNPROTECTED,
        RegistrationCounter.REJECT_NOT_AUTHORIZED,
        RegistrationCounter.REJECT_SEQUENCE,
        RegistrationCounter.REJECT_INVALID_CARE_OF,
        RegistrationCounter.REJECT_CARE_OF_MISMATCH,
        RegistrationCounter.REJECT_MOBILE_ROUTER_NOT_PERMITTED,
        RegistrationCounter.REJECT_PREFIX_NOT_AUTHORIZED,
        RegistrationCounter.IPV4_INCORRECT_HOME_ADDRESS,
        RegistrationCounter.IPV4_PROHIBITED,
        RegistrationCounter.IPV4_PREFIX_UNAUTHORIZED);

    /** Reader drops logged as {@code signaling.malformed} security events: checksums, lengths, options, legacy. */
    public static final Set<SignalingInputCounter> MALFORMED = EnumSet.of(
        SignalingInputCounter.DROP_MALFORMED_IPV4,
        SignalingInputCounter.DROP_MALFORMED_UDP,
        SignalingInputCounter.DROP_LEGACY_UDP_PORT,
        SignalingInputCounter.DROP_MALFORMED_IPV6,
        SignalingInputCounter.DROP_UNKNOWN_IPV6_OPTION,
        SignalingInputCounter.DROP_MH_BAD_PAYLOAD_PROTO,
        SignalingInputCounter.DROP_MH_BAD_LENGTH,
        SignalingInputCounter.DROP_MH_BAD_CHECKSUM,
        SignalingInputCounter.DROP_OPTION_TRUNCATED,
        SignalingInputCounter.DROP_OPTION_OVERRUN,
        SignalingInputCounter.DROP_OPTION_BAD_LENGTH,
        SignalingInputCounter.DROP_DUPLICATE_OPTION,
        SignalingInputCounter.DROP_TOO_MANY_PREFIXES,
        SignalingInputCounter.DROP_LEGACY_OPTION,
        SignalingInputCounter.DROP_LEGACY_MAPPED_SOURCE);

    /** Event: a Binding Update silently discarded for a security reason. */
    public static final String DROPPED = "registration.dropped";
    /** Event: a Binding Update rejected (Binding Ack status &gt;= 128) for a security reason. */
    public static final String REJECTED = "registration.rejected";
    /** Event: an IPv4 home address or prefix refused (IPv4 Address Ack status &gt;= 128) for a security reason. */
    public static final String IPV4_REFUSED = "registration.ipv4-refused";
    /** Event: a malformed or corrupted signaling message. */
    public static final String MALFORMED_SIGNALING = "signaling.malformed";
    /** Event: any other registration refusal (debug). */
    public static final String REFUSED = "registration.refused";
    /** Event: any other reader drop (debug). */
    public static final String SIGNALING_DROPPED = "signaling.dropped";

    private final EventWriter writer;
    private final EventType dropped;
    private final EventType rejected;
    private final EventType ipv4Refused;
    private final EventType malformed;
    private final EventType refused;
    private final EventType signalingDropped;

    /**
     * @param log the event log (registers this class's event names).
     */
    public RegistrationEventLog(final EventLog log)
    {
        this.writer = log.newWriter();
        this.dropped = log.eventType(DROPPED, LogLevel.WARN, LogCategory.SECURITY);
        this.rejected = log.eventType(REJECTED, LogLevel.WARN, LogCategory.SECURITY);
        this.ipv4Refused = log.eventType(IPV4_REFUSED, LogLevel.WARN, LogCategory.SECURITY);
        this.malformed = log.eventType(MALFORMED_SIGNALING, LogLevel.WARN, LogCategory.SECURITY);
        this.refused = log.eventType(REFUSED, LogLevel.DEBUG, LogCategory.OPERATIONS);
        this.signalingDropped = log.eventType(SIGNALING_DROPPED, LogLevel.DEBUG, LogCategory.OPERATIONS);
    }

    @Override
    public void onRegistrationRefused(
        final BindingUpdateRequest request, final RegistrationCounter reason, final int status)
    {
        if (!writer.begin(typeOf(reason)))
        {
            return;
        }
        final boolean hasHao = request.hasHomeAddressOption;
        writer.ipv6("home", hasHao ? request.homeAddressHigh : request.sourceHigh,
            hasHao ? request.homeAddressLow : request.sourceLow);
        careOf(request);
        source(request);
        writer.number("sequence", request.sequence);
        if (status != NO_STATUS)
        {
            writer.number("status", status);
        }
        if (isIpv4Refusal(reason))
        {
            writer.ipv4("ipv4_home", request.ipv4HomeAddress);
            if (request.ipv4PrefixRequested)
            {
                writer.number("prefix_length", request.ipv4HomePrefixLength);
            }
        }
        writer.string("counter", reason.label()).commit();
    }

    @Override
    public void onSignalingDropped(final BindingUpdateRequest request, final SignalingInputCounter reason)
    {
        if (reason == null || !writer.begin(MALFORMED.contains(reason) ? malformed : signalingDropped))
        {
            return;
        }
        if (request.hasHomeAddressOption)
        {
            writer.ipv6("home", request.homeAddressHigh, request.homeAddressLow);
        }
        source(request);
        writer.string("counter", reason.label()).commit();
    }

    private EventType typeOf(final RegistrationCounter reason)
    {
        if (!SECURITY.contains(reason))
        {
            return refused;
        }
        if (isIpv4Refusal(reason))
        {
            return ipv4Refused;
        }
        return reason == RegistrationCounter.DROP_UNPROTECTED ? dropped : rejected;
    }

    private static boolean isIpv4Refusal(final RegistrationCounter reason)
    {
        return reason.id() >= RegistrationCounter.IPV4_INCORRECT_HOME_ADDRESS.id();
    }

    // RFC 6275 §10.3.1: natively the Alternate CoA option or else the source; RFC 5555 §4.1: over IPv4 the IPv4 CoA
    // option (the outer source is written apart, as "source", so a NAT or a spoofed option shows).
    private void careOf(final BindingUpdateRequest request)
    {
        if (!SignalingTransport.isIpv4(request.path.transport))
        {
            final boolean alternate = request.hasAlternateCareOf;
            writer.ipv6("care_of", alternate ? request.alternateCareOfHigh : request.sourceHigh,
                alternate ? request.alternateCareOfLow : request.sourceLow);
        }
        else if (request.hasIpv4CareOf)
        {
            writer.ipv4("care_of", request.ipv4CareOf);
        }
    }

    private void source(final BindingUpdateRequest request)
    {
        final ReplyPath path = request.path;
        writer.string("transport", SignalingTransport.name(path.transport));
        if (SignalingTransport.isIpv4(path.transport))
        {
            if (path.peerIpv4 != 0)
            {
                writer.ipv4("source", path.peerIpv4);
            }
            if (path.transport == SignalingTransport.IPV4_UDP)
            {
                writer.number("source_port", path.peerUdpPort);
            }
        }
        else if (request.sourceHigh != 0 || request.sourceLow != 0)
        {
            writer.ipv6("source", request.sourceHigh, request.sourceLow);
        }
    }
}
