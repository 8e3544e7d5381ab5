package dsmipha.slowpath.registration;

import java.util.ArrayList;
import java.util.List;

/**
 * The validated ranges of one IPv4 pool, sorted by network (unsigned), with a dense index over all their addresses:
 * range {@code i} covers indices {@code [offsets[i], offsets[i] + size(i))}. Immutable.
 * <pre>
 *   ranges   10.0.0.0/30          10.0.1.0/31
 *   index    0  1  2  3           4  5
 * </pre>
 */
final class Ipv4Ranges
{
    private final int[] networks;
    private final int[] lengths;
    private final long[] offsets;
    private final long totalAddresses;

    /**
     * Sort and validate.
     *
     * @param ranges the configured prefixes.
     * @param what   the pool's name for error messages.
     * @throws IllegalArgumentException when a range is null, contains 0.0.0.0 (0 means "no address" in the pool
     *                                  API), or two ranges overlap.
     */
    Ipv4Ranges(final List<RegistrationConfig.Ipv4Prefix> ranges, final String what)
    {
        final List<RegistrationConfig.Ipv4Prefix> sorted = new ArrayList<>(ranges);
        for (final RegistrationConfig.Ipv4Prefix range : sorted)
        {
            if (range == null)
            {
                throw new IllegalArgumentException(what + ": null range");
            }
            if (range.contains(0))
            {
                throw new IllegalArgumentException(what + ": range " + format(range.network(), range.length()) +
                    " contains 0.0.0.0, which the pool uses for \"none\"");
            }
        }
        sorted.sort((a, b) -> Integer.compareUnsigned(a.network(), b.network()));
        final int count = sorted.size();
        networks = new int[count];
        lengths = new int[count];
        offsets = new long[count + 1];
        for (int i = 0; i < count; i++)
        {
            networks[i] = sorted.get(i).network();
            lengths[i] = sorted.get(i).length();
            offsets[i + 1] = offsets[i] + size(i);
            if (i > 0 && Integer.toUnsignedLong(networks[i]) <= lastAddress(i - 1))
            {
                throw new IllegalArgumentException(what + ": ranges " + format(networks[i - 1], lengths[i - 1]) +
                    " and " + format(networks[i], lengths[i]) + " overlap");
            }
        }
        totalAddresses = offsets[count];
    }

    /**
     * @return number of ranges.
     */
    int count()
    {
        return networks.length;
    }

    /**
     * @param i range number.
     * @return its network.
     */
    int network(final int i)
    {
        return networks[i];
    }

    /**
     * @param i range number.
     * @return its prefix length.
     */
    int length(final int i)
    {
        return lengths[i];
    }

    /**
     * @return number of addresses in all ranges together.
     */
    long totalAddresses()
    {
        return totalAddresses;
    }

    /**
     * @param address big-endian IPv4 address.
     * @return the range that contains it, or -1. O(log ranges).
     */
    int rangeOf(final int address)
    {
        int low = 0;
        int high = networks.length - 1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            if (Integer.compareUnsigned(networks[mid], address) <= 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }
        return high >= 0 && (address & RegistrationConfig.Ipv4Prefix.mask(lengths[high])) == networks[high] ? high : -1;
    }

    /**
     * @param address big-endian IPv4 address.
     * @return its dense index, or -1 when outside every range.
     */
    long indexOf(final int address)
    {
        final int range = rangeOf(address);
        return range < 0 ? -1 : offsets[range] + (Integer.toUnsignedLong(address) - Integer.toUnsignedLong(
            networks[range]));
    }

    /**
     * @param index a dense index below {@link #totalAddresses()}.
     * @return the address at it.
     */
    int addressAt(final long index)
    {
        int low = 0;
        int high = networks.length - 1;
        while (low < high)
        {
            final int mid = (low + high + 1) >>> 1;
            if (offsets[mid] <= index)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }
        return (int)(Integer.toUnsignedLong(networks[low]) + (index - offsets[low]));
    }

    /**
     * @param network big-endian network.
     * @param length  prefix length.
     * @return "a.b.c.d/len".
     */
    static String format(final int network, final int length)
    {
        return (network >>> 24) + "." + ((network >>> 16) & 0xFF) + "." + ((network >>> 8) & 0xFF) + "." +
            (network & 0xFF) + "/" + length;
    }

    private long size(final int i)
    {
        return 1L << (32 - lengths[i]);
    }

    private long lastAddress(final int i)
    {
        return Integer.toUnsignedLong(networks[i]) + size(i) - 1;
    }
}
