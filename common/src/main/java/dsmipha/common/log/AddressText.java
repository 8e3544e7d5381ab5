package dsmipha.common.log;

/**
 * Addresses in their standard text forms, appended to a {@link StringBuilder}: IPv4 dotted decimal (RFC 791) and
 * IPv6 in the canonical form of RFC 5952 §4 (lower-case hex, no leading zeros, the longest run of two or more zero
 * groups shortened to "::", the first such run on a tie) with IPv4-mapped addresses as {@code ::ffff:a.b.c.d}
 * (RFC 5952 §5).
 */
public final class AddressText
{
    private static final int GROUPS = 8;

    private AddressText()
    {
    }

    /**
     * @param out     where the text goes.
     * @param address IPv4 address, big-endian number.
     * @return out.
     */
    public static StringBuilder appendIpv4(final StringBuilder out, final int address)
    {
        return out.append(address >>> 24).append('.').append(address >>> 16 & 0xFF).append('.')
            .append(address >>> 8 & 0xFF).append('.').append(address & 0xFF);
    }

    /**
     * @param out  where the text goes.
     * @param high IPv6 address octets 0..7.
     * @param low  octets 8..15.
     * @return out.
     */
    public static StringBuilder appendIpv6(final StringBuilder out, final long high, final long low)
    {
        if (high == 0 && (low >>> 32) == 0xFFFFL)
        {
            // RFC 5952 §5: IPv4-mapped addresses keep their dotted-quad tail.
            return appendIpv4(out.append("::ffff:"), (int)low);
        }
        int bestStart = -1;
        int bestLength = 1;
        int runStart = -1;
        for (int i = 0; i < GROUPS; i++)
        {
            if (group(high, low, i) == 0)
            {
                runStart = runStart < 0 ? i : runStart;
                if (i - runStart + 1 > bestLength)
                {
                    bestStart = runStart;
                    bestLength = i - runStart + 1;
                }
            }
            else
            {
                runStart = -1;
            }
        }
        for (int i = 0; i < GROUPS; i++)
        {
            if (i == bestStart)
            {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (i > 0 && i != bestStart + bestLength)
            {
                out.append(':');
            }
            out.append(Integer.toHexString(group(high, low, i)));
        }
        return out;
    }

    /**
     * @param high IPv6 address octets 0..7.
     * @param low  octets 8..15.
     * @return the canonical text (allocates: tools and tests).
     */
    public static String ipv6(final long high, final long low)
    {
        return appendIpv6(new StringBuilder(39), high, low).toString();
    }

    /**
     * @param address IPv4 address, big-endian number.
     * @return dotted decimal (allocates: tools and tests).
     */
    public static String ipv4(final int address)
    {
        return appendIpv4(new StringBuilder(15), address).toString();
    }

    private static int group(final long high, final long low, final int index)
    {
        final long half = index < 4 ? high : low;
        return (int)(half >>> (48 - 16 * (index & 3))) & 0xFFFF;
    }
}
