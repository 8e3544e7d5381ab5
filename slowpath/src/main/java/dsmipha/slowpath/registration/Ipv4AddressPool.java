package dsmipha.slowpath.registration;

import java.util.List;

/**
 * Dynamic IPv4 home addresses (RFC 5555 §3.1.1: an IPv4 Home Address Request with 0.0.0.0 asks the home agent to
 * assign one). Owners are mobile nodes identified by their IPv6 home address; an owner holds at most one lease.
 * Slowpath thread only; no locking.
 * <p>
 * Every address of every range is allocatable (the pool serves a virtual or tunnelled home link, so there is no
 * network or broadcast address to skip). 0.0.0.0 is {@link #NONE}, so a range containing it is refused.
 * <p>
 * Allocation order: addresses never leased since construction first (lowest first), then released addresses least
 * recently released first, so a node that comes back soon after its binding ended rarely finds its old address
 * given to another. One exception: an address that was {@link #claim claimed} while waiting in the released queue
 * and released again keeps its old place in the queue.
 * <p>
 * Structures, for {@code n} addresses (at most {@link #MAX_CAPACITY}) and {@code m} leases:
 * <pre>
 *   leased bitmap    n bits      the truth: bit set = leased
 *   queued bitmap    n bits      bit set = an entry for the address waits in the released queue
 *   fresh cursor     int         every index below it has been leased or queued at least once
 *   released queue   int ring    grows on demand up to n entries (FIFO of released indices)
 *   owner index      ~m slots    owner -> leased index (open addressing)
 * </pre>
 * Every operation is O(1) amortized (plus O(log ranges) to map an address to its range); none scans the pool.
 */
public final class Ipv4AddressPool
{
    /** "No address". */
    public static final int NONE = 0;
    /** Most addresses one pool holds (a /8). */
    public static final long MAX_CAPACITY = 1L << 24;

    private static final int MIN_QUEUE = 16;

    private final Ipv4Ranges ranges;
    private final int capacity;
    private final long[] leasedBits;
    private final long[] queuedBits;
    private final OwnerIndex owners = new OwnerIndex();
    private int freshCursor;
    private int[] queue = new int[MIN_QUEUE];
    private int queueHead;
    private int queueSize;

    /**
     * @param ranges the prefixes to lease from; every address of every range is allocatable.
     * @throws IllegalArgumentException when ranges overlap, one contains 0.0.0.0, or together they hold more than
     *                                  {@link #MAX_CAPACITY} addresses.
     */
    public Ipv4AddressPool(final List<RegistrationConfig.Ipv4Prefix> ranges)
    {
        this.ranges = new Ipv4Ranges(ranges, "IPv4 address pool");
        if (this.ranges.totalAddresses() > MAX_CAPACITY)
        {
            throw new IllegalArgumentException("IPv4 address pool: " + this.ranges.totalAddresses() +
                " addresses, more than the " + MAX_CAPACITY + " one pool holds");
        }
        capacity = (int)this.ranges.totalAddresses();
        leasedBits = new long[(capacity + 63) >>> 6];
        queuedBits = new long[(capacity + 63) >>> 6];
    }

    /**
     * Lease an address to an owner.
     *
     * @param ownerHigh owner's IPv6 home address octets 0..7.
     * @param ownerLow  octets 8..15.
     * @return the owner's existing lease if it has one, else a free address; {@link #NONE} when exhausted.
     */
    public int allocate(final long ownerHigh, final long ownerLow)
    {
        final int existing = leaseOf(ownerHigh, ownerLow);
        if (existing != NONE)
        {
            return existing;
        }
        final int index = takeFree();
        if (index < 0)
        {
            return NONE;
        }
        owners.put(ownerHigh, ownerLow, index);
        return ranges.addressAt(index);
    }

