package dsmipha.slowpath.registration;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * IPv4 home prefixes cut from configured ranges (RFC 5555 §3.1.1: the P flag with 0.0.0.0 asks the home agent to
 * assign a prefix of the requested length). Owners are mobile nodes identified by their IPv6 home address; an owner
 * holds at most one prefix lease. Slowpath thread only; no locking.
 * <p>
 * A buddy allocator: every range is the root of a binary tree of aligned blocks; a free block is split in halves
 * until it has the asked length, and a released block merges with its free buddy, so no two free buddies ever
 * coexist and a free aligned block always lies inside exactly one entry of the free sets.
 * <pre>
 *   range 10.0.0.0/24 after allocate(/26) and allocate(/25):
 *
 *                      10.0.0.0/24
 *                 /                  \
 *          10.0.0.0/25            10.0.0.128/25   leased (/25)
 *          /          \
 *   10.0.0.0/26    10.0.0.64/26                   free[26] = {10.0.0.64}
 *   leased (/26)
 * </pre>
 * Free blocks are kept per length, ordered by network; allocation takes the lowest free block of the longest
 * length not longer than asked (the tightest fit), so large blocks stay whole as long as possible. Every operation
 * is O(32 log f) for f free blocks.
 */
public final class Ipv4PrefixPool
{
    /** "No prefix". */
    public static final int NONE = 0;

    private final Ipv4Ranges ranges;
    private final List<TreeSet<Integer>> freeByLength = new ArrayList<>(33);
    private final OwnerIndex owners = new OwnerIndex();

    /**
     * @param ranges the prefixes to cut blocks from.
     * @throws IllegalArgumentException when ranges overlap or one contains 0.0.0.0.
     */
    public Ipv4PrefixPool(final List<RegistrationConfig.Ipv4Prefix> ranges)
    {
        this.ranges = new Ipv4Ranges(ranges, "IPv4 prefix pool");
        for (int length = 0; length <= 32; length++)
        {
            freeByLength.add(new TreeSet<>(Integer::compareUnsigned));
        }
        for (int i = 0; i < this.ranges.count(); i++)
        {
            freeByLength.get(this.ranges.length(i)).add(this.ranges.network(i));
        }
    }

    /**
     * Lease a prefix to an owner.
     *
     * @param prefixLength length asked for, 1..32.
     * @param ownerHigh    owner's IPv6 home address octets 0..7.
     * @param ownerLow     octets 8..15.
     * @return the network of an aligned free block of that length (the owner's existing one if it has the same
     *         length); {@link #NONE} when no block is free, the length is invalid, or the owner already holds a
     *         prefix of another length (release that first).
     */
    public int allocate(final int prefixLength, final long ownerHigh, final long ownerLow)
    {
        final int slot = owners.slotOf(ownerHigh, ownerLow);
        if (slot != OwnerIndex.MISSING)
        {
            final long lease = owners.valueAt(slot);
            return leaseLength(lease) == prefixLength ? leaseNetwork(lease) : NONE;
        }
        if (prefixLength < 1 || prefixLength > 32)
        {
            return NONE;
        }
        for (int length = prefixLength; length >= 0; length--)
        {
            final TreeSet<Integer> free = freeByLength.get(length);
            if (!free.isEmpty())
            {
                final int network = free.pollFirst();
                splitDown(network, length, prefixLength);
                owners.put(ownerHigh, ownerLow, lease(network, prefixLength));
                return network;
            }
        }
        return NONE;
    }

    /**
     * Take a specific block, e.g. to restore a lease after a restart.
     *
     * @param network      big-endian network, bits beyond the length zero.
     * @param prefixLength its length.
     * @param ownerHigh    owner's IPv6 home address octets 0..7.
     * @param ownerLow     octets 8..15.
     * @return true when the owner now holds it (also when it already did); false when the block is not entirely
     *         inside one range, overlaps a leased block, or the owner already holds a different prefix.
     */
    public boolean claim(final int network, final int prefixLength, final long ownerHigh, final long ownerLow)
    {
        if (!contains(network, prefixLength))
        {
            return false;
        }
        final int slot = owners.slotOf(ownerHigh, ownerLow);
        if (slot != OwnerIndex.MISSING)
        {
            return owners.valueAt(slot) == lease(network, prefixLength);
        }
        final int root = ranges.length(ranges.rangeOf(network));
        for (int length = prefixLength; length >= root; length--)
        {
            final int enclosing = network & RegistrationConfig.Ipv4Prefix.mask(length);
            if (freeByLength.get(length).remove(enclosing))
            {
                splitTowards(network, length, prefixLength);
                owners.put(ownerHigh, ownerLow, lease(network, prefixLength));
                return true;
            }
        }
        return false;
    }

