package dsmipha.slowpath.registration;

import static dsmipha.slowpath.registration.RegistrationFixture.COA2_LOW;
import static dsmipha.slowpath.registration.RegistrationFixture.COA_HIGH;
import static dsmipha.slowpath.registration.RegistrationFixture.COA_LOW;
import static dsmipha.slowpath.registration.RegistrationFixture.HA_HIGH;
import static dsmipha.slowpath.registration.RegistrationFixture.HA_LOW;
import static dsmipha.slowpath.registration.RegistrationFixture.HOME_HIGH;
import static dsmipha.slowpath.registration.RegistrationFixture.HOME_LOW;
import static dsmipha.slowpath.registration.RegistrationFixture.OTHER_HOME_LOW;
import static dsmipha.slowpath.registration.RegistrationFixture.SECOND;
import static dsmipha.slowpath.registration.RegistrationFixture.T0;
import static dsmipha.slowpath.registration.RegistrationFixture.nativeRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dsmipha.common.codec.mh.BindingAck;
import dsmipha.common.codec.mh.BindingUpdate;
import dsmipha.fastpath.binding.EncapVariant;

/**
 * RFC 6275 home registration rules (§9.5.1, §10.3.1, §10.3.2) through the public API over real fastpath tables.
 */
final class RegistrationProcessorTest
{
    @TempDir
    Path dir;

    @Test
    void acceptsNativeRegistrationPublishesThenAcks()
    {
        try (RegistrationFixture f = new RegistrationFixture(dir, RegistrationFixture.labConfig()))
        {
            f.send(nativeRequest(7), T0);

            final BindingAckReply ack = f.lastAck();
            assertEquals(BindingAck.STATUS_ACCEPTED, ack.status);
            assertEquals(7, ack.sequence);
            assertEquals(15, ack.lifetimeUnits);
            assertEquals(0, ack.flags & BindingAck.FLAG_KEY_MANAGEMENT);
            assertEquals(HA_HIGH, ack.localHigh);
            assertEquals(HA_LOW, ack.localLow);
            assertEquals(COA_LOW, ack.careOfLow);
            assertEquals(HOME_LOW, ack.homeLow);
            assertFalse(ack.includeIpv4Ack);
            assertFalse(ack.includeNatDetection);
            assertTrue(f.hasIpv6(HOME_HIGH, HOME_LOW));
            assertEquals(EncapVariant.IPV6_IN_IPV6, f.view.variant());
            assertEquals(COA_HIGH, f.view.careOfHigh());
            assertEquals(COA_LOW, f.view.careOfLow());
            assertEquals(1400, f.view.tunnelMtu());
            assertEquals(1, f.processor.bindingCount());
            assertTrue(f.processor.hasBinding(HOME_HIGH, HOME_LOW));
            assertEquals(List.of("reg 20010db8000a0000:100 0 true"), f.homeLink.events);
            assertEquals(1, f.count(RegistrationCounter.ACCEPTED_NEW));
            assertEquals(1, f.count(RegistrationCounter.TX_BINDING_ACK));
        }
    }

    @Test
    void alternateCareOfAddressWinsOverSourceAndRefreshMovesTheBinding()
    {
        try (RegistrationFixture f = new RegistrationFixture(dir, RegistrationFixture.labConfig()))
        {
            f.send(nativeRequest(1), T0);
            final BindingUpdateRequest moved = nativeRequest(2);
            moved.hasAlternateCareOf = true;
            moved.alternateCareOfHigh = COA_HIGH;
            moved.alternateCareOfLow = COA2_LOW;
            f.send(moved, T0 + SECOND);

            assertTrue(f.hasIpv6(HOME_HIGH, HOME_LOW));
            assertEquals(COA2_LOW, f.view.careOfLow());
            assertEquals(1, f.count(RegistrationCounter.ACCEPTED_REFRESH));
            assertEquals("reg 20010db8000a0000:100 0 false", f.homeLink.events.get(1));
            assertEquals(2, f.processor.binding(HOME_HIGH, HOME_LOW).sequence);
        }
    }

