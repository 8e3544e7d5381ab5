package dsmipha.slowpath.registration;

import static dsmipha.slowpath.registration.HomeLinkFixture.MN_HIGH;
import static dsmipha.slowpath.registration.HomeLinkFixture.MN_LOW;
import static dsmipha.slowpath.registration.HomeLinkFixture.SECOND;
import static dsmipha.slowpath.registration.HomeLinkFixture.T0;
import static dsmipha.slowpath.registration.HomeLinkFixture.expected;
import static dsmipha.common.testing.Addresses.high;
import static dsmipha.common.testing.Addresses.low;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dsmipha.slowpath.neighbor.NeighborCounter;
import dsmipha.slowpath.registration.HomeLinkFixture.Outcome;

/**
 * Duplicate Address Detection on behalf of a mobile node (RFC 6275 §10.3.1, RFC 4862 §5.4), driven through a real
 * resolver with scapy-built frames and a hand-moved clock.
 */
class ProxyHomeLinkDadTest
{
    @Test
    void silenceForRetransTimerMeansUnique()
    {
        try (HomeLinkFixture f = new HomeLinkFixture())
        {
            assertTrue(f.homeLink.duplicateAddressDetection());
            f.homeLink.startDuplicateAddressDetection(MN_HIGH, MN_LOW, 42, f.listener, T0);
            // RFC 4862 §5.4.2: NS from :: to the solicited-node address, no Source Link-Layer Address option.
            assertEquals(1, f.sent.size());
            assertArrayEquals(expected("out_dad_ns"), f.sent.get(0).frame());
            assertEquals(0, f.homeLink.doWork(T0 + SECOND - 1));
            assertTrue(f.outcomes.isEmpty());
            assertEquals(1, f.homeLink.doWork(T0 + SECOND));
            assertEquals(List.of(new Outcome(42, HomeLink.DAD_UNIQUE, T0 + SECOND)), f.outcomes);
            assertEquals(1, f.homeLink.count(HomeLinkCounter.TX_DAD_SOLICITATION));
            assertEquals(1, f.homeLink.count(HomeLinkCounter.DAD_UNIQUE));
            assertEquals(0, f.homeLink.dadPending());
            // Not proxied by DAD itself: that waits for the registration.
            assertFalse(f.homeLink.proxiesIpv6(0, MN_HIGH, MN_LOW));
            // Once done, an advertisement for the address is no longer DAD's.
            assertEquals(NeighborCounter.DROP_UNSOLICITED_ADVERTISEMENT, f.receive("in_na_mn", 0, T0 + 2 * SECOND));
        }
    }

    @Test
    void anAdvertisementForTheAddressMeansDuplicate()
    {
        try (HomeLinkFixture f = new HomeLinkFixture())
        {
            f.homeLink.startDuplicateAddressDetection(MN_HIGH, MN_LOW, 7, f.listener, T0);
            // RFC 4862 §5.4.4: the resolver shows the NA to DAD, which takes it; no drop counted by the resolver.
            assertEquals(NeighborCounter.RX_NEIGHBOR_ADVERTISEMENT, f.receive("in_na_mn", 0, T0 + SECOND / 4));
            assertEquals(0, f.resolver.count(NeighborCounter.DROP_UNSOLICITED_ADVERTISEMENT));
            assertTrue(f.outcomes.isEmpty());
            f.homeLink.doWork(T0 + SECOND / 4);
            assertEquals(List.of(new Outcome(7, HomeLink.DAD_DUPLICATE, T0 + SECOND / 4)), f.outcomes);
            assertEquals(1, f.homeLink.count(HomeLinkCounter.DAD_DUPLICATE_ADVERTISEMENT));
            // The deadline passes without a second outcome; the slot is reclaimed.
            f.homeLink.doWork(T0 + 2 * SECOND);
            assertEquals(1, f.outcomes.size());
            assertEquals(0, f.homeLink.count(HomeLinkCounter.DAD_UNIQUE));
            assertEquals(0, f.homeLink.dadPending());
        }
    }

    @Test
    void anotherNodesProbeForTheAddressMeansDuplicate()
    {
        try (HomeLinkFixture f = new HomeLinkFixture())
        {
            f.homeLink.startDuplicateAddressDetection(MN_HIGH, MN_LOW, 8, f.listener, T0);
            // RFC 4862 §5.4.3: NS from :: for the tentative address.
            assertEquals(NeighborCounter.RX_NEIGHBOR_SOLICITATION, f.receive("in_ns_dad_mn", 0, T0 + 1));
            assertEquals(0, f.resolver.count(NeighborCounter.DROP_NOT_FOR_US));
            f.homeLink.doWork(T0 + 2);
            assertEquals(List.of(new Outcome(8, HomeLink.DAD_DUPLICATE, T0 + 2)), f.outcomes);
            assertEquals(1, f.homeLink.count(HomeLinkCounter.DAD_DUPLICATE_PROBE));
        }
    }

    @Test
    void messagesForOtherAddressesOrPortsDoNotDisturbDetection()
    {
        try (HomeLinkFixture f = new HomeLinkFixture())
        {
            f.homeLink.startDuplicateAddressDetection(MN_HIGH, MN_LOW, 9, f.listener, T0);
            assertEquals(NeighborCounter.DROP_UNSOLICITED_ADVERTISEMENT, f.receive("in_na_other", 0, T0 + 1));
            // The same advertisement on another port is not on the home link.
            assertFalse(f.homeLink.onDadCollision(1, MN_HIGH, MN_LOW, true));
            f.homeLink.doWork(T0 + SECOND);
            assertEquals(List.of(new Outcome(9, HomeLink.DAD_UNIQUE, T0 + SECOND)), f.outcomes);
        }
    }

