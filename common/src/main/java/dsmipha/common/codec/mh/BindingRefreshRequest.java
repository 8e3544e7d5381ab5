package dsmipha.common.codec.mh;

import dsmipha.common.codec.Bytes;

/**
 * Binding Refresh Request, MH type 0 (RFC 6275 §6.1.2): asks a mobile node to refresh its binding. With no options
 * the header is 8 octets and Header Len is 0.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *                                  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *                                  |          Reserved             |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  .                                                               .
 *  .                        Mobility options                       .
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Not thread safe: one instance per worker.
 */
public final class BindingRefreshRequest extends MobilityMessage
{
    /** MH type. */
    public static final int TYPE = MobilityHeader.TYPE_BINDING_REFRESH_REQUEST;
    /** Offset of the Reserved field from the header start. */
    public static final int RESERVED_OFFSET = 6;
    /** Header plus fixed fields: options start here. */
    public static final int FIXED_LENGTH = 8;

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
    public BindingRefreshRequest start(final MobilityHeader header)
    {
        startAt(header, TYPE);
        return this;
    }

    /**
     * @return the Reserved field (sent as zero, ignored on receipt).
     */
    public int reserved()
    {
        return Bytes.u16(segment, offset + RESERVED_OFFSET);
    }
}