    @Test
    void unprotectedBindingUpdateIsDiscardedWhenNotAllowed()
    {
        final RegistrationConfig lab = RegistrationFixture.labConfig();
        final RegistrationConfig strict = new RegistrationConfig(false, 3600, 0, 110, false, lab.homeLinkMode(),
            false, 1400, lab.homePrefixes(), lab.homeIpv4Subnets(), true, lab.ipv4AddressPools(),
            lab.ipv4PrefixPools(), List.of());
        try (RegistrationFixture f = new RegistrationFixture(dir, strict))
        {
            f.send(nativeRequest(1), T0);
            assertTrue(f.sender.acks.isEmpty());
            assertFalse(f.hasIpv6(HOME_HIGH, HOME_LOW));
            assertEquals(1, f.count(RegistrationCounter.DROP_UNPROTECTED));

            final BindingUpdateRequest protectedRequest = nativeRequest(2);
            protectedRequest.ipsecProtected = true;
            f.send(protectedRequest, T0);
            assertEquals(BindingAck.STATUS_ACCEPTED, f.lastAck().status);
        }
    }

    @Test
    void correspondentRegistrationIsDiscarded()
    {
        try (RegistrationFixture f = new RegistrationFixture(dir, RegistrationFixture.labConfig()))
        {
            final BindingUpdateRequest request = nativeRequest(1);
            request.flags = BindingUpdate.FLAG_ACKNOWLEDGE;
            f.send(request, T0);
            assertTrue(f.sender.acks.isEmpty());
            assertEquals(0, f.bindings.size());
            assertEquals(1, f.count(RegistrationCounter.DROP_NOT_HOME_REGISTRATION));
        }
    }

    @Test
    void unservedFlagCombinationsAreDiscardedWithoutStateChange()
    {
        try (RegistrationFixture f = new RegistrationFixture(dir, RegistrationFixture.labConfig()))
        {
            f.send(nativeRequest(1), T0);
            final int[] hostile = {BindingUpdate.FLAG_MAP_REGISTRATION, BindingUpdate.FLAG_TLV_HEADER,
                BindingUpdate.FLAG_BULK, BindingUpdate.FLAG_S, BindingUpdate.FLAG_D};
            int sequence = 2;
            for (final int flag : hostile)
            {
                final BindingUpdateRequest request = nativeRequest(sequence++);
                request.flags |= flag;
                request.sourceLow = COA2_LOW;
                f.send(request, T0);
            }
            assertEquals(1, f.sender.acks.size());
            assertEquals(5, f.count(RegistrationCounter.DROP_UNSUPPORTED_FLAGS));
            assertTrue(f.hasIpv6(HOME_HIGH, HOME_LOW));
            assertEquals(COA_LOW, f.view.careOfLow());
            assertEquals(1, f.processor.binding(HOME_HIGH, HOME_LOW).sequence);
        }
    }

    @Test
    void proxyRegistrationIsRejectedWith152()
    {
        try (RegistrationFixture f = new RegistrationFixture(dir, RegistrationFixture.labConfig()))
        {
            final BindingUpdateRequest request = nativeRequest(1);
            request.flags |= BindingUpdate.FLAG_PROXY_REGISTRATION;
            f.send(request, T0);
            assertEquals(RegistrationProcessor.STATUS_PROXY_REGISTRATION_NOT_ENABLED, f.lastAck().status);
            assertEquals(0, f.bindings.size());
            assertEquals(1, f.count(RegistrationCounter.REJECT_PROXY_REGISTRATION));
        }
    }

    @Test
    void homeAddressOutsideHomePrefixIsRejectedWith132EvenWithoutAckFlag()
    {
        try (RegistrationFixture f = new RegistrationFixture(dir, RegistrationFixture.labConfig()))
        {
            final BindingUpdateRequest request = nativeRequest(1);
            request.homeAddressHigh = COA_HIGH;
            request.flags = BindingUpdate.FLAG_HOME_REGISTRATION;
            f.send(request, T0);
            assertEquals(BindingAck.STATUS_NOT_HOME_SUBNET, f.lastAck().status);
            assertEquals(0, f.bindings.size());
            assertEquals(1, f.count(RegistrationCounter.REJECT_NOT_HOME_SUBNET));
        }
    }

