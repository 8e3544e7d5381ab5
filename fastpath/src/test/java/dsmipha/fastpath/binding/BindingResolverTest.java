package dsmipha.fastpath.binding;

import static dsmipha.fastpath.binding.BindingTable.BUSY;
import static dsmipha.fastpath.binding.BindingTable.NOT_FOUND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Exact binding first, then the longest prefix's owner: which binding serves an address, and what is counted.
 */
class BindingResolverTest
{
    private static final long DOC = 0x2001_0DB8_0000_0000L;
    /** The mobile router's IPv6 home address, 2001:db8:ffff::1. */
    private static final long ROUTER_HIGH = 0x2001_0DB8_FFFF_0000L;
    private static final long ROUTER_LOW = 1;
    /** Its mobile network prefix 2001:db8:1::/48. */
    private static final long MNP_HIGH = 0x2001_0DB8_0001_0000L;
    /** A mobile node's IPv4 home address 10.9.0.1, owner of the IPv4 home prefix 10.1.0.0/16. */
    private static final int NODE4 = 0x0A09_0001;
    private static final int PREFIX4 = 0x0A01_0000;

    private final BindingTable bindings = new BindingTable(64, 7);
    private final PrefixTable prefixes = new PrefixTable(64, 8);
    private final BindingResolver resolver = new BindingResolver(bindings, prefixes);
    private final BindingView value = new BindingView();
    private final BindingView view = new BindingView();

    @AfterEach
    void close()
    {
        bindings.close();
        prefixes.close();
    }

    @Test
    void anExactBindingIsAnsweredWithoutThePrefixTable()
    {
        bindIpv6(ROUTER_HIGH, ROUTER_LOW, 1);
        prefixes.putIpv6(ROUTER_HIGH, 0, 48, DOC, 99);
        final int slot = resolver.resolveIpv6(ROUTER_HIGH, ROUTER_LOW, view);
        assertTrue(slot >= 0);
        assertEquals(slot, view.slot());
        assertEquals(1, view.bindingId());
        assertFalse(resolver.lastMatchWasPrefix());
        assertEquals(1, resolver.exactHitCount());
        assertEquals(0, resolver.prefixHitCount());
    }

    @Test
    void anAddressInsideAMobileNetworkPrefixResolvesToItsRoutersBinding()
    {
        final int routerSlot = bindIpv6(ROUTER_HIGH, ROUTER_LOW, 7);
        prefixes.putIpv6(MNP_HIGH, 0, 48, ROUTER_HIGH, ROUTER_LOW);

        assertEquals(routerSlot, resolver.resolveIpv6(MNP_HIGH | 0x0042, 0x10, view));
        assertEquals(7, view.bindingId());
        assertEquals(ROUTER_LOW, view.keyLow());
        assertTrue(resolver.lastMatchWasPrefix());
        assertEquals(48, resolver.prefixMatch().prefixLength());
        assertEquals(1, resolver.prefixHitCount());

        assertEquals(NOT_FOUND, resolver.resolveIpv6(DOC | 0x0002_0000L, 0x10, view), "outside every prefix");
        assertFalse(resolver.lastMatchWasPrefix());
        assertEquals(0, resolver.ownerMissingCount());
    }

    @Test
    void anExactBindingInsideAPrefixWinsOverThePrefix()
    {
        bindIpv6(ROUTER_HIGH, ROUTER_LOW, 7);
        prefixes.putIpv6(MNP_HIGH, 0, 48, ROUTER_HIGH, ROUTER_LOW);
        final int node = bindIpv6(MNP_HIGH, 0x10, 8);
        assertEquals(node, resolver.resolveIpv6(MNP_HIGH, 0x10, view));
        assertEquals(8, view.bindingId());
        assertFalse(resolver.lastMatchWasPrefix());
    }

    @Test
    void anIpv4HomePrefixResolvesToItsIpv4OrIpv6Owner()
    {
        final int nodeSlot = bindIpv4(NODE4, 4);
        prefixes.putIpv4(PREFIX4, 16, 0, BindingView.ipv4MappedLow(NODE4));
        assertEquals(nodeSlot, resolver.resolveIpv4(PREFIX4 | 0x0203, view));
        assertEquals(4, view.bindingId());
        assertTrue(resolver.lastMatchWasPrefix());
        assertEquals(16, resolver.prefixMatch().prefixLength());

        // An IPv4 prefix served through a dual-stack node's IPv6 home address (RFC 5555: one binding, both).
        final int routerSlot = bindIpv6(ROUTER_HIGH, ROUTER_LOW, 6);
        prefixes.putIpv4(0xC0A8_0000, 16, ROUTER_HIGH, ROUTER_LOW);
        assertEquals(routerSlot, resolver.resolveIpv4(0xC0A8_0101, view));
        assertEquals(6, view.bindingId());
        assertEquals(NOT_FOUND, resolver.resolveIpv4(0xC0A9_0101, view));
    }

