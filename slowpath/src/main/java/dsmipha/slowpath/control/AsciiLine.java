package dsmipha.slowpath.control;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A reusable, growable run of ASCII octets that the control answers are written into: decimal numbers, IPv6
 * addresses in RFC 5952 text, IPv4 addresses in dotted decimal, without a {@code String} per value. It grows
 * (doubling) when a write would overflow, so a caller keeps one per thread and {@link #clear()}s it.
 * <pre>
 *   bytes[0 .. length)   written text (US-ASCII)
 *   bytes[length .. )    spare capacity
 * </pre>
 * Not thread safe.
 */
public final class AsciiLine
{
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final int IPV6_GROUPS = 8;
    private static final long IPV4_MAPPED_HIGH = 0L;
    private static final long IPV4_MAPPED_LOW_PREFIX = 0x0000_FFFF_0000_0000L;
    private static final long IPV4_MAPPED_LOW_MASK = 0xFFFF_FFFF_0000_0000L;

    private byte[] bytes;
    private int length;

    /**
     * @param initialCapacity octets before the first growth.
     */
    public AsciiLine(final int initialCapacity)
    {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    /**
     * @return this, emptied.
     */
    public AsciiLine clear()
    {
        length = 0;
        return this;
    }

    /**
     * @return octets written.
     */
    public int length()
    {
        return length;
    }

    /**
     * @return the backing array (valid up to {@link #length()}; replaced when it grows).
     */
    public byte[] bytes()
    {
        return bytes;
    }

    /**
     * Cut the text back to an earlier length (undo a partly written line).
     *
     * @param newLength a length not over {@link #length()}.
     */
    public void truncate(final int newLength)
    {
        length = Math.min(length, Math.max(0, newLength));
    }

    /**
     * @param c an ASCII character.
     * @return this.
     */
    public AsciiLine append(final char c)
    {
        ensure(1);
        bytes[length++] = (byte)c;
        return this;
    }

    /**
     * @param text ASCII text (other characters become '?').
     * @return this.
     */
    public AsciiLine append(final CharSequence text)
    {
        final int n = text.length();
        ensure(n);
        for (int i = 0; i < n; i++)
        {
            final char c = text.charAt(i);
            bytes[length++] = c < 0x80 ? (byte)c : (byte)'?';
        }
        return this;
    }

    /**
     * @param value a signed number, written in decimal.
     * @return this.
     */
    public AsciiLine append(final long value)
    {
        if (value == Long.MIN_VALUE)
        {
            return append(Long.toString(value));
        }
        if (value < 0)
        {
            append('-');
            return appendUnsigned(-value);
        }
        return appendUnsigned(value);
    }

    /**
     * Pad with spaces up to a column (at least one space when the text already reached it).
     *
     * @param start  where the column's cell began.
     * @param width  the cell width.
     * @return this.
     */
    public AsciiLine padCell(final int start, final int width)
    {
        final int target = Math.max(start + width, length + 1);
        ensure(target - length);
        while (length < target)
        {
            bytes[length++] = ' ';
        }
        return this;
    }

    /**
     * An IPv4 address in dotted decimal.
     *
     * @param address big-endian address.
     * @return this.
     */
    public AsciiLine appendIpv4(final int address)
    {
        append((address >>> 24) & 0xFF).append('.').append((address >>> 16) & 0xFF).append('.');
        return append((address >>> 8) & 0xFF).append('.').append(address & 0xFF);
    }

    /**
     * An IPv6 address as RFC 5952 §4 recommends: lower-case hexadecimal without leading zeros (§4.1, §4.3), the
     * longest run of two or more zero groups shortened to "::", the first such run on a tie (§4.2). An
     * IPv4-mapped address is written with a dotted-decimal tail, {@code ::ffff:192.0.2.1} (RFC 5952 §5).
     *
     * @param high octets 0..7, big-endian.
     * @param low  octets 8..15.
     * @return this.
     */
    public AsciiLine appendIpv6(final long high, final long low)
    {
        if (isIpv4Mapped(high, low))
        {
            return append("::ffff:").appendIpv4((int)low);
        }
        int bestStart = -1;
        int bestLength = 1;
        int runStart = -1;
        for (int g = 0; g < IPV6_GROUPS; g++)
        {
            if (group(high, low, g) == 0)
            {
                runStart = runStart < 0 ? g : runStart;
                if (g - runStart + 1 > bestLength)
                {
                    bestStart = runStart;
                    bestLength = g - runStart + 1;
                }
            }
            else
            {
                runStart = -1;
            }
        }
        for (int g = 0; g < IPV6_GROUPS; g++)
        {
            if (g == bestStart)
            {
                append(g == 0 ? "::" : ":");
                g += bestLength - 1;
                continue;
            }
            appendHexGroup(group(high, low, g));
            if (g < IPV6_GROUPS - 1)
            {
                append(':');
            }
        }
        return this;
    }

    /**
     * @param high octets 0..7.
     * @param low  octets 8..15.
     * @return true for an IPv4-mapped IPv6 address ::ffff:a.b.c.d (RFC 4291 §2.5.5.2).
     */
    public static boolean isIpv4Mapped(final long high, final long low)
    {
        return high == IPV4_MAPPED_HIGH && (low & IPV4_MAPPED_LOW_MASK) == IPV4_MAPPED_LOW_PREFIX;
    }

    @Override
    public String toString()
    {
        return new String(bytes, 0, length, StandardCharsets.US_ASCII);
    }

    private AsciiLine appendUnsigned(final long value)
    {
        int digits = 1;
        for (long rest = value / 10; rest != 0; rest /= 10)
        {
            digits++;
        }
        ensure(digits);
        long rest = value;
        for (int at = length + digits - 1; at >= length; at--)
        {
            bytes[at] = (byte)('0' + rest % 10);
            rest /= 10;
        }
        length += digits;
        return this;
    }

    private void appendHexGroup(final int group)
    {
        boolean started = false;
        for (int shift = 12; shift >= 0; shift -= 4)
        {
            final int nibble = (group >>> shift) & 0xF;
            if (nibble != 0 || started || shift == 0)
            {
                append((char)HEX[nibble]);
                started = true;
            }
        }
    }

    private static int group(final long high, final long low, final int index)
    {
        final long half = index < 4 ? high : low;
        return (int)(half >>> (48 - 16 * (index & 3))) & 0xFFFF;
    }

    private void ensure(final int more)
    {
        if (length + more > bytes.length)
        {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
