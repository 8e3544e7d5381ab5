package dsmipha.common.codec.mh;

import java.lang.foreign.MemorySegment;

import dsmipha.common.codec.Bytes;

/**
 * Binding Authorization Data option, type 5 (RFC 6275 §6.2.7): the authenticator of a Binding Update or
 * Acknowledgement exchanged with a correspondent node; it MUST be the last option. Alignment 8n+2; the length is
 * the authenticator's, 12 octets for return routability (RFC 6275 §5.2.6, First(96, HMAC_SHA1(...))).
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *                                  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *                                  |   Type = 5    | Option Length |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                                                               |
 *  +                        Authenticator                          +
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * The codec does not fix the length (§6.2.7 defines it as the authenticator's length); whoever checks the
 * authenticator checks its length.
 * <p>
 * Not thread safe: one instance per worker.
 */
public final class BindingAuthorizationDataOption extends MobilityOption
{
    /** Option type. */
    public static final int TYPE = 5;
    /** Authenticator length of the return routability procedure (RFC 6275 §5.2.6). */
    public static final int RETURN_ROUTABILITY_LENGTH = 12;
    /** x of the 8n+2 alignment rule (RFC 6275 §6.2.7). */
    public static final int ALIGNMENT_MODULUS = 8;
    /** y of the 8n+2 alignment rule. */
    public static final int ALIGNMENT_REMAINDER = 2;
    /** Offset of the authenticator from the option start. */
    public static final int AUTHENTICATOR_OFFSET = 2;

    /**
     * @param options an iterator whose {@link MobilityOptionIterator#next()} just returned {@link #TYPE}.
     * @return this for chaining.
     */
    public BindingAuthorizationDataOption wrap(final MobilityOptionIterator options)
    {
        wrapAt(options.segment(), options.offset());
        return this;
    }

    /**
     * @param segment holding the option.
     * @param offset  of the option type octet.
     * @return this for chaining.
     */
    public BindingAuthorizationDataOption wrap(final MemorySegment segment, final long offset)
    {
        wrapAt(segment, offset);
        return this;
    }

    /**
     * Append the option, aligned, with a zeroed authenticator to be filled in place.
     *
     * @param header              the header being built.
     * @param authenticatorLength octets of authenticator, {@link #RETURN_ROUTABILITY_LENGTH} for return routability.
     * @return this, wrapped at the new option, for chaining.
     */
    public BindingAuthorizationDataOption appendTo(final MobilityHeader header, final int authenticatorLength)
    {
        wrapAt(header.segment(),
            header.appendOption(TYPE, authenticatorLength, ALIGNMENT_MODULUS, ALIGNMENT_REMAINDER));
        return this;
    }

    /**
     * @return offset of the authenticator.
     */
    public long authenticatorOffset()
    {
        return offset + AUTHENTICATOR_OFFSET;
    }

    /**
     * @return octets of authenticator (the option length).
     */
    public int authenticatorLength()
    {
        return length();
    }

    /**
     * @param dst   array to copy the authenticator into; {@link #authenticatorLength()} octets are copied.
     * @param index first index in the array.
     */
    public void getAuthenticator(final byte[] dst, final int index)
    {
        Bytes.getBytes(segment, authenticatorOffset(), dst, index, authenticatorLength());
    }

    /**
     * @param src   array holding {@link #authenticatorLength()} octets of authenticator.
     * @param index first index in the array.
     * @return this for chaining.
     */
    public BindingAuthorizationDataOption authenticator(final byte[] src, final int index)
    {
        Bytes.putBytes(src, index, segment, authenticatorOffset(), authenticatorLength());
        return this;
    }
}
