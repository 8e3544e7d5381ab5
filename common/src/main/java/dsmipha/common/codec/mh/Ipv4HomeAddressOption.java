package dsmipha.common.codec.mh;

import java.lang.foreign.MemorySegment;

import dsmipha.common.codec.Bytes;

/**
 * IPv4 Home Address option, type 29 (RFC 5555 §3.1.1): in a Binding Update, the IPv4 home address the mobile node
 * wants the home agent to defend, or 0.0.0.0 to ask for one to be assigned (RFC 5555 §3.1.1); P asks for a mobile
 * network prefix. Alignment 4n, length 6.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   Type = 29   |   Length = 6  |Prefix-len |P|   Reserved      |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     IPv4 home address                         |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Prefix-len is 32 when a single address is requested or held (RFC 5555 §3.1.1).
 * <p>
 * Not thread safe: one instance per worker.
 */
public final class Ipv4HomeAddressOption extends MobilityOption
{
    /** Option type (RFC 5555, IANA). */
    public static final int TYPE = 29;
    /** Option length (RFC 5555 §3.1.1). */
    public static final int LENGTH = 6;
    /** x of the 4n alignment rule (RFC 5555 §3.1.1). */
    public static final int ALIGNMENT_MODULUS = 4;
    /** y of the 4n alignment rule. */
    public static final int ALIGNMENT_REMAINDER = 0;
    /** Offset of the 16-bit Prefix-len / P / Reserved word from the option start. */
    public static final int FLAGS_OFFSET = 2;
    /** Offset of the IPv4 home address from the option start. */
    public static final int ADDRESS_OFFSET = 4;
    /** P flag in the flags word: a mobile network prefix is requested. */
    public static final int FLAG_PREFIX_REQUESTED = 0x0200;
    /** Prefix-len of a single address. */
    public static final int SINGLE_ADDRESS_PREFIX_LENGTH = 32;

    private static final int PREFIX_LENGTH_SHIFT = 10;
    private static final int PREFIX_LENGTH_MASK = 0x3F;
    private static final int RESERVED_MASK = 0x01FF;

    /**
     * @param options an iterator whose {@link MobilityOptionIterator#next()} just returned {@link #TYPE}.
     * @return this for chaining.
     */
    public Ipv4HomeAddressOption wrap(final MobilityOptionIterator options)
    {
        wrapAt(options.segment(), options.offset());
        return this;
    }

    /**
     * @param segment holding the option.
     * @param offset  of the option type octet.
     * @return this for chaining.
     */
    public Ipv4HomeAddressOption wrap(final MemorySegment segment, final long offset)
    {
        wrapAt(segment, offset);
        return this;
    }

    /**
     * Append the option, aligned, to a message being built.
     *
     * @param header the header being built.
     * @return this, wrapped at the new option, for chaining.
     */
    public Ipv4HomeAddressOption appendTo(final MobilityHeader header)
    {
        wrapAt(header.segment(), header.appendOption(TYPE, LENGTH, ALIGNMENT_MODULUS, ALIGNMENT_REMAINDER));
        return this;
    }

    /**
     * @return the 6-bit Prefix-len.
     */
    public int prefixLength()
    {
        return (flagsWord() >>> PREFIX_LENGTH_SHIFT) & PREFIX_LENGTH_MASK;
    }

    /**
     * @param bits the Prefix-len, 0 to 32 (6 bits are written).
     * @return this for chaining.
     */
    public Ipv4HomeAddressOption prefixLength(final int bits)
    {
        final int word = flagsWord() & ~(PREFIX_LENGTH_MASK << PREFIX_LENGTH_SHIFT);
        flagsWord(word | ((bits & PREFIX_LENGTH_MASK) << PREFIX_LENGTH_SHIFT));
        return this;
    }

    /**
     * @return the P flag: the mobile node requests a mobile network prefix.
     */
    public boolean prefixRequested()
    {
        return (flagsWord() & FLAG_PREFIX_REQUESTED) != 0;
    }

    /**
     * @param requested the P flag.
     * @return this for chaining.
     */
    public Ipv4HomeAddressOption prefixRequested(final boolean requested)
    {
        final int word = flagsWord();
        flagsWord(requested ? word | FLAG_PREFIX_REQUESTED : word & ~FLAG_PREFIX_REQUESTED);
        return this;
    }

    /**
     * @return the 9 reserved bits (sent as zero, ignored on receipt).
     */
    public int reserved()
    {
        return flagsWord() & RESERVED_MASK;
    }

    /**
     * @return the IPv4 home address in network order as an int; 0 asks for dynamic assignment.
     */
    public int address()
    {
        return Bytes.i32(segment, offset + ADDRESS_OFFSET);
    }

    /**
     * @param address the IPv4 home address, 0 (0.0.0.0) to ask for one.
     * @return this for chaining.
     */
    public Ipv4HomeAddressOption address(final int address)
    {
        Bytes.put32(segment, offset + ADDRESS_OFFSET, address);
        return this;
    }

    /**
     * @return offset of the IPv4 home address.
     */
    public long addressOffset()
    {
        return offset + ADDRESS_OFFSET;
    }

    private int flagsWord()
    {
        return Bytes.u16(segment, offset + FLAGS_OFFSET);
    }

    private void flagsWord(final int word)
    {
        Bytes.put16(segment, offset + FLAGS_OFFSET, word);
    }
}
