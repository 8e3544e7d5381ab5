package dsmipha.slowpath.registration;

import static dsmipha.common.testing.Addresses.ipv4;
import static dsmipha.slowpath.registration.RegistrationFixture.COA4;
import static dsmipha.slowpath.registration.RegistrationFixture.HOME_HIGH;
import static dsmipha.slowpath.registration.RegistrationFixture.HOME_LOW;
import static dsmipha.slowpath.registration.RegistrationFixture.NAT4;
import static dsmipha.slowpath.registration.RegistrationFixture.NAT_PORT;
import static dsmipha.slowpath.registration.RegistrationFixture.SECOND;
import static dsmipha.slowpath.registration.RegistrationFixture.STATIC4;
import static dsmipha.slowpath.registration.RegistrationFixture.T0;
import static dsmipha.slowpath.registration.RegistrationFixture.nativeRequest;
import static dsmipha.slowpath.registration.RegistrationFixture.udpRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dsmipha.common.codec.mh.BindingAck;
import dsmipha.common.codec.mh.BindingUpdate;
import dsmipha.common.codec.mh.Ipv4AddressAcknowledgementOption;
import dsmipha.fastpath.binding.BindingView;
import dsmipha.fastpath.binding.EncapVariant;

/**
 * RFC 5555 rules: IPv4 care-of addresses, NAT detection, IPv4 home addresses and prefixes.
 */
final class RegistrationDualStackTest
{
    @TempDir
    Path dir;

    @Test
    void natDetectedUsesUdpToTheMappedAddressAndPortAndAnswersNatDetection()
    {
        try (RegistrationFixture f = new RegistrationFixture(dir, RegistrationFixture.labConfig()))
        {
            final BindingUpdateRequest request = udpRequest(1, NAT4, NAT_PORT, COA4);
            request.hasIpv4HomeAddress = true;
            f.send(request, T0);

            final BindingAckReply ack = f.lastAck();
            assertEquals(BindingAck.STATUS_ACCEPTED, ack.status);
            assertEquals(HOME_LOW, ack.careOfLow, "over IPv4 the BA goes to the home address");
            assertTrue(ack.includeNatDetection);
            assertFalse(ack.natForceUdp);
            assertEquals(110, ack.natRefreshSeconds);
            assertTrue(ack.includeIpv4Ack);
            assertEquals(Ipv4AddressAcknowledgementOption.STATUS_SUCCESS, ack.ipv4AckStatus);
            assertEquals(32, ack.ipv4AckPrefixLength);
            assertTrue(f.addressPool.contains(ack.ipv4AckAddress));
            assertEquals(1, f.count(RegistrationCounter.NAT_DETECTED));

            assertTrue(f.hasIpv6(HOME_HIGH, HOME_LOW));
            assertEquals(EncapVariant.IPV4_UDP_4191, f.view.variant());
            assertEquals(NAT4, f.view.ipv4CareOfAddress());
            assertEquals(4191, f.view.udpSourcePort());
            assertEquals(NAT_PORT, f.view.udpDestinationPort());
            assertTrue(f.hasIpv4(ack.ipv4AckAddress));
            assertEquals(EncapVariant.IPV4_UDP_4191, f.view.variant());
            assertEquals(NAT_PORT, f.view.udpDestinationPort());

            // NAT rebinding: a valid refresh from a new mapped port updates both entries.
            f.send(udpRequest(2, NAT4 + 1, NAT_PORT + 1, COA4), T0 + SECOND);
            assertTrue(f.hasIpv6(HOME_HIGH, HOME_LOW));
            assertEquals(NAT4 + 1, f.view.ipv4CareOfAddress());
            assertEquals(NAT_PORT + 1, f.view.udpDestinationPort());
            assertFalse(f.hasIpv4(ack.ipv4AckAddress), "refresh without the IPv4 HoA option drops the IPv4 binding");
        }
    }

