package dsmipha.ha.config;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.ByteBuffer;

/**
 * Address literals of the config file: IPv4 dotted quads, IPv6 in any RFC 4291 §2.2 form, prefixes in CIDR notation
 * and MAC addresses as six colon-separated octets. Never resolves names (no DNS at startup).
 */
public final class AddressText
{
    private AddressText()
    {
    }

    /**
     * @param text a dotted-quad IPv4 address.
     * @return the address as a big-endian 32-bit number.
     * @throws IllegalArgumentException when it is not one.
     */
    public static int ipv4(final String text)
    {
        if (text == null || text.indexOf(':') >= 0 || text.indexOf('/') >= 0)
        {
            throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
        }
        try
        {
            return ByteBuffer.wrap(Inet4Address.ofLiteral(text).getAddress()).getInt();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("not an IPv4 address: '" + text + "'", ex);
        }
    }

    /**
     * @param text an IPv6 address.
     * @return {high, low} 64-bit halves.
     * @throws IllegalArgumentException when it is not one (an IPv4 literal is not accepted).
     */
    public static long[] ipv6(final String text)
    {
        if (text == null || text.indexOf(':') < 0 || text.indexOf('/') >= 0 || text.indexOf('%') >= 0)
        {
            throw new IllegalArgumentException("not an IPv6 address: '" + text + "'");
        }
        try
        {
            final ByteBuffer octets = ByteBuffer.wrap(Inet6Address.ofLiteral(text).getAddress());
            return new long[] {octets.getLong(), octets.getLong()};
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("not an IPv6 address: '" + text + "'", ex);
        }
    }

    /**
     * @param text {@code a.b.c.d/len}.
     * @return {network, length}; bits beyond the length must be zero.
     */
    public static int[] ipv4Prefix(final String text)
    {
        final int slash = slash(text, "IPv4 prefix");
        final int length = length(text, slash, 32, "IPv4 prefix");
        final int network = ipv4(text.substring(0, slash));
        final int mask = length == 0 ? 0 : -1 << (32 - length);
        if ((network & ~mask) != 0)
        {
            throw new IllegalArgumentException("IPv4 prefix '" + text + "' has bits set beyond /" + length);
        }
        return new int[] {network, length};
    }

    /**
     * @param text {@code addr/len}.
     * @return {high, low, length}; bits beyond the length must be zero.
     */
    public static long[] ipv6Prefix(final String text)
    {
        final int slash = slash(text, "IPv6 prefix");
        final int length = length(text, slash, 128, "IPv6 prefix");
        final long[] address = ipv6(text.substring(0, slash));
        if ((address[0] & ~highMask(length)) != 0 || (address[1] & ~lowMask(length)) != 0)
        {
            throw new IllegalArgumentException("IPv6 prefix '" + text + "' has bits set beyond /" + length);
        }
        return new long[] {address[0], address[1], length};
    }

    /**
     * An interface address with its on-link prefix length, such as {@code 192.0.2.1/25} (host bits allowed).
     *
     * @param text the text.
     * @return {address, length}.
     */
    public static int[] ipv4Interface(final String text)
    {
        final int slash = slash(text, "IPv4 interface address");
        return new int[] {ipv4(text.substring(0, slash)), length(text, slash, 32, "IPv4 interface address")};
    }

    /**
     * @param text an IPv6 interface address with its prefix length, such as {@code 2001:db8:ac::1/64}.
     * @return {high, low, length}.
     */
    public static long[] ipv6Interface(final String text)
    {
        final int slash = slash(text, "IPv6 interface address");
        final long[] address = ipv6(text.substring(0, slash));
        return new long[] {address[0], address[1], length(text, slash, 128, "IPv6 interface address")};
    }

    /**
     * @param text six octets in hex separated by colons, e.g. {@code 02:00:00:00:00:12}.
     * @return the address in the low 48 bits.
     */
    public static long mac(final String text)
    {
        final String[] octets = text == null ? new String[0] : text.split(":", -1);
        if (octets.length != 6)
        {
            throw new IllegalArgumentException("not a MAC address (six hex octets separated by ':'): '" + text + "'");
        }
        long mac = 0;
        for (final String octet : octets)
        {
            if (octet.length() != 2 || Character.digit(octet.charAt(0), 16) < 0 ||
                Character.digit(octet.charAt(1), 16) < 0)
            {
                throw new IllegalArgumentException("not a MAC address (six hex octets separated by ':'): '" + text +
                    "'");
            }
            mac = (mac << 8) | Integer.parseInt(octet, 16);
        }
        return mac;
    }

    /**
     * @param length prefix length 0..128.
     * @return the mask of the high 64 bits.
     */
    static long highMask(final int length)
    {
        return length == 0 ? 0 : length >= 64 ? -1L : -1L << (64 - length);
    }

    /**
     * @param length prefix length 0..128.
     * @return the mask of the low 64 bits.
     */
    static long lowMask(final int length)
    {
        return length <= 64 ? 0 : length == 128 ? -1L : -1L << (128 - length);
    }

    private static int slash(final String text, final String what)
    {
        final int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 0)
        {
            throw new IllegalArgumentException("not an " + what + " (address/length): '" + text + "'");
        }
        return slash;
    }

    private static int length(final String text, final int slash, final int max, final String what)
    {
        try
        {
            final int length = Integer.parseInt(text.substring(slash + 1));
            if (length < 0 || length > max)
            {
                throw new IllegalArgumentException(what + " length must be 0.." + max + ": '" + text + "'");
            }
            return length;
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("not an " + what + " (address/length): '" + text + "'", ex);
        }
    }

    /**
     * @param address a big-endian IPv4 address.
     * @return its dotted quad.
     */
    public static String formatIpv4(final int address)
    {
        return dsmipha.common.log.AddressText.ipv4(address);
    }

    /**
     * @param high octets 0..7.
     * @param low  octets 8..15.
     * @return the RFC 5952 §4 text form.
     */
    public static String formatIpv6(final long high, final long low)
    {
        return dsmipha.common.log.AddressText.ipv6(high, low);
    }
}
