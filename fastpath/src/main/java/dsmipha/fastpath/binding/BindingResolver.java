package dsmipha.fastpath.binding;

/**
 * A worker's one call for "which binding serves this address": the exact home address in the {@link BindingTable}
 * first; on a miss, the longest prefix holding the address in the {@link PrefixTable} (a NEMO mobile network
 * prefix, RFC 3963 §6.1.2, or an IPv4 home prefix, RFC 5555 §3.1.1), then the binding of that prefix's owner (the
 * mobile router's or node's home address) by exact lookup.
 * <p>
 * An exact binding always wins over a prefix, however long: a home address is registered as itself. A lookup that
 * could not read an entry ({@link BindingTable#BUSY}) is answered {@code BUSY} at once and never falls back to a
 * shorter or less specific answer, because the entry it could not read might have been the right one.
 * <p>
 * A prefix whose owner has no binding (the slowpath removes a router's prefixes with its binding, so this is a
 * window of one update) answers {@link BindingTable#NOT_FOUND} and is counted as
 * {@link PrefixTableCounter#OWNER_MISSING}; it does not fall back to a shorter prefix.
 * <p>
 * One per worker: it owns the {@link PrefixMatch} it reads prefixes into and its counters. Not thread safe; the
 * tables are shared and read lock free. Nothing allocates after construction.
 */
public final class BindingResolver
{
    private final BindingTable bindings;
    private final PrefixTable prefixes;
    private final PrefixMatch match = new PrefixMatch();
    private boolean lastMatchWasPrefix;
    private long exactHitCount;
    private long prefixHitCount;
    private long ownerMissingCount;

    /**
     * @param bindings the shared binding table.
     * @param prefixes the shared prefix table, or null for exact matches only.
     */
    public BindingResolver(final BindingTable bindings, final PrefixTable prefixes)
    {
        if (bindings == null)
        {
            throw new IllegalArgumentException("binding table required");
        }
        this.bindings = bindings;
        this.prefixes = prefixes;
    }

    /**
     * The binding serving an IPv6 address: exact, else through the longest IPv6 prefix.
     *
     * @param high address octets 0..7 as a big-endian number.
     * @param low  address octets 8..15 as a big-endian number.
     * @param view receives the binding on a hit (the owner's binding on a prefix hit).
     * @return the binding's slot in the {@link BindingTable} (&gt;= 0; {@link #lastMatchWasPrefix()} tells whether
     *         it came through a prefix), {@link BindingTable#NOT_FOUND} or {@link BindingTable#BUSY}.
     */
    public int resolveIpv6(final long high, final long low, final BindingView view)
    {
        final int slot = bindings.lookupIpv6(high, low, view);
        if (slot != BindingTable.NOT_FOUND || prefixes == null)
        {
            return exact(slot);
        }
        return resolvePrefixIpv6(high, low, view);
    }

    /**
     * The binding serving an IPv4 address: exact, else through the longest IPv4 prefix.
     *
     * @param address big-endian 32-bit number.
     * @param view    receives the binding on a hit (the owner's binding on a prefix hit).
     * @return as {@link #resolveIpv6}.
     */
    public int resolveIpv4(final int address, final BindingView view)
    {
        final int slot = bindings.lookupIpv4(address, view);
        if (slot != BindingTable.NOT_FOUND || prefixes == null)
        {
            return exact(slot);
        }
        return resolvePrefixIpv4(address, view);
    }

    /**
     * The prefix step alone, for a caller that already missed the exact lookup (e.g. in a burst): the longest IPv6
     * prefix holding the address, then its owner's binding.
     *
     * @param high address octets 0..7 as a big-endian number.
     * @param low  address octets 8..15 as a big-endian number.
     * @param view receives the owner's binding on a hit.
     * @return the owner's binding slot (&gt;= 0), {@link BindingTable#NOT_FOUND} (no prefix, no prefix table, or
     *         the owner has no binding) or {@link BindingTable#BUSY}.
     */
    public int resolvePrefixIpv6(final long high, final long low, final BindingView view)
    {
        lastMatchWasPrefix = false;
        if (prefixes == null)
        {
            return BindingTable.NOT_FOUND;
        }
        final int length = prefixes.lookupIpv6(high, low, match);
        return length < 0 ? length : owner(view);
    }

    /**
     * The prefix step alone for an IPv4 address: the longest IPv4 prefix holding it, then its owner's binding.
     *
     * @param address big-endian 32-bit number.
     * @param view    receives the owner's binding on a hit.
     * @return as {@link #resolvePrefixIpv6}.
     */
    public int resolvePrefixIpv4(final int address, final BindingView view)
    {
        lastMatchWasPrefix = false;
        if (prefixes == null)
        {
            return BindingTable.NOT_FOUND;
        }
        final int length = prefixes.lookupIpv4(address, match);
        return length < 0 ? length : owner(view);
    }

    private int exact(final int slot)
    {
        lastMatchWasPrefix = false;
        if (slot >= 0)
        {
            exactHitCount++;
        }
        return slot;
    }

    private int owner(final BindingView view)
    {
        final PrefixMatch match = this.match;
        final long high = match.ownerHigh;
        final long low = match.ownerLow;
        final int slot = BindingView.isIpv4Mapped(high, low) ?
            bindings.lookupIpv4((int)low, view) : bindings.lookupIpv6(high, low, view);
        if (slot >= 0)
        {
            lastMatchWasPrefix = true;
            prefixHitCount++;
        }
        else if (slot == BindingTable.NOT_FOUND)
        {
            ownerMissingCount++;
        }
        return slot;
    }

    /**
     * @return true when the last resolve answered a binding through a prefix (false after an exact hit or a miss).
     */
    public boolean lastMatchWasPrefix()
    {
        return lastMatchWasPrefix;
    }

    /**
     * @return the prefix the last prefix hit went through (valid when {@link #lastMatchWasPrefix()}).
     */
    public PrefixMatch prefixMatch()
    {
        return match;
    }

    /**
     * @return resolves answered by an exact binding.
     */
    public long exactHitCount()
    {
        return exactHitCount;
    }

    /**
     * @return resolves answered through a prefix.
     */
    public long prefixHitCount()
    {
        return prefixHitCount;
    }

    /**
     * @return prefix matches whose owner had no binding ({@link PrefixTableCounter#OWNER_MISSING}).
     */
    public long ownerMissingCount()
    {
        return ownerMissingCount;
    }

    /**
     * @return the binding table resolved against.
     */
    public BindingTable bindings()
    {
        return bindings;
    }

    /**
     * @return the prefix table consulted after an exact miss, or null when there is none.
     */
    public PrefixTable prefixes()
    {
        return prefixes;
    }
}