    @Test
    void bindingUpdateForAnotherNodesHomeAddressIsRejectedWith133()
    {
        final List<RegistrationConfig.MobileNodePolicy> policies = List.of(new RegistrationConfig.MobileNodePolicy(
            HOME_HIGH, HOME_LOW, 0, false, List.of(), false, List.of()));
        try (RegistrationFixture f = new RegistrationFixture(dir, RegistrationFixture.config(false, 0, false,
            policies)))
        {
            f.send(nativeRequest(1), T0);
            assertEquals(BindingAck.STATUS_ACCEPTED, f.lastAck().status);

            final BindingUpdateRequest hostile = nativeRequest(2);
            hostile.homeAddressLow = OTHER_HOME_LOW;
            hostile.sourceLow = COA2_LOW;
            f.send(hostile, T0);
            assertEquals(BindingAck.STATUS_NOT_HOME_AGENT_FOR_THIS_MOBILE_NODE, f.lastAck().status);
            assertEquals(OTHER_HOME_LOW, f.lastAck().homeLow);
            assertEquals(1, f.count(RegistrationCounter.REJECT_NOT_AUTHORIZED));
            assertEquals(1, f.bindings.size());
            assertFalse(f.hasIpv6(HOME_HIGH, OTHER_HOME_LOW));
            assertTrue(f.hasIpv6(HOME_HIGH, HOME_LOW));
            assertEquals(COA_LOW, f.view.careOfLow());
        }
    }

    @Test
    void replayedSequenceIsRejectedWith135CarryingTheLastAcceptedAndChangesNothing()
    {
        try (RegistrationFixture f = new RegistrationFixture(dir, RegistrationFixture.labConfig()))
        {
            f.send(nativeRequest(100), T0);
            final BindingUpdateRequest replay = nativeRequest(100);
            replay.sourceLow = COA2_LOW;
            f.send(replay, T0);
            assertEquals(BindingAck.STATUS_SEQUENCE_NUMBER_OUT_OF_WINDOW, f.lastAck().status);
            assertEquals(100, f.lastAck().sequence);
            final BindingUpdateRequest older = nativeRequest(100 - 5);
            older.sourceLow = COA2_LOW;
            f.send(older, T0);
            assertEquals(100, f.lastAck().sequence);
            assertEquals(2, f.count(RegistrationCounter.REJECT_SEQUENCE));
            assertTrue(f.hasIpv6(HOME_HIGH, HOME_LOW));
            assertEquals(COA_LOW, f.view.careOfLow());
        }
    }

    @Test
    void sequenceNumbersCompareModulo65536()
    {
        assertTrue(RegistrationProcessor.sequenceGreater(0, 65535));
        assertTrue(RegistrationProcessor.sequenceGreater(5, 65530));
        assertFalse(RegistrationProcessor.sequenceGreater(65535, 0));
        assertFalse(RegistrationProcessor.sequenceGreater(7, 7));
        try (RegistrationFixture f = new RegistrationFixture(dir, RegistrationFixture.labConfig()))
        {
            f.send(nativeRequest(65535), T0);
            f.send(nativeRequest(0), T0);
            assertEquals(BindingAck.STATUS_ACCEPTED, f.lastAck().status);
            assertEquals(0, f.processor.binding(HOME_HIGH, HOME_LOW).sequence);
        }
    }

    @Test
    void lifetimeIsBoundedByPolicyAndHomePrefixLifetime()
    {
        final RegistrationConfig lab = RegistrationFixture.labConfig();
        final RegistrationConfig shortPrefix = new RegistrationConfig(true, 3600, 0, 110, false,
            lab.homeLinkMode(), false, 1400, List.of(new RegistrationConfig.Ipv6Prefix(HOME_HIGH, 0, 64, 402)),
            lab.homeIpv4Subnets(), true, lab.ipv4AddressPools(), lab.ipv4PrefixPools(), List.of());
        try (RegistrationFixture f = new RegistrationFixture(dir, lab))
        {
            final BindingUpdateRequest request = nativeRequest(1);
            request.lifetimeUnits = 0xFFFF;
            f.send(request, T0);
            assertEquals(3600 / 4, f.lastAck().lifetimeUnits);
        }
        try (RegistrationFixture f = new RegistrationFixture(dir.resolve("b"), shortPrefix))
        {
            final BindingUpdateRequest request = nativeRequest(1);
            request.lifetimeUnits = 1000;
            f.send(request, T0);
            assertEquals(100, f.lastAck().lifetimeUnits);
            assertEquals(400, f.processor.binding(HOME_HIGH, HOME_LOW).lifetimeSeconds);
        }
    }

