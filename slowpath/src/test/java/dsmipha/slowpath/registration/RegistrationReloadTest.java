package dsmipha.slowpath.registration;

import static dsmipha.slowpath.registration.RegistrationFixture.HOME_HIGH;
import static dsmipha.slowpath.registration.RegistrationFixture.HOME_LOW;
import static dsmipha.slowpath.registration.RegistrationFixture.OTHER_HOME_LOW;
import static dsmipha.slowpath.registration.RegistrationFixture.T0;
import static dsmipha.slowpath.registration.RegistrationFixture.nativeRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dsmipha.common.codec.mh.BindingAck;
import dsmipha.common.codec.mh.Ipv4AddressAcknowledgementOption;

/**
 * A reloaded registration config (the operator's SIGHUP): new policies apply to the next Binding Update, no binding
 * is dropped, and dynamic leases move into the new pools.
 */
final class RegistrationReloadTest
{
    @TempDir
    Path dir;

    @Test
    void reloadKeepsBindingsAppliesNewPoliciesAndMovesLeases()
    {
        final RegistrationConfig.MobileNodePolicy first = policy(HOME_LOW);
        try (RegistrationFixture f = new RegistrationFixture(dir, RegistrationFixture.config(false, 0, false,
            List.of(first))))
        {
            final BindingUpdateRequest withIpv4 = nativeRequest(1);
            withIpv4.hasIpv4HomeAddress = true;
            f.send(withIpv4, T0);
            assertEquals(BindingAck.STATUS_ACCEPTED, f.lastAck().status);
            assertEquals(1, f.addressPool.leased());

            // The new file lists other nodes only; the same /30 pool (4 addresses) stays.
            final List<RegistrationConfig.MobileNodePolicy> others = new ArrayList<>();
            for (int i = 0; i < 4; i++)
            {
                others.add(policy(0x500 + i));
            }
            others.add(policy(OTHER_HOME_LOW));
            final RegistrationConfig next = RegistrationFixture.config(false, 0, false, others);
            assertEquals(0, f.processor.reload(next), "the lease lies inside the new pool");
            assertSame(next, f.processor.config());
            assertEquals(1, f.count(RegistrationCounter.RELOADED));
            assertTrue(f.hasIpv6(HOME_HIGH, HOME_LOW), "no binding is dropped by a reload");
            assertEquals(2, f.bindings.size(), "the IPv6 and the IPv4 home address entries stay");

            final BindingUpdateRequest listedNow = nativeRequest(1);
            listedNow.homeAddressLow = OTHER_HOME_LOW;
            f.send(listedNow, T0);
            assertEquals(BindingAck.STATUS_ACCEPTED, f.lastAck().status, "a newly listed node registers");

            final BindingUpdateRequest refresh = nativeRequest(2);
            f.send(refresh, T0);
            assertEquals(BindingAck.STATUS_NOT_HOME_AGENT_FOR_THIS_MOBILE_NODE, f.lastAck().status,
                "a node no longer listed is refused at its next Binding Update (RFC 6275 §10.3.1, 133)");
            assertTrue(f.hasIpv6(HOME_HIGH, HOME_LOW), "the refused refresh leaves the binding until it expires");

            // The old lease moved into the new pool: of its 4 addresses, only 3 remain for new nodes.
            int granted = 0;
            for (int i = 0; i < 4; i++)
            {
                final BindingUpdateRequest dynamic = nativeRequest(1);
                dynamic.homeAddressLow = 0x500 + i;
                dynamic.hasIpv4HomeAddress = true;
                f.send(dynamic, T0);
                assertEquals(BindingAck.STATUS_ACCEPTED, f.lastAck().status);
                granted += f.lastAck().ipv4AckStatus == Ipv4AddressAcknowledgementOption.STATUS_SUCCESS ? 1 : 0;
            }
            assertEquals(3, granted);
            assertEquals(Ipv4AddressAcknowledgementOption.STATUS_DYNAMIC_ASSIGNMENT_NOT_AVAILABLE,
                f.lastAck().ipv4AckStatus);
        }
    }

    @Test
    void leaseOutsideTheNewPoolsStaysWithItsBindingAndIsCounted()
    {
        try (RegistrationFixture f = new RegistrationFixture(dir, RegistrationFixture.labConfig()))
        {
            final BindingUpdateRequest withIpv4 = nativeRequest(1);
            withIpv4.hasIpv4HomeAddress = true;
            f.send(withIpv4, T0);
            assertEquals(Ipv4AddressAcknowledgementOption.STATUS_SUCCESS, f.lastAck().ipv4AckStatus);

            final RegistrationConfig lab = RegistrationFixture.labConfig();
            final RegistrationConfig movedPool = new RegistrationConfig(lab.allowUnprotectedSignaling(),
                lab.maxLifetimeSeconds(), lab.refreshRequestLeadSeconds(), lab.natKeepaliveSeconds(),
                lab.forceUdp(), lab.homeLinkMode(), lab.duplicateAddressDetection(), lab.tunnelMtu(),
                lab.homePrefixes(), lab.homeIpv4Subnets(), lab.authorizeHomePrefix(),
                List.of(new RegistrationConfig.Ipv4Prefix(0xC63364C8, 30)), lab.ipv4PrefixPools(), List.of());
            assertEquals(1, f.processor.reload(movedPool));
            assertEquals(1, f.count(RegistrationCounter.RELOAD_LEASE_OUTSIDE_POOL));
            assertTrue(f.hasIpv6(HOME_HIGH, HOME_LOW));
        }
    }

    private static RegistrationConfig.MobileNodePolicy policy(final long homeLow)
    {
        return new RegistrationConfig.MobileNodePolicy(HOME_HIGH, homeLow, 0, true, List.of(), false, List.of());
    }
}
