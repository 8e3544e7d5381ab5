package dsmipha.common.codec.mh;

import java.lang.foreign.MemorySegment;

import dsmipha.common.codec.Bytes;

/**
 * NAT Detection option, type 31 (RFC 5555 §3.2.2): in a Binding Acknowledgement, tells the mobile node a NAT was
 * found on the path and how often to refresh the NAT binding; F obliges it to use UDP encapsulation even without a
 * NAT. Alignment 4n, length 6.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   Type = 31   |   Length = 6  |F|          Reserved           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                         Refresh time                          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Refresh time in seconds: 0 means ignore it, all ones that no keepalives are needed (RFC 5555 §3.2.2).
 * <p>
 * Not thread safe: one instance per worker.
 */
public final class NatDetectionOption extends MobilityOption
{
    /** Option type (RFC 5555, IANA). */
    public static final int TYPE = 31;
    /** Option length (RFC 5555 §3.2.2). */
    public static final int LENGTH = 6;
    /** x of the 4n alignment rule (RFC 5555 §3.2.2). */
    public static final int ALIGNMENT_MODULUS = 4;
    /** y of the 4n alignment rule. */
    public static final int ALIGNMENT_REMAINDER = 0;
    /** Offset of the 16-bit F / Reserved word from the option start. */
    public static final int FLAGS_OFFSET = 2;
    /** Offset of the Refresh time from the option start. */
    public static final int REFRESH_TIME_OFFSET = 4;
    /** F flag: the mobile node MUST use UDP encapsulation. */
    public static final int FLAG_FORCE_UDP = 0x8000;
    /** Refresh time meaning "ignore this field". */
    public static final long REFRESH_TIME_IGNORE = 0;
    /** Refresh time meaning "no keepalives needed": no NAT was detected. */
    public static final long REFRESH_TIME_NO_KEEPALIVES = 0xFFFF_FFFFL;

    private static final int RESERVED_MASK = 0x7FFF;

    /**
     * @param options an iterator whose {@link MobilityOptionIterator#next()} just returned {@link #TYPE}.
     * @return this for chaining.
     */
    public NatDetectionOption wrap(final MobilityOptionIterator options)
    {
        wrapAt(options.segment(), options.offset());
        return this;
    }

    /**
     * @param segment holding the option.
     * @param offset  of the option type octet.
     * @return this for chaining.
     */
    public NatDetectionOption wrap(final MemorySegment segment, final long offset)
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
    public NatDetectionOption appendTo(final MobilityHeader header)
    {
        wrapAt(header.segment(), header.appendOption(TYPE, LENGTH, ALIGNMENT_MODULUS, ALIGNMENT_REMAINDER));
        return this;
    }

    /**
     * @return the F flag: UDP encapsulation is required even without a NAT.
     */
    public boolean forceUdp()
    {
        return (flagsWord() & FLAG_FORCE_UDP) != 0;
    }

    /**
     * @param force the F flag.
     * @return this for chaining.
     */
    public NatDetectionOption forceUdp(final boolean force)
    {
        final int word = flagsWord();
        Bytes.put16(segment, offset + FLAGS_OFFSET, force ? word | FLAG_FORCE_UDP : word & ~FLAG_FORCE_UDP);
        return this;
    }

    /**
     * @return the 15 reserved bits (sent as zero, ignored on receipt).
     */
    public int reserved()
    {
        return flagsWord() & RESERVED_MASK;
    }

    /**
     * @return the suggested NAT binding refresh time in seconds, unsigned.
     */
    public long refreshTimeSeconds()
    {
        return Bytes.u32(segment, offset + REFRESH_TIME_OFFSET);
    }

    /**
     * @param seconds the refresh time, 0 to 2^32-1.
     * @return this for chaining.
     */
    public NatDetectionOption refreshTimeSeconds(final long seconds)
    {
        Bytes.put32(segment, offset + REFRESH_TIME_OFFSET, (int)seconds);
        return this;
    }

    private int flagsWord()
    {
        return Bytes.u16(segment, offset + FLAGS_OFFSET);
    }
}