    @Test
    void deregistrationRemovesEverythingAndAcksWithLifetimeZero()
    {
        try (RegistrationFixture f = new RegistrationFixture(dir, RegistrationFixture.labConfig()))
        {
            final BindingUpdateRequest request = nativeRequest(1);
            request.hasIpv4HomeAddress = true;
            f.send(request, T0);
            final int ipv4 = f.processor.binding(HOME_HIGH, HOME_LOW).ipv4Home;
            assertTrue(f.hasIpv4(ipv4));
            assertEquals(1, f.addressPool.leased());

            final BindingUpdateRequest dereg = nativeRequest(2);
            dereg.lifetimeUnits = 0;
            f.send(dereg, T0 + SECOND);
            assertEquals(BindingAck.STATUS_ACCEPTED, f.lastAck().status);
            assertEquals(0, f.lastAck().lifetimeUnits);
            assertEquals(0, f.bindings.size());
            assertEquals(0, f.addressPool.leased());
            assertFalse(f.processor.hasBinding(HOME_HIGH, HOME_LOW));
            assertEquals("dereg 20010db8000a0000:100 " + Integer.toHexString(ipv4), f.homeLink.events.get(1));
            assertEquals(1, f.count(RegistrationCounter.DEREGISTERED));

            f.send(nativeRequest(3), T0);
            final BindingUpdateRequest home = nativeRequest(4);
            home.sourceHigh = HOME_HIGH;
            home.sourceLow = HOME_LOW;
            f.send(home, T0);
            assertEquals(BindingAck.STATUS_ACCEPTED, f.lastAck().status);
            assertEquals(0, f.bindings.size());
            assertEquals(2, f.count(RegistrationCounter.DEREGISTERED));
        }
    }

    @Test
    void deregistrationOfNoBindingIsRejectedWith133()
    {
        try (RegistrationFixture f = new RegistrationFixture(dir, RegistrationFixture.labConfig()))
        {
            final BindingUpdateRequest dereg = nativeRequest(2);
            dereg.lifetimeUnits = 0;
            f.send(dereg, T0);
            assertEquals(BindingAck.STATUS_NOT_HOME_AGENT_FOR_THIS_MOBILE_NODE, f.lastAck().status);
            assertEquals(1, f.count(RegistrationCounter.REJECT_DEREGISTRATION_NO_BINDING));
        }
    }

    @Test
    void acceptanceWithoutAckFlagSendsNothing()
    {
        try (RegistrationFixture f = new RegistrationFixture(dir, RegistrationFixture.labConfig()))
        {
            final BindingUpdateRequest request = nativeRequest(1);
            request.flags = BindingUpdate.FLAG_HOME_REGISTRATION;
            f.send(request, T0);
            assertNull(f.lastAck());
            assertTrue(f.hasIpv6(HOME_HIGH, HOME_LOW));
        }
    }

    @Test
    void invalidCareOfAddressIsRejectedWith174()
    {
        try (RegistrationFixture f = new RegistrationFixture(dir, RegistrationFixture.labConfig()))
        {
            final BindingUpdateRequest request = nativeRequest(1);
            request.hasAlternateCareOf = true;
            request.alternateCareOfHigh = 0xFF02_0000_0000_0000L;
            request.alternateCareOfLow = 1;
            f.send(request, T0);
            assertEquals(BindingAck.STATUS_INVALID_CARE_OF_ADDRESS, f.lastAck().status);
            assertEquals(1, f.count(RegistrationCounter.REJECT_INVALID_CARE_OF));
            assertEquals(0, f.bindings.size());
        }
    }

    @Test
    void linkLocalCompatibilityProxiesTheLinkLocalAddressToo()
    {
        try (RegistrationFixture f = new RegistrationFixture(dir, RegistrationFixture.labConfig()))
        {
            final BindingUpdateRequest request = nativeRequest(1);
            request.flags |= BindingUpdate.FLAG_LINK_LOCAL_COMPATIBILITY;
            f.send(request, T0);
            assertEquals(List.of("reg 20010db8000a0000:100 0 true", "reg fe80000000000000:100 0 true"),
                f.homeLink.events);
            final BindingUpdateRequest dereg = nativeRequest(2);
            dereg.lifetimeUnits = 0;
            f.send(dereg, T0);
            assertEquals("dereg fe80000000000000:100 0", f.homeLink.events.get(3));

            f.send(request, T0);
            final BindingUpdateRequest withoutL = nativeRequest(3);
            f.send(withoutL, T0);
            assertTrue(f.homeLink.events.contains("dereg fe80000000000000:100 0"));
            assertEquals("dereg fe80000000000000:100 0", f.homeLink.events.get(6));
        }
    }

