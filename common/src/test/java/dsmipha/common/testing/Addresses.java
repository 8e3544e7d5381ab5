package dsmipha.common.testing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * Test helpers: addresses written as text, turned into the numbers the codecs and tables take (big-endian, as read
 * off the wire: an IPv4 address is one {@code int}, an IPv6 address a high and a low {@code long}, a MAC the low 48
 * bits of a {@code long}).
 */
public final class Addresses
{
    private Addresses()
    {
    }

    /**
     * @param text an IPv4 address.
     * @return it as a big-endian number.
     */
    public static int ipv4(final String text)
    {
        return ByteBuffer.wrap(octets(text)).getInt(0);
    }

    /**
     * @param text an IPv6 address.
     * @return its octets 0..7 as a big-endian number.
     */
    public static long high(final String text)
    {
        return ByteBuffer.wrap(octets(text)).getLong(0);
    }

    /**
     * @param text an IPv6 address.
     * @return its octets 8..15 as a big-endian number.
     */
    public static long low(final String text)
    {
        return ByteBuffer.wrap(octets(text)).getLong(8);
    }

    /**
     * @param text a MAC address, colon separated.
     * @return it in the low 48 bits.
     */
    public static long mac(final String text)
    {
        return Long.parseLong(text.replace(":", ""), 16);
    }

    /**
     * @param text an IPv4 or IPv6 address literal.
     * @return its octets.
     */
    public static byte[] octets(final String text)
    {
        try
        {
            return InetAddress.getByName(text).getAddress();
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalArgumentException("not an address: " + text, ex);
        }
    }
}