    @Test
    void noNatAndNoForceUsesProtocol41AndProtocol4()
    {
        try (RegistrationFixture f = new RegistrationFixture(dir, RegistrationFixture.labConfig()))
        {
            final BindingUpdateRequest request = udpRequest(1, COA4, 5000, COA4);
            request.hasIpv4HomeAddress = true;
            f.send(request, T0);
            assertFalse(f.lastAck().includeNatDetection);
            assertTrue(f.hasIpv6(HOME_HIGH, HOME_LOW));
            assertEquals(EncapVariant.IPV6_IN_IPV4, f.view.variant());
            assertEquals(COA4, f.view.ipv4CareOfAddress());
            assertTrue(f.hasIpv4(f.lastAck().ipv4AckAddress));
            assertEquals(EncapVariant.IPV4_IN_IPV4, f.view.variant());
            assertEquals(0, f.count(RegistrationCounter.NAT_DETECTED));
        }
    }

    @Test
    void forceUdpFlagWithoutNatUsesUdp()
    {
        try (RegistrationFixture f = new RegistrationFixture(dir, RegistrationFixture.labConfig()))
        {
            final BindingUpdateRequest request = udpRequest(1, COA4, 5000, COA4);
            request.flags |= BindingUpdate.FLAG_FORCE_UDP;
            f.send(request, T0);
            assertTrue(f.hasIpv6(HOME_HIGH, HOME_LOW));
            assertEquals(EncapVariant.IPV4_UDP_4191, f.view.variant());
            assertEquals(5000, f.view.udpDestinationPort());
            assertFalse(f.lastAck().includeNatDetection);
        }
    }

    @Test
    void operatorForcedUdpAnswersNatDetectionWithF()
    {
        try (RegistrationFixture f = new RegistrationFixture(dir, RegistrationFixture.config(true, 0, true,
            List.of())))
        {
            f.send(udpRequest(1, COA4, 5000, COA4), T0);
            assertTrue(f.lastAck().includeNatDetection);
            assertTrue(f.lastAck().natForceUdp);
            assertTrue(f.hasIpv6(HOME_HIGH, HOME_LOW));
            assertEquals(EncapVariant.IPV4_UDP_4191, f.view.variant());
        }
    }

    @Test
    void missingIpv4CareOfOptionOverIpv4IsRejectedWith174()
    {
        try (RegistrationFixture f = new RegistrationFixture(dir, RegistrationFixture.labConfig()))
        {
            final BindingUpdateRequest request = udpRequest(1, NAT4, NAT_PORT, COA4);
            request.hasIpv4CareOf = false;
            f.send(request, T0);
            assertEquals(BindingAck.STATUS_INVALID_CARE_OF_ADDRESS, f.lastAck().status);
            assertEquals(1, f.count(RegistrationCounter.REJECT_MISSING_IPV4_CARE_OF));
            assertEquals(0, f.bindings.size());
        }
    }

    @Test
    void protocol41CareOfMustBeTheOuterSource()
    {
        try (RegistrationFixture f = new RegistrationFixture(dir, RegistrationFixture.labConfig()))
        {
            final BindingUpdateRequest spoofed = udpRequest(1, NAT4, 0, COA4);
            spoofed.path.transport = SignalingTransport.IPV4_PROTOCOL_41;
            f.send(spoofed, T0);
            assertEquals(BindingAck.STATUS_INVALID_CARE_OF_ADDRESS, f.lastAck().status);
            assertEquals(1, f.count(RegistrationCounter.REJECT_CARE_OF_MISMATCH));
            assertEquals(0, f.bindings.size());

            final BindingUpdateRequest request = udpRequest(2, COA4, 0, COA4);
            request.path.transport = SignalingTransport.IPV4_PROTOCOL_41;
            f.send(request, T0);
            assertEquals(BindingAck.STATUS_ACCEPTED, f.lastAck().status);
            assertTrue(f.hasIpv6(HOME_HIGH, HOME_LOW));
            assertEquals(EncapVariant.IPV6_IN_IPV4, f.view.variant());
            assertEquals(COA4, f.view.ipv4CareOfAddress());
        }
    }

