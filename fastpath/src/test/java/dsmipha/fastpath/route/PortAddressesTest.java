package dsmipha.fastpath.route;

import static dsmipha.common.testing.Addresses.high;
import static dsmipha.common.testing.Addresses.low;
import static dsmipha.common.testing.Addresses.mac;
import static dsmipha.common.testing.Addresses.ipv4;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dsmipha.common.testing.Addresses;

/**
 * Port and local addresses: the modified EUI-64 link-local address, on-link checks and the local address set.
 */
class PortAddressesTest
{
    private static final PortAddresses HOME = new PortAddresses(0, mac("00:11:22:33:44:55"), ipv4("192.0.2.1"), 24,
        high("2001:db8:a::1"), low("2001:db8:a::1"), 64);
    private static final PortAddresses ACCESS = new PortAddresses(1, mac("02:00:5e:10:00:01"), 0, 0, 0, 0, 0);

    @Test
    void linkLocalIsModifiedEui64OfTheMac()
    {
        // RFC 4291 Appendix A: 00:11:22:33:44:55 -> 0211:22ff:fe33:4455 (U/L bit inverted, FFFE inserted).
        assertEquals(high("fe80::211:22ff:fe33:4455"), HOME.linkLocalHigh());
        assertEquals(low("fe80::211:22ff:fe33:4455"), HOME.linkLocalLow());
        // A locally administered MAC (U/L bit set) gets the bit cleared.
        assertEquals(low("fe80::5eff:fe10:1"), ACCESS.linkLocalLow());
    }

    @Test
    void onLinkChecksFollowThePrefix()
    {
        assertTrue(HOME.isOnLinkIpv4(ipv4("192.0.2.200")));
        assertFalse(HOME.isOnLinkIpv4(ipv4("192.0.3.1")));
        assertTrue(HOME.isOnLinkIpv6(high("2001:db8:a::77"), low("2001:db8:a::77")));
        assertFalse(HOME.isOnLinkIpv6(high("2001:db8:b::1"), low("2001:db8:b::1")));
        assertFalse(ACCESS.isOnLinkIpv4(ipv4("192.0.2.200")));
        assertFalse(ACCESS.isOnLinkIpv6(high("2001:db8:a::77"), low("2001:db8:a::77")));
    }

    @Test
    void rejectsGroupOrMissingMacAndMismatchedPrefix()
    {
        assertThrows(IllegalArgumentException.class,
            () -> new PortAddresses(0, mac("01:00:5e:00:00:01"), 0, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new PortAddresses(0, 0, 0, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new PortAddresses(0, mac("00:11:22:33:44:55"),
            ipv4("192.0.2.1"), 0, 0, 0, 0));
    }

    @Test
    void localAddressesHoldPortAndServiceAddresses()
    {
        final LocalAddresses local = new LocalAddresses(new PortAddresses[] {HOME, ACCESS},
            new int[] {ipv4("198.51.100.1")}, new long[][] {{high("2001:db8:ffff::1"), low("2001:db8:ffff::1")}});
        assertEquals(2, local.ipv4Count());
        assertEquals(4, local.ipv6Count(), "home global + 2 link-locals + 1 service");
        assertTrue(local.isLocalIpv4(ipv4("192.0.2.1")));
        assertTrue(local.isLocalIpv4(ipv4("198.51.100.1")));
        assertFalse(local.isLocalIpv4(ipv4("192.0.2.2")));
        assertTrue(local.isLocalIpv6(high("2001:db8:a::1"), low("2001:db8:a::1")));
        assertTrue(local.isLocalIpv6(ACCESS.linkLocalHigh(), ACCESS.linkLocalLow()));
        assertTrue(local.isLocalIpv6(high("2001:db8:ffff::1"), low("2001:db8:ffff::1")));
        assertFalse(local.isLocalIpv6(high("2001:db8:a::2"), low("2001:db8:a::2")));
    }
}
