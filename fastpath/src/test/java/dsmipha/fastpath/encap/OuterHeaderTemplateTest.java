package dsmipha.fastpath.encap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import org.junit.jupiter.api.Test;

import dsmipha.common.codec.InternetChecksum;
import dsmipha.fastpath.binding.BindingView;
import dsmipha.fastpath.binding.EncapVariant;

/**
 * The templates: lengths per variant, a valid IPv4 checksum with the patched fields zero, and the slowpath's
 * mistakes refused.
 */
class OuterHeaderTemplateTest
{
    private static final long HA6_HIGH = 0x20010db8000a0000L;
    private static final long HA6_LOW = 1L;
    private static final int HA4 = 0xC0000201;
    private static final int COA4 = 0xC633640A;

    private final OuterHeaderTemplate templates = new OuterHeaderTemplate(HA6_HIGH, HA6_LOW, HA4, 64);

    @Test
    void lengthsPerVariant()
    {
        assertEquals(40, OuterHeaderTemplate.lengthOf(EncapVariant.IPV6_IN_IPV6));
        assertEquals(40, OuterHeaderTemplate.lengthOf(EncapVariant.IPV4_IN_IPV6));
        assertEquals(20, OuterHeaderTemplate.lengthOf(EncapVariant.IPV6_IN_IPV4));
        assertEquals(20, OuterHeaderTemplate.lengthOf(EncapVariant.IPV4_IN_IPV4));
        assertEquals(28, OuterHeaderTemplate.lengthOf(EncapVariant.IPV4_UDP_4191));
        assertEquals(0, OuterHeaderTemplate.lengthOf(EncapVariant.NONE));
        assertEquals(0, OuterHeaderTemplate.lengthOf(EncapVariant.MAX + 1));
    }

    @Test
    void ipv4TemplateChecksumIsValidWithThePatchedFieldsZero()
    {
        final BindingView view = new BindingView().variant(EncapVariant.IPV4_UDP_4191).ipv4CareOfAddress(COA4)
            .udpPorts(4191, 61000);
        assertEquals(28, templates.applyTo(view));
        final MemorySegment copy = Arena.ofAuto().allocate(28);
        view.copyTemplateTo(copy, 0);
        assertEquals(0, InternetChecksum.compute(copy, 0, 20));
        assertEquals(0x45, view.templateOctet(0));
        assertEquals(64, view.templateOctet(8));
        assertEquals(17, view.templateOctet(9));
        assertEquals(0x10, view.templateOctet(20));
        assertEquals(0x5F, view.templateOctet(21));
        for (final int zero : new int[] {1, 2, 3, 4, 5, 6, 7, 24, 25, 26, 27})
        {
            assertEquals(0, view.templateOctet(zero), "octet " + zero);
        }
    }

    @Test
    void refusesACareOfAddressOfTheWrongFamily()
    {
        final BindingView v6CareOf = new BindingView().variant(EncapVariant.IPV6_IN_IPV4)
            .ipv6CareOfAddress(0x20010db80c0a0000L, 0x10);
        assertThrows(IllegalArgumentException.class, () -> templates.applyTo(v6CareOf));
        final BindingView v4CareOf = new BindingView().variant(EncapVariant.IPV6_IN_IPV6).ipv4CareOfAddress(COA4);
        assertThrows(IllegalArgumentException.class, () -> templates.applyTo(v4CareOf));
        final BindingView none = new BindingView().variant(EncapVariant.NONE).ipv4CareOfAddress(COA4);
        assertThrows(IllegalArgumentException.class, () -> templates.applyTo(none));
    }

    @Test
    void refusesAHopLimitOutOfRange()
    {
        assertThrows(IllegalArgumentException.class, () -> new OuterHeaderTemplate(HA6_HIGH, HA6_LOW, HA4, 0));
        assertThrows(IllegalArgumentException.class, () -> new OuterHeaderTemplate(HA6_HIGH, HA6_LOW, HA4, 256));
    }
}
