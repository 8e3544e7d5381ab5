package dsmipha.fastpath.binding;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Test entries whose every field is derived from the key and a generation number (kept in the binding id), with
 * a checksum over all fields in the last eight template octets: a reader can tell any mix of two versions apart.
 */
final class BindingEntries
{
    static final long PREFIX = 0x2001_0DB8_0000_0000L;
    static final int TEMPLATE_LENGTH = BindingTableDescriptor.TEMPLATE_LENGTH;
    private static final int BODY_LENGTH = TEMPLATE_LENGTH - Long.BYTES;

    private final MemorySegment scratch = MemorySegment.ofArray(new byte[TEMPLATE_LENGTH]);

    private BindingEntries()
    {
    }

    static BindingEntries create()
    {
        return new BindingEntries();
    }

    /**
     * Keys 0..n-1: even numbers are IPv6 home addresses, odd ones IPv4.
     */
    static boolean isIpv4(final int key)
    {
        return (key & 1) == 1;
    }

    static int ipv4Address(final int key)
    {
        return 0x0A00_0000 | key;
    }

    /**
     * Fill {@code value} with the entry for a key at a generation.
     */
    BindingView fill(final BindingView value, final int key, final int generation)
    {
        if (isIpv4(key))
        {
            value.ipv4HomeAddress(ipv4Address(key));
        }
        else
        {
            value.ipv6HomeAddress(PREFIX, key);
        }
        final long r = mix(key, generation);
        value.bindingId(generation).variant(variant(r)).ipv6CareOfAddress(r, careOfLow(r, key))
            .udpPorts(sourcePort(r), destinationPort(r)).tunnelMtu(mtu(r));
        for (int i = 0; i < BODY_LENGTH; i++)
        {
            scratch.set(ValueLayout.JAVA_BYTE, i, templateOctet(r, i));
        }
        scratch.set(ValueLayout.JAVA_LONG_UNALIGNED, BODY_LENGTH, checksum(key, generation, r));
        return value.template(scratch, 0, TEMPLATE_LENGTH);
    }

    /**
     * @return true when the view holds exactly the entry of {@code key} at the generation in its binding id.
     */
    static boolean isConsistent(final BindingView view, final int key)
    {
        final int generation = view.bindingId();
        final long r = mix(key, generation);
        final boolean keyMatches = isIpv4(key) ?
            view.keyHigh() == 0 && view.keyLow() == BindingView.ipv4MappedLow(ipv4Address(key)) :
            view.keyHigh() == PREFIX && view.keyLow() == key;
        boolean ok = keyMatches && view.variant() == variant(r) && view.careOfHigh() == r &&
            view.careOfLow() == careOfLow(r, key) && view.udpSourcePort() == sourcePort(r) &&
            view.udpDestinationPort() == destinationPort(r) && view.tunnelMtu() == mtu(r) &&
            view.templateLength() == TEMPLATE_LENGTH;
        for (int i = 0; ok && i < BODY_LENGTH; i++)
        {
            ok = (byte)view.templateOctet(i) == templateOctet(r, i);
        }
        long stored = 0;
        for (int i = BODY_LENGTH + Long.BYTES - 1; i >= BODY_LENGTH; i--)
        {
            stored = (stored << 8) | view.templateOctet(i);
        }
        return ok && storedChecksumMatches(stored, checksum(key, generation, r));
    }

    private static boolean storedChecksumMatches(final long storedLittleOrBig, final long expected)
    {
        // Written in native order; read back octet by octet as little endian (x86, aarch64) or big endian.
        return storedLittleOrBig == expected || Long.reverseBytes(storedLittleOrBig) == expected;
    }

    private static long mix(final int key, final int generation)
    {
        long z = ((long)key << 32) ^ (generation & 0xFFFF_FFFFL) ^ 0x9E37_79B9_7F4A_7C15L;
        z = (z ^ (z >>> 33)) * 0xFF51_AFD7_ED55_8CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CE_B9FE_1A85_EC53L;
        return z ^ (z >>> 33);
    }

    private static int variant(final long r)
    {
        return 1 + (int)Long.remainderUnsigned(r >>> 3, EncapVariant.MAX);
    }

    private static long careOfLow(final long r, final int key)
    {
        return Long.rotateLeft(r, 17) ^ key;
    }

    private static int sourcePort(final long r)
    {
        return (int)(r >>> 16) & 0xFFFF;
    }

    private static int destinationPort(final long r)
    {
        return (int)(r >>> 32) & 0xFFFF;
    }

    private static int mtu(final long r)
    {
        return 1280 + (int)(r & 0xFF);
    }

    private static byte templateOctet(final long r, final int i)
    {
        return (byte)((r >>> ((i & 7) * 8)) ^ i);
    }

    private static long checksum(final int key, final int generation, final long r)
    {
        return Long.rotateLeft(r, 29) ^ (((long)key << 32) | generation) ^ 0x0123_4567_89AB_CDEFL;
    }
}
