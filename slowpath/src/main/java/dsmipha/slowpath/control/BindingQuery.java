package dsmipha.slowpath.control;

import dsmipha.slowpath.registration.BindingRecord;

/**
 * One {@code bindings} request on the control socket: which bindings, how many, in which form. It travels as one
 * line of space-separated words, the first the command and the rest {@code key=value}:
 * <pre>
 *   bindings [format=json|table] [home=ADDRESS[/LEN]] [care-of=ADDRESS[/LEN]] [limit=N] '\n'
 *
 *   format   json: one JSON object per binding per line (JSON Lines); table: a header line and one row each
 *   home     the IPv6 or IPv4 home address, a mobile network prefix (RFC 3963) or the IPv4 home prefix
 *            (RFC 5555 §3.1.1) overlaps it ({@link AddressFilter})
 *   care-of  the registered care-of address (IPv6, or IPv4 per RFC 5555 §4) or the NAT-mapped public
 *            address (RFC 5555 §4.1) overlaps it
 *   limit    at most N bindings (0 or absent: all)
 * </pre>
 * Immutable; made by the control thread, read by the slowpath thread (published through a queue).
 */
public final class BindingQuery
{
    /** The command word. */
    public static final String COMMAND = "bindings";
    /** Longest request line in octets, the newline included. */
    public static final int MAX_LINE_LENGTH = 4096;

    /** The answer's form. */
    public enum Format
    {
        /** JSON Lines: one object per binding. */
        JSON,
        /** A header line and one aligned row per binding. */
        TABLE
    }

    private static final int IPV6_BITS = 128;
    private static final int IPV4_BITS = 32;

    private final Format format;
    private final AddressFilter home;
    private final AddressFilter careOf;
    private final long limit;

    /**
     * @param format the answer's form.
     * @param home   home filter, or null for any.
     * @param careOf care-of filter, or null for any.
     * @param limit  most bindings to answer, 0 for all.
     */
    public BindingQuery(final Format format, final AddressFilter home, final AddressFilter careOf, final long limit)
    {
        if (limit < 0)
        {
            throw new IllegalArgumentException("limit below 0: " + limit);
        }
        this.format = format;
        this.home = home;
        this.careOf = careOf;
        this.limit = limit;
    }

    /**
     * @param line the request line, without its newline.
     * @return the query.
     * @throws IllegalArgumentException saying what is wrong with it.
     */
    public static BindingQuery parse(final String line)
    {
        final String[] words = line.trim().split(" +");
        if (words.length == 0 || !COMMAND.equals(words[0]))
        {
            throw new IllegalArgumentException("unknown command (expected '" + COMMAND + "')");
        }
        Format format = Format.JSON;
        AddressFilter home = null;
        AddressFilter careOf = null;
        long limit = 0;
        for (int i = 1; i < words.length; i++)
        {
            final int equals = words[i].indexOf('=');
            final String key = equals < 0 ? words[i] : words[i].substring(0, equals);
            final String value = equals < 0 ? "" : words[i].substring(equals + 1);
            switch (key)
            {
                case "format" -> format = format(value);
                case "home" -> home = AddressFilter.parse(value);
                case "care-of" -> careOf = AddressFilter.parse(value);
                case "limit" -> limit = limit(value);
                default -> throw new IllegalArgumentException("unknown key '" + key + "'");
            }
        }
        return new BindingQuery(format, home, careOf, limit);
    }

    /**
     * @return the request line that {@link #parse} takes back, without the newline.
     */
    public String toLine()
    {
        final StringBuilder line = new StringBuilder(COMMAND).append(" format=")
            .append(format.name().toLowerCase(java.util.Locale.ROOT));
        if (home != null)
        {
            line.append(" home=").append(home.text());
        }
        if (careOf != null)
        {
            line.append(" care-of=").append(careOf.text());
        }
        if (limit != 0)
        {
            line.append(" limit=").append(limit);
        }
        return line.toString();
    }

    /**
     * @return the answer's form.
     */
    public Format format()
    {
        return format;
    }

    /**
     * @return most bindings to answer, 0 for all.
     */
    public long limit()
    {
        return limit;
    }

    /**
     * @param record a binding.
     * @return true when it passes both filters.
     */
    public boolean matches(final BindingRecord record)
    {
        return (home == null || matchesHome(home, record)) && (careOf == null || matchesCareOf(careOf, record));
    }

    private static boolean matchesHome(final AddressFilter filter, final BindingRecord record)
    {
        if (filter.isIpv6())
        {
            if (filter.overlapsIpv6(record.homeHigh, record.homeLow, IPV6_BITS))
            {
                return true;
            }
            for (int i = 0; i < record.mobileNetworkPrefixCount; i++)
            {
                // RFC 3963 §6.1.2: the prefixes a mobile router registered are its home too.
                if (filter.overlapsIpv6(record.mobileNetworkPrefixHigh[i], record.mobileNetworkPrefixLow[i],
                    record.mobileNetworkPrefixLength[i]))
                {
                    return true;
                }
            }
            return false;
        }
        return record.ipv4Home != 0 && filter.overlapsIpv4(record.ipv4Home, IPV4_BITS) ||
            record.ipv4PrefixLength != 0 && filter.overlapsIpv4(record.ipv4PrefixNetwork, record.ipv4PrefixLength);
    }

    private static boolean matchesCareOf(final AddressFilter filter, final BindingRecord record)
    {
        if (AsciiLine.isIpv4Mapped(record.careOfHigh, record.careOfLow))
        {
            // RFC 5555 §3.1.1: an IPv4 care-of address is carried IPv4-mapped.
            if (filter.overlapsIpv4((int)record.careOfLow, IPV4_BITS))
            {
                return true;
            }
        }
        else if (filter.overlapsIpv6(record.careOfHigh, record.careOfLow, IPV6_BITS))
        {
            return true;
        }
        // RFC 5555 §4.1: behind a NAT the tunnel goes to the NAT-mapped public address.
        return record.tunnelIpv4 != 0 && filter.overlapsIpv4(record.tunnelIpv4, IPV4_BITS);
    }

    private static Format format(final String value)
    {
        return switch (value)
        {
            case "json" -> Format.JSON;
            case "table" -> Format.TABLE;
            default -> throw new IllegalArgumentException("unknown format '" + value + "' (json or table)");
        };
    }

    private static long limit(final String value)
    {
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(Character::isDigit))
        {
            throw new IllegalArgumentException("bad limit '" + value + "'");
        }
        return Long.parseLong(value);
    }
}
