package dsmipha.common.codec.mh;

import java.lang.foreign.MemorySegment;

import dsmipha.common.codec.Bytes;
import dsmipha.common.codec.CodecStatus;

/**
 * Base of the message flyweights: each reads the fixed fields its MH type puts after the checksum (RFC 6275
 * §6.1.2-6.1.9). Offsets given by the subclasses count from the start of the Mobility Header, as the RFC's
 * figures do.
 * <p>
 * Not thread safe: one instance per worker.
 */
public abstract class MobilityMessage
{
    /** Segment holding the header. */
    protected MemorySegment segment;
    /** Offset of the Mobility Header. */
    protected long offset;

    /**
     * @return the segment the flyweight is over.
     */
    public final MemorySegment segment()
    {
        return segment;
    }

    /**
     * @return offset of the Mobility Header.
     */
    public final long offset()
    {
        return offset;
    }

    /**
     * Wrap a header {@link MobilityHeader#wrap} accepted, after checking it carries this message.
     *
     * @param header      the wrapped header.
     * @param type        the MH type this message has.
     * @param alsoType    a second type with the same layout, or the same as {@code type}.
     * @param fixedLength octets of header plus fixed fields.
     * @return {@link CodecStatus#OK}, {@link CodecStatus#BAD_FIELD} for another type, or
     * {@link CodecStatus#BAD_LENGTH} when the header is shorter than the fixed fields.
     */
    protected final int wrapAt(final MobilityHeader header, final int type, final int alsoType, final int fixedLength)
    {
        this.segment = header.segment();
        this.offset = header.offset();
        final int actualType = header.type();
        if (actualType != type && actualType != alsoType)
        {
            return CodecStatus.BAD_FIELD;
        }
        return header.length() < fixedLength ? CodecStatus.BAD_LENGTH : CodecStatus.OK;
    }

    /**
     * Start encoding this message in a header being built.
     *
     * @param header a header after {@link MobilityHeader#wrapForEncode}.
     * @param type   the MH type to write.
     */
    protected final void startAt(final MobilityHeader header, final int type)
    {
        header.startMessage(type);
        this.segment = header.segment();
        this.offset = header.offset();
    }

    /**
     * Copy 16 octets out (slowpath and tests).
     *
     * @param fieldOffset offset of the field from the header start.
     * @param dst         destination array.
     * @param index       first index in the array.
     */
    protected final void get16Octets(final int fieldOffset, final byte[] dst, final int index)
    {
        Bytes.getBytes(segment, offset + fieldOffset, dst, index, 16);
    }

    /**
     * Copy 16 octets in.
     *
     * @param fieldOffset offset of the field from the header start.
     * @param src         source array.
     * @param index       first index in the array.
     */
    protected final void put16Octets(final int fieldOffset, final byte[] src, final int index)
    {
        Bytes.putBytes(src, index, segment, offset + fieldOffset, 16);
    }
}
