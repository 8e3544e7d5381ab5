package dsmipha.common.codec.mh;

import dsmipha.common.codec.Bytes;

/**
 * Binding Update, MH type 5 (RFC 6275 §6.1.7): a mobile node registers a care-of address for its home address.
 * The fixed part ends at octet 12, so a Binding Update without options carries 4 octets of padding and Header Len
 * 1 (RFC 6275 §6.1.7).
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *                                  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *                                  |          Sequence #           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |A|H|L|K|M|R|P|F|T|B|S|D|Reservd|           Lifetime            |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  .                        Mobility options                       .
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Flags: A, H, L, K (RFC 6275 §6.1.7), M (RFC 5380), R (RFC 3963), P (RFC 5213), F (RFC 5555), T (RFC 5845),
 * B (RFC 6602), S (RFC 7161), D (RFC 8885). Lifetime is in units of 4 seconds; zero deregisters.
 * <p>
 * Not thread safe: one instance per worker.
 */
public final class BindingUpdate extends MobilityMessage
{
    /** MH type. */
    public static final int TYPE = MobilityHeader.TYPE_BINDING_UPDATE;
    /** Offset of the Sequence # from the header start. */
    public static final int SEQUENCE_OFFSET = 6;
    /** Offset of the 16-bit flags word from the header start. */
    public static final int FLAGS_OFFSET = 8;
    /** Offset of the Lifetime from the header start. */
    public static final int LIFETIME_OFFSET = 10;
    /** Header plus fixed fields: options start here. */
    public static final int FIXED_LENGTH = 12;
    /** Seconds per Lifetime unit (RFC 6275 §6.1.7). */
    public static final int SECONDS_PER_UNIT = 4;

    /** A: acknowledge, a Binding Acknowledgement is requested (RFC 6275 §6.1.7). */
    public static final int FLAG_ACKNOWLEDGE = 0x8000;
    /** H: home registration (RFC 6275 §6.1.7). */
    public static final int FLAG_HOME_REGISTRATION = 0x4000;
    /** L: link-local address compatibility (RFC 6275 §6.1.7). */
    public static final int FLAG_LINK_LOCAL_COMPATIBILITY = 0x2000;
    /** K: key management mobility capability (RFC 6275 §6.1.7). */
    public static final int FLAG_KEY_MANAGEMENT = 0x1000;
    /** M: MAP registration (RFC 5380). */
    public static final int FLAG_MAP_REGISTRATION = 0x0800;
    /** R: mobile router (RFC 3963 §4.1). */
    public static final int FLAG_MOBILE_ROUTER = 0x0400;
    /** P: proxy registration (RFC 5213). */
    public static final int FLAG_PROXY_REGISTRATION = 0x0200;
    /** F: force UDP encapsulation (RFC 5555 §3.1.3). */
    public static final int FLAG_FORCE_UDP = 0x0100;
    /** T: TLV-header format (RFC 5845). */
    public static final int FLAG_TLV_HEADER = 0x0080;
    /** B: bulk binding update (RFC 6602). */
    public static final int FLAG_BULK = 0x0040;
    /** S (RFC 7161). */
    public static final int FLAG_S = 0x0020;
    /** D (RFC 8885). */
    public static final int FLAG_D = 0x0010;
    /** The bits no RFC has assigned. */
    public static final int RESERVED_MASK = 0x000F;

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
    public BindingUpdate start(final MobilityHeader header)
    {
        startAt(header, TYPE);
        return this;
    }

    /**
     * @return the Sequence # (compare modulo 2^16, RFC 6275 §9.5.1).
     */
    public int sequence()
    {
        return Bytes.u16(segment, offset + SEQUENCE_OFFSET);
    }

    /**
     * @param sequence the Sequence #.
     * @return this for chaining.
     */
    public BindingUpdate sequence(final int sequence)
    {
        Bytes.put16(segment, offset + SEQUENCE_OFFSET, sequence);
        return this;
    }

    /**
     * @return the 16-bit flags word (flags and reserved bits).
     */
    public int flags()
    {
        return Bytes.u16(segment, offset + FLAGS_OFFSET);
    }

    /**
     * @param flags the 16-bit flags word, an OR of the FLAG_ constants.
     * @return this for chaining.
     */
    public BindingUpdate flags(final int flags)
    {
        Bytes.put16(segment, offset + FLAGS_OFFSET, flags);
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
     * @return A: a Binding Acknowledgement is requested.
     */
    public boolean acknowledge()
    {
        return flag(FLAG_ACKNOWLEDGE);
    }

    /**
     * @return H: a home registration.
     */
    public boolean homeRegistration()
    {
        return flag(FLAG_HOME_REGISTRATION);
    }

    /**
     * @return L: the link-local address has the home address's interface identifier.
     */
    public boolean linkLocalCompatibility()
    {
        return flag(FLAG_LINK_LOCAL_COMPATIBILITY);
    }

    /**
     * @return K: the IKE SA survives movement.
     */
    public boolean keyManagement()
    {
        return flag(FLAG_KEY_MANAGEMENT);
    }

    /**
     * @return M: a MAP registration (HMIPv6).
     */
    public boolean mapRegistration()
    {
        return flag(FLAG_MAP_REGISTRATION);
    }

    /**
     * @return R: the sender is a mobile router (NEMO).
     */
    public boolean mobileRouter()
    {
        return flag(FLAG_MOBILE_ROUTER);
    }

    /**
     * @return P: a proxy registration (PMIPv6).
     */
    public boolean proxyRegistration()
    {
        return flag(FLAG_PROXY_REGISTRATION);
    }

    /**
     * @return F: the mobile node asks for UDP encapsulation even without a NAT (DSMIPv6).
     */
    public boolean forceUdp()
    {
        return flag(FLAG_FORCE_UDP);
    }

    /**
     * @return the Lifetime in units of 4 seconds.
     */
    public int lifetime()
    {
        return Bytes.u16(segment, offset + LIFETIME_OFFSET);
    }

    /**
     * @param units the Lifetime in units of 4 seconds.
     * @return this for chaining.
     */
    public BindingUpdate lifetime(final int units)
    {
        Bytes.put16(segment, offset + LIFETIME_OFFSET, units);
        return this;
    }

    /**
     * @return the Lifetime in seconds.
     */
    public int lifetimeSeconds()
    {
        return lifetime() * SECONDS_PER_UNIT;
    }

    /**
     * @param seconds the lifetime in seconds, rounded down to a multiple of 4 and capped at 65535 units.
     * @return this for chaining.
     */
    public BindingUpdate lifetimeSeconds(final int seconds)
    {
        return lifetime(Math.min(0xFFFF, seconds / SECONDS_PER_UNIT));
    }
}