    @Test
    void aPrefixWhoseOwnerHasNoBindingServesNothing()
    {
        prefixes.putIpv6(MNP_HIGH, 0, 48, ROUTER_HIGH, ROUTER_LOW);
        // A shorter prefix whose owner is bound must not be answered in its place.
        bindIpv6(DOC | 0xFFFF, 1, 3);
        prefixes.putIpv6(DOC, 0, 32, DOC | 0xFFFF, 1);
        assertEquals(NOT_FOUND, resolver.resolveIpv6(MNP_HIGH, 0x10, view));
        assertFalse(resolver.lastMatchWasPrefix());
        assertEquals(1, resolver.ownerMissingCount());
    }

    @Test
    void busyIsNeverAnsweredWithSomethingLessSpecific()
    {
        final int nodeSlot = bindIpv6(MNP_HIGH, 0x10, 8);
        bindIpv6(ROUTER_HIGH, ROUTER_LOW, 7);
        prefixes.putIpv6(MNP_HIGH, 0, 48, ROUTER_HIGH, ROUTER_LOW);

        BindingTableTestHooks.addToVersion(bindings, nodeSlot, 1);
        assertEquals(BUSY, resolver.resolveIpv6(MNP_HIGH, 0x10, view), "the exact entry could not be read");
        BindingTableTestHooks.addToVersion(bindings, nodeSlot, -1);

        prefixes.lookupIpv6(MNP_HIGH, 0x11, resolver.prefixMatch());
        final int prefixSlot = resolver.prefixMatch().slot();
        PrefixTableTestHooks.addToVersion(prefixes, prefixSlot, 1);
        assertEquals(BUSY, resolver.resolveIpv6(MNP_HIGH, 0x11, view), "the prefix entry could not be read");
        assertEquals(1, resolver.prefixMatch().readBusyCount());
        PrefixTableTestHooks.addToVersion(prefixes, prefixSlot, -1);
        assertEquals(0, resolver.ownerMissingCount());
    }

    @Test
    void thePrefixOnlyStepsSkipTheExactLookup()
    {
        final int routerSlot = bindIpv6(ROUTER_HIGH, ROUTER_LOW, 7);
        final int nodeSlot = bindIpv4(NODE4, 4);
        prefixes.putIpv6(MNP_HIGH, 0, 48, ROUTER_HIGH, ROUTER_LOW);
        prefixes.putIpv4(PREFIX4, 16, 0, BindingView.ipv4MappedLow(NODE4));
        // An exact binding inside the prefix is not looked at: the caller already missed it.
        bindIpv6(MNP_HIGH, 0x10, 8);

        assertEquals(routerSlot, resolver.resolvePrefixIpv6(MNP_HIGH, 0x10, view));
        assertTrue(resolver.lastMatchWasPrefix());
        assertEquals(nodeSlot, resolver.resolvePrefixIpv4(PREFIX4 | 1, view));
        assertEquals(NOT_FOUND, resolver.resolvePrefixIpv4(0x0B00_0001, view));
        assertFalse(resolver.lastMatchWasPrefix());
        assertEquals(0, resolver.exactHitCount());
    }

    @Test
    void withoutAPrefixTableOnlyExactBindingsResolve()
    {
        final BindingResolver exactOnly = new BindingResolver(bindings, null);
        bindIpv6(ROUTER_HIGH, ROUTER_LOW, 7);
        prefixes.putIpv6(MNP_HIGH, 0, 48, ROUTER_HIGH, ROUTER_LOW);
        assertEquals(NOT_FOUND, exactOnly.resolveIpv6(MNP_HIGH, 0x10, view));
        assertEquals(NOT_FOUND, exactOnly.resolvePrefixIpv6(MNP_HIGH, 0x10, view));
        assertTrue(exactOnly.resolveIpv6(ROUTER_HIGH, ROUTER_LOW, view) >= 0);
        assertSame(bindings, exactOnly.bindings());
        assertEquals(null, exactOnly.prefixes());
        assertThrows(IllegalArgumentException.class, () -> new BindingResolver(null, prefixes));
    }

    private int bindIpv6(final long high, final long low, final int id)
    {
        value.ipv6HomeAddress(high, low).ipv6CareOfAddress(DOC | 0xBEEF, id).bindingId(id)
            .variant(EncapVariant.IPV6_IN_IPV6);
        assertTrue(bindings.put(value) > 0);
        return bindings.lookupIpv6(high, low, view);
    }

    private int bindIpv4(final int address, final int id)
    {
        value.ipv4HomeAddress(address).ipv4CareOfAddress(0xC000_020A).bindingId(id).variant(EncapVariant.IPV4_IN_IPV4);
        assertTrue(bindings.put(value) > 0);
        return bindings.lookupIpv4(address, view);
    }
}
