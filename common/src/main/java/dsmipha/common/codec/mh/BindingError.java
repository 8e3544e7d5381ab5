package dsmipha.common.codec.mh;

import dsmipha.common.codec.Bytes;

/**
 * Binding Error, MH type 7 (RFC 6275 §6.1.9): reports a Home Address option without a binding (status 1) or an
 * unrecognised MH type (status 2). With no options Header Len is 2.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *                                  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *                                  |     Status    |   Reserved    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                                                               |
 *  +                          Home Address                         +
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  .                        Mobility options                       .
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Not thread safe: one instance per worker.
 */
public final class BindingError extends MobilityMessage
{
    /** MH type. */
    public static final int TYPE = MobilityHeader.TYPE_BINDING_ERROR;
    /** Offset of the Status from the header start. */
    public static final int STATUS_OFFSET = 6;
    /** Offset of the Reserved octet from the header start. */
    public static final int RESERVED_OFFSET = 7;
    /** Offset of the 16-octet home address from the header start. */
    public static final int HOME_ADDRESS_OFFSET = 8;
    /** Header plus fixed fields: options start here. */
    public static final int FIXED_LENGTH = 24;

    /** Unknown binding for Home Address destination option (RFC 6275 §6.1.9). */
    public static final int STATUS_UNKNOWN_BINDING_FOR_HOME_ADDRESS = 1;
    /** Unrecognized MH Type value (RFC 6275 §6.1.9). */
    public static final int STATUS_UNRECOGNIZED_MH_TYPE = 2;

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
    public BindingError start(final MobilityHeader header)
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
    public BindingError status(final int status)
    {
        Bytes.put8(segment, offset + STATUS_OFFSET, status);
        return this;
    }

    /**
     * @return the Reserved octet (sent as zero, ignored on receipt).
     */
    public int reserved()
    {
        return Bytes.u8(segment, offset + RESERVED_OFFSET);
    }

    /**
     * @return offset of the 16-octet home address (the one from the offending Home Address option, or the
     * unspecified address).
     */
    public long homeAddressOffset()
    {
        return offset + HOME_ADDRESS_OFFSET;
    }

    /**
     * @param dst   array to copy the 16-octet home address into.
     * @param index first index in the array.
     */
    public void getHomeAddress(final byte[] dst, final int index)
    {
        get16Octets(HOME_ADDRESS_OFFSET, dst, index);
    }

    /**
     * @param src   array holding the 16-octet home address.
     * @param index first index in the array.
     * @return this for chaining.
     */
    public BindingError homeAddress(final byte[] src, final int index)
    {
        put16Octets(HOME_ADDRESS_OFFSET, src, index);
        return this;
    }
}