    /**
     * Give a block back; it merges with its free buddies.
     *
     * @param network      big-endian network.
     * @param prefixLength its length.
     * @param ownerHigh    owner's IPv6 home address octets 0..7.
     * @param ownerLow     octets 8..15.
     * @return true when released; false (and nothing changes) when that block is not leased to that owner.
     */
    public boolean release(final int network, final int prefixLength, final long ownerHigh, final long ownerLow)
    {
        final int slot = owners.slotOf(ownerHigh, ownerLow);
        if (slot == OwnerIndex.MISSING || owners.valueAt(slot) != lease(network, prefixLength))
        {
            return false;
        }
        owners.remove(ownerHigh, ownerLow);
        final int root = ranges.length(ranges.rangeOf(network));
        int block = network;
        int length = prefixLength;
        while (length > root)
        {
            final int buddy = block ^ (1 << (32 - length));
            if (!freeByLength.get(length).remove(buddy))
            {
                break;
            }
            length--;
            block &= RegistrationConfig.Ipv4Prefix.mask(length);
        }
        freeByLength.get(length).add(block);
        return true;
    }

    /**
     * @param ownerHigh owner's IPv6 home address octets 0..7.
     * @param ownerLow  octets 8..15.
     * @return the network the owner holds, or {@link #NONE}.
     */
    public int leaseOf(final long ownerHigh, final long ownerLow)
    {
        final int slot = owners.slotOf(ownerHigh, ownerLow);
        return slot == OwnerIndex.MISSING ? NONE : leaseNetwork(owners.valueAt(slot));
    }

    /**
     * @param ownerHigh owner's IPv6 home address octets 0..7.
     * @param ownerLow  octets 8..15.
     * @return the length of the prefix the owner holds, or 0.
     */
    public int leaseLengthOf(final long ownerHigh, final long ownerLow)
    {
        final int slot = owners.slotOf(ownerHigh, ownerLow);
        return slot == OwnerIndex.MISSING ? 0 : leaseLength(owners.valueAt(slot));
    }

    /**
     * @param network      big-endian network.
     * @param prefixLength its length.
     * @return true when the block is well formed (no bits beyond the length) and entirely inside one range.
     */
    public boolean contains(final int network, final int prefixLength)
    {
        if (prefixLength < 0 || prefixLength > 32 ||
            (network & ~RegistrationConfig.Ipv4Prefix.mask(prefixLength)) != 0)
        {
            return false;
        }
        final int range = ranges.rangeOf(network);
        return range >= 0 && prefixLength >= ranges.length(range);
    }

    /**
     * @return number of prefixes leased now.
     */
    public int leased()
    {
        return owners.size();
    }

    private void splitDown(final int network, final int fromLength, final int toLength)
    {
        for (int length = fromLength + 1; length <= toLength; length++)
        {
            freeByLength.get(length).add(network | (1 << (32 - length)));
        }
    }

    private void splitTowards(final int target, final int fromLength, final int toLength)
    {
        for (int length = fromLength + 1; length <= toLength; length++)
        {
            final int half = target & RegistrationConfig.Ipv4Prefix.mask(length);
            freeByLength.get(length).add(half ^ (1 << (32 - length)));
        }
    }

    private static long lease(final int network, final int length)
    {
        return (Integer.toUnsignedLong(network) << 8) | length;
    }

    private static int leaseNetwork(final long lease)
    {
        return (int)(lease >>> 8);
    }

    private static int leaseLength(final long lease)
    {
        return (int)(lease & 0xFF);
    }
}
