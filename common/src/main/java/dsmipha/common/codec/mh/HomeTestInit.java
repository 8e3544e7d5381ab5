package dsmipha.common.codec.mh;

import dsmipha.common.codec.Bytes;

/**
 * Home Test Init, MH type 1 (RFC 6275 §6.1.3), and Care-of Test Init, MH type 2 (RFC 6275 §6.1.4), which has the
 * same layout: the start of return routability, carrying the init cookie. Header Len is 1 with no options.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *                                  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *                                  |           Reserved            |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                                                               |
 *  +                     Home (Care-of) Init Cookie                +
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  .                        Mobility Options                       .
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Not thread safe: one instance per worker.
 */
public final class HomeTestInit extends MobilityMessage
{
    /** MH type of Home Test Init. */
    public static final int TYPE = MobilityHeader.TYPE_HOME_TEST_INIT;
    /** MH type of Care-of Test Init, same layout. */
    public static final int CARE_OF_TYPE = MobilityHeader.TYPE_CARE_OF_TEST_INIT;
    /** Offset of the Reserved field from the header start. */
    public static final int RESERVED_OFFSET = 6;
    /** Offset of the 64-bit init cookie from the header start. */
    public static final int COOKIE_OFFSET = 8;
    /** Header plus fixed fields: options start here. */
    public static final int FIXED_LENGTH = 16;

    /**
     * @param header a header {@link MobilityHeader#wrap} accepted, of type 1 or 2.
     * @return {@link dsmipha.common.codec.CodecStatus#OK}, or negative when the header is not this message.
     */
    public int wrap(final MobilityHeader header)
    {
        return wrapAt(header, TYPE, CARE_OF_TYPE, FIXED_LENGTH);
    }

    /**
     * Start a Home Test Init in a header being built.
     *
     * @param header a header after {@link MobilityHeader#wrapForEncode}.
     * @return this for chaining.
     */
    public HomeTestInit start(final MobilityHeader header)
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

    /**
     * @return the 64-bit init cookie.
     */
    public long cookie()
    {
        return Bytes.i64(segment, offset + COOKIE_OFFSET);
    }

    /**
     * @param cookie the 64-bit init cookie.
     * @return this for chaining.
     */
    public HomeTestInit cookie(final long cookie)
    {
        Bytes.put64(segment, offset + COOKIE_OFFSET, cookie);
        return this;
    }
}
