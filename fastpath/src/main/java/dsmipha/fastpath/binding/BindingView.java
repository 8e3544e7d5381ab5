package dsmipha.fastpath.binding;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A private copy of one binding entry: a worker's reusable result of {@link BindingTable#lookupIpv6} and
 * {@link BindingTable#lookupIpv4}, and the slowpath's reusable argument to {@link BindingTable#put}.
 * <p>
 * A lookup copies every field of a stable entry version into the view, so the worker acts on values that were
 * consistent at one instant however the slowpath changes the table afterwards. Preallocate one view per thread
 * (one per burst slot for {@link BindingTable#lookupBurst}) and reuse it: nothing here allocates after
 * construction.
 * <p>
 * Not thread safe: owned by one thread. The reader counters ({@link #readRetryCount()},
 * {@link #readBusyCount()}) are the owning worker's, to be added to its counter slots.
 */
public final class BindingView
{
    /** First eight octets of an IPv4-mapped IPv6 address (RFC 4291 §2.5.5.2). */
    static final long IPV4_MAPPED_HIGH = 0L;
    /** The {@code ::ffff:0:0} prefix in the low eight octets of an IPv4-mapped address. */
    static final long IPV4_MAPPED_LOW_PREFIX = 0x0000_FFFF_0000_0000L;

    private static final int TEMPLATE_WORDS = BindingTableDescriptor.TEMPLATE_LENGTH / Long.BYTES;

    private final long[] templateWords = new long[TEMPLATE_WORDS];
    private final MemorySegment template = MemorySegment.ofArray(templateWords);

    int slot = -1;
    long version;
    long keyHigh;
    long keyLow;
    long careOfHigh;
    long careOfLow;
    int bindingId;
    int variant;
    int templateLength;
    int udpSourcePort;
    int udpDestinationPort;
    int tunnelMtu;
    boolean ipv4KeySet;
    long readRetryCount;
    long readBusyCount;
    /** {@link BindingTable#lookupBurst}'s scratch: the key's home slot between its two passes. */
    long homeSlot;
    /** {@link BindingTable#lookupBurst}'s sink for the loads of its first pass, so that they are not removed. */
    long touched;

    /**
     * @param high address octets 0..7 as a big-endian number.
     * @param low  address octets 8..15 as a big-endian number.
     * @return true when the address is IPv4-mapped ({@code ::ffff:a.b.c.d}).
     */
    public static boolean isIpv4Mapped(final long high, final long low)
    {
        return high == IPV4_MAPPED_HIGH && (low & 0xFFFF_FFFF_0000_0000L) == IPV4_MAPPED_LOW_PREFIX;
    }

    /**
     * @param address IPv4 address as a big-endian 32-bit number.
     * @return the low eight octets of its IPv4-mapped IPv6 form (the high eight are zero).
     */
    public static long ipv4MappedLow(final int address)
    {
        return IPV4_MAPPED_LOW_PREFIX | (address & 0xFFFF_FFFFL);
    }

    // ---------------------------------------------------------------- writer side: fill, then BindingTable.put

    /**
     * Set an IPv6 home address as the key.
     *
     * @param high octets 0..7 as a big-endian number.
     * @param low  octets 8..15 as a big-endian number.
     * @return this.
     */
    public BindingView ipv6HomeAddress(final long high, final long low)
    {
        keyHigh = high;
        keyLow = low;
        ipv4KeySet = false;
        return this;
    }

    /**
     * Set an IPv4 home address as the key (stored IPv4-mapped).
     *
     * @param address big-endian 32-bit number.
     * @return this.
     */
    public BindingView ipv4HomeAddress(final int address)
    {
        keyHigh = IPV4_MAPPED_HIGH;
        keyLow = ipv4MappedLow(address);
        ipv4KeySet = true;
        return this;
    }

    /**
     * @param id the slowpath's handle (u32).
     * @return this.
     */
    public BindingView bindingId(final int id)
    {
        bindingId = id;
        return this;
    }

    /**
     * @param code one of {@link EncapVariant}'s codes.
     * @return this.
     */
    public BindingView variant(final int code)
    {
        variant = code;
        return this;
    }

    /**
     * @param high care-of address octets 0..7 as a big-endian number.
     * @param low  octets 8..15 as a big-endian number.
     * @return this.
     */
    public BindingView ipv6CareOfAddress(final long high, final long low)
    {
        careOfHigh = high;
        careOfLow = low;
        return this;
    }

    /**
     * @param address IPv4 care-of address (or the NAT's public address), big-endian 32-bit number.
     * @return this.
     */
    public BindingView ipv4CareOfAddress(final int address)
    {
        careOfHigh = IPV4_MAPPED_HIGH;
        careOfLow = ipv4MappedLow(address);
        return this;
    }

    /**
     * @param sourcePort      UDP source port of IPv4/UDP encapsulation, 0..65535.
     * @param destinationPort UDP destination port (the NAT-mapped port), 0..65535.
     * @return this.
     */
    public BindingView udpPorts(final int sourcePort, final int destinationPort)
    {
        udpSourcePort = sourcePort & 0xFFFF;
        udpDestinationPort = destinationPort & 0xFFFF;
        return this;
    }

    /**
     * @param mtu tunnel MTU in octets, 0..65535.
     * @return this.
     */
    public BindingView tunnelMtu(final int mtu)
    {
        tunnelMtu = mtu & 0xFFFF;
        return this;
    }

    /**
     * Set the outer header template; octets past {@code length} are zeroed.
     *
     * @param source segment holding the header in wire order.
     * @param offset of its first octet.
     * @param length octets, 0..{@link BindingTableDescriptor#TEMPLATE_LENGTH}.
     * @return this.
     */
    public BindingView template(final MemorySegment source, final long offset, final int length)
    {
        if (length < 0 || length > BindingTableDescriptor.TEMPLATE_LENGTH)
        {
            throw new IllegalArgumentException("template length outside 0.." +
                BindingTableDescriptor.TEMPLATE_LENGTH + ": " + length);
        }
        template.fill((byte)0);
        MemorySegment.copy(source, offset, template, 0, length);
        templateLength = length;
        return this;
    }

    // ---------------------------------------------------------------- reader side: after a successful lookup

    /**
     * @return the slot the entry was read from, or -1 when the view holds no lookup result.
     */
    public int slot()
    {
        return slot;
    }

    /**
     * @return the entry's (even) version when it was read.
     */
    public long version()
    {
        return version;
    }

    /**
     * @return key octets 0..7 as a big-endian number.
     */
    public long keyHigh()
    {
        return keyHigh;
    }

    /**
     * @return key octets 8..15 as a big-endian number.
     */
    public long keyLow()
    {
        return keyLow;
    }

    /**
     * @return true when the key is an IPv4 home address.
     */
    public boolean isIpv4Key()
    {
        return isIpv4Mapped(keyHigh, keyLow);
    }

    /**
     * @return the slowpath's handle (u32 in an int).
     */
    public int bindingId()
    {
        return bindingId;
    }

    /**
     * @return one of {@link EncapVariant}'s codes.
     */
    public int variant()
    {
        return variant;
    }

    /**
     * @return care-of address octets 0..7 as a big-endian number.
     */
    public long careOfHigh()
    {
        return careOfHigh;
    }

    /**
     * @return care-of address octets 8..15 as a big-endian number.
     */
    public long careOfLow()
    {
        return careOfLow;
    }

    /**
     * @return the IPv4 care-of address (meaningful when the care-of address is IPv4-mapped).
     */
    public int ipv4CareOfAddress()
    {
        return (int)careOfLow;
    }

    /**
     * @return UDP source port, 0..65535.
     */
    public int udpSourcePort()
    {
        return udpSourcePort;
    }

    /**
     * @return UDP destination port, 0..65535.
     */
    public int udpDestinationPort()
    {
        return udpDestinationPort;
    }

    /**
     * @return tunnel MTU in octets.
     */
    public int tunnelMtu()
    {
        return tunnelMtu;
    }

    /**
     * @return octets of the outer header template in use.
     */
    public int templateLength()
    {
        return templateLength;
    }

    /**
     * @param index 0..{@link BindingTableDescriptor#TEMPLATE_LENGTH} - 1.
     * @return the template octet, 0..255.
     */
    public int templateOctet(final int index)
    {
        return template.get(ValueLayout.JAVA_BYTE, index) & 0xFF;
    }

    /**
     * Copy exactly {@link #templateLength()} octets of the template, e.g. into a packet's headroom.
     *
     * @param destination segment to write.
     * @param offset      of the first octet written.
     */
    public void copyTemplateTo(final MemorySegment destination, final long offset)
    {
        MemorySegment.copy(template, 0, destination, offset, templateLength);
    }

    /**
     * @return times a lookup through this view re-read an entry because the writer was changing it.
     */
    public long readRetryCount()
    {
        return readRetryCount;
    }

    /**
     * @return lookups through this view that gave up ({@link BindingTable#BUSY}) after too many re-reads.
     */
    public long readBusyCount()
    {
        return readBusyCount;
    }

    long templateWord(final int index)
    {
        return templateWords[index];
    }

    void templateWord(final int index, final long word)
    {
        templateWords[index] = word;
    }
}