    @Test
    void twoRunsForOneAddressBothEndDuplicateOrEachEndsUnique()
    {
        try (HomeLinkFixture f = new HomeLinkFixture())
        {
            f.homeLink.startDuplicateAddressDetection(MN_HIGH, MN_LOW, 1, f.listener, T0);
            f.homeLink.startDuplicateAddressDetection(MN_HIGH, MN_LOW, 2, f.listener, T0 + SECOND / 2);
            f.receive("in_na_mn", 0, T0 + SECOND / 2);
            f.homeLink.doWork(T0 + SECOND / 2);
            assertEquals(2, f.outcomes.size());
            assertTrue(f.outcomes.stream().allMatch(o -> o.outcome() == HomeLink.DAD_DUPLICATE));
            assertEquals(2, f.homeLink.count(HomeLinkCounter.DAD_DUPLICATE_ADVERTISEMENT));
            f.outcomes.clear();

            f.homeLink.startDuplicateAddressDetection(MN_HIGH, MN_LOW, 3, f.listener, T0 + 3 * SECOND);
            f.homeLink.startDuplicateAddressDetection(MN_HIGH, MN_LOW, 4, f.listener, T0 + 3 * SECOND + SECOND / 2);
            f.homeLink.doWork(T0 + 4 * SECOND);
            assertEquals(List.of(new Outcome(3, HomeLink.DAD_UNIQUE, T0 + 4 * SECOND)), f.outcomes);
            // The second run still watches the address.
            assertTrue(f.homeLink.onDadCollision(0, MN_HIGH, MN_LOW, true));
            f.homeLink.doWork(T0 + 4 * SECOND + 1);
            assertEquals(new Outcome(4, HomeLink.DAD_DUPLICATE, T0 + 4 * SECOND + 1), f.outcomes.get(1));
        }
    }

    @Test
    void failuresAreReportedAsFailed()
    {
        try (HomeLinkFixture f = new HomeLinkFixture(2, 16))
        {
            f.refuse = true;
            f.homeLink.startDuplicateAddressDetection(MN_HIGH, MN_LOW, 1, f.listener, T0);
            f.refuse = false;
            f.homeLink.startDuplicateAddressDetection(high("ff02::1"), low("ff02::1"), 2, f.listener, T0);
            // The table of two is full: this one hears its failure at once.
            f.homeLink.startDuplicateAddressDetection(MN_HIGH, MN_LOW, 3, f.listener, T0);
            assertEquals(List.of(new Outcome(3, HomeLink.DAD_FAILED, T0)), f.outcomes);
            f.homeLink.doWork(T0);
            assertEquals(3, f.outcomes.size());
            assertTrue(f.outcomes.contains(new Outcome(1, HomeLink.DAD_FAILED, T0)));
            assertTrue(f.outcomes.contains(new Outcome(2, HomeLink.DAD_FAILED, T0)));
            assertEquals(1, f.homeLink.count(HomeLinkCounter.DAD_FAILED_TX_REFUSED));
            assertEquals(1, f.homeLink.count(HomeLinkCounter.DAD_FAILED_BAD_ADDRESS));
            assertEquals(1, f.homeLink.count(HomeLinkCounter.DAD_FAILED_TABLE_FULL));
            assertEquals(0, f.homeLink.count(HomeLinkCounter.TX_DAD_SOLICITATION));
            // Decided runs give their slots back once their time is up.
            f.homeLink.doWork(T0 + SECOND);
            assertEquals(0, f.homeLink.dadPending());
            f.homeLink.startDuplicateAddressDetection(MN_HIGH, MN_LOW, 4, f.listener, T0 + SECOND);
            assertEquals(1, f.homeLink.count(HomeLinkCounter.TX_DAD_SOLICITATION));
        }
    }

    @Test
    void aListenerMayStartAnotherRunOrRegisterFromItsCallback()
    {
        try (HomeLinkFixture f = new HomeLinkFixture())
        {
            final HomeLink.DadListener chained = (token, outcome, nowNs) ->
            {
                f.outcomes.add(new Outcome(token, outcome, nowNs));
                if (token == 1)
                {
                    f.homeLink.onRegistered(MN_HIGH, MN_LOW, 0, true, nowNs);
                    f.homeLink.startDuplicateAddressDetection(MN_HIGH, MN_LOW + 1, 2, f.listener, nowNs);
                }
            };
            f.homeLink.startDuplicateAddressDetection(MN_HIGH, MN_LOW, 1, chained, T0);
            f.homeLink.doWork(T0 + SECOND);
            assertTrue(f.homeLink.proxiesIpv6(0, MN_HIGH, MN_LOW));
            f.homeLink.doWork(T0 + 2 * SECOND);
            assertEquals(List.of(new Outcome(1, HomeLink.DAD_UNIQUE, T0 + SECOND),
                new Outcome(2, HomeLink.DAD_UNIQUE, T0 + 2 * SECOND)), f.outcomes);
        }
    }
}
