package dsmipha.common.codec.mh;

import java.lang.foreign.MemorySegment;

import dsmipha.common.codec.Bytes;

/**
 * DNS Update option, type 17 (RFC 5026 §8.1): in a Binding Update, the mobile node asks the home agent to add (or,
 * with R, remove) the DNS entry binding its FQDN to its home address; in the Binding Acknowledgement the home
 * agent reports the result in Status. RFC 5026 gives it no alignment requirement; the length is variable, at least
 * the 2 octets of Status and flags.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *                                  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *                                  |  Type = 17    | Option Length |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |    Status     |R|  Reserved   |     MN identity (FQDN) ...
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Not thread safe: one instance per worker.
 */
public final class DnsUpdateOption extends MobilityOption
{
    /** Option type (DNS-UPDATE-TYPE). */
    public static final int TYPE = 17;
    /** Smallest option length: Status and the flags octet (RFC 5026 §8.1). */
    public static final int MIN_LENGTH = 2;
    /** No alignment requirement (RFC 5026 §8.1). */
    public static final int ALIGNMENT_MODULUS = 0;
    /** No alignment requirement. */
    public static final int ALIGNMENT_REMAINDER = 0;
    /** Offset of the Status octet from the option start. */
    public static final int STATUS_OFFSET = 2;
    /** Offset of the flags octet (R, Reserved) from the option start. */
    public static final int FLAGS_OFFSET = 3;
    /** Offset of the MN identity from the option start. */
    public static final int IDENTITY_OFFSET = 4;
    /** R flag: remove the DNS entry (RFC 5026 §8.1). */
    public static final int FLAG_REMOVE = 0x80;

    /** Status: DNS update performed (RFC 5026 §8.1); values below 128 are success. */
    public static final int STATUS_PERFORMED = 0;
    /** Status: reason unspecified. */
    public static final int STATUS_REASON_UNSPECIFIED = 128;
    /** Status: administratively prohibited. */
    public static final int STATUS_ADMINISTRATIVELY_PROHIBITED = 129;
    /** Status: DNS update failed. */
    public static final int STATUS_FAILED = 130;

    /**
     * @param options an iterator whose {@link MobilityOptionIterator#next()} just returned {@link #TYPE}.
     * @return this for chaining.
     */
    public DnsUpdateOption wrap(final MobilityOptionIterator options)
    {
        wrapAt(options.segment(), options.offset());
        return this;
    }

    /**
     * @param segment holding the option.
     * @param offset  of the option type octet.
     * @return this for chaining.
     */
    public DnsUpdateOption wrap(final MemorySegment segment, final long offset)
    {
        wrapAt(segment, offset);
        return this;
    }

    /**
     * Append the option to a message being built, with its identity (slowpath: takes an array).
     *
     * @param header   the header being built.
     * @param identity the MN identity (FQDN) octets, at most 253.
     * @return this, wrapped at the new option, for chaining.
     */
    public DnsUpdateOption appendTo(final MobilityHeader header, final byte[] identity)
    {
        wrapAt(header.segment(),
            header.appendOption(TYPE, MIN_LENGTH + identity.length, ALIGNMENT_MODULUS, ALIGNMENT_REMAINDER));
        Bytes.putBytes(identity, 0, segment, identityOffset(), identity.length);
        return this;
    }

    /**
     * @return the Status octet: zero in a Binding Update; below 128 is success in a Binding Acknowledgement.
     */
    public int status()
    {
        return Bytes.u8(segment, offset + STATUS_OFFSET);
    }

    /**
     * @param status the Status octet.
     * @return this for chaining.
     */
    public DnsUpdateOption status(final int status)
    {
        Bytes.put8(segment, offset + STATUS_OFFSET, status);
        return this;
    }

    /**
     * @return the flags octet: R and 7 reserved bits.
     */
    public int flags()
    {
        return Bytes.u8(segment, offset + FLAGS_OFFSET);
    }

    /**
     * @return true when R is set: the mobile node asks to remove the FQDN to home address entry.
     */
    public boolean remove()
    {
        return (flags() & FLAG_REMOVE) != 0;
    }

    /**
     * @param remove the R flag.
     * @return this for chaining.
     */
    public DnsUpdateOption remove(final boolean remove)
    {
        final int flags = flags();
        Bytes.put8(segment, offset + FLAGS_OFFSET, remove ? flags | FLAG_REMOVE : flags & ~FLAG_REMOVE);
        return this;
    }

    /**
     * @return offset of the MN identity (FQDN).
     */
    public long identityOffset()
    {
        return offset + IDENTITY_OFFSET;
    }

    /**
     * @return octets of MN identity.
     */
    public int identityLength()
    {
        return length() - MIN_LENGTH;
    }

    /**
     * @param dst   array to copy the {@link #identityLength()} octets of identity into.
     * @param index first index in the array.
     */
    public void getIdentity(final byte[] dst, final int index)
    {
        Bytes.getBytes(segment, identityOffset(), dst, index, identityLength());
    }
}
