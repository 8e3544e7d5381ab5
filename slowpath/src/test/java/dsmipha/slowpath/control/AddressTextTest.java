package dsmipha.slowpath.control;

import static dsmipha.common.testing.Addresses.high;
import static dsmipha.common.testing.Addresses.low;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Address text both ways: RFC 5952 output for IPv6 (the RFC's own examples), dotted decimal for IPv4, and the
 * operator's filter text, refused with a message when it is not an address.
 */
class AddressTextTest
{
    @ParameterizedTest
    @CsvSource({
        "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
        "2001:db8:aaaa:bbbb:cccc:dddd:eeee:AAAA, 2001:db8:aaaa:bbbb:cccc:dddd:eeee:aaaa",
        "0:0:0:0:0:0:0:0, ::",
        "0:0:0:0:0:0:0:1, ::1",
        "1:0:0:0:0:0:0:0, 1::",
        "fe80:0:0:0:0:0:0:1, fe80::1",
        "2001:db8:0:0:1:1:0:0, 2001:db8::1:1:0:0",
    })
    void ipv6IsWrittenAsRfc5952Recommends(final String input, final String expected)
    {
        // RFC 5952 §4.1 leading zeros, §4.2.1 longest run, §4.2.2 not one group, §4.2.3 first of equal runs,
        // §4.3 lower case, §5 IPv4-mapped.
        assertEquals(expected, new AsciiLine(8).appendIpv6(high(input), low(input)).toString());
    }

    @Test
    void ipv4MappedKeepsItsDottedTail()
    {
        // RFC 5952 §5.
        assertEquals("::ffff:192.0.2.1", new AsciiLine(8).appendIpv6(0, 0x0000_FFFF_C000_0201L).toString());
        assertTrue(AsciiLine.isIpv4Mapped(0, 0x0000_FFFF_C000_0201L));
        assertFalse(AsciiLine.isIpv4Mapped(0, 0x0001_FFFF_C000_0201L));
    }

    @Test
    void numbersAndIpv4()
    {
        final AsciiLine line = new AsciiLine(4);
        line.append(0).append(' ').append(9).append(' ').append(10).append(' ').append(1_000_000_007L).append(' ')
            .append(-42).append(' ').append(Long.MAX_VALUE).append(' ').appendIpv4(0xC633_6480);
        assertEquals("0 9 10 1000000007 -42 9223372036854775807 198.51.100.128", line.toString());
    }

    @Test
    void filtersOverlap()
    {
        final AddressFilter prefix = AddressFilter.parse("2001:db8:b::/48");
        assertTrue(prefix.overlapsIpv6(high("2001:db8:b:100::"), 0, 56), "a prefix inside");
        assertTrue(prefix.overlapsIpv6(high("2001:db8::"), 0, 32), "a prefix around it");
        assertFalse(prefix.overlapsIpv6(high("2001:db8:c::"), 0, 48));
        assertFalse(prefix.overlapsIpv4(0, 0), "an IPv6 filter never matches IPv4");
        final AddressFilter address = AddressFilter.parse("2001:db8:a::200");
        assertTrue(address.overlapsIpv6(high("2001:db8:a::200"), low("2001:db8:a::200"), 128));
        assertFalse(address.overlapsIpv6(high("2001:db8:a::201"), low("2001:db8:a::201"), 128));
        final AddressFilter v4 = AddressFilter.parse("198.51.100.96/28");
        assertTrue(v4.overlapsIpv4(0xC633_6468, 29), "198.51.100.104/29");
        assertFalse(v4.overlapsIpv4(0xC633_6470, 29), "198.51.100.112/29");
        final AddressFilter mapped = AddressFilter.parse("::ffff:192.0.2.1");
        assertFalse(mapped.isIpv6(), "IPv4-mapped text is the IPv4 address");
        assertTrue(AddressFilter.parse("0.0.0.0/0").overlapsIpv4(0x0A00_0001, 32));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "example.com", "localhost", "2001:db8::g", "2001:db8::/129", "10.0.0.1/33",
        "10.0.0.1/", "10.0.0.1/-1", "fe80::1%eth0", "1.2.3.4.5", "2001:db8:::1"})
    void badTextIsRefusedWithoutALookup(final String text)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> AddressFilter.parse(text));
        assertTrue(ex.getMessage().contains(text), ex.getMessage());
    }

    @Test
    void requestLinesParseBackAndBadOnesSayWhy()
    {
        final BindingQuery query = BindingQuery.parse("bindings format=table home=2001:db8:b::/48 care-of=192.0.2.1 " +
            "limit=5");
        assertEquals(BindingQuery.Format.TABLE, query.format());
        assertEquals(5, query.limit());
        assertEquals("bindings format=table home=2001:db8:b::/48 care-of=192.0.2.1 limit=5", query.toLine());
        assertEquals(BindingQuery.Format.JSON, BindingQuery.parse("bindings").format());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BindingQuery.parse("shutdown"))
            .getMessage().contains("unknown command"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BindingQuery.parse("bindings colour=red"))
            .getMessage().contains("unknown key 'colour'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BindingQuery.parse("bindings limit=-1"))
            .getMessage().contains("bad limit"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BindingQuery.parse("bindings format=xml"))
            .getMessage().contains("unknown format"));
        assertThrows(IllegalArgumentException.class, () -> BindingQuery.parse("bindings home=nowhere"));
    }
}
