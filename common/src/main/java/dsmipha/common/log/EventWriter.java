package dsmipha.common.log;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Writes one event record at a time into the {@link EventLog}'s ring: a reusable flyweight for one producer thread
 * (not thread safe: each thread that logs on a hot path takes its own from {@link EventLog#newWriter()}).
 * <pre>
 *   if (writer.begin(rejected))                  // level and rate limit checked first: a flood stops here
 *   {
 *       writer.ipv6("home", homeHigh, homeLow).number("status", 133).string("counter", label).commit();
 *   }
 * </pre>
 * Nothing is formatted here and nothing is allocated: fields are copied into a scratch buffer as binary (see
 * {@link LogRecord}) and {@link #commit()} copies the record into the ring, or counts it lost when the ring is full.
 * A field that does not fit is left out and counted ({@link LogCounter#FIELD_TRUNCATED}). Field calls outside a
 * begun record do nothing, so an event refused by {@link #begin} may still be chained.
 */
public final class EventWriter
{
    private final EventLog log;
    private final UnsafeBuffer scratch;
    private EventType type;
    private long carriedSuppressed;
    private int length;
    private int fieldCount;
    private boolean open;

    EventWriter(final EventLog log, final int maxRecordLength)
    {
        this.log = log;
        this.scratch = new UnsafeBuffer(new byte[maxRecordLength]);
    }

    /**
     * Start an event at its type's level.
     *
     * @param type the event.
     * @return true when the event is recorded: its level is enabled and its rate limit has a token. False when it
     *         is below the level (nothing counted) or over the limit (counted as suppressed, reported by the next
     *         event of the name).
     */
    public boolean begin(final EventType type)
    {
        return begin(type, type.level());
    }

    /**
     * Start an event at a given level.
     *
     * @param type  the event.
     * @param level its level this time.
     * @return see {@link #begin(EventType)}.
     */
    public boolean begin(final EventType type, final LogLevel level)
    {
        abort();
        if (!log.isEnabled(level))
        {
            return false;
        }
        if (!type.tryAcquire(log.nanoTime()))
        {
            type.suppress();
            log.increment(LogCounter.SUPPRESSED);
            return false;
        }
        this.type = type;
        carriedSuppressed = type.takeSuppressed();
        scratch.putLong(LogRecord.TIMESTAMP_OFFSET, log.epochMs());
        scratch.putLong(LogRecord.SUPPRESSED_OFFSET, carriedSuppressed);
        scratch.putByte(LogRecord.LEVEL_OFFSET, (byte)level.ordinal());
        scratch.putByte(LogRecord.CATEGORY_OFFSET, (byte)type.category().ordinal());
        length = LogRecord.HEADER_LENGTH;
        fieldCount = 0;
        open = true;
        return true;
    }

    /**
     * @param key   field name (ASCII; other characters become '_').
     * @param value a number.
     * @return this.
     */
    public EventWriter number(final String key, final long value)
    {
        if (startField(key, LogRecord.TYPE_LONG, Long.BYTES))
        {
            scratch.putLong(length, value);
            endField(Long.BYTES);
        }
        return this;
    }

    /**
     * @param key  field name.
     * @param high IPv6 address octets 0..7.
     * @param low  octets 8..15.
     * @return this.
     */
    public EventWriter ipv6(final String key, final long high, final long low)
    {
        if (startField(key, LogRecord.TYPE_IPV6, 2 * Long.BYTES))
        {
            scratch.putLong(length, high);
            scratch.putLong(length + Long.BYTES, low);
            endField(2 * Long.BYTES);
        }
        return this;
    }

    /**
     * @param key     field name.
     * @param address IPv4 address, big-endian number.
     * @return this.
     */
    public EventWriter ipv4(final String key, final int address)
    {
        if (startField(key, LogRecord.TYPE_IPV4, Integer.BYTES))
        {
            scratch.putInt(length, address);
            endField(Integer.BYTES);
        }
        return this;
    }

    /**
     * @param key   field name.
     * @param value a flag.
     * @return this.
     */
    public EventWriter bool(final String key, final boolean value)
    {
        if (startField(key, LogRecord.TYPE_BOOLEAN, 1))
        {
            scratch.putByte(length, (byte)(value ? 1 : 0));
            endField(1);
        }
        return this;
    }

    /**
     * @param key   field name.
     * @param value text, encoded as UTF-8 without allocating; null is written as {@code null}.
     * @return this.
     */
    public EventWriter string(final String key, final CharSequence value)
    {
        final CharSequence text = value == null ? "null" : value;
        final int encoded = utf8Length(text);
        if (startField(key, LogRecord.TYPE_STRING, Short.BYTES + encoded))
        {
            scratch.putShort(length, (short)encoded);
            putUtf8(length + Short.BYTES, text);
            endField(Short.BYTES + encoded);
        }
        return this;
    }

    /**
     * Hand the record to the logger thread.
     *
     * @return true when it is in the ring; false when no record was begun or the ring was full (counted as
     *         {@link LogCounter#DROPPED_RING_FULL}; the suppressed count it carried goes back to its event).
     */
    public boolean commit()
    {
        if (!open)
        {
            return false;
        }
        open = false;
        scratch.putByte(LogRecord.FIELD_COUNT_OFFSET, (byte)fieldCount);
        if (!log.ring().write(type.id(), scratch, 0, length))
        {
            type.restoreSuppressed(carriedSuppressed);
            log.increment(LogCounter.DROPPED_RING_FULL);
            return false;
        }
        return true;
    }

    /**
     * Forget a begun record (its token stays spent; its suppressed count goes back to its event).
     */
    public void abort()
    {
        if (open)
        {
            open = false;
            type.restoreSuppressed(carriedSuppressed);
        }
    }

    private boolean startField(final String key, final byte fieldType, final int valueLength)
    {
        if (!open)
        {
            return false;
        }
        final int keyLength = Math.min(key.length(), LogRecord.MAX_KEY_LENGTH);
        if (fieldCount == LogRecord.MAX_FIELDS || length + 2 + keyLength + valueLength > scratch.capacity())
        {
            log.increment(LogCounter.FIELD_TRUNCATED);
            return false;
        }
        scratch.putByte(length, (byte)keyLength);
        for (int i = 0; i < keyLength; i++)
        {
            scratch.putByte(length + 1 + i, (byte)keyChar(key.charAt(i)));
        }
        length += 1 + keyLength;
        scratch.putByte(length, fieldType);
        length++;
        return true;
    }

    private void endField(final int valueLength)
    {
        length += valueLength;
        fieldCount++;
    }

    // Keys are written unquoted in logfmt and unescaped in JSON: only letters, digits and "_.-" pass.
    private static char keyChar(final char c)
    {
        final boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '_' || c == '.' || c == '-';
        return plain ? c : '_';
    }

    private static int utf8Length(final CharSequence text)
    {
        int encoded = 0;
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c < 0x80)
            {
                encoded++;
            }
            else if (c < 0x800)
            {
                encoded += 2;
            }
            else if (Character.isHighSurrogate(c) && i + 1 < text.length() &&
                Character.isLowSurrogate(text.charAt(i + 1)))
            {
                encoded += 4;
                i++;
            }
            else
            {
                encoded += 3;
            }
        }
        return encoded;
    }

    private void putUtf8(final int offset, final CharSequence text)
    {
        int at = offset;
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c < 0x80)
            {
                scratch.putByte(at++, (byte)c);
            }
            else if (c < 0x800)
            {
                scratch.putByte(at++, (byte)(0xC0 | c >> 6));
                scratch.putByte(at++, (byte)(0x80 | c & 0x3F));
            }
            else if (Character.isHighSurrogate(c) && i + 1 < text.length() &&
                Character.isLowSurrogate(text.charAt(i + 1)))
            {
                final int codePoint = Character.toCodePoint(c, text.charAt(++i));
                scratch.putByte(at++, (byte)(0xF0 | codePoint >> 18));
                scratch.putByte(at++, (byte)(0x80 | codePoint >> 12 & 0x3F));
                scratch.putByte(at++, (byte)(0x80 | codePoint >> 6 & 0x3F));
                scratch.putByte(at++, (byte)(0x80 | codePoint & 0x3F));
            }
            else
            {
                // A lone surrogate is written as U+FFFD, like String.getBytes(UTF_8) does.
                final char ch = Character.isSurrogate(c) ? '\uFFFD' : c;
                scratch.putByte(at++, (byte)(0xE0 | ch >> 12));
                scratch.putByte(at++, (byte)(0x80 | ch >> 6 & 0x3F));
                scratch.putByte(at++, (byte)(0x80 | ch & 0x3F));
            }
        }
    }
}
