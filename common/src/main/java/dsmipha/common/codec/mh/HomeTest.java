package dsmipha.common.codec.mh;

import dsmipha.common.codec.Bytes;

/**
 * Home Test, MH type 3 (RFC 6275 §6.1.5), and Care-of Test, MH type 4 (RFC 6275 §6.1.6), which has the same
 * layout: the answer to a test init with the nonce index, the echoed cookie and the keygen token. Header Len is 2
 * with no options.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *                                  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *                                  |       Home Nonce Index        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                                                               |
 *  +                       Home Init Cookie                        +
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                                                               |
 *  +                       Home Keygen Token                       +
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  .                        Mobility options                       .
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Not thread safe: one instance per worker.
 */
public final class HomeTest extends MobilityMessage
{
    /** MH type of Home Test. */
    public static final int TYPE = MobilityHeader.TYPE_HOME_TEST;
    /** MH type of Care-of Test, same layout. */
    public static final int CARE_OF_TYPE = MobilityHeader.TYPE_CARE_OF_TEST;
    /** Offset of the nonce index from the header start. */
    public static final int NONCE_INDEX_OFFSET = 6;
    /** Offset of the 64-bit init cookie from the header start. */
    public static final int COOKIE_OFFSET = 8;
    /** Offset of the 64-bit keygen token from the header start. */
    public static final int KEYGEN_TOKEN_OFFSET = 16;
    /** Header plus fixed fields: options start here. */
    public static final int FIXED_LENGTH = 24;

    /**
     * @param header a header {@link MobilityHeader#wrap} accepted, of type 3 or 4.
     * @return {@link dsmipha.common.codec.CodecStatus#OK}, or negative when the header is not this message.
     */
    public int wrap(final MobilityHeader header)
    {
        return wrapAt(header, TYPE, CARE_OF_TYPE, FIXED_LENGTH);
    }

    /**
     * Start a Home Test in a header being built.
     *
     * @param header a header after {@link MobilityHeader#wrapForEncode}.
     * @return this for chaining.
     */
    public HomeTest start(final MobilityHeader header)
    {
        startAt(header, TYPE);
        return this;
    }

    /**
     * @return the home (care-of) nonce index.
     */
    public int nonceIndex()
    {
        return Bytes.u16(segment, offset + NONCE_INDEX_OFFSET);
    }

    /**
     * @param index the nonce index.
     * @return this for chaining.
     */
    public HomeTest nonceIndex(final int index)
    {
        Bytes.put16(segment, offset + NONCE_INDEX_OFFSET, index);
        return this;
    }

    /**
     * @return the 64-bit init cookie echoed from the test init.
     */
    public long cookie()
    {
        return Bytes.i64(segment, offset + COOKIE_OFFSET);
    }

    /**
     * @param cookie the 64-bit init cookie.
     * @return this for chaining.
     */
    public HomeTest cookie(final long cookie)
    {
        Bytes.put64(segment, offset + COOKIE_OFFSET, cookie);
        return this;
    }

    /**
     * @return the 64-bit keygen token.
     */
    public long keygenToken()
    {
        return Bytes.i64(segment, offset + KEYGEN_TOKEN_OFFSET);
    }

    /**
     * @param token the 64-bit keygen token.
     * @return this for chaining.
     */
    public HomeTest keygenToken(final long token)
    {
        Bytes.put64(segment, offset + KEYGEN_TOKEN_OFFSET, token);
        return this;
    }
}
