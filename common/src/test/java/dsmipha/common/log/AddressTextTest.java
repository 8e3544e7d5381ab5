package dsmipha.common.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dsmipha.common.testing.Oracles;

/**
 * RFC 5952 canonical IPv6 text (the examples of its §4, and random addresses against Python's ipaddress, which
 * compresses the same way) and IPv4 dotted decimal.
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

    @Test
    void randomAddressesMatchPythonIpaddress() throws IOException, InterruptedException
    {
        Oracles.requireScapy();
        final SplittableRandom random = new SplittableRandom(5952);
        final List<long[]> addresses = new ArrayList<>();
        final StringBuilder input = new StringBuilder();
        for (int i = 0; i < 2_000; i++)
        {
            // Each group zero with probability 1/2, so runs of every length and position occur.
            long high = 0;
            long low = 0;
            for (int group = 0; group < 8; group++)
            {
                final long value = random.nextBoolean() ? 0 : random.nextInt(1, 0x10000);
                if (group < 4)
                {
                    high |= value << (48 - 16 * group);
                }
                else
                {
                    low |= value << (48 - 16 * (group - 4));
                }
            }
            if (high == 0 && (low >>> 32) == 0xFFFFL)
            {
                continue; // IPv4-mapped: Python 3.11 writes hex, RFC 5952 §5 dotted (checked above)
            }
            addresses.add(new long[] {high, low});
            input.append(String.format("%016x%016x%n", high, low));
        }
        final Process python = new ProcessBuilder(Oracles.PYTHON, "-c",
            "import sys, ipaddress\n" +
            "for line in sys.stdin:\n" +
            "    print(ipaddress.IPv6Address(int(line, 16)).compressed)\n").start();
        python.getOutputStream().write(input.toString().getBytes(StandardCharsets.US_ASCII));
        python.getOutputStream().close();
        final List<String> expected = new String(python.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)
            .lines().toList();
        python.waitFor(30, TimeUnit.SECONDS);
        assertEquals(addresses.size(), expected.size());
        for (int i = 0; i < addresses.size(); i++)
        {
            assertEquals(expected.get(i), AddressText.ipv6(addresses.get(i)[0], addresses.get(i)[1]));
        }
    }
}
