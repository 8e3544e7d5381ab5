package dsmipha.common.codec.mh;

import dsmipha.common.codec.Bytes;

/**
 * Binding Acknowledgement, MH type 6 (RFC 6275 §6.1.8): the answer to a Binding Update. The fixed part ends at
 * octet 12, so with no options Header Len is 1.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *                                  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *                                  |    Status     |K|R|P|T|B|S|D|r|
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |           Sequence #          |           Lifetime            |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  .                        Mobility options                       .
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Flags: K (RFC 6275 §6.1.8), R (RFC 3963), P (RFC 5213), T (RFC 5845), B (RFC 6602), S (RFC 7161), D (RFC 8885).
 * Status below 128 is acceptance. Lifetime is in units of 4 seconds.
 * <p>
 * Not thread safe: one instance per worker.
 */
public final class BindingAck extends MobilityMessage
{
    /** MH type. */
    public static final int TYPE = MobilityHeader.TYPE_BINDING_ACK;
    /** Offset of the Status from the header start. */
    public static final int STATUS_OFFSET = 6;
    /** Offset of the flags octet from the header start. */
    public static final int FLAGS_OFFSET = 7;
    /** Offset of the Sequence # from the header start. */
    public static final int SEQUENCE_OFFSET = 8;
    /** Offset of the Lifetime from the header start. */
    public static final int LIFETIME_OFFSET = 10;
    /** Header plus fixed fields: options start here. */
    public static final int FIXED_LENGTH = 12;
    /** Seconds per Lifetime unit (RFC 6275 §6.1.8). */
    public static final int SECONDS_PER_UNIT = 4;

    /** K: key management mobility capability (RFC 6275 §6.1.8). */
    public static final int FLAG_KEY_MANAGEMENT = 0x80;
    /** R: mobile router (RFC 3963 §4.2). */
    public static final int FLAG_MOBILE_ROUTER = 0x40;
    /** P: proxy registration (RFC 5213). */
    public static final int FLAG_PROXY_REGISTRATION = 0x20;
    /** T: TLV-header format (RFC 5845). */
    public static final int FLAG_TLV_HEADER = 0x10;
    /** B: bulk binding update (RFC 6602). */
    public static final int FLAG_BULK = 0x08;
    /** S (RFC 7161). */
    public static final int FLAG_S = 0x04;
    /** D (RFC 8885). */
    public static final int FLAG_D = 0x02;
    /** The bit no RFC has assigned. */
    public static final int RESERVED_MASK = 0x01;

    /** Binding Update accepted (RFC 6275 §6.1.8). */
    public static final int STATUS_ACCEPTED = 0;
    /** Accepted but prefix discovery necessary. */
    public static final int STATUS_ACCEPTED_PREFIX_DISCOVERY_NECESSARY = 1;
    /** Status values at or above this one are rejections. */
    public static final int STATUS_FIRST_REJECTION = 128;
    /** Reason unspecified. */
    public static final int STATUS_REASON_UNSPECIFIED = 128;
    /** Administratively prohibited. */
    public static final int STATUS_ADMINISTRATIVELY_PROHIBITED = 129;
    /** Insufficient resources. */
    public static final int STATUS_INSUFFICIENT_RESOURCES = 130;
    /** Home registration not supported. */
    public static final int STATUS_HOME_REGISTRATION_NOT_SUPPORTED = 131;
    /** Not home subnet. */
    public static final int STATUS_NOT_HOME_SUBNET = 132;
    /** Not home agent for this mobile node. */
    public static final int STATUS_NOT_HOME_AGENT_FOR_THIS_MOBILE_NODE = 133;
    /** Duplicate Address Detection failed. */
    public static final int STATUS_DUPLICATE_ADDRESS_DETECTION_FAILED = 134;
    /** Sequence number out of window: the BA carries the last accepted sequence number (RFC 6275 §9.5.1). */
    public static final int STATUS_SEQUENCE_NUMBER_OUT_OF_WINDOW = 135;
    /** Expired home nonce index. */
    public static final int STATUS_EXPIRED_HOME_NONCE_INDEX = 136;
    /** Expired care-of nonce index. */
    public static final int STATUS_EXPIRED_CARE_OF_NONCE_INDEX = 137;
    /** Expired nonces. */
    public static final int STATUS_EXPIRED_NONCES = 138;
    /** Registration type change disallowed. */
    public static final int STATUS_REGISTRATION_TYPE_CHANGE_DISALLOWED = 139;
    /** Mobile router operation not permitted (RFC 3963). */
    public static final int STATUS_MOBILE_ROUTER_OPERATION_NOT_PERMITTED = 140;
    /** Invalid prefix (RFC 3963). */
    public static final int STATUS_INVALID_PREFIX = 141;
    /** Not authorized for prefix (RFC 3963). */
    public static final int STATUS_NOT_AUTHORIZED_FOR_PREFIX = 142;
    /** Mobile network prefix information unavailable (RFC 3963). */
    public static final int STATUS_MOBILE_NETWORK_PREFIX_INFORMATION_UNAVAILABLE = 143;
    /** Service authorization failed (RFC 5149). */
    public static final int STATUS_SERVICE_AUTHORIZATION_FAILED = 151;
    /** MCoA malformed (RFC 5648). */
    public static final int STATUS_MCOA_MALFORMED = 164;
    /** MCoA non-MCoA binding exists (RFC 5648). */
    public static final int STATUS_MCOA_NON_MCOA_BINDING_EXISTS = 165;
    /** MCoA prohibited (RFC 5648). */
    public static final int STATUS_MCOA_PROHIBITED = 166;
    /** MCoA unknown CoA (RFC 5648). */
    public static final int STATUS_MCOA_UNKNOWN_COA = 167;
    /** MCoA bulk registration prohibited (RFC 5648). */
    public static final int STATUS_MCOA_BULK_REGISTRATION_PROHIBITED = 168;
    /** MCoA simultaneous home and foreign prohibited (RFC 5648). */
    public static final int STATUS_MCOA_SIMULTANEOUS_HOME_AND_FOREIGN_PROHIBITED = 169;
    /** Invalid care-of address (RFC 6275). */
    public static final int STATUS_INVALID_CARE_OF_ADDRESS = 174;
    /** REINIT_SA_WITH_HAC (RFC 6618). */
    public static final int STATUS_REINIT_SA_WITH_HAC = 176;