    @Test
    void nativeCareOfGivesIpv4InIpv6ForTheIpv4HomeAddress()
    {
        final List<RegistrationConfig.MobileNodePolicy> policies = List.of(new RegistrationConfig.MobileNodePolicy(
            HOME_HIGH, HOME_LOW, STATIC4, false, List.of(), false, List.of()));
        try (RegistrationFixture f = new RegistrationFixture(dir, RegistrationFixture.config(false, 0, false,
            policies)))
        {
            final BindingUpdateRequest request = nativeRequest(1);
            request.hasIpv4HomeAddress = true;
            request.ipv4HomeAddress = STATIC4;
            request.ipv4HomePrefixLength = 32;
            f.send(request, T0);
            assertEquals(Ipv4AddressAcknowledgementOption.STATUS_SUCCESS, f.lastAck().ipv4AckStatus);
            assertEquals(STATIC4, f.lastAck().ipv4AckAddress);
            assertTrue(f.hasIpv4(STATIC4));
            assertEquals(EncapVariant.IPV4_IN_IPV6, f.view.variant());
            assertEquals("reg 20010db8000a0000:100 " + Integer.toHexString(STATIC4) + " true",
                f.homeLink.events.get(0));
            assertEquals(1, f.count(RegistrationCounter.IPV4_GRANTED));
        }
    }

    @Test
    void ipv4FailuresAreReportedInTheIpv4AckWhileIpv6Registers()
    {
        final List<RegistrationConfig.MobileNodePolicy> policies = List.of(new RegistrationConfig.MobileNodePolicy(
            HOME_HIGH, HOME_LOW, STATIC4, false, List.of(), false, List.of()));
        try (RegistrationFixture f = new RegistrationFixture(dir, RegistrationFixture.config(false, 0, false,
            policies)))
        {
            final int[][] cases = {
                {STATIC4 + 1, Ipv4AddressAcknowledgementOption.STATUS_INCORRECT_IPV4_HOME_ADDRESS},
                {ipv4("10.0.0.1"), Ipv4AddressAcknowledgementOption.STATUS_INVALID_IPV4_ADDRESS},
                {ipv4("224.0.0.1"), Ipv4AddressAcknowledgementOption.STATUS_INVALID_IPV4_ADDRESS},
            };
            int sequence = 1;
            for (final int[] c : cases)
            {
                final BindingUpdateRequest request = nativeRequest(sequence++);
                request.hasIpv4HomeAddress = true;
                request.ipv4HomeAddress = c[0];
                request.ipv4HomePrefixLength = 32;
                f.send(request, T0);
                assertEquals(BindingAck.STATUS_ACCEPTED, f.lastAck().status);
                assertEquals(c[1], f.lastAck().ipv4AckStatus);
                assertFalse(f.hasIpv4(c[0]));
            }
            assertTrue(f.hasIpv6(HOME_HIGH, HOME_LOW));
            assertEquals(1, f.count(RegistrationCounter.IPV4_INCORRECT_HOME_ADDRESS));
            assertEquals(2, f.count(RegistrationCounter.IPV4_INVALID_ADDRESS));
        }
    }

    @Test
    void dynamicAddressNotAllowedIs129AndPoolExhaustedIs132()
    {
        final List<RegistrationConfig.MobileNodePolicy> policies = List.of(new RegistrationConfig.MobileNodePolicy(
            HOME_HIGH, HOME_LOW, 0, false, List.of(), false, List.of()));
        try (RegistrationFixture f = new RegistrationFixture(dir, RegistrationFixture.config(true, 0, false,
            policies)))
        {
            final BindingUpdateRequest request = nativeRequest(1);
            request.hasIpv4HomeAddress = true;
            f.send(request, T0);
            assertEquals(BindingAck.STATUS_ACCEPTED, f.lastAck().status);
            assertEquals(Ipv4AddressAcknowledgementOption.STATUS_ADMINISTRATIVELY_PROHIBITED,
                f.lastAck().ipv4AckStatus);
            assertEquals(1, f.count(RegistrationCounter.IPV4_PROHIBITED));

            // Home-prefix authorization without a policy: dynamic addresses from the /30 pool (4 addresses).
            for (int i = 0; i < 5; i++)
            {
                final BindingUpdateRequest other = nativeRequest(1);
                other.homeAddressLow = 0x500 + i;
                other.hasIpv4HomeAddress = true;
                f.send(other, T0);
                assertEquals(BindingAck.STATUS_ACCEPTED, f.lastAck().status);
            }
            assertEquals(Ipv4AddressAcknowledgementOption.STATUS_DYNAMIC_ASSIGNMENT_NOT_AVAILABLE,
                f.lastAck().ipv4AckStatus);
            assertEquals(4, f.addressPool.leased());
            assertEquals(1, f.count(RegistrationCounter.IPV4_DYNAMIC_UNAVAILABLE));
        }
    }

