package dsmipha.slowpath.registration;

import static dsmipha.common.testing.Addresses.high;
import static dsmipha.slowpath.registration.RegistrationFixture.HOME_HIGH;
import static dsmipha.slowpath.registration.RegistrationFixture.HOME_LOW;
import static dsmipha.slowpath.registration.RegistrationFixture.MNP_HIGH;
import static dsmipha.slowpath.registration.RegistrationFixture.T0;
import static dsmipha.slowpath.registration.RegistrationFixture.nativeRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dsmipha.common.codec.mh.BindingAck;
import dsmipha.common.codec.mh.BindingUpdate;

/**
 * RFC 3963 §6.1-§6.2 mobile router registration: rights, explicit and implicit modes, prefix table entries.
 */
final class RegistrationMobileRouterTest
{
    private static final long MNP2_HIGH = high("2001:db8:b:200::");

    @TempDir
    Path dir;

    private RegistrationFixture routerFixture(final List<Long> prefixes)
    {
        return new RegistrationFixture(dir, RegistrationFixture.config(false, 0, false,
            List.of(RegistrationFixture.router(HOME_LOW, prefixes))));
    }

    private static BindingUpdateRequest routerRequest(final int sequence, final long... prefixHighs)
    {
        final BindingUpdateRequest request = nativeRequest(sequence);
        request.flags |= BindingUpdate.FLAG_MOBILE_ROUTER;
        for (final long prefix : prefixHighs)
        {
            addPrefix(request, prefix, 0, 64);
        }
        return request;
    }

    private static void addPrefix(final BindingUpdateRequest request, final long high, final long low, final int len)
    {
        final int i = request.mobileNetworkPrefixCount++;
        request.mobileNetworkPrefixHigh[i] = high;
        request.mobileNetworkPrefixLow[i] = low;
        request.mobileNetworkPrefixLength[i] = len;
    }

    @Test
    void mobileRouterWithoutRightsIsRejectedWith140()
    {
        try (RegistrationFixture f = new RegistrationFixture(dir, RegistrationFixture.labConfig()))
        {
            f.send(routerRequest(1, MNP_HIGH), T0);
            assertEquals(BindingAck.STATUS_MOBILE_ROUTER_OPERATION_NOT_PERMITTED, f.lastAck().status);
            assertEquals(1, f.count(RegistrationCounter.REJECT_MOBILE_ROUTER_NOT_PERMITTED));
            assertEquals(0, f.bindings.size());
            assertEquals(0, f.prefixes.size());
        }
    }

    @Test
    void explicitModeRegistersTheListedPrefixesAndAcksWithR()
    {
        try (RegistrationFixture f = routerFixture(List.of(MNP_HIGH, MNP2_HIGH)))
        {
            f.send(routerRequest(1, MNP_HIGH), T0);
            assertEquals(BindingAck.STATUS_ACCEPTED, f.lastAck().status);
            assertEquals(BindingAck.FLAG_MOBILE_ROUTER, f.lastAck().flags & BindingAck.FLAG_MOBILE_ROUTER);
            assertEquals(1, f.prefixes.size());
            assertTrue(f.prefixes.lookupIpv6(MNP_HIGH, 0x1234, f.match) >= 0);
            assertEquals(HOME_HIGH, f.match.ownerHigh());
            assertEquals(HOME_LOW, f.match.ownerLow());
            assertEquals(64, f.match.prefixLength());

            // A refresh with another prefix moves the table to the new set.
            f.send(routerRequest(2, MNP2_HIGH), T0);
            assertEquals(1, f.prefixes.size());
            assertTrue(f.prefixes.lookupIpv6(MNP2_HIGH, 1, f.match) >= 0);
            assertTrue(f.prefixes.lookupIpv6(MNP_HIGH, 1, f.match) < 0);

            final BindingUpdateRequest dereg = routerRequest(3);
            dereg.lifetimeUnits = 0;
            f.send(dereg, T0);
            assertEquals(0, f.prefixes.size());
            assertEquals(0, f.bindings.size());
        }
    }

    @Test
    void prefixNotInPolicyIsRejectedWith142()
    {
        try (RegistrationFixture f = routerFixture(List.of(MNP_HIGH)))
        {
            f.send(routerRequest(1, MNP_HIGH, MNP2_HIGH), T0);
            assertEquals(BindingAck.STATUS_NOT_AUTHORIZED_FOR_PREFIX, f.lastAck().status);
            assertEquals(1, f.count(RegistrationCounter.REJECT_PREFIX_NOT_AUTHORIZED));
            assertEquals(0, f.prefixes.size());
            assertEquals(0, f.bindings.size());
        }
    }

