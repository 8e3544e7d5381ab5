package dsmipha.slowpath.registration;

import static dsmipha.slowpath.registration.HomeLinkFixture.MN_HIGH;
import static dsmipha.slowpath.registration.HomeLinkFixture.MN_IPV4;
import static dsmipha.slowpath.registration.HomeLinkFixture.MN_LOW;
import static dsmipha.slowpath.registration.HomeLinkFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dsmipha.common.testing.Fixture;
import dsmipha.fastpath.route.NeighborTable;
import dsmipha.slowpath.neighbor.NeighborCounter;
import dsmipha.slowpath.neighbor.NeighborResolver;

/**
 * A virtual home link (3GPP) proxies, announces and probes nothing.
 */
class VirtualHomeLinkTest
{
    @Test
    void nothingIsProxiedOrSent()
    {
        try (HomeLinkFixture f = new HomeLinkFixture();
            NeighborTable table = new NeighborTable(16, 5))
        {
            final VirtualHomeLink link = new VirtualHomeLink();
            final NeighborResolver resolver = new NeighborResolver(table, f.ports, f.local, f.transmitter, link);
            link.onRegistered(MN_HIGH, MN_LOW, MN_IPV4, true, T0);
            assertFalse(link.proxiesIpv6(0, MN_HIGH, MN_LOW));
            assertFalse(link.proxiesIpv4(0, MN_IPV4));
            assertFalse(link.duplicateAddressDetection());
            assertEquals(0, link.doWork(T0 + 10_000_000_000L));
            assertTrue(f.sent.isEmpty());
            assertEquals(1, link.count(HomeLinkCounter.VIRTUAL_REGISTRATION));
            final Fixture request = Fixture.load(HomeLinkFixture.GROUP, "in_arp_request_mn");
            assertEquals(NeighborCounter.DROP_NOT_FOR_US, resolver.onArp(request.toSegment(f.arena),
                Fixture.HEADROOM, request.bytes().length, 0, T0));
            link.onDeregistered(MN_HIGH, MN_LOW, MN_IPV4, T0);
            assertTrue(f.sent.isEmpty());
        }
    }

    @Test
    void detectionAskedAnywayIsUniqueAtTheNextDutyCycle()
    {
        final VirtualHomeLink link = new VirtualHomeLink();
        final List<String> heard = new ArrayList<>();
        final HomeLink.DadListener listener = (token, outcome, nowNs) ->
        {
            heard.add(token + ":" + outcome);
            if (token < 20)
            {
                link.startDuplicateAddressDetection(MN_HIGH, MN_LOW, token + 100, (t, o, n) -> heard.add(t + ":" + o),
                    nowNs);
            }
        };
        for (int i = 0; i < 20; i++)
        {
            link.startDuplicateAddressDetection(MN_HIGH, MN_LOW, i, listener, T0);
        }
        assertTrue(heard.isEmpty());
        assertEquals(20, link.doWork(T0));
        assertEquals(20, heard.size());
        assertTrue(heard.stream().allMatch(h -> h.endsWith(":" + HomeLink.DAD_UNIQUE)));
        // Those started from the callbacks come at the next call.
        assertEquals(20, link.doWork(T0));
        assertEquals(40, heard.size());
        assertEquals(0, link.doWork(T0));
        assertEquals(40, link.count(HomeLinkCounter.VIRTUAL_DAD_SKIPPED));
    }
}