    @Test
    void duplicateAddressDetectionDefersTheFirstRegistration()
    {
        try (RegistrationFixture f = new RegistrationFixture(dir, RegistrationFixture.labConfig()))
        {
            f.homeLink.dad = true;
            f.send(nativeRequest(1), T0);
            assertNull(f.lastAck());
            assertEquals(0, f.bindings.size());
            assertEquals(1, f.homeLink.dadStarts);
            assertEquals(1, f.processor.pendingDadCount());

            f.send(nativeRequest(2), T0);
            assertEquals(1, f.count(RegistrationCounter.DROP_DAD_IN_PROGRESS));

            f.homeLink.dadListener.onDuplicateAddressDetection(f.homeLink.dadToken, HomeLink.DAD_UNIQUE, T0 + SECOND);
            assertEquals(BindingAck.STATUS_ACCEPTED, f.lastAck().status);
            assertEquals(1, f.lastAck().sequence);
            assertTrue(f.hasIpv6(HOME_HIGH, HOME_LOW));
            assertEquals(0, f.processor.pendingDadCount());

            f.send(nativeRequest(3), T0 + 2 * SECOND);
            assertEquals(1, f.homeLink.dadStarts);
            assertEquals(BindingAck.STATUS_ACCEPTED, f.lastAck().status);
        }
    }

    @Test
    void duplicateAddressIsRejectedWith134AndNothingPublished()
    {
        try (RegistrationFixture f = new RegistrationFixture(dir, RegistrationFixture.labConfig()))
        {
            f.homeLink.dad = true;
            f.send(nativeRequest(1), T0);
            f.homeLink.dadListener.onDuplicateAddressDetection(f.homeLink.dadToken, HomeLink.DAD_DUPLICATE, T0);
            assertEquals(BindingAck.STATUS_DUPLICATE_ADDRESS_DETECTION_FAILED, f.lastAck().status);
            assertEquals(HOME_LOW, f.lastAck().homeLow);
            assertEquals(0, f.bindings.size());
            assertEquals(1, f.count(RegistrationCounter.REJECT_DAD_FAILED));
            f.homeLink.dadListener.onDuplicateAddressDetection(f.homeLink.dadToken, HomeLink.DAD_UNIQUE, T0);
            assertEquals(0, f.bindings.size());
        }
    }

    @Test
    void tooManyPendingDadRunsAreRejectedWith130()
    {
        try (RegistrationFixture f = new RegistrationFixture(dir, RegistrationFixture.labConfig()))
        {
            f.homeLink.dad = true;
            for (int i = 0; i <= RegistrationProcessor.MAX_PENDING_DAD; i++)
            {
                final BindingUpdateRequest request = nativeRequest(1);
                request.homeAddressLow = 0x1000 + i;
                f.send(request, T0);
            }
            assertEquals(RegistrationProcessor.MAX_PENDING_DAD, f.processor.pendingDadCount());
            assertEquals(BindingAck.STATUS_INSUFFICIENT_RESOURCES, f.lastAck().status);
            assertEquals(1, f.count(RegistrationCounter.REJECT_DAD_BUSY));
        }
    }

    @Test
    void fullBindingTableIsRejectedWith130AndNothingHalfPublished()
    {
        try (RegistrationFixture f = new RegistrationFixture(dir, RegistrationFixture.labConfig(), 1))
        {
            final BindingUpdateRequest request = nativeRequest(1);
            request.hasIpv4HomeAddress = true;
            f.send(request, T0);
            assertEquals(BindingAck.STATUS_INSUFFICIENT_RESOURCES, f.lastAck().status);
            assertEquals(1, f.count(RegistrationCounter.REJECT_TABLE_FULL));
            assertEquals(0, f.bindings.size());
            assertEquals(0, f.addressPool.leased());
            assertEquals(0, f.processor.bindingCount());
            assertTrue(f.homeLink.events.isEmpty());

            f.send(nativeRequest(2), T0);
            assertEquals(BindingAck.STATUS_ACCEPTED, f.lastAck().status);
            final BindingUpdateRequest more = nativeRequest(3);
            more.hasIpv4HomeAddress = true;
            more.sourceLow = COA2_LOW;
            f.send(more, T0);
            assertEquals(BindingAck.STATUS_INSUFFICIENT_RESOURCES, f.lastAck().status);
            assertTrue(f.hasIpv6(HOME_HIGH, HOME_LOW));
            assertEquals(COA_LOW, f.view.careOfLow(), "previous binding written back");
            assertEquals(2, f.processor.binding(HOME_HIGH, HOME_LOW).sequence);
            assertEquals(0, f.addressPool.leased());
        }
    }

