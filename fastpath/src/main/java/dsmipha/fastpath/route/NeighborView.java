package dsmipha.fastpath.route;

/**
 * A reader's consistent copy of one {@link NeighborTable} entry, filled by a lookup. One per worker, reused for
 * every packet; its contents are meaningful only after a lookup that returned a slot index.
 */
public final class NeighborView
{
    int slot = -1;
    int state;
    int port;
    long keyHigh;
    long keyLow;
    long mac;
    long version;
    long readRetryCount;
    long readBusyCount;

    /**
     * @return slot of the entry last read.
     */
    public int slot()
    {
        return slot;
    }

    /**
     * @return the neighbour state, a {@link NeighborState} code.
     */
    public int state()
    {
        return state;
    }

    /**
     * @return the port the neighbour is on.
     */
    public int port()
    {
        return port;
    }

    /**
     * @return high 64 bits of the neighbour's address (IPv4-mapped for IPv4).
     */
    public long keyHigh()
    {
        return keyHigh;
    }

    /**
     * @return low 64 bits of the neighbour's address.
     */
    public long keyLow()
    {
        return keyLow;
    }

    /**
     * @return the neighbour's MAC address in the low 48 bits; zero unless the state is usable.
     */
    public long mac()
    {
        return mac;
    }

    /**
     * @return the entry's seqlock version at the time of the read (even).
     */
    public long version()
    {
        return version;
    }

    /**
     * @return reads of this view that saw the entry change under them and retried.
     */
    public long readRetryCount()
    {
        return readRetryCount;
    }

    /**
     * @return lookups that gave up with {@link NeighborTable#BUSY}.
     */
    public long readBusyCount()
    {
        return readBusyCount;
    }
}
