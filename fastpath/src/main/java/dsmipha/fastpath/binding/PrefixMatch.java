package dsmipha.fastpath.binding;

/**
 * A private copy of one prefix entry: a worker's reusable result of {@link PrefixTable#lookupIpv6} and
 * {@link PrefixTable#lookupIpv4}.
 * <p>
 * A lookup copies the matched entry (prefix, length, owner) under its seqlock, so the worker acts on values that
 * were consistent at one instant however the slowpath changes the table afterwards. Preallocate one per worker and
 * reuse it: nothing here allocates.
 * <p>
 * Not thread safe: owned by one thread. The reader counters ({@link #readRetryCount()}, {@link #readBusyCount()})
 * are the owning worker's, to be added to its counter slots as {@link PrefixTableCounter#READ_RETRIES} and
 * {@link PrefixTableCounter#READ_BUSY}.
 */
public final class PrefixMatch
{
    int slot = -1;
    long version;
    int length;
    int family;
    long prefixHigh;
    long prefixLow;
    long ownerHigh;
    long ownerLow;
    long readRetryCount;
    long readBusyCount;

    /**
     * @return the slot the entry was read from, or -1 when the holder has no lookup result yet.
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
     * @return true when the matched prefix is an IPv4 prefix.
     */
    public boolean isIpv4()
    {
        return family == PrefixTableDescriptor.FAMILY_IPV4;
    }

    /**
     * @return the prefix length in its family's terms: 0..32 for IPv4, 0..128 for IPv6.
     */
    public int prefixLength()
    {
        return isIpv4() ? length - PrefixTableDescriptor.IPV4_MAPPED_LENGTH : length;
    }

    /**
     * @return the prefix length over the 128-bit key (an IPv4 /N is 96 + N).
     */
    public int keyLength()
    {
        return length;
    }

    /**
     * @return prefix octets 0..7 as a big-endian number (zero for an IPv4 prefix: it is IPv4-mapped).
     */
    public long prefixHigh()
    {
        return prefixHigh;
    }

    /**
     * @return prefix octets 8..15 as a big-endian number.
     */
    public long prefixLow()
    {
        return prefixLow;
    }

    /**
     * @return the IPv4 prefix as a big-endian 32-bit number (meaningful when {@link #isIpv4()}).
     */
    public int ipv4Prefix()
    {
        return (int)prefixLow;
    }

    /**
     * @return owner's home address octets 0..7 as a big-endian number.
     */
    public long ownerHigh()
    {
        return ownerHigh;
    }

    /**
     * @return owner's home address octets 8..15 as a big-endian number.
     */
    public long ownerLow()
    {
        return ownerLow;
    }

    /**
     * @return true when the owner is an IPv4 home address (stored IPv4-mapped).
     */
    public boolean isIpv4Owner()
    {
        return BindingView.isIpv4Mapped(ownerHigh, ownerLow);
    }

    /**
     * @return times a lookup through this holder re-read an entry because the writer was changing it.
     */
    public long readRetryCount()
    {
        return readRetryCount;
    }

    /**
     * @return lookups through this holder that gave up ({@link BindingTable#BUSY}) after too many re-reads.
     */
    public long readBusyCount()
    {
        return readBusyCount;
    }
}
