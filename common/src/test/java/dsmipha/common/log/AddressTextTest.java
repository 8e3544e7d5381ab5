package dsmipha.common.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * RFC 5952 canonical IPv6 text (the examples of its §4) and IPv4 dotted decimal.
 */
final class AddressTextTest
{
    @Test
    void ipv6IsCanonical()
    {
        assertEquals("2001:db8::1", AddressText.ipv6(0x2001_0DB8_0000_0000L, 1));
        assertEquals("::", AddressText.ipv6(0, 0));
        assertEquals("::1", AddressText.ipv6(0, 1));
        assertEquals("fe80::", AddressText.ipv6(0xFE80_0000_0000_0000L, 0));
        // RFC 5952 §4.2.2: a single zero group is not shortened.
        assertEquals("2001:db8:0:1:1:1:1:1", AddressText.ipv6(0x2001_0DB8_0000_0001L, 0x0001_0001_0001_0001L));
        // RFC 5952 §4.2.3: the longest run, the first of equal runs.
        assertEquals("2001:0:0:1::1", AddressText.ipv6(0x2001_0000_0000_0001L, 0x0000_0000_0000_0001L));
        assertEquals("2001:db8::1:0:0:1", AddressText.ipv6(0x2001_0DB8_0000_0000L, 0x0001_0000_0000_0001L));
        // RFC 5952 §4.3: lower case; §4.1: no leading zeros.
        assertEquals("2001:db8:aaaa:bbbb:cccc:dddd:eeee:aaaa",
            AddressText.ipv6(0x2001_0DB8_AAAA_BBBBL, 0xCCCC_DDDD_EEEE_AAAAL));
        assertEquals("2001:db8::ff00:42:8329", AddressText.ipv6(0x2001_0DB8_0000_0000L, 0x0000_FF00_0042_8329L));
        // RFC 5952 §5: IPv4-mapped.
        assertEquals("::ffff:192.0.2.10", AddressText.ipv6(0, 0x0000_FFFF_C000_020AL));
    }

    @Test
    void ipv4IsDottedDecimal()
    {
        assertEquals("203.0.113.7", AddressText.ipv4(0xCB00_7107));
        assertEquals("255.255.255.255", AddressText.ipv4(-1));
        assertEquals("0.0.0.0", AddressText.ipv4(0));
    }
}
