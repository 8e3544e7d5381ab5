package dsmipha.slowpath.control;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * An address or prefix an operator names to pick bindings ({@code dsmip-ha bindings --home} and {@code --care-of}):
 * IPv6 (RFC 4291 §2.2 text, §2.3 prefix notation) or IPv4 (dotted decimal, CIDR length). A bare address is a
 * prefix of full length. Parsed from text without a name lookup ({@link InetAddress#ofLiteral}); zone ids are
 * refused. IPv4-mapped IPv6 text ({@code ::ffff:192.0.2.1}) is taken as the IPv4 address.
 * <p>
 * The one rule of matching is overlap: two prefixes match when they agree on the bits of the shorter one. So an
 * address matches itself and any prefix holding it; a prefix matches every address inside it and every prefix that
 * lies inside it or contains it.
 * <p>
 * Immutable.
 */
public final class AddressFilter
{
    private static final int IPV6_BITS = 128;
    private static final int IPV4_BITS = 32;

    private final boolean ipv6;
    private final long high;
    private final long low;
    private final int length;
    private final String text;

    private AddressFilter(final boolean ipv6, final long high, final long low, final int length, final String text)
    {
        this.ipv6 = ipv6;
        this.high = high;
        this.low = low;
        this.length = length;
        this.text = text;
    }

    /**
     * @param text {@code ADDRESS} or {@code ADDRESS/LENGTH}, IPv6 or IPv4.
     * @return the filter.
     * @throws IllegalArgumentException naming the text when it is neither.
     */
    public static AddressFilter parse(final String text)
    {
        final String trimmed = text == null ? "" : text.trim();
        final int slash = trimmed.indexOf('/');
        final String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        if (address.isEmpty() || address.indexOf('%') >= 0 || !isLiteralText(address))
        {
            throw new IllegalArgumentException("not an IPv6 or IPv4 address: '" + text + "'");
        }
        final InetAddress parsed;
        try
        {
            parsed = InetAddress.ofLiteral(address);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("not an IPv6 or IPv4 address: '" + text + "'", ex);
        }
        final boolean isIpv6 = !(parsed instanceof Inet4Address);
        final int bits = isIpv6 ? IPV6_BITS : IPV4_BITS;
        final int length = slash < 0 ? bits : prefixLength(trimmed.substring(slash + 1), bits, text);
        final ByteBuffer octets = ByteBuffer.wrap(parsed.getAddress());
        if (isIpv6)
        {
            return new AddressFilter(true, octets.getLong(0), octets.getLong(8), length, trimmed);
        }
        return new AddressFilter(false, 0, Integer.toUnsignedLong(octets.getInt(0)), length, trimmed);
    }

    /**
     * @return true for an IPv6 filter, false for IPv4.
     */
    public boolean isIpv6()
    {
        return ipv6;
    }

    /**
     * @return prefix length (128 or 32 for a bare address).
     */
    public int length()
    {
        return length;
    }

    /**
     * @return the text as the operator wrote it (trimmed).
     */
    public String text()
    {
        return text;
    }

    /**
     * @param otherHigh   IPv6 prefix octets 0..7.
     * @param otherLow    octets 8..15.
     * @param otherLength its length (128 for an address).
     * @return true when this is an IPv6 filter that overlaps it.
     */
    public boolean overlapsIpv6(final long otherHigh, final long otherLow, final int otherLength)
    {
        if (!ipv6)
        {
            return false;
        }
        final int bits = Math.min(length, otherLength);
        if (bits <= 64)
        {
            return bits == 0 || ((high ^ otherHigh) & mask64(bits)) == 0;
        }
        return high == otherHigh && ((low ^ otherLow) & mask64(bits - 64)) == 0;
    }

    /**
     * @param network     IPv4 address or network, big-endian.
     * @param otherLength its length (32 for an address).
     * @return true when this is an IPv4 filter that overlaps it.
     */
    public boolean overlapsIpv4(final int network, final int otherLength)
    {
        if (ipv6)
        {
            return false;
        }
        final int bits = Math.min(length, otherLength);
        return bits == 0 || (((int)low ^ network) & (int)mask64(bits + 32)) == 0;
    }

    @Override
    public String toString()
    {
        return text;
    }

    private static long mask64(final int bits)
    {
        return bits >= 64 ? -1L : ~(-1L >>> bits);
    }

    private static int prefixLength(final String digits, final int bits, final String text)
    {
        if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(Character::isDigit))
        {
            throw new IllegalArgumentException("bad prefix length in '" + text + "'");
        }
        final int length = Integer.parseInt(digits);
        if (length > bits)
        {
            throw new IllegalArgumentException("prefix length over " + bits + " in '" + text + "'");
        }
        return length;
    }

    // Hexadecimal digits, colons and dots only: InetAddress.ofLiteral never looks a name up, but say so here too.
    private static boolean isLiteralText(final String address)
    {
        for (int i = 0; i < address.length(); i++)
        {
            final char c = address.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.'))
            {
                return false;
            }
        }
        return true;
    }
}