    @Test
    void malformedPrefixesAreRejectedWith141()
    {
        try (RegistrationFixture f = routerFixture(List.of(MNP_HIGH)))
        {
            final BindingUpdateRequest zero = routerRequest(1);
            addPrefix(zero, 0, 0, 0);
            final BindingUpdateRequest tooLong = routerRequest(1);
            addPrefix(tooLong, MNP_HIGH, 0, 129);
            final BindingUpdateRequest hostBits = routerRequest(1);
            addPrefix(hostBits, MNP_HIGH, 1, 64);
            final BindingUpdateRequest overlapsHome = routerRequest(1);
            addPrefix(overlapsHome, HOME_HIGH, 0, 64);
            for (final BindingUpdateRequest request : List.of(zero, tooLong, hostBits, overlapsHome))
            {
                f.send(request, T0);
                assertEquals(BindingAck.STATUS_INVALID_PREFIX, f.lastAck().status);
            }
            assertEquals(4, f.count(RegistrationCounter.REJECT_INVALID_PREFIX));
            assertEquals(0, f.prefixes.size());
        }
    }

    @Test
    void implicitModeRegistersTheConfiguredPrefixes()
    {
        try (RegistrationFixture f = routerFixture(List.of(MNP_HIGH, MNP2_HIGH)))
        {
            f.send(routerRequest(1), T0);
            assertEquals(BindingAck.STATUS_ACCEPTED, f.lastAck().status);
            assertEquals(BindingAck.FLAG_MOBILE_ROUTER, f.lastAck().flags);
            assertEquals(2, f.prefixes.size());
            assertTrue(f.prefixes.lookupIpv6(MNP2_HIGH, 9, f.match) >= 0);
            assertEquals(HOME_LOW, f.match.ownerLow());
        }
    }

    @Test
    void implicitModeWithoutConfiguredPrefixesIsRejectedWith143()
    {
        try (RegistrationFixture f = routerFixture(List.of()))
        {
            f.send(routerRequest(1), T0);
            assertEquals(BindingAck.STATUS_MOBILE_NETWORK_PREFIX_INFORMATION_UNAVAILABLE, f.lastAck().status);
            assertEquals(1, f.count(RegistrationCounter.REJECT_PREFIX_UNAVAILABLE));
            assertEquals(0, f.bindings.size());
        }
    }

    @Test
    void fullPrefixTableIsRejectedWith130AndNothingHalfPublished()
    {
        final List<Long> many = new java.util.ArrayList<>();
        for (int i = 0; i < 17; i++)
        {
            many.add(MNP_HIGH + ((long)i << 16));
        }
        try (RegistrationFixture f = routerFixture(many))
        {
            f.send(routerRequest(1), T0);
            assertEquals(BindingAck.STATUS_INSUFFICIENT_RESOURCES, f.lastAck().status);
            assertEquals(1, f.count(RegistrationCounter.REJECT_TABLE_FULL));
            assertEquals(0, f.prefixes.size());
            assertEquals(0, f.bindings.size());
            assertEquals(0, f.processor.bindingCount());

            f.send(routerRequest(2, MNP_HIGH), T0);
            assertEquals(BindingAck.STATUS_ACCEPTED, f.lastAck().status);
            f.send(routerRequest(3), T0);
            assertEquals(BindingAck.STATUS_INSUFFICIENT_RESOURCES, f.lastAck().status);
            assertEquals(1, f.prefixes.size(), "the previous registration's prefix is kept");
            assertTrue(f.prefixes.lookupIpv6(MNP_HIGH, 1, f.match) >= 0);
            assertEquals(2, f.processor.binding(HOME_HIGH, HOME_LOW).sequence);
        }
    }

    @Test
    void expiryRemovesTheRoutersPrefixes()
    {
        try (RegistrationFixture f = routerFixture(List.of(MNP_HIGH)))
        {
            f.send(routerRequest(1, MNP_HIGH), T0);
            f.processor.doWork(T0 + 61 * RegistrationFixture.SECOND);
            assertEquals(0, f.prefixes.size());
            assertEquals(0, f.bindings.size());
        }
    }
}
