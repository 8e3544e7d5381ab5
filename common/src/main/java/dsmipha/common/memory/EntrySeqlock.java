package dsmipha.common.memory;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The per-entry seqlock every shared off-heap table uses (bindings, prefixes, neighbours): one writer thread, any
 * number of lock-free readers, a 64-bit version word per entry, odd while the entry is being written.
 * <pre>
 *   writer:  v = beginWrite(version word)   version := v + 1 (odd); store-store fence
 *            ... store the fields ...
 *            endWrite(version word, v)      version := v + 2 (even), release store
 *
 *   reader:  before = readBegin(word)       acquire load; odd: retry
 *            ... copy the fields ...
 *            unchangedSince(word, before)   load-load fence, then the version again: equal keeps the copy
 * </pre>
 * The writer never waits for readers; a reader never keeps a copy that a write overlapped (it retries instead).
 * A release store only orders what comes before it, so {@link #beginWrite} needs the store-store fence to keep the
 * field stores after the odd version; an acquire load only orders what comes after it, so
 * {@link #unchangedSince} needs the load-load fence to keep the field loads before the second version load.
 */
public final class EntrySeqlock
{
    private static final VarHandle VERSION = ValueLayout.JAVA_LONG.varHandle();

    private EntrySeqlock()
    {
    }

    /**
     * Writer: make the version odd before any field store.
     *
     * @param memory        the table's memory.
     * @param versionOffset offset of the entry's 8-aligned version word.
     * @return the version before the write, to give to {@link #endWrite}.
     */
    public static long beginWrite(final MemorySegment memory, final long versionOffset)
    {
        final long version = memory.get(ValueLayout.JAVA_LONG, versionOffset);
        VERSION.setOpaque(memory, versionOffset, version + 1);
        VarHandle.storeStoreFence();
        return version;
    }

    /**
     * Writer: publish, making the version even again after every field store.
     *
     * @param memory        the table's memory.
     * @param versionOffset offset of the version word.
     * @param version       what {@link #beginWrite} returned.
     */
    public static void endWrite(final MemorySegment memory, final long versionOffset, final long version)
    {
        VERSION.setRelease(memory, versionOffset, version + 2);
    }

    /**
     * Reader: the version before copying the fields (odd: a write is in progress, retry).
     *
     * @param memory        the table's memory.
     * @param versionOffset offset of the version word.
     * @return the version.
     */
    public static long readBegin(final MemorySegment memory, final long versionOffset)
    {
        return (long)VERSION.getAcquire(memory, versionOffset);
    }

    /**
     * Reader: after copying the fields, whether no write overlapped the copy.
     *
     * @param memory        the table's memory.
     * @param versionOffset offset of the version word.
     * @param before        what {@link #readBegin} returned (even).
     * @return true when the copy is one consistent version of the entry.
     */
    public static boolean unchangedSince(final MemorySegment memory, final long versionOffset, final long before)
    {
        VarHandle.loadLoadFence();
        return (long)VERSION.getOpaque(memory, versionOffset) == before;
    }
}
