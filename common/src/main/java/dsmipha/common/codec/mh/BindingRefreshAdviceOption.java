package dsmipha.common.codec.mh;

import java.lang.foreign.MemorySegment;

import dsmipha.common.codec.Bytes;

/**
 * Binding Refresh Advice option, type 2 (RFC 6275 §6.2.4): in a Binding Acknowledgement from the home agent, the
 * interval after which the mobile node should refresh its binding. Alignment 2n, length 2.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *                                  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *                                  |   Type = 2    |   Length = 2  |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |       Refresh Interval        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Not thread safe: one instance per worker.
 */
public final class BindingRefreshAdviceOption extends MobilityOption
{
    /** Option type. */
    public static final int TYPE = 2;
    /** Option length (RFC 6275 §6.2.4). */
    public static final int LENGTH = 2;
    /** x of the 2n alignment rule (RFC 6275 §6.2.4). */
    public static final int ALIGNMENT_MODULUS = 2;
    /** y of the 2n alignment rule. */
    public static final int ALIGNMENT_REMAINDER = 0;
    /** Offset of the Refresh Interval field from the option start. */
    public static final int REFRESH_INTERVAL_OFFSET = 2;
    /** Seconds per unit of the Refresh Interval (RFC 6275 §6.2.4). */
    public static final int SECONDS_PER_UNIT = 4;

    /**
     * @param options an iterator whose {@link MobilityOptionIterator#next()} just returned {@link #TYPE}.
     * @return this for chaining.
     */
    public BindingRefreshAdviceOption wrap(final MobilityOptionIterator options)
    {
        wrapAt(options.segment(), options.offset());
        return this;
    }

    /**
     * @param segment holding the option.
     * @param offset  of the option type octet.
     * @return this for chaining.
     */
    public BindingRefreshAdviceOption wrap(final MemorySegment segment, final long offset)
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
    public BindingRefreshAdviceOption appendTo(final MobilityHeader header)
    {
        wrapAt(header.segment(), header.appendOption(TYPE, LENGTH, ALIGNMENT_MODULUS, ALIGNMENT_REMAINDER));
        return this;
    }

    /**
     * @return the Refresh Interval in units of 4 seconds.
     */
    public int refreshInterval()
    {
        return Bytes.u16(segment, offset + REFRESH_INTERVAL_OFFSET);
    }

    /**
     * @param units the Refresh Interval in units of 4 seconds.
     * @return this for chaining.
     */
    public BindingRefreshAdviceOption refreshInterval(final int units)
    {
        Bytes.put16(segment, offset + REFRESH_INTERVAL_OFFSET, units);
        return this;
    }

    /**
     * @return the Refresh Interval in seconds.
     */
    public int refreshIntervalSeconds()
    {
        return refreshInterval() * SECONDS_PER_UNIT;
    }
}
