package dsmipha.fastpath.route;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * Test helpers: addresses as text to the numbers the tables take (big-endian, as read off the wire).
 */
final class Addresses
{
    private Addresses()
    {
    }

    static int v4(final String text)
    {
        return ByteBuffer.wrap(bytes(text)).getInt();
    }

    static long high(final String text)
    {
        return ByteBuffer.wrap(bytes(text)).getLong(0);
    }

    static long low(final String text)
    {
        return ByteBuffer.wrap(bytes(text)).getLong(8);
    }

    static long mac(final String text)
    {
        return Long.parseLong(text.replace(":", ""), 16);
    }

    static byte[] bytes(final String text)
    {
        try
        {
            return InetAddress.getByName(text).getAddress();
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalArgumentException(ex);
        }
    }
}