    @Test
    void expiryRemovesTheBindingWithoutAck()
    {
        try (RegistrationFixture f = new RegistrationFixture(dir, RegistrationFixture.labConfig()))
        {
            final BindingUpdateRequest request = nativeRequest(1);
            request.hasIpv4HomeAddress = true;
            f.send(request, T0);
            final int acks = f.sender.acks.size();
            for (long t = T0; t < T0 + 59 * SECOND; t += SECOND)
            {
                f.processor.doWork(t);
            }
            assertEquals(1, f.processor.bindingCount());
            for (long t = T0 + 59 * SECOND; t <= T0 + 62 * SECOND; t += SECOND / 4)
            {
                f.processor.doWork(t);
            }
            assertEquals(0, f.processor.bindingCount());
            assertEquals(0, f.bindings.size());
            assertEquals(0, f.addressPool.leased());
            assertEquals(acks, f.sender.acks.size());
            assertEquals(1, f.count(RegistrationCounter.EXPIRED));
            assertTrue(f.homeLink.events.get(1).startsWith("dereg 20010db8000a0000:100"));
        }
    }

    @Test
    void refreshedBindingDoesNotExpireAtTheOldDeadline()
    {
        try (RegistrationFixture f = new RegistrationFixture(dir, RegistrationFixture.labConfig()))
        {
            f.send(nativeRequest(1), T0);
            f.send(nativeRequest(2), T0 + 30 * SECOND);
            f.processor.doWork(T0 + 70 * SECOND);
            assertEquals(1, f.processor.bindingCount());
            f.processor.doWork(T0 + 91 * SECOND);
            assertEquals(0, f.processor.bindingCount());
        }
    }

    @Test
    void bindingRefreshRequestIsSentBeforeExpiryAlongTheStoredPath()
    {
        try (RegistrationFixture f = new RegistrationFixture(dir, RegistrationFixture.config(true, 10, false,
            List.of())))
        {
            f.send(nativeRequest(1), T0);
            f.processor.doWork(T0 + 49 * SECOND);
            assertTrue(f.sender.refreshRequests.isEmpty());
            f.processor.doWork(T0 + 51 * SECOND);
            assertEquals(1, f.sender.refreshRequests.size());
            final long[] brr = f.sender.refreshRequests.get(0);
            assertEquals(HA_LOW, brr[2]);
            assertEquals(COA_LOW, brr[4]);
            assertEquals(HOME_LOW, brr[6]);
            assertEquals(1, f.count(RegistrationCounter.TX_REFRESH_REQUEST));
            assertEquals(1, f.processor.bindingCount());
            f.processor.doWork(T0 + 61 * SECOND);
            assertEquals(0, f.processor.bindingCount());
            assertEquals(1, f.sender.refreshRequests.size());
        }
    }

    @Test
    void restoreRepublishesASavedBinding()
    {
        final BindingRecord saved = new BindingRecord();
        try (RegistrationFixture f = new RegistrationFixture(dir, RegistrationFixture.labConfig()))
        {
            final BindingUpdateRequest request = nativeRequest(9);
            request.hasIpv4HomeAddress = true;
            f.send(request, T0);
            f.processor.forEachBinding(saved::copyFrom);
        }
        try (RegistrationFixture f = new RegistrationFixture(dir.resolve("b"), RegistrationFixture.labConfig()))
        {
            assertTrue(f.processor.restore(saved, T0 + SECOND));
            assertTrue(f.hasIpv6(HOME_HIGH, HOME_LOW));
            assertTrue(f.hasIpv4(saved.ipv4Home));
            assertEquals(1, f.addressPool.leased());
            assertEquals(1, f.count(RegistrationCounter.RESTORED));
            assertFalse(f.processor.restore(saved, T0 + SECOND), "already bound");
            f.send(nativeRequest(9), T0 + SECOND);
            assertEquals(BindingAck.STATUS_SEQUENCE_NUMBER_OUT_OF_WINDOW, f.lastAck().status);
            f.processor.doWork(T0 + 61 * SECOND);
            assertEquals(0, f.bindings.size());
        }
        try (RegistrationFixture f = new RegistrationFixture(dir.resolve("c"), RegistrationFixture.labConfig()))
        {
            assertFalse(f.processor.restore(saved, T0 + 61 * SECOND), "expired");
            assertEquals(1, f.count(RegistrationCounter.RESTORE_REFUSED));
            assertEquals(0, f.bindings.size());
        }
    }
}