    @Test
    void dynamicIpv4PrefixIsPublishedInThePrefixTable()
    {
        try (RegistrationFixture f = new RegistrationFixture(dir, RegistrationFixture.labConfig()))
        {
            final BindingUpdateRequest request = udpRequest(1, COA4, 5000, COA4);
            request.hasIpv4HomeAddress = true;
            request.ipv4PrefixRequested = true;
            request.ipv4HomePrefixLength = 29;
            f.send(request, T0);
            final BindingAckReply ack = f.lastAck();
            assertEquals(Ipv4AddressAcknowledgementOption.STATUS_SUCCESS, ack.ipv4AckStatus);
            assertEquals(29, ack.ipv4AckPrefixLength);
            final int network = ack.ipv4AckAddress;
            assertTrue(f.prefixPool.contains(network, 29));
            assertTrue(f.prefixes.lookupIpv4(network + 5, f.match) >= 0);
            assertEquals(29, f.match.prefixLength());
            assertEquals(BindingView.ipv4MappedLow(network), f.match.ownerLow());
            assertTrue(f.hasIpv4(network));
            assertEquals(EncapVariant.IPV4_IN_IPV4, f.view.variant());

            final BindingUpdateRequest dereg = udpRequest(2, COA4, 5000, COA4);
            dereg.lifetimeUnits = 0;
            f.send(dereg, T0);
            assertTrue(f.prefixes.lookupIpv4(network + 5, f.match) < 0);
            assertEquals(0, f.prefixPool.leased());
            assertEquals(0, f.bindings.size());
        }
    }

    @Test
    void ipv4PrefixNotAuthorizedIs133()
    {
        final List<RegistrationConfig.MobileNodePolicy> policies = List.of(new RegistrationConfig.MobileNodePolicy(
            HOME_HIGH, HOME_LOW, 0, false, List.of(), false, List.of()));
        try (RegistrationFixture f = new RegistrationFixture(dir, RegistrationFixture.config(false, 0, false,
            policies)))
        {
            final BindingUpdateRequest request = nativeRequest(1);
            request.hasIpv4HomeAddress = true;
            request.ipv4PrefixRequested = true;
            request.ipv4HomePrefixLength = 29;
            f.send(request, T0);
            assertEquals(BindingAck.STATUS_ACCEPTED, f.lastAck().status);
            assertEquals(Ipv4AddressAcknowledgementOption.STATUS_PREFIX_ALLOCATION_UNAUTHORIZED,
                f.lastAck().ipv4AckStatus);
            assertEquals(1, f.count(RegistrationCounter.IPV4_PREFIX_UNAUTHORIZED));
            assertEquals(1, f.bindings.size());
            assertEquals(0, f.prefixPool.leased());
        }
    }

    @Test
    void staticIpv4HomeAddressOfAnotherNodeIsRefused()
    {
        try (RegistrationFixture f = new RegistrationFixture(dir, RegistrationFixture.labConfig()))
        {
            final BindingUpdateRequest first = nativeRequest(1);
            first.hasIpv4HomeAddress = true;
            first.ipv4HomeAddress = STATIC4;
            f.send(first, T0);
            assertEquals(Ipv4AddressAcknowledgementOption.STATUS_SUCCESS, f.lastAck().ipv4AckStatus);

            final BindingUpdateRequest thief = nativeRequest(1);
            thief.homeAddressLow = 0x999;
            thief.hasIpv4HomeAddress = true;
            thief.ipv4HomeAddress = STATIC4;
            f.send(thief, T0);
            assertEquals(Ipv4AddressAcknowledgementOption.STATUS_INCORRECT_IPV4_HOME_ADDRESS,
                f.lastAck().ipv4AckStatus);
            assertTrue(f.hasIpv4(STATIC4));
            assertEquals(HOME_LOW, f.processor.binding(HOME_HIGH, HOME_LOW).homeLow);
            assertEquals(EncapVariant.IPV4_IN_IPV6, f.view.variant());
        }
    }
}