    /**
     * Take a specific address, e.g. to restore a lease after a restart.
     *
     * @param address   big-endian IPv4 address.
     * @param ownerHigh owner's IPv6 home address octets 0..7.
     * @param ownerLow  octets 8..15.
     * @return true when the owner now holds it (also when it already did); false when the address is outside the
     *         pool, leased to another owner, or the owner already holds a different address (release that first).
     */
    public boolean claim(final int address, final long ownerHigh, final long ownerLow)
    {
        final long index = ranges.indexOf(address);
        if (index < 0)
        {
            return false;
        }
        final int slot = owners.slotOf(ownerHigh, ownerLow);
        if (slot != OwnerIndex.MISSING)
        {
            return owners.valueAt(slot) == index;
        }
        if (isSet(leasedBits, (int)index))
        {
            return false;
        }
        set(leasedBits, (int)index);
        owners.put(ownerHigh, ownerLow, index);
        return true;
    }

    /**
     * Give an address back; it joins the end of the released queue.
     *
     * @param address   big-endian IPv4 address.
     * @param ownerHigh owner's IPv6 home address octets 0..7.
     * @param ownerLow  octets 8..15.
     * @return true when released; false (and nothing changes) when it is not leased to that owner.
     */
    public boolean release(final int address, final long ownerHigh, final long ownerLow)
    {
        final int slot = owners.slotOf(ownerHigh, ownerLow);
        if (slot == OwnerIndex.MISSING || ranges.indexOf(address) != owners.valueAt(slot))
        {
            return false;
        }
        final int index = (int)owners.valueAt(slot);
        owners.remove(ownerHigh, ownerLow);
        clear(leasedBits, index);
        if (!isSet(queuedBits, index))
        {
            set(queuedBits, index);
            enqueue(index);
        }
        return true;
    }

    /**
     * @param ownerHigh owner's IPv6 home address octets 0..7.
     * @param ownerLow  octets 8..15.
     * @return the address the owner holds, or {@link #NONE}.
     */
    public int leaseOf(final long ownerHigh, final long ownerLow)
    {
        final int slot = owners.slotOf(ownerHigh, ownerLow);
        return slot == OwnerIndex.MISSING ? NONE : ranges.addressAt(owners.valueAt(slot));
    }

    /**
     * @param address big-endian IPv4 address.
     * @return true when it lies inside one of the ranges.
     */
    public boolean contains(final int address)
    {
        return ranges.rangeOf(address) >= 0;
    }

    /**
     * @return number of addresses in the pool.
     */
    public int capacity()
    {
        return capacity;
    }

    /**
     * @return number of addresses leased now.
     */
    public int leased()
    {
        return owners.size();
    }

    private int takeFree()
    {
        while (freshCursor < capacity)
        {
            final int index = freshCursor++;
            if (!isSet(leasedBits, index) && !isSet(queuedBits, index))
            {
                set(leasedBits, index);
                return index;
            }
        }
        while (queueSize > 0)
        {
            final int index = dequeue();
            clear(queuedBits, index);
            if (!isSet(leasedBits, index))
            {
                set(leasedBits, index);
                return index;
            }
        }
        return -1;
    }

    private void enqueue(final int index)
    {
        if (queueSize == queue.length)
        {
            final int[] grown = new int[Math.max(MIN_QUEUE, Math.min(capacity, queue.length * 2))];
            for (int i = 0; i < queueSize; i++)
            {
                grown[i] = queue[(queueHead + i) % queue.length];
            }
            queue = grown;
            queueHead = 0;
        }
        queue[(queueHead + queueSize) % queue.length] = index;
        queueSize++;
    }

    private int dequeue()
    {
        final int index = queue[queueHead];
        queueHead = (queueHead + 1) % queue.length;
        queueSize--;
        return index;
    }

    private static boolean isSet(final long[] bits, final int index)
    {
        return (bits[index >>> 6] & (1L << index)) != 0;
    }

    private static void set(final long[] bits, final int index)
    {
        bits[index >>> 6] |= 1L << index;
    }

    private static void clear(final long[] bits, final int index)
    {
        bits[index >>> 6] &= ~(1L << index);
    }
}
