package dsmipha.common.log;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.agrona.DirectBuffer;

/**
 * Turns one binary record ({@link LogRecord}) into one line of text, without the newline: the fixed fields
 * {@code ts} (RFC 3339 UTC with milliseconds), {@code level}, {@code event} and {@code category}, then the
 * event's fields in the order written, then {@code suppressed} when events of the name were suppressed before this
 * one. Subclasses say how a key and a value are written. Logger thread only (it reuses its state).
 */
public abstract class LineFormatter
{
    /** RFC 3339 §5.6 date-time in UTC with milliseconds, e.g. {@code 2026-11-23T19:33:38.123Z}. */
    private static final DateTimeFormatter TIMESTAMP =
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final StringBuilder text = new StringBuilder(64);

    /**
     * @param format the configured format.
     * @return its formatter.
     */
    public static LineFormatter of(final LogFormat format)
    {
        return format == LogFormat.JSON ? new JsonLineFormatter() : new LogfmtLineFormatter();
    }

    /**
     * @param type   the record's event.
     * @param buffer where the record is.
     * @param offset its first octet.
     * @param length its length.
     * @param out    the line is appended here.
     */
    public final void format(
        final EventType type, final DirectBuffer buffer, final int offset, final int length, final StringBuilder out)
    {
        final long timestampMs = buffer.getLong(offset + LogRecord.TIMESTAMP_OFFSET);
        final long suppressed = buffer.getLong(offset + LogRecord.SUPPRESSED_OFFSET);
        final LogLevel level = LogLevel.fromOrdinal(buffer.getByte(offset + LogRecord.LEVEL_OFFSET));
        final LogCategory category = LogCategory.fromOrdinal(buffer.getByte(offset + LogRecord.CATEGORY_OFFSET));
        final int fields = buffer.getByte(offset + LogRecord.FIELD_COUNT_OFFSET) & 0xFF;
        begin(out);
        text.setLength(0);
        TIMESTAMP.formatTo(Instant.ofEpochMilli(timestampMs), text);
        stringField(out, "ts", text, true);
        stringField(out, "level", level.label(), false);
        stringField(out, "event", type.name(), false);
        stringField(out, "category", category.label(), false);
        int at = offset + LogRecord.HEADER_LENGTH;
        final int end = offset + length;
        for (int i = 0; i < fields && at < end; i++)
        {
            at = field(buffer, at, out);
        }
        if (suppressed > 0)
        {
            key(out, "suppressed", false);
            out.append(suppressed);
        }
        end(out);
    }

    private int field(final DirectBuffer buffer, final int fieldOffset, final StringBuilder out)
    {
        final int keyLength = buffer.getByte(fieldOffset) & 0xFF;
        text.setLength(0);
        for (int i = 0; i < keyLength; i++)
        {
            text.append((char)buffer.getByte(fieldOffset + 1 + i));
        }
        key(out, text, false);
        int at = fieldOffset + 1 + keyLength;
        final byte fieldType = buffer.getByte(at++);
        switch (fieldType)
        {
            case LogRecord.TYPE_LONG ->
            {
                out.append(buffer.getLong(at));
                return at + Long.BYTES;
            }
            case LogRecord.TYPE_BOOLEAN ->
            {
                out.append(buffer.getByte(at) != 0);
                return at + 1;
            }
            case LogRecord.TYPE_IPV6 ->
            {
                text.setLength(0);
                AddressText.appendIpv6(text, buffer.getLong(at), buffer.getLong(at + Long.BYTES));
                value(out, text, true);
                return at + 2 * Long.BYTES;
            }
            case LogRecord.TYPE_IPV4 ->
            {
                text.setLength(0);
                AddressText.appendIpv4(text, buffer.getInt(at));
                value(out, text, true);
                return at + Integer.BYTES;
            }
            case LogRecord.TYPE_STRING ->
            {
                final int stringLength = buffer.getShort(at) & 0xFFFF;
                value(out, buffer.getStringWithoutLengthUtf8(at + Short.BYTES, stringLength), false);
                return at + Short.BYTES + stringLength;
            }
            default -> throw new IllegalStateException("log record field type " + fieldType);
        }
    }

    private void stringField(final StringBuilder out, final String key, final CharSequence value, final boolean first)
    {
        key(out, key, first);
        value(out, value, true);
    }

    /**
     * Start a line.
     *
     * @param out the line.
     */
    protected abstract void begin(StringBuilder out);

    /**
     * Write a key and its separator.
     *
     * @param out   the line.
     * @param key   the key (letters, digits and "_.-" only).
     * @param first true for the line's first key.
     */
    protected abstract void key(StringBuilder out, CharSequence key, boolean first);

    /**
     * Write a text value.
     *
     * @param out   the line.
     * @param value the text.
     * @param plain true when the text is known to need no escaping (addresses, timestamps, names).
     */
    protected abstract void value(StringBuilder out, CharSequence value, boolean plain);

    /**
     * End a line.
     *
     * @param out the line.
     */
    protected abstract void end(StringBuilder out);
}