    /**
     * @param header a header {@link MobilityHeader#wrap} accepted.
     * @return {@link dsmipha.common.codec.CodecStatus#OK}, or negative when the header is not this message.
     */
    public int wrap(final MobilityHeader header)
    {
        return wrapAt(header, TYPE, TYPE, FIXED_LENGTH);
    }

    /**
     * Start the message in a header being built: fixed fields zeroed, options may follow.
     *
     * @param header a header after {@link MobilityHeader#wrapForEncode}.
     * @return this for chaining.
     */
    public BindingAck start(final MobilityHeader header)
    {
        startAt(header, TYPE);
        return this;
    }

    /**
     * @return the Status.
     */
    public int status()
    {
        return Bytes.u8(segment, offset + STATUS_OFFSET);
    }

    /**
     * @param status the Status.
     * @return this for chaining.
     */
    public BindingAck status(final int status)
    {
        Bytes.put8(segment, offset + STATUS_OFFSET, status);
        return this;
    }

    /**
     * @return true when the status accepts the binding (below 128).
     */
    public boolean accepted()
    {
        return status() < STATUS_FIRST_REJECTION;
    }

    /**
     * @return the flags octet.
     */
    public int flags()
    {
        return Bytes.u8(segment, offset + FLAGS_OFFSET);
    }

    /**
     * @param flags the flags octet, an OR of the FLAG_ constants.
     * @return this for chaining.
     */
    public BindingAck flags(final int flags)
    {
        Bytes.put8(segment, offset + FLAGS_OFFSET, flags);
        return this;
    }

    /**
     * @param mask one of the FLAG_ constants.
     * @return true when the flag is set.
     */
    public boolean flag(final int mask)
    {
        return (flags() & mask) != 0;
    }

    /**
     * @return K: the IKE SA survives movement.
     */
    public boolean keyManagement()
    {
        return flag(FLAG_KEY_MANAGEMENT);
    }

    /**
     * @return R: the home agent supports mobile routers.
     */
    public boolean mobileRouter()
    {
        return flag(FLAG_MOBILE_ROUTER);
    }

    /**
     * @return the Sequence #: the Binding Update's, or the last accepted one with status 135.
     */
    public int sequence()
    {
        return Bytes.u16(segment, offset + SEQUENCE_OFFSET);
    }

    /**
     * @param sequence the Sequence #.
     * @return this for chaining.
     */
    public BindingAck sequence(final int sequence)
    {
        Bytes.put16(segment, offset + SEQUENCE_OFFSET, sequence);
        return this;
    }

    /**
     * @return the granted Lifetime in units of 4 seconds.
     */
    public int lifetime()
    {
        return Bytes.u16(segment, offset + LIFETIME_OFFSET);
    }

    /**
     * @param units the Lifetime in units of 4 seconds.
     * @return this for chaining.
     */
    public BindingAck lifetime(final int units)
    {
        Bytes.put16(segment, offset + LIFETIME_OFFSET, units);
        return this;
    }

    /**
     * @return the granted Lifetime in seconds.
     */
    public int lifetimeSeconds()
    {
        return lifetime() * SECONDS_PER_UNIT;
    }

    /**
     * @param seconds the lifetime in seconds, rounded down to a multiple of 4 and capped at 65535 units.
     * @return this for chaining.
     */
    public BindingAck lifetimeSeconds(final int seconds)
    {
        return lifetime(Math.min(0xFFFF, seconds / SECONDS_PER_UNIT));
    }
}
